"""Settings written the way many first deployments are (every classic bug)."""
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

# Tutorials often read DEBUG like this: any non-empty string is truthy.
DEBUG = os.environ.get("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "django-insecure-0j7#x!q2m@9w&k3z*r8t(v5y)b1n+c4d6e8f")

ALLOWED_HOSTS = ["https://shop.example.com", "shop.example.com:8000", "*"]
CSRF_TRUSTED_ORIGINS = ["shop.example.com"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "shop",
        "USER": "shop",
        "PASSWORD": "s3cret-db-pass",
        "HOST": "localhost",
    }
}

EMAIL_HOST_PASSWORD = "mail-pass-1234"

SECURE_SSL_REDIRECT = True
SECURE_BROWSER_XSS_FILTER = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
