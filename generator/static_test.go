package generator

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/djharden/djharden/checklist"
	"github.com/djharden/djharden/checklist/project"
	"github.com/djharden/djharden/internal/testenv"
)

// staticClient asks Django's test client, with the production settings
// and env, for the admin's CSS; it prints DEBUG and the status code.
const staticClient = `import os, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")
django.setup()
from django.conf import settings
from django.test import Client
r = Client().get("/static/admin/css/base.css", HTTP_HOST="example.com", secure=True)
print("DEBUG=%s status=%d" % (settings.DEBUG, r.status_code))
print("MIDDLEWARE=%s" % ",".join(settings.MIDDLEWARE))
`

func staticFinding(t *testing.T, root string) checklist.Finding {
	t.Helper()
	opts := project.Options{Dir: root, NoGit: true, NoScan: true}
	if _, err := os.Stat(filepath.Join(root, ".env")); err == nil {
		opts.EnvFile = filepath.Join(root, ".env")
	}
	p, err := project.Discover(opts)
	if err != nil {
		t.Fatal(err)
	}
	return checklist.CheckOne(p, "static-files")
}

// TestStaticWhiteNoiseRealDjango: on a startproject made by each series'
// own django-admin, apply with --static whitenoise; collectstatic then
// succeeds and, with DEBUG off, WhiteNoise answers the admin's CSS with 200
// through Django's test client, for 3.2 and every newer series the version
// suite provides (.ci/django-trees).
func TestStaticWhiteNoiseRealDjango(t *testing.T) {
	for _, series := range testenv.Series {
		t.Run(series, func(t *testing.T) {
			t.Parallel()
			dj := testenv.DjangoTree(t, series)
			if series == "3.2" {
				testenv.Python(t, "django", "whitenoise") // the system's python3-whitenoise
			}
			staticWhiteNoise(t, dj)
		})
	}
}

func staticWhiteNoise(t *testing.T, dj testenv.Django) {
	py := dj.Python
	with := func(env map[string]string) map[string]string {
		out := map[string]string{}
		for k, v := range env {
			out[k] = v
		}
		for k, v := range dj.Env() {
			out[k] = v
		}
		return out
	}
	root := t.TempDir()
	cmd := exec.Command(py, "-m", "django", "startproject", "mysite", root)
	cmd.Env = cleanEnv(with(nil))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("startproject: %v\n%s", err, out)
	}
	writeFile(t, root, "requirements.txt", "Django=="+dj.Version+"\ngunicorn==21.2.0\n")
	if f := staticFinding(t, root); f.Status != checklist.Warn {
		t.Fatalf("before apply: static-files %s, want warn: %s", f.Status, f.Message)
	}
	p := discover(t, root)
	a := DefaultAnswers(p)
	a.Domains, a.HTTPS, a.HSTS, a.Static = []string{"example.com"}, HTTPSProxy, HSTSTrial, StaticWhiteNoise
	plan, err := Build(p, a)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := plan.Apply(); err != nil {
		t.Fatal(err)
	}
	files := snapshot(t, root)
	if got, want := files["requirements.txt"], "Django=="+dj.Version+"\nwhitenoise>=6.0\ngunicorn==21.2.0\n"; got != want {
		t.Errorf("requirements.txt:\n%s", got)
	}
	env := with(envValues(t, root, ".env"))
	if out, code := manage(t, py, root, env, "collectstatic", "--noinput"); code != 0 {
		t.Fatalf("collectstatic: exit %d\n%s", code, tail(out))
	}
	out, code := runPyIn(t, py, root, env, "-c", staticClient)
	if code != 0 || !strings.Contains(out, "DEBUG=False status=200") {
		t.Errorf("the admin's CSS through the test client: exit %d, want DEBUG=False status=200:\n%s", code, tail(out))
	}
	out, code = manage(t, py, root, env, "check", "--deploy")
	checkDeployOutput(t, out, code, nil)
	if out, code := manage(t, py, root, with(map[string]string{"DJANGO_DEBUG": "true"}), "check"); code != 0 {
		t.Errorf("check with DJANGO_DEBUG=true: exit %d\n%s", code, tail(out))
	}
	if f := staticFinding(t, root); f.Status != checklist.Pass {
		t.Errorf("after apply: static-files %s, want pass: %s %+v", f.Status, f.Message, f.Problems)
	}
	again, err := Build(discover(t, root), a)
	if err != nil {
		t.Fatal(err)
	}
	if !again.Empty() {
		t.Errorf("a second apply is not a no-op:\n%s", again.Diff())
	}
}

