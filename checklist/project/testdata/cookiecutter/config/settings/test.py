from .base import *  # noqa
from .base import env

SECRET_KEY = env("DJANGO_SECRET_KEY", default="test-only-key-not-secret-at-all-0123456789")
TEST_RUNNER = "django.test.runner.DiscoverRunner"
