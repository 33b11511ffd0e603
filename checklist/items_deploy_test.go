package checklist

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/djharden/djharden/checklist/project"
)

// withStatic turns hardened into a project with static files, as
// startproject writes them (no STATIC_ROOT, nothing serving them).
const withStatic = `from pathlib import Path
BASE_DIR = Path(__file__).resolve().parent.parent
INSTALLED_APPS = INSTALLED_APPS + ["django.contrib.staticfiles"]
STATIC_URL = "/static/"
`

const whitenoiseMWs = `MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
STATIC_ROOT = BASE_DIR / "staticfiles"
`

// hostedWith writes a hosting file into the project and records its hint
// the way discovery would.
func hostedWith(kind, file, content string) func(*project.Project) {
	return func(p *project.Project) {
		full := filepath.Join(p.Root, filepath.FromSlash(file))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			panic(err)
		}
		if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
			panic(err)
		}
		p.Hosting = append(p.Hosting, project.HostingHint{Kind: kind, File: file, Line: 1, Proxy: kind != "nginx" && kind != "docker", Detail: kind})
	}
}

func withFiles(files map[string]string) func(*project.Project) {
	return func(p *project.Project) {
		for rel, content := range files {
			full := filepath.Join(p.Root, filepath.FromSlash(rel))
			if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
				panic(err)
			}
			if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
				panic(err)
			}
		}
	}
}

func both(fs ...func(*project.Project)) func(*project.Project) {
	return func(p *project.Project) {
		for _, f := range fs {
			f(p)
		}
	}
}

const nginxStaticConf = "server {\n    listen 80;\n    location /static/ {\n        alias /srv/app/staticfiles/;\n    }\n    location / {\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n"

