import os

DEBUG = False
ALLOWED_HOSTS = [os.environ.get("DOMAIN_NAME", "example.org")]
