import importlib
import os

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# The operator writes inventory/configuration.py from configuration_example.py.
config_path = os.getenv("INVENTORY_CONFIGURATION", "inventory.configuration")
try:
    configuration = importlib.import_module(config_path)
except ModuleNotFoundError as e:
    if getattr(e, "name") == config_path:
        raise ImproperlyConfigured(f"Configuration module {config_path} not found.")
    raise

for parameter in ("ALLOWED_HOSTS", "SECRET_KEY"):
    if not hasattr(configuration, parameter):
        raise ImproperlyConfigured(f"Required parameter {parameter} is missing from configuration.")

ALLOWED_HOSTS = getattr(configuration, "ALLOWED_HOSTS")
DEBUG = getattr(configuration, "DEBUG", False)
SECRET_KEY = getattr(configuration, "SECRET_KEY")
CSRF_COOKIE_SECURE = getattr(configuration, "CSRF_COOKIE_SECURE", False)
SESSION_COOKIE_SECURE = getattr(configuration, "SESSION_COOKIE_SECURE", False)
SECURE_SSL_REDIRECT = getattr(configuration, "SECURE_SSL_REDIRECT", False)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
