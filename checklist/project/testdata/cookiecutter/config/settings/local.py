from .base import *  # noqa
from .base import env

DEBUG = True
SECRET_KEY = env(
    "DJANGO_SECRET_KEY",
    default="Xq0mNv2c4l8ZtGk1pRr9sWw3yBb7dDf5hJj6kLl0nMm2oPp4",
)
ALLOWED_HOSTS = ["localhost", "0.0.0.0", "127.0.0.1"]
