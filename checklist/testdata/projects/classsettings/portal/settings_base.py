import sys


class Settings:
    """Settings live on a class; load_settings copies them into a module."""

    BASE_DIR = "/srv/portal"
    DEBUG = True
    SECRET_KEY = "r8#w!p2@kz$0v^m6q1x&n4t7y*u3e5i9o_a-s+d=f~g%h(j)l"
    ALLOWED_HOSTS = ["portal.example.org"]
    INSTALLED_APPS = [
        "django.contrib.admin",
        "django.contrib.auth",
        "django.contrib.contenttypes",
        "django.contrib.sessions",
        "django.contrib.messages",
        "django.contrib.staticfiles",
    ]
    MIDDLEWARE = [
        "django.middleware.security.SecurityMiddleware",
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.common.CommonMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "django.contrib.messages.middleware.MessageMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
    ]

    @property
    def DATABASES(self):
        return {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": self.BASE_DIR + "/db.sqlite3"}}

    @classmethod
    def load_settings(cls, module_name):
        module = sys.modules[module_name]
        instance = cls()
        for name in dir(cls):
            if name.isupper():
                setattr(module, name, getattr(instance, name))