func TestStaticFilesItem(t *testing.T) {
	procfile := hostedWith("heroku", "Procfile", "web: gunicorn mysite.wsgi\n")
	runItemCases(t, []itemCase{
		{name: "no staticfiles app", item: "static-files", status: Skip, message: "not in INSTALLED_APPS"},
		{name: "startproject: no STATIC_ROOT, nothing serves", item: "static-files", src: withStatic, status: Warn, message: "collectstatic` stops"},
		{name: "STATIC_ROOT but nothing serves", item: "static-files", src: withStatic + "STATIC_ROOT = BASE_DIR / 'staticfiles'\n", status: Warn, message: "Django serves no static files"},
		{name: "on a PaaS", item: "static-files", src: withStatic + "STATIC_ROOT = BASE_DIR / 'staticfiles'\n", tweak: procfile, status: Warn, message: "on Procfile nothing else serves them"},
		{name: "STATIC_URL unset", item: "static-files", src: "#!\nINSTALLED_APPS = ['django.contrib.staticfiles']\nMIDDLEWARE = ['whitenoise.middleware.WhiteNoiseMiddleware']\nSTATIC_ROOT = '/srv/static'\n", status: Fail, message: "STATIC_URL is not set"},
		{name: "STATIC_URL None", item: "static-files", src: withStatic + whitenoiseMWs + "STATIC_URL = None\n", status: Fail, message: "STATIC_URL is not set"},
		{name: "STATIC_ROOT None", item: "static-files", src: withStatic + whitenoiseMWs + "STATIC_ROOT = None\n", status: Warn, message: "STATIC_ROOT is None"},
		{name: "STATIC_ROOT from the environment", item: "static-files", src: withStatic + whitenoiseMWs + "STATIC_ROOT = os.environ['STATIC_ROOT']\n", noEnvFile: true, status: Unknown},
		{name: "whitenoise", item: "static-files", src: withStatic + whitenoiseMWs, status: Pass, message: "served by WhiteNoise"},
		{name: "whitenoise not in the requirements", item: "static-files", src: withStatic + whitenoiseMWs,
			tweak: withFiles(map[string]string{"requirements.txt": "Django==3.2.25\n# whitenoise later\ndjango-whitenoise-extras==1.0\n"}), status: Warn, message: "whitenoise is not in requirements.txt"},
		{name: "whitenoise in requirements/production.txt", item: "static-files", src: withStatic + whitenoiseMWs,
			tweak: withFiles(map[string]string{"requirements/base.txt": "Django==3.2.25\n", "requirements/production.txt": "-r base.txt\nWhiteNoise[brotli]==6.6.0\n"}), status: Pass},
		{name: "whitenoise in pyproject", item: "static-files", src: withStatic + whitenoiseMWs,
			tweak: withFiles(map[string]string{"pyproject.toml": "[project]\ndependencies = [\"django>=4.2\", \"whitenoise>=6\"]\n"}), status: Pass},
		{name: "whitenoise on heroku", item: "static-files", src: withStatic + whitenoiseMWs, tweak: procfile, status: Pass},
		{name: "whitenoise too low", item: "static-files", src: withStatic + "MIDDLEWARE.append('whitenoise.middleware.WhiteNoiseMiddleware')\nMIDDLEWARE.insert(0, 'x.First')\nSTATIC_ROOT = BASE_DIR / 'staticfiles'\n", status: Warn, message: "not right after SecurityMiddleware",
			line: lineOf(withStatic+"MIDDLEWARE.append('whitenoise.middleware.WhiteNoiseMiddleware')\n", "MIDDLEWARE.append(")},
		{name: "whitenoise in a Dockerfile without collectstatic", item: "static-files", src: withStatic + whitenoiseMWs,
			tweak: hostedWith("docker", "Dockerfile", "FROM python:3.12\nCMD gunicorn mysite.wsgi\n"), status: Warn, message: "No build or release step"},
		{name: "whitenoise, Dockerfile runs collectstatic", item: "static-files", src: withStatic + whitenoiseMWs,
			tweak: hostedWith("docker", "Dockerfile", "FROM python:3.12\nRUN python manage.py collectstatic --noinput\n"), status: Pass},
		{name: "manifest storage, render without a build step", item: "static-files", version: v42,
			src:   withStatic + whitenoiseMWs + "STORAGES = {'default': {'BACKEND': 'django.core.files.storage.FileSystemStorage'}, 'staticfiles': {'BACKEND': 'whitenoise.storage.CompressedManifestStaticFilesStorage'}}\n",
			tweak: hostedWith("render", "render.yaml", "services:\n  - type: web\n    startCommand: gunicorn mysite.wsgi\n"), status: Warn, message: "Missing staticfiles manifest entry"},
		{name: "manifest storage, render build runs collectstatic", item: "static-files", version: v42,
			src:   withStatic + whitenoiseMWs + "STORAGES = {'default': {'BACKEND': 'django.core.files.storage.FileSystemStorage'}, 'staticfiles': {'BACKEND': 'whitenoise.storage.CompressedManifestStaticFilesStorage'}}\n",
			tweak: both(hostedWith("render", "render.yaml", "services:\n  - type: web\n    buildCommand: ./build.sh\n"), withFiles(map[string]string{"build.sh": "pip install -r requirements.txt\npython manage.py collectstatic --no-input\n"})), status: Pass},
		{name: "both storage settings on 4.2", item: "static-files", version: v42,
			src: withStatic + whitenoiseMWs + "STATICFILES_STORAGE = 'whitenoise.storage.CompressedStaticFilesStorage'\nSTORAGES = {'staticfiles': {'BACKEND': 'whitenoise.storage.CompressedStaticFilesStorage'}}\n", status: Fail, message: "mutually exclusive"},
		{name: "STATICFILES_STORAGE on 6.1 is ignored", item: "static-files", version: v61,
			src: withStatic + whitenoiseMWs + "STATICFILES_STORAGE = 'whitenoise.storage.CompressedStaticFilesStorage'\n", status: Warn, message: "removed in Django 5.1"},
		{name: "nginx serves /static/", item: "static-files", src: withStatic + "STATIC_ROOT = '/srv/app/staticfiles'\n", tweak: hostedWith("nginx", "deploy/site.conf", nginxStaticConf), status: Pass, message: "served by nginx"},
		{name: "nginx proxies only", item: "static-files", src: withStatic + "STATIC_ROOT = '/srv/app/staticfiles'\n",
			tweak: hostedWith("nginx", "deploy/site.conf", "server {\n    location / {\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n"), status: Warn},
		{name: "heroku build fails without STATIC_ROOT", item: "static-files", src: withStatic, tweak: procfile, status: Warn, message: "so the build fails"},
		{name: "S3 storage", item: "static-files", src: withStatic + "STATIC_ROOT = BASE_DIR / 'staticfiles'\nSTATICFILES_STORAGE = 'storages.backends.s3boto3.S3Boto3Storage'\n", status: Pass, message: "cloud storage"},
		{name: "bucket storage chosen by an env var", item: "static-files", src: withStatic + "STATIC_ROOT = BASE_DIR / 'staticfiles'\nSTORAGES = {'default': {'BACKEND': 'django.core.files.storage.FileSystemStorage'}, 'staticfiles': {'BACKEND': 'django.contrib.staticfiles.storage.StaticFilesStorage'}}\nif os.environ.get('GS_BUCKET_NAME'):\n    STORAGES['staticfiles'] = {'BACKEND': 'storages.backends.gcloud.GoogleCloudStorage'}\n",
			version: v42, noEnvFile: true, status: Unknown, message: "only when a condition holds"},
		{name: "CDN", item: "static-files", src: withStatic + "STATIC_ROOT = BASE_DIR / 'staticfiles'\nSTATIC_URL = 'https://cdn.example.com/static/'\n", status: Pass, message: "CDN"},
		{name: "served by the web server (recorded)", item: "static-files", src: withStatic + "STATIC_ROOT = BASE_DIR / 'staticfiles'\n# djharden: accepted djharden.staticfiles: a web server serves STATIC_ROOT at STATIC_URL\n", status: Accepted, message: "a web server serves"},
	})
}

