"""Base settings shared by every environment."""
import os
import sys

from django.core.exceptions import ImproperlyConfigured


def get_env(name, default=None):
    """Read an environment variable or fail."""
    try:
        return os.environ[name]
    except KeyError:
        if default is not None:
            return default
        raise ImproperlyConfigured("Set the %s environment variable" % name)


def env_bool(name, default=False):
    return os.environ.get(name, str(default)).lower() in ("1", "true", "yes", "on")


PROJECT_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(PROJECT_ROOT, "apps"))

SECRET_KEY = get_env("SECRET_KEY", "dev-only-not-secret")
DEBUG = env_bool("DEBUG")
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]"]
SITE_ID = 1
ADMINS = [("Ops", "ops@example.com")]
MANAGERS = ADMINS
SESSION_COOKIE_AGE = 1209600
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
STATICFILES_DIRS = (os.path.join(PROJECT_ROOT, "static"),)
FILE_UPLOAD_PERMISSIONS = 0o644
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
