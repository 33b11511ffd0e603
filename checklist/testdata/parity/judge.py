"""Judge settings variants with real Django's system checks, like
`manage.py check --deploy` does, one forked child per variant.

Usage: python3 judge.py MANIFEST.json

MANIFEST is a JSON list of {"name", "dir", "module", "env"}: "dir" goes on
sys.path, "module" is the dotted settings module inside it, "env" the
environment variables it reads. Each variant runs in a child forked from
this process (Django imported once, so it is fast), with exactly that
environment and DJANGO_SETTINGS_MODULE set: the child calls django.setup()
(settings loading with all its validation, app loading) and then the checks
with include_deployment_checks=True, as the check command does.

Prints one JSON object per line, in manifest order:
  {"name", "ids": [...]}      the check IDs that are not silenced
  {"name", "refused": "..."}  Django does not start (settings loading or app
                              loading raised), with the reason
  {"name", "error": "..."}    the settings module itself does not import
"""
import importlib
import json
import os
import subprocess
import sys
import warnings

import django
from django.core import checks  # noqa: F401  (imported once, before forking)

# Import once, before forking, what app loading needs anyway. A module that
# reads settings at import time raises here (nothing is configured yet) and
# is left for the child, so no settings-dependent state is shared.
for _mod in ("django.db.models", "django.forms", "django.template.defaulttags", "django.urls",
             "django.core.checks.security.base", "django.core.cache", "django.contrib.admin.checks",
             "django.contrib.staticfiles.finders", "django.core.management"):
    try:
        importlib.import_module(_mod)
    except Exception:
        pass

BASE_ENV = dict(os.environ)


def judge(variant):
    warnings.simplefilter("ignore")
    os.environ.clear()
    os.environ.update(BASE_ENV)
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    os.environ.update(variant.get("env") or {})
    os.environ["DJANGO_SETTINGS_MODULE"] = variant["module"]
    sys.path.insert(0, variant["dir"])
    name = variant["name"]
    try:
        importlib.import_module(variant["module"])
    except Exception as exc:  # the settings do not import
        return {"name": name, "error": "%s: %s" % (type(exc).__name__, exc)}
    try:
        django.setup()
    except Exception as exc:  # Django refuses to start
        return {"name": name, "refused": "%s: %s" % (type(exc).__name__, exc)}
    from django.core.checks import run_checks

    try:
        issues = run_checks(include_deployment_checks=True)
    except Exception as exc:  # a check itself cannot run: Django stops too
        return {"name": name, "refused": "%s: %s" % (type(exc).__name__, exc)}
    return {"name": name, "ids": sorted({e.id for e in issues if not e.is_silenced()})}


def judge_forked(variant):
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        try:
            out = json.dumps(judge(variant))
        except BaseException as exc:  # never let the child return into the loop
            out = json.dumps({"name": variant["name"], "error": "judge: %r" % (exc,)})
        with os.fdopen(w, "w") as f:
            f.write(out)
        os._exit(0)
    os.close(w)
    with os.fdopen(r) as f:
        data = f.read()
    os.waitpid(pid, 0)
    if not data:
        return {"name": variant["name"], "error": "judge: the child died"}
    return json.loads(data)


def judge_spawned(variant):
    # No fork (Windows): one interpreter per variant.
    out = subprocess.run([sys.executable, __file__, "--one", json.dumps(variant)],
                         stdout=subprocess.PIPE, check=True, universal_newlines=True).stdout
    return json.loads(out)


def main():
    if sys.argv[1] == "--one":
        print(json.dumps(judge(json.loads(sys.argv[2]))))
        return
    with open(sys.argv[1]) as f:
        variants = json.load(f)
    run = judge_forked if hasattr(os, "fork") else judge_spawned
    for v in variants:
        print(json.dumps(run(v)), flush=True)


if __name__ == "__main__":
    main()