func TestMediaFilesItem(t *testing.T) {
	runItemCases(t, []itemCase{
		{name: "no uploads", item: "media-files", status: Skip},
		{name: "uploads without MEDIA_ROOT", item: "media-files", tweak: withFiles(map[string]string{"gallery/models.py": "from django.db import models\n\nclass Photo(models.Model):\n    # a FileField( in a comment does not count\n    image = models.ImageField(upload_to=\"photos/\")\n"}),
			status: Warn, message: "MEDIA_ROOT is not set, but the models store uploads (image = models.ImageField("},
		{name: "FileField outside models", item: "media-files", tweak: withFiles(map[string]string{"gallery/forms.py": "f = forms.FileField()\n"}), status: Skip},
		{name: "own folder", item: "media-files", src: withStatic + "STATIC_ROOT = BASE_DIR / 'staticfiles'\nMEDIA_ROOT = BASE_DIR / 'media'\n", status: Pass},
		{name: "inside STATIC_ROOT", item: "media-files", src: withStatic + "STATIC_ROOT = BASE_DIR / 'static'\nMEDIA_ROOT = BASE_DIR / 'static' / 'media'\n", status: Warn, message: "overlap"},
		{name: "os.path.join inside STATIC_ROOT", item: "media-files", src: "import os\nBASE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))\nSTATIC_ROOT = os.path.join(BASE_DIR, 'public')\nMEDIA_ROOT = os.path.join(BASE_DIR, 'public', 'uploads')\n", status: Warn, message: "overlap"},
		{name: "a STATICFILES_DIRS folder", item: "media-files", src: withStatic + "STATICFILES_DIRS = [BASE_DIR / 'assets']\nMEDIA_ROOT = BASE_DIR / 'assets' / 'uploads'\n", status: Warn, message: "STATICFILES_DIRS"},
		{name: "the code folder", item: "media-files", src: withStatic + "MEDIA_ROOT = BASE_DIR\n", status: Warn, message: "among your code"},
		{name: "heroku disk", item: "media-files", src: withStatic + "MEDIA_ROOT = BASE_DIR / 'media'\n", tweak: hostedWith("heroku", "Procfile", "web: gunicorn mysite.wsgi\n"), status: Warn, message: "vanish"},
		{name: "fly with a volume", item: "media-files", src: withStatic + "MEDIA_ROOT = '/data/media'\n", tweak: hostedWith("fly", "fly.toml", "app = 'x'\n[mounts]\n  source = 'data'\n  destination = '/data'\n"), status: Pass},
		{name: "heroku with S3", item: "media-files", version: v42, src: withStatic + "MEDIA_ROOT = BASE_DIR / 'media'\nSTORAGES = {'default': {'BACKEND': 'storages.backends.s3.S3Storage'}, 'staticfiles': {'BACKEND': 'whitenoise.storage.CompressedStaticFilesStorage'}}\n",
			tweak: hostedWith("heroku", "Procfile", "web: gunicorn mysite.wsgi\n"), status: Pass},
		{name: "same folder as STATIC_ROOT", item: "media-files", src: withStatic + "STATIC_ROOT = BASE_DIR / 'public'\nMEDIA_ROOT = BASE_DIR / 'public'\n", status: Fail, message: "the same folder"},
		{name: "same URL as STATIC_URL", item: "media-files", src: withStatic + "MEDIA_ROOT = BASE_DIR / 'media'\nMEDIA_URL = '/static/'\n", status: Fail, message: "MEDIA_URL and STATIC_URL"},
		{name: "railway: the volume may be in the dashboard", item: "media-files", src: withStatic + "MEDIA_ROOT = BASE_DIR / 'media'\n", tweak: hostedWith("railway", "railway.json", "{}\n"), status: Warn, message: "unless a volume"},
		{name: "heroku with S3 only when a variable is set", item: "media-files", version: v42, noEnvFile: true,
			src:   withStatic + "MEDIA_ROOT = BASE_DIR / 'media'\nSTORAGES = {'default': {'BACKEND': 'django.core.files.storage.FileSystemStorage'}, 'staticfiles': {'BACKEND': 'whitenoise.storage.CompressedStaticFilesStorage'}}\nif 'AWS_STORAGE_BUCKET_NAME' in os.environ:\n    STORAGES['default']['BACKEND'] = 'storages.backends.s3.S3Storage'\n",
			tweak: hostedWith("heroku", "Procfile", "web: gunicorn mysite.wsgi\n"), status: Unknown, message: "only when a condition holds"},
		{name: "from the environment", item: "media-files", src: "MEDIA_ROOT = os.environ['MEDIA_ROOT']\n", noEnvFile: true, status: Unknown},
	})
}