const splitBase = `import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = []
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]
MIDDLEWARE = (
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
)
ROOT_URLCONF = "config.urls"
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [], "APP_DIRS": True,
              "OPTIONS": {"context_processors": ["django.contrib.auth.context_processors.auth", "django.contrib.messages.context_processors.messages", "django.template.context_processors.request"]}}]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}}
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "collected"
`

// TestStaticSplitSettingsRealDjango: a split layout (base, local,
// production), MIDDLEWARE a tuple, STATIC_ROOT already set in base and
// Django pinned in requirements/base.txt. WhiteNoise goes into the
// production module only; development keeps its middleware.
func TestStaticSplitSettingsRealDjango(t *testing.T) {
	py := testenv.Python(t, "django", "whitenoise")
	root := t.TempDir()
	for rel, content := range map[string]string{
		"manage.py":                     "import os, sys\nif __name__ == \"__main__\":\n    os.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", \"config.settings.local\")\n    from django.core.management import execute_from_command_line\n    execute_from_command_line(sys.argv)\n",
		"config/__init__.py":            "",
		"config/urls.py":                "from django.contrib import admin\nfrom django.urls import path\nurlpatterns = [path(\"admin/\", admin.site.urls)]\n",
		"config/wsgi.py":                "import os\nos.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", \"config.settings.production\")\nfrom django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n",
		"config/settings/__init__.py":   "",
		"config/settings/base.py":       splitBase,
		"config/settings/local.py":      "from .base import *  # noqa\nDEBUG = True\nALLOWED_HOSTS = [\"localhost\"]\nSECRET_KEY = \"local-development-only\"\n",
		"config/settings/production.py": "from .base import *  # noqa\n",
		"requirements/base.txt":         "Django==3.2.25\n",
		"requirements/production.txt":   "-r base.txt\ngunicorn==22.0.0\n",
	} {
		writeFile(t, root, rel, content)
	}
	p := discover(t, root)
	a := DefaultAnswers(p)
	a.Domains, a.HTTPS, a.Static, a.Settings = []string{"example.com"}, HTTPSProxy, StaticWhiteNoise, "config.settings.production"
	plan, err := Build(p, a)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := plan.Apply(); err != nil {
		t.Fatal(err)
	}
	files := snapshot(t, root)
	if got := files["requirements/base.txt"]; got != "Django==3.2.25\nwhitenoise>=6.0\n" {
		t.Errorf("requirements/base.txt = %q", got)
	}
	if strings.Contains(files["config/settings/production.py"], "STATIC_ROOT = ") || strings.Contains(files["config/settings/base.py"], "whitenoise") {
		t.Errorf("STATIC_ROOT from base must be kept and base left alone:\n%s", files["config/settings/production.py"])
	}
	env := envValues(t, root, ".env")
	env["DJANGO_SETTINGS_MODULE"] = "config.settings.production"
	if out, code := manage(t, py, root, env, "collectstatic", "--noinput"); code != 0 {
		t.Fatalf("collectstatic: exit %d\n%s", code, tail(out))
	}
	out, code := runPyIn(t, py, root, env, "-c", staticClient)
	if code != 0 || !strings.Contains(out, "DEBUG=False status=200") ||
		!strings.Contains(out, "MIDDLEWARE=django.middleware.security.SecurityMiddleware,whitenoise.middleware.WhiteNoiseMiddleware,django.contrib.sessions") {
		t.Errorf("production: exit %d, want the CSS served by WhiteNoise right after SecurityMiddleware:\n%s", code, tail(out))
	}
	if _, err := os.Stat(filepath.Join(root, "collected", "admin", "css", "base.css")); err != nil {
		t.Errorf("collectstatic did not use the project's STATIC_ROOT: %v", err)
	}
	dev := map[string]string{"DJANGO_SETTINGS_MODULE": "config.settings.local"}
	out, code = runPyIn(t, py, root, dev, "-c", staticClient)
	if code != 0 || strings.Contains(out, "whitenoise") {
		t.Errorf("development settings changed: exit %d\n%s", code, tail(out))
	}
	again, err := Build(discover(t, root), a)
	if err != nil {
		t.Fatal(err)
	}
	if !again.Empty() {
		t.Errorf("a second apply is not a no-op:\n%s", again.Diff())
	}
}

