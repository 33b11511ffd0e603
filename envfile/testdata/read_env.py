"""Load an env file with python-dotenv, django-environ and python-decouple
and print, as JSON, what each library reads for every key named on the
command line: {"dotenv": {...}, "environ": {...}, "decouple": {...}}.
A key a library does not see maps to null. Run with an empty environment
so nothing but the file is read."""
import json
import os
import sys

import decouple
import dotenv
import environ

path, keys = sys.argv[1], sys.argv[2:]
out = {"dotenv": {}, "environ": {}, "decouple": {}}

values = dotenv.dotenv_values(path)
for k in keys:
    out["dotenv"][k] = values.get(k)

config = decouple.Config(decouple.RepositoryEnv(path))
for k in keys:
    try:
        out["decouple"][k] = config(k)
    except Exception:
        out["decouple"][k] = None

# django-environ writes into os.environ, which decouple would read first:
# so it goes last.
environ.Env.read_env(path)
env = environ.Env()
for k in keys:
    try:
        out["environ"][k] = env.str(k)
    except Exception:
        out["environ"][k] = None

json.dump(out, sys.stdout)