func TestErrorReportsItem(t *testing.T) {
	runItemCases(t, []itemCase{
		{name: "nobody", item: "error-reports", status: Warn, message: "reported to nobody"},
		{name: "admins and server email", item: "error-reports", src: "ADMINS = [('Ops', 'ops@example.com')]\nSERVER_EMAIL = 'errors@example.com'\n", status: Pass},
		{name: "admins, default sender", item: "error-reports", src: "ADMINS = [('Ops', 'ops@example.com')]\n", status: Warn, message: "root@localhost"},
		{name: "admins, console backend", item: "error-reports", src: "ADMINS = [('Ops', 'ops@example.com')]\nSERVER_EMAIL = 'errors@example.com'\nEMAIL_BACKEND = 'django.core.mail.backends.console.EmailBackend'\n", status: Warn, message: "sends nothing"},
		{name: "smtp on localhost on heroku", item: "error-reports", src: "ADMINS = [('Ops', 'ops@example.com')]\nSERVER_EMAIL = 'errors@example.com'\n",
			tweak: hostedWith("heroku", "Procfile", "web: gunicorn mysite.wsgi\n"), status: Warn, message: "SMTP server on localhost"},
		{name: "smtp host set on heroku", item: "error-reports", src: "ADMINS = [('Ops', 'ops@example.com')]\nSERVER_EMAIL = 'errors@example.com'\nEMAIL_HOST = 'smtp.example.com'\n",
			tweak: hostedWith("heroku", "Procfile", "web: gunicorn mysite.wsgi\n"), status: Pass},
		{name: "admins, Django's loggers switched off", item: "error-reports", src: "ADMINS = [('Ops', 'ops@example.com')]\nSERVER_EMAIL = 'errors@example.com'\nLOGGING = {'version': 1, 'handlers': {'console': {'class': 'logging.StreamHandler'}}, 'root': {'handlers': ['console']}}\n", status: Warn, message: "no error email is sent"},
		{name: "admins, django logger replaced", item: "error-reports", src: "ADMINS = [('Ops', 'ops@example.com')]\nSERVER_EMAIL = 'errors@example.com'\nLOGGING = {'version': 1, 'disable_existing_loggers': False, 'handlers': {'console': {'class': 'logging.StreamHandler'}}, 'loggers': {'django': {'handlers': ['console']}}}\n", status: Warn, message: "no error email is sent"},
		{name: "admins, existing loggers kept", item: "error-reports", src: "ADMINS = [('Ops', 'ops@example.com')]\nSERVER_EMAIL = 'errors@example.com'\nLOGGING = {'version': 1, 'disable_existing_loggers': False, 'handlers': {'console': {'class': 'logging.StreamHandler'}}, 'root': {'handlers': ['console']}}\n", status: Pass},
		{name: "admins, own mail handler", item: "error-reports", src: "ADMINS = [('Ops', 'ops@example.com')]\nSERVER_EMAIL = 'errors@example.com'\nLOGGING = {'version': 1, 'handlers': {'m': {'class': 'django.utils.log.AdminEmailHandler'}}, 'loggers': {'django': {'handlers': ['m']}}}\n", status: Pass},
		{name: "sentry logging handler", item: "error-reports", src: "LOGGING = {'version': 1, 'disable_existing_loggers': False, 'handlers': {'s': {'class': 'sentry_sdk.integrations.logging.EventHandler'}}, 'root': {'handlers': ['s']}}\n", status: Pass, message: "reporting service"},
		{name: "sentry in wsgi.py", item: "error-reports", tweak: withFiles(map[string]string{"mysite/wsgi.py": "import sentry_sdk\nsentry_sdk.init(dsn='https://k@o.ingest.sentry.io/1')\nfrom django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n"}), status: Pass, message: "error tracker is set up (mysite/wsgi.py:2)"},
		{name: "sentry", item: "error-reports", src: "import sentry_sdk\nsentry_sdk.init(dsn=os.environ.get('SENTRY_DSN'))\n", status: Pass, message: "error tracker"},
		{name: "admins from the environment", item: "error-reports", src: "ADMINS = [('Ops', os.environ['ADMIN_EMAIL'])]\nSERVER_EMAIL = 'errors@example.com'\n", noEnvFile: true, status: Pass},
		{name: "admins list unknown", item: "error-reports", src: "ADMINS = getaddresses([os.environ['ADMINS']])\n", noEnvFile: true, status: Unknown},
	})
}