// TestStaticSkipStaysWarn: --static skip writes nothing about static files.
func TestStaticSkipStaysWarn(t *testing.T) {
	py := djangoPython(t)
	root := startproject(t, py)
	p := discover(t, root)
	a := DefaultAnswers(p)
	a.Domains, a.HTTPS, a.Static = []string{"example.com"}, HTTPSProxy, StaticSkip
	plan, err := Build(p, a)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := plan.Apply(); err != nil {
		t.Fatal(err)
	}
	if s := snapshot(t, root)["mysite/settings.py"]; strings.Contains(s, "whitenoise") || strings.Contains(s, "STATIC_ROOT") {
		t.Errorf("--static skip wrote static settings")
	}
	if f := staticFinding(t, root); f.Status != checklist.Warn {
		t.Errorf("static-files %s, want warn: %s", f.Status, f.Message)
	}
}

// handProject writes files and describes them as a one-module project.
func handProject(t *testing.T, files map[string]string, major, minor int, source string) *project.Project {
	t.Helper()
	root := t.TempDir()
	for rel, content := range files {
		writeFile(t, root, rel, content)
	}
	p := startprojectProject(root, major, minor, "os")
	p.Django.Source = source
	p.Settings, p.SettingsFiles, _ = project.EvaluateSettings(p, "mysite.settings")
	return p
}

const handSettings = `from pathlib import Path
BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = "django-insecure-abc"
DEBUG = True
ALLOWED_HOSTS = []
INSTALLED_APPS = ["django.contrib.admin", "django.contrib.staticfiles"]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
]
STATIC_URL = "/static/"
`

func TestStaticRequirementStyles(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, file, src, source, want string
	}{
		{"requirements next to Django", "requirements.txt", "asgiref==3.7\nDjango==4.2.30\npsycopg==3.1\n", "requirements.txt:2",
			"asgiref==3.7\nDjango==4.2.30\nwhitenoise>=6.0\npsycopg==3.1\n"},
		{"requirements with CRLF", "requirements/prod.txt", "django>=4.2,<5\r\n", "requirements/prod.txt:1", "django>=4.2,<5\r\nwhitenoise>=6.0\r\n"},
		{"already there", "requirements.txt", "Django==4.2.30\nWhiteNoise[brotli]==6.6\n", "requirements.txt:1", "Django==4.2.30\nWhiteNoise[brotli]==6.6\n"},
		{"pyproject array", "pyproject.toml", "[project]\nname = \"x\"\ndependencies = [\n    \"Django>=4.2\",\n]\n", "pyproject.toml:4",
			"[project]\nname = \"x\"\ndependencies = [\n    \"whitenoise>=6.0\",\n    \"Django>=4.2\",\n]\n"},
		{"poetry table from the lock file", "pyproject.toml", "[tool.poetry.dependencies]\npython = \"^3.11\"\ndjango = \"^4.2\"\n", "poetry.lock:12",
			"[tool.poetry.dependencies]\npython = \"^3.11\"\ndjango = \"^4.2\"\nwhitenoise = \">=6.0\"\n"},
		{"Pipfile", "Pipfile", "[packages]\ndjango = \"*\"\n\n[dev-packages]\n", "Pipfile:2", "[packages]\ndjango = \"*\"\nwhitenoise = \">=6.0\"\n\n[dev-packages]\n"},
		{"hashes are left alone", "requirements.txt", "django==4.2.30 \\\n    --hash=sha256:abc\n", "requirements.txt:1", "django==4.2.30 \\\n    --hash=sha256:abc\n"},
		{"version read from elsewhere, requirements found", "requirements.txt", "Django>=3.2,<4\n", "mysite/settings.py:3", "Django>=3.2,<4\nwhitenoise>=6.0\n"},
		{"already in requirements/production.txt", "requirements/base.txt", "Django==5.2.18\n", "requirements/base.txt:1", "Django==5.2.18\n"},
		{"django-environ is not Django", "requirements.txt", "django-environ==0.11\n", "", "django-environ==0.11\nwhitenoise>=6.0\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			files := map[string]string{"mysite/__init__.py": "", "mysite/settings.py": handSettings, tt.file: tt.src}
			if tt.file == "requirements/base.txt" {
				files["requirements/production.txt"] = "-r base.txt\nwhitenoise>=6.11.0,<7\n"
			}
			p := handProject(t, files, 4, 2, tt.source)
			plan, err := Build(p, Answers{Domains: []string{"example.com"}, Static: StaticWhiteNoise})
			if err != nil {
				t.Fatal(err)
			}
			got := tt.src
			for _, c := range plan.Changes {
				if c.Path == tt.file {
					got = string(c.New)
				}
			}
			if got != tt.want {
				t.Errorf("%s:\n%q\nwant\n%q\nnotes: %v", tt.file, got, tt.want, plan.Notes)
			}
		})
	}
}

