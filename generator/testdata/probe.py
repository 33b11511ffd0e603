"""Start Django the way a server would and report what it sees, as JSON.

Used by the fixture tests: python probe.py [--get] [--check] [--import a,b]
with DJANGO_SETTINGS_MODULE in the environment. The key is reported as a
hash, never as itself.
"""
import hashlib
import importlib
import json
import sys
import traceback

out = {}
try:
    import django

    django.setup()
    from django.conf import settings

    out["key"] = hashlib.sha256(settings.SECRET_KEY.encode()).hexdigest()[:16]
    out["hosts"] = sorted(settings.ALLOWED_HOSTS)
    out["debug"] = bool(settings.DEBUG)
    args = sys.argv[1:]
    if "--import" in args:
        out["imports"] = {}
        for name in args[args.index("--import") + 1].split(","):
            try:
                importlib.import_module(name)
                out["imports"][name] = ""
            except Exception as e:  # noqa: B902
                out["imports"][name] = "%s: %s" % (type(e).__name__, e)
    if "--check" in args:
        from django.core.management import call_command

        call_command("check", verbosity=0)
    if "--get" in args:
        from django.test import Client

        r = Client().get("/", HTTP_HOST="localhost")
        out["status"] = r.status_code
        out["secure_cookies"] = bool(settings.SESSION_COOKIE_SECURE or settings.CSRF_COOKIE_SECURE)
        out["redirect"] = bool(settings.SECURE_SSL_REDIRECT)
except BaseException as e:  # noqa: B902 - SystemExit from a failed check counts too
    out["error"] = "%s: %s" % (type(e).__name__, e)
    out["where"] = traceback.extract_tb(e.__traceback__)[-1].filename if e.__traceback__ else ""
print(json.dumps(out))