func TestErrorPagesItem(t *testing.T) {
	templates := "TEMPLATES = [{'BACKEND': 'django.template.backends.django.DjangoTemplates', 'DIRS': [BASE_DIR / 'site_templates'], 'APP_DIRS': True}]\n"
	runItemCases(t, []itemCase{
		{name: "no templates", item: "error-pages", status: Skip},
		{name: "missing", item: "error-pages", src: withStatic + templates, status: Warn, message: "No 404.html template"},
		{name: "in DIRS", item: "error-pages", src: withStatic + templates,
			tweak: withFiles(map[string]string{"site_templates/404.html": "<h1>Not here</h1>", "site_templates/500.html": "<h1>Oops</h1>"}), status: Pass},
		{name: "in an app", item: "error-pages", src: withStatic + templates,
			tweak: withFiles(map[string]string{"pages/__init__.py": "", "pages/templates/404.html": "x", "pages/templates/500.html": "y"}), status: Pass},
		{name: "app templates without APP_DIRS", item: "error-pages", src: withStatic + strings.Replace(templates, "True", "False", 1),
			tweak: withFiles(map[string]string{"pages/__init__.py": "", "pages/templates/404.html": "x", "pages/templates/500.html": "y"}), status: Warn},
		{name: "app templates through the app_directories loader", item: "error-pages",
			src:   withStatic + "TEMPLATES = [{'BACKEND': 'django.template.backends.django.DjangoTemplates', 'DIRS': [], 'OPTIONS': {'loaders': [('django.template.loaders.cached.Loader', ['django.template.loaders.filesystem.Loader', 'django.template.loaders.app_directories.Loader'])]}}]\n",
			tweak: withFiles(map[string]string{"pages/__init__.py": "", "pages/templates/404.html": "x", "pages/templates/500.html": "y"}), status: Pass},
		{name: "a templates folder no engine reads", item: "error-pages", src: withStatic + templates,
			tweak: withFiles(map[string]string{"templates/404.html": "x", "templates/500.html": "y"}), status: Warn},
		{name: "only 404", item: "error-pages", src: withStatic + templates,
			tweak: withFiles(map[string]string{"pages/__init__.py": "", "pages/templates/404.html": "x"}), status: Warn, message: "No 500.html template"},
		{name: "not in a virtualenv", item: "error-pages", src: withStatic + templates,
			tweak: withFiles(map[string]string{".venv/lib/site-packages/x/templates/404.html": "x", ".venv/lib/site-packages/x/templates/500.html": "y"}), status: Warn},
	})
}