func TestStaticFragmentPerVersion(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name           string
		major, minor   int
		extra          string
		want, wantNot  []string
		staticFinding  checklist.Status
		wantNoteSubstr string
	}{
		{name: "3.2", major: 3, minor: 2, want: []string{"STATICFILES_STORAGE = \"whitenoise.storage.CompressedStaticFilesStorage\"", "MIDDLEWARE.insert(1, "}, wantNot: []string{"STORAGES"}, staticFinding: checklist.Pass},
		{name: "4.2", major: 4, minor: 2, want: []string{"STORAGES = {\n    \"default\"", "\"staticfiles\": {\"BACKEND\": \"whitenoise.storage.CompressedStaticFilesStorage\"}"}, wantNot: []string{"STATICFILES_STORAGE"}, staticFinding: checklist.Pass},
		{name: "5.2 with STORAGES", major: 5, minor: 2, extra: "STORAGES = {\"default\": {\"BACKEND\": \"storages.backends.s3.S3Storage\"}}\n",
			want: []string{"STORAGES = {**STORAGES, \"staticfiles\""}, staticFinding: checklist.Pass},
		{name: "own STATIC_ROOT kept", major: 5, minor: 2, extra: "STATIC_ROOT = BASE_DIR / \"collected\"\n", wantNot: []string{"STATIC_ROOT ="}, staticFinding: checklist.Pass},
		{name: "4.2 with STATICFILES_STORAGE", major: 4, minor: 2, extra: "STATICFILES_STORAGE = \"django.contrib.staticfiles.storage.ManifestStaticFilesStorage\"\n",
			wantNot: []string{"STORAGES"}, wantNoteSubstr: "no storage was written", staticFinding: checklist.Pass},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			files := map[string]string{"mysite/__init__.py": "", "mysite/settings.py": handSettings + tt.extra}
			p := handProject(t, files, tt.major, tt.minor, "")
			plan, err := Build(p, Answers{Domains: []string{"example.com"}, Static: StaticWhiteNoise})
			if err != nil {
				t.Fatal(err)
			}
			var settings string
			for _, c := range plan.Changes {
				if c.Path == "mysite/settings.py" {
					settings = string(c.New)
				}
			}
			block := settings[strings.Index(settings, BlockBegin):]
			for _, w := range tt.want {
				if !strings.Contains(block, w) {
					t.Errorf("block lacks %q:\n%s", w, block)
				}
			}
			for _, w := range tt.wantNot {
				if strings.Contains(block, w) {
					t.Errorf("block has %q:\n%s", w, block)
				}
			}
			notes := strings.Join(plan.Notes, "\n")
			if !strings.Contains(notes, "no requirements file") {
				t.Errorf("no note about the missing dependency file: %s", notes)
			}
			if tt.wantNoteSubstr != "" && !strings.Contains(notes, tt.wantNoteSubstr) {
				t.Errorf("notes lack %q: %s", tt.wantNoteSubstr, notes)
			}
			writeFile(t, p.Root, "mysite/settings.py", settings)
			after := handProject(t, map[string]string{"mysite/__init__.py": "", "mysite/settings.py": settings}, tt.major, tt.minor, "")
			if f := checklist.CheckOne(after, "static-files"); f.Status != tt.staticFinding {
				t.Errorf("static-files after: %s, want %s: %s %+v", f.Status, tt.staticFinding, f.Message, f.Problems)
			}
			again, err := Build(handProject(t, map[string]string{"mysite/__init__.py": "", "mysite/settings.py": settings}, tt.major, tt.minor, ""),
				Answers{Domains: []string{"example.com"}, Static: StaticWhiteNoise, Key: strings.Repeat("k3P9x_vQ2m", 6)})
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range again.Changes {
				if c.Path == "mysite/settings.py" {
					b1, b2 := settings[strings.Index(settings, BlockBegin):], string(c.New)[strings.Index(string(c.New), BlockBegin):]
					if staticPart(b1) != staticPart(b2) {
						t.Errorf("the second run writes another static fragment:\n%s\n---\n%s", staticPart(b1), staticPart(b2))
					}
				}
			}
		})
	}
}

