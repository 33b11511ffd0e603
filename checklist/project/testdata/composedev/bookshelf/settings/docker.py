from .dev import *  # noqa

DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "db", "NAME": "bookshelf"}}