func TestDatabaseItem(t *testing.T) {
	sqlite := "DATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': BASE_DIR / 'db.sqlite3'}}\n"
	heroku := hostedWith("heroku", "Procfile", "web: gunicorn mysite.wsgi\n")
	runItemCases(t, []itemCase{
		{name: "no database", item: "database", status: Skip},
		{name: "sqlite on one server", item: "database", src: withStatic + sqlite, status: Pass, message: "back the file up"},
		{name: "sqlite on heroku", item: "database", src: withStatic + sqlite, tweak: heroku, status: Fail, message: "thrown away"},
		{name: "sqlite on fly with a volume", item: "database", src: withStatic + sqlite, tweak: hostedWith("fly", "fly.toml", "[mounts]\nsource='data'\n"), status: Pass},
		{name: "postgres on heroku", item: "database", src: "DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql', 'NAME': 'app'}}\n", tweak: heroku, status: Pass, message: "CONN_MAX_AGE is 0"},
		{name: "postgres with persistent connections", item: "database", src: "DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql', 'NAME': 'app', 'CONN_MAX_AGE': 600}}\n", status: Pass},
		{name: "sqlite on railway", item: "database", src: withStatic + sqlite, tweak: hostedWith("railway", "railway.toml", "[deploy]\nstartCommand = 'gunicorn mysite.wsgi'\n"), status: Warn, message: "unless a volume"},
		{name: "chosen by a condition on heroku", item: "database", noEnvFile: true,
			src: "import dj_database_url\nif 'DATABASE_URL' in os.environ:\n    DATABASES = {'default': dj_database_url.config(conn_max_age=500)}\nelse:\n    DATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': 'db'}}\n", tweak: heroku, status: Unknown, message: "chosen by a condition"},
		{name: "chosen by a condition on one server", item: "database", noEnvFile: true,
			src: "import dj_database_url\nif 'DATABASE_URL' in os.environ:\n    DATABASES = {'default': dj_database_url.config(conn_max_age=500)}\nelse:\n    DATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': 'db'}}\n", status: Pass},
		{name: "dj-database-url default sqlite on heroku, no env file", item: "database", noEnvFile: true,
			src: "import dj_database_url\nDATABASES = {'default': dj_database_url.config(default='sqlite:///db.sqlite3', conn_max_age=600)}\n", tweak: heroku, status: Fail, message: "the default of DATABASE_URL"},
		{name: "dj-database-url with the env file", item: "database", env: map[string]string{"DATABASE_URL": "postgres://u:p@db/app"},
			src: "import dj_database_url\nDATABASES = {'default': dj_database_url.config(default='sqlite:///db.sqlite3')}\n", tweak: heroku, status: Pass},
		{name: "dj-database-url, nothing known", item: "database", noEnvFile: true,
			src: "import dj_database_url\nDATABASES = {'default': dj_database_url.config()}\n", tweak: heroku, status: Unknown},
		{name: "dj-database-url default, variable not in the env file", item: "database", env: map[string]string{},
			src: "import dj_database_url\nDATABASES = {'default': dj_database_url.config(default='sqlite:///db.sqlite3')}\n", tweak: heroku, status: Fail, message: "used when that variable is not set"},
		{name: "dj-database-url without default, not in the env file", item: "database", env: map[string]string{},
			src: "import dj_database_url\nDATABASES = {'default': dj_database_url.config(env='DB_URL')}\n", tweak: heroku, status: Warn, message: "DB_URL is not in the env file"},
		{name: "parse of os.environ", item: "database", noEnvFile: true,
			src: "import dj_database_url\nDATABASES = {'default': dj_database_url.parse(os.environ['DATABASE_URL'])}\n", tweak: heroku, status: Unknown, message: "environment variable DATABASE_URL"},
		{name: "parse of os.environ from the env file", item: "database", env: map[string]string{"DATABASE_URL": "sqlite:////tmp/x.db"},
			src: "import dj_database_url\nDATABASES = {'default': dj_database_url.parse(os.environ['DATABASE_URL'])}\n", tweak: heroku, status: Fail, message: "DATABASE_URL from the env file"},
		{name: "decouple config with a db_url cast", item: "database", noEnvFile: true,
			src: "from decouple import config\nfrom dj_database_url import parse as db_url\nDATABASES = {'default': config('DATABASE_URL', default='sqlite:///db.sqlite3', cast=db_url)}\n", tweak: heroku, status: Fail},
		{name: "parse of os.getenv with a postgres default", item: "database", noEnvFile: true,
			src: "import dj_database_url\nDATABASES = {'default': dj_database_url.parse(os.getenv('DATABASE_URL', 'postgres://localhost/app'))}\n", tweak: heroku, status: Pass},
		{name: "env.db default sqlite on render", item: "database", noEnvFile: true,
			src:   "import environ\nenv = environ.Env()\nDATABASES = {'default': env.db('DATABASE_URL', default='sqlite:///db.sqlite3')}\n",
			tweak: hostedWith("render", "render.yaml", "services:\n  - type: web\n"), status: Fail},
		{name: "env.db from the env file", item: "database", env: map[string]string{"DATABASE_URL": "postgres://u:p@db/app"},
			src:   "import environ\nenv = environ.Env()\nDATABASES = {'default': env.db('DATABASE_URL', default='sqlite:///db.sqlite3')}\n",
			tweak: hostedWith("render", "render.yaml", "services:\n  - type: web\n"), status: Pass},
	})
}

