import os
from os import environ, getenv
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DEBUG = os.environ.get("DJANGO_DEBUG", "") == "True"
TEMPLATE_DEBUG = bool(os.environ.get("TEMPLATE_DEBUG"))
ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1").split(",")
CSRF_TRUSTED_ORIGINS = environ.get("CSRF_ORIGINS", "").split(",")
SECURE_HSTS_SECONDS = int(os.getenv("HSTS_SECONDS", "0"))
SECURE_SSL_REDIRECT = getenv("SSL_REDIRECT", "false").lower() in ("1", "true", "yes")
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14
CACHE_TTL = 2 ** 10
RATIO = 0.75
BIG = 1_000_000
MASK = 0xFF_FF
PERMS = 0o644
FLAGS = 0b1010
NEG = -5
SCI = 1.5e3
TINY = 1e-7
HUGE = 1e22
EMPTY_TUPLE = ()
ONE = (1,)
NESTED = {"a": [1, 2, {"b": (3, 4)}], "c": None, 5: b"bytes\x00\xff"}
COLORS = {"red", "green"}
ESCAPES = "tab\there\nnewline \\ back \u00e9 \x41 \101 \N{BULLET}"
RAW = r"C:\new\table"
CONCAT = ("django-" "insecure-" 'key')
MULTI = """line one
line two \
continued"""
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": os.environ.get("DB_NAME", "app"),
        "PASSWORD": os.environ.get("DB_PASSWORD"),
        "HOST": os.getenv("DB_HOST", default="localhost"),
        "PORT": 5432,
    }
}
DATABASES["default"]["PASSWORD"] = "hunter22"

MIDDLEWARE = ["django.middleware.security.SecurityMiddleware"]
MIDDLEWARE += ["whitenoise.middleware.WhiteNoiseMiddleware"]
MIDDLEWARE.append("django.middleware.csrf.CsrfViewMiddleware")
MIDDLEWARE.insert(0, "corsheaders.middleware.CorsMiddleware")

if DEBUG:
    INTERNAL_IPS = ["127.0.0.1"]
else:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

try:
    from .local_settings import *  # noqa
except ImportError:
    pass
