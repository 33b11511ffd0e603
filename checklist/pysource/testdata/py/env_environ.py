import environ
import os

env = environ.Env(
    # set casting, default value
    DEBUG=(bool, False),
    ALLOWED_HOSTS=(list, []),
    CACHE_SECONDS=(int, 300),
)

BASE_DIR = environ.Path(__file__) - 2
environ.Env.read_env(os.path.join(BASE_DIR, ".env"))

DEBUG = env("DEBUG")
SECRET_KEY = env("SECRET_KEY")
SECRET_KEY_FALLBACKS = env.list("OLD_SECRET_KEYS", default=[])
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
DATABASES = {"default": env.db()}
CACHES = {"default": env.cache("REDIS_URL", default="locmem://")}
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="smtp://user:password@localhost:25")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", 0)
CSRF_COOKIE_SECURE = env("CSRF_COOKIE_SECURE", default=False, cast=bool)
SITE_NAME = env.str("SITE_NAME", "Example")
TIMEOUT = env.float("TIMEOUT", default=2.5)
SETTINGS_JSON = env.json("SETTINGS_JSON", default={})
vars().update(EMAIL_CONFIG)

LANGUAGES = (
    ("en", "English"),
    ("fr", "Français"),
)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
