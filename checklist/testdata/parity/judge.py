"""Judge settings variants with real Django's system checks, in one process.

Usage: python3 judge.py MANIFEST.json

MANIFEST is a JSON list of {"name", "dir", "module", "env"}: "dir" goes on
sys.path, "module" is the dotted settings module inside it, "env" the
environment variables it reads. For each variant the module is imported
with exactly that environment, its upper-case names become the settings
(as django.conf.Settings does), and the checks run with
include_deployment_checks=True, like `manage.py check --deploy`.

Prints one JSON object per line: {"name", "ids": [...]} with the check IDs
that are not silenced, or {"name", "error": "..."} when the module does not
import. Every module name is unique per variant, so nothing is shared
through sys.modules.
"""
import importlib
import json
import os
import sys
import warnings

import django
from django.conf import settings

warnings.simplefilter("ignore")
# The baseline is Django's global defaults; each variant overrides it. The
# baseline key is only there because leaving override_settings reads
# SECRET_KEY back, and an empty one raises; every variant sets its own.
settings.configure(SECRET_KEY="judge-baseline-key-never-checked")
django.setup()

from django.core.checks import run_checks  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

BASE_ENV = dict(os.environ)


def judge(variant):
    os.environ.clear()
    os.environ.update(BASE_ENV)
    os.environ.update(variant.get("env") or {})
    sys.path.insert(0, variant["dir"])
    try:
        module = importlib.import_module(variant["module"])
    except Exception as exc:  # the settings do not import
        return {"name": variant["name"], "error": "%s: %s" % (type(exc).__name__, exc)}
    finally:
        sys.path.remove(variant["dir"])
    values = {k: getattr(module, k) for k in dir(module) if k.isupper()}
    values.setdefault("SECRET_KEY", "")  # unset is Django's default, ""
    with override_settings(**values):
        issues = run_checks(include_deployment_checks=True)
        ids = sorted({e.id for e in issues if not e.is_silenced()})
    return {"name": variant["name"], "ids": ids}


def main():
    with open(sys.argv[1]) as f:
        variants = json.load(f)
    for v in variants:
        print(json.dumps(judge(v)), flush=True)


if __name__ == "__main__":
    main()
