import os


def env_bool(name, default=False):
    """Parse a boolean from the environment the strict way."""
    return os.environ.get(name, str(default)).lower() in ("1", "true", "yes")


def get_env(name, default=None):
    return os.environ.get(name, default)


SECRET_KEY = get_env("TRACKER_SECRET")
DEBUG = env_bool("TRACKER_DEBUG")
ALLOWED_HOSTS = ["tracker.example.org"]
SECURE_SSL_REDIRECT = True
INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.sessions"]
MIDDLEWARE = ["django.middleware.security.SecurityMiddleware"]
ROOT_URLCONF = "tracker.urls"
