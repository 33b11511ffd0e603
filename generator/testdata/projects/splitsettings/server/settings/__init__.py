"""Settings assembled by django-split-settings: the components, then the
environment's file (DJANGO_ENV, development by default), then a
machine's own local overrides when present."""

from os import environ

from split_settings.tools import include, optional

ENV = environ.get("DJANGO_ENV") or "development"

base_settings = [
    "components/common.py",
    "components/database.py",
    "environments/{0}.py".format(ENV),
]

include(*base_settings)

# Machine-local overrides (not in git).
include(optional("environments/local.py"))
