from .base import *  # noqa: F401,F403
from .base import env

DEBUG = True
SECRET_KEY = env(
    "DJANGO_SECRET_KEY",
    default="local-only-Lk3jH9sd8f7G6h5J4k3L2m1N0b9V8c7X6z5A4s3D2f1G",
)
ALLOWED_HOSTS = ["localhost", "0.0.0.0", "127.0.0.1"]
