from .base import *  # noqa: F401,F403
from .base import env

SECRET_KEY = env(
    "DJANGO_SECRET_KEY",
    default="test-only-Qw8Er7Ty6Ui5Op4As3Df2Gh1Jk0Lz9Xc8Vb7Nm6Qw5Er4Ty3",
)
TEST_RUNNER = "django.test.runner.DiscoverRunner"