// staticPart is the block's text from the static-files fragment on.
func staticPart(block string) string {
	for _, start := range []string{"# collectstatic gathers", "# WhiteNoise serves", "# Compressed copies"} {
		if i := strings.Index(block, start); i >= 0 {
			return block[i:]
		}
	}
	return ""
}

func TestStaticRefusesUnreadableMiddleware(t *testing.T) {
	t.Parallel()
	files := map[string]string{"mysite/__init__.py": "", "mysite/settings.py": handSettings + "MIDDLEWARE = build_middleware()\n"}
	p := handProject(t, files, 4, 2, "")
	_, err := Build(p, Answers{Domains: []string{"example.com"}, Static: StaticWhiteNoise})
	if !errors.Is(err, ErrInvalidAnswers) || !strings.Contains(err.Error(), "MIDDLEWARE (mysite/settings.py:") {
		t.Fatalf("err = %v, want a refusal naming MIDDLEWARE's line", err)
	}
	if _, err := Build(p, Answers{Domains: []string{"example.com"}, Static: StaticServer}); err != nil {
		t.Errorf("--static server needs no MIDDLEWARE edit, got %v", err)
	}
	// bakerydemo's shape: WhiteNoise appended, then a conditional insert.
	already := handSettings + "MIDDLEWARE.append(\"whitenoise.middleware.WhiteNoiseMiddleware\")\nif build_flag():\n    MIDDLEWARE.insert(0, \"baipw.middleware.BasicAuthIPWhitelistMiddleware\")\n"
	p = handProject(t, map[string]string{"mysite/__init__.py": "", "mysite/settings.py": already}, 4, 2, "")
	if plan, err := Build(p, Answers{Domains: []string{"example.com"}, Static: StaticWhiteNoise}); err != nil {
		t.Errorf("WhiteNoise already in a conditional MIDDLEWARE: %v, want no refusal", err)
	} else if d := plan.Diff(); strings.Contains(d, "MIDDLEWARE.insert(") && strings.Contains(d, "+    MIDDLEWARE.insert") {
		t.Errorf("WhiteNoise inserted twice:\n%s", d)
	}
	noMW := strings.Replace(handSettings, "MIDDLEWARE = [\n    \"django.middleware.security.SecurityMiddleware\",\n    \"django.contrib.sessions.middleware.SessionMiddleware\",\n]\n", "", 1)
	if noMW == handSettings {
		t.Fatal("the fixture lost its MIDDLEWARE block")
	}
	p = handProject(t, map[string]string{"mysite/__init__.py": "", "mysite/settings.py": noMW}, 4, 2, "")
	if _, err := Build(p, Answers{Domains: []string{"example.com"}, Static: StaticWhiteNoise}); !errors.Is(err, ErrInvalidAnswers) || !strings.Contains(err.Error(), "sets no MIDDLEWARE") {
		t.Errorf("no MIDDLEWARE: err = %v, want a refusal saying so", err)
	}
}

