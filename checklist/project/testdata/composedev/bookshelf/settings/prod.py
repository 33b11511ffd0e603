import os

from .common import *  # noqa

ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "bookshelf.example.org").split(",")
SECURE_SSL_REDIRECT = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