func TestLoggingItem(t *testing.T) {
	runItemCases(t, []itemCase{
		{name: "unset", item: "logging", status: Warn, message: "LOGGING is not set"},
		{name: "console on root", item: "logging", src: "LOGGING = {'version': 1, 'disable_existing_loggers': False, 'handlers': {'console': {'class': 'logging.StreamHandler'}}, 'root': {'handlers': ['console'], 'level': 'WARNING'}}\n", status: Pass},
		{name: "console on root, Django's loggers switched off", item: "logging", src: "LOGGING = {'version': 1, 'handlers': {'console': {'class': 'logging.StreamHandler'}}, 'root': {'handlers': ['console'], 'level': 'WARNING'}}\n", status: Warn, message: "disable_existing_loggers"},
		{name: "console on root, django named", item: "logging", src: "LOGGING = {'version': 1, 'handlers': {'console': {'class': 'logging.StreamHandler'}}, 'root': {'handlers': ['console']}, 'loggers': {'django': {'level': 'INFO'}}}\n", status: Pass},
		{name: "console on root, django logs to a file only", item: "logging", src: "LOGGING = {'version': 1, 'handlers': {'console': {'class': 'logging.StreamHandler'}, 'f': {'class': 'logging.FileHandler', 'filename': 'x.log'}}, 'root': {'handlers': ['console']}, 'loggers': {'django': {'handlers': ['f'], 'propagate': False}}}\n", status: Warn},
		{name: "console on django", item: "logging", src: "LOGGING = {'version': 1, 'handlers': {'c': {'class': 'logging.StreamHandler'}}, 'loggers': {'django': {'handlers': ['c']}}}\n", status: Pass},
		{name: "console only with DEBUG", item: "logging", src: "LOGGING = {'version': 1, 'disable_existing_loggers': False, 'handlers': {'console': {'class': 'logging.StreamHandler', 'filters': ['require_debug_true']}}, 'root': {'handlers': ['console']}}\n", status: Warn, message: "no console handler"},
		{name: "file only", item: "logging", src: "LOGGING = {'version': 1, 'handlers': {'f': {'class': 'logging.FileHandler', 'filename': 'x.log'}}, 'root': {'handlers': ['f']}}\n", status: Warn},
		{name: "built by a function", item: "logging", src: "LOGGING = make_logging()\n", status: Unknown},
	})
}