func TestStaticWithoutStaticfilesApp(t *testing.T) {
	t.Parallel()
	src := strings.Replace(handSettings, `, "django.contrib.staticfiles"]`, "]", 1)
	p := handProject(t, map[string]string{"mysite/__init__.py": "", "mysite/settings.py": src, "requirements.txt": "Django==4.2.30\n"}, 4, 2, "requirements.txt:1")
	plan, err := Build(p, Answers{Domains: []string{"example.com"}, Static: StaticWhiteNoise})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range plan.Changes {
		if c.Path == "requirements.txt" || strings.Contains(string(c.New), "whitenoise") || strings.Contains(string(c.New), "STATIC_ROOT") {
			t.Errorf("%s changed for a project without static files", c.Path)
		}
	}
	if !strings.Contains(strings.Join(plan.Notes, "\n"), "nothing to serve") {
		t.Errorf("no note saying why: %v", plan.Notes)
	}
	if got := StaticDefault(p); got != StaticSkip {
		t.Errorf("StaticDefault = %s, want skip", got)
	}
}

func TestStaticAnswerChecks(t *testing.T) {
	t.Parallel()
	p := handProject(t, map[string]string{"mysite/__init__.py": "", "mysite/settings.py": handSettings}, 4, 2, "")
	if _, err := Build(p, Answers{Domains: []string{"example.com"}, Static: "nginx"}); !errors.Is(err, ErrInvalidAnswers) {
		t.Errorf("Static nginx: err %v, want ErrInvalidAnswers", err)
	}
	plan, err := Build(p, Answers{Domains: []string{"example.com"}, Static: StaticWhiteNoise, Keep: []string{"static-files"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range plan.Changes {
		if strings.Contains(string(c.New), "whitenoise") {
			t.Errorf("%s mentions whitenoise although static-files is kept", c.Path)
		}
	}
	if !strings.Contains(strings.Join(plan.Notes, "\n"), "--keep static-files wins") {
		t.Errorf("no note: %v", plan.Notes)
	}
}

func TestStaticDefault(t *testing.T) {
	t.Parallel()
	p := handProject(t, map[string]string{"mysite/__init__.py": "", "mysite/settings.py": handSettings}, 4, 2, "")
	if got := StaticDefault(p); got != StaticSkip {
		t.Errorf("no hosting hints: %s, want skip", got)
	}
	p.Hosting = []project.HostingHint{{Kind: "render", File: "render.yaml", Proxy: true}}
	if got := StaticDefault(p); got != StaticWhiteNoise {
		t.Errorf("on Render: %s, want whitenoise", got)
	}
	if opts := StaticOptions(p); len(opts) != 3 || opts[0].Value != StaticWhiteNoise || opts[0].Label == "" || opts[0].Help == "" {
		t.Errorf("options on Render: %+v", opts)
	}
	p.Hosting = nil
	if opts := StaticOptions(p); opts[0].Value != StaticSkip {
		t.Errorf("options without hosting hints start with %s, want skip", opts[0].Value)
	}
}

func TestStaticVenvNote(t *testing.T) {
	t.Parallel()
	files := map[string]string{"mysite/__init__.py": "", "mysite/settings.py": handSettings, ".venv/pyvenv.cfg": "home = /usr/bin\n",
		".venv/lib/python3.12/site-packages/django/__init__.py": ""}
	p := handProject(t, files, 4, 2, "")
	plan, err := Build(p, Answers{Domains: []string{"example.com"}, Static: StaticWhiteNoise})
	if err != nil {
		t.Fatal(err)
	}
	if notes := strings.Join(plan.Notes, "\n"); !strings.Contains(notes, "The virtualenv .venv has no whitenoise") {
		t.Errorf("no venv note: %s", notes)
	}
	writeFile(t, p.Root, ".venv/lib/python3.12/site-packages/whitenoise/__init__.py", "")
	plan, err = Build(p, Answers{Domains: []string{"example.com"}, Static: StaticWhiteNoise})
	if err != nil {
		t.Fatal(err)
	}
	if notes := strings.Join(plan.Notes, "\n"); strings.Contains(notes, "virtualenv") {
		t.Errorf("venv note although whitenoise is installed: %s", notes)
	}
}

func writeFile(t *testing.T, root, rel, content string) {
	t.Helper()
	full := filepath.Join(root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// runPyIn runs python in dir with a clean environment plus env.
func runPyIn(t *testing.T, py, dir string, env map[string]string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(py, args...)
	cmd.Dir = dir
	cmd.Env = cleanEnv(env)
	out, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); ok {
		return string(out), ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return string(out), 0
}