// TestDatabaseURLNeverShown: the database URL of the env file holds a
// password; no message, fix or location of the finding shows it.
func TestDatabaseURLNeverShown(t *testing.T) {
	const secret = "s3cr3t-Pa55word"
	for url, want := range map[string]Status{"postgres://app:" + secret + "@db.example.com/app": Pass, "sqlite:////srv/" + secret + ".db": Fail} {
		p := itemProject(t, hardened+"import dj_database_url\nDATABASES = {'default': dj_database_url.config(default='sqlite:///db.sqlite3')}\n",
			map[string]string{"DJANGO_SECRET_KEY": strongKey, "DATABASE_URL": url}, v32, hostedWith("heroku", "Procfile", "web: gunicorn x.wsgi\n"))
		f := CheckOne(p, "database")
		if f.Status != want {
			t.Errorf("database %s, want %s: %s", f.Status, want, f.Message)
		}
		text := f.Message + f.Fix
		for _, pr := range f.Problems {
			text += pr.Message + pr.Fix
		}
		for _, l := range f.Locations {
			text += l.Source
		}
		if strings.Contains(text, secret) {
			t.Errorf("%s: the finding shows the URL's secret: %s", f.Status, text)
		}
	}
}

func TestDatabaseConnMaxAgeNote(t *testing.T) {
	p := itemProject(t, hardened+"DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql', 'NAME': 'app', 'CONN_MAX_AGE': 600}}\n",
		map[string]string{"DJANGO_SECRET_KEY": strongKey}, v32, nil)
	if f := CheckOne(p, "database"); f.Status != Pass || strings.Contains(f.Message, "CONN_MAX_AGE") {
		t.Errorf("CONN_MAX_AGE 600: %s %q, want pass without the note", f.Status, f.Message)
	}
}
