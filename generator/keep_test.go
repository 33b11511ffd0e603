package generator

import (
	"errors"
	"strings"
	"testing"

	"github.com/djharden/djharden/checklist/project"
	"github.com/djharden/djharden/internal/testenv"
)

const keepManage = "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n"

// writeTree writes files under a new temporary root.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	testenv.WriteTree(t, root, files)
	return root
}

// buildTree discovers root and builds the done-when answers with env file
// envFile ("" = the default).
func buildTree(t *testing.T, root, envFile string, git bool) (*Plan, error) {
	t.Helper()
	p, err := project.Discover(project.Options{Dir: root, NoGit: !git, NoScan: true})
	if err != nil {
		t.Fatal(err)
	}
	a := DefaultAnswers(p)
	a.Domains, a.HTTPS, a.HSTS, a.Key = []string{"example.com"}, HTTPSProxy, HSTSTrial, testKey
	if envFile != "" {
		a.EnvFile = envFile
	}
	return Build(p, a)
}

func changed(plan *Plan) map[string]string {
	out := map[string]string{}
	for _, c := range plan.Changes {
		out[c.Path] = string(c.New)
	}
	return out
}

// Point 2: reuse before adding.
func TestReuseBeforeAdding(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name        string
		settings    string
		files       map[string]string
		has, hasNot []string
	}{
		{name: "environ under an alias is reused, not doubled",
			settings: "import environ as envlib\nENV = envlib.Env()\nSECRET_KEY = 'literal-key-0123456789-0123456789-0123456789-abc'\nDEBUG = ENV.bool('DEBUG', default=False)\n",
			has:      []string{"SECRET_KEY = ENV.str('SECRET_KEY', default='')", "# django-environ's ENV object, defined earlier", `ENV.str("ALLOWED_HOSTS"`},
			hasNot:   []string{"environ.Env()  # the project had no", "\nenv = ", "\nDEBUG = ENV.bool(\"DEBUG\""}},
		{name: "names documented in .env.example, unprefixed",
			settings: "SECRET_KEY = 'literal-key-0123456789-0123456789-0123456789-abc'\nDEBUG = True\n",
			files:    map[string]string{".env.example": "SECRET_KEY=\nDEBUG=False\n"},
			has:      []string{`os.environ.get("SECRET_KEY", "")`, `os.environ.get("DEBUG", "False")`, `os.environ.get("ALLOWED_HOSTS"`, `os.environ.get("CSRF_TRUSTED_ORIGINS"`},
			hasNot:   []string{"DJANGO_"}},
		{name: "compose names",
			settings: "SECRET_KEY = 'literal-key-0123456789-0123456789-0123456789-abc'\n",
			files:    map[string]string{"docker-compose.yml": "services:\n  web:\n    environment:\n      - DJANGO_SECRET_KEY=x\n      - DJANGO_DEBUG=0\n"},
			has:      []string{`"DJANGO_SECRET_KEY"`, `"DJANGO_ALLOWED_HOSTS"`}},
		{name: "existing hosts and origins merged, * dropped",
			settings: "SECRET_KEY = 'literal-key-0123456789-0123456789-0123456789-abc'\nALLOWED_HOSTS = ['app.fly.dev', '*', 'localhost']\nCSRF_TRUSTED_ORIGINS = ['https://app.fly.dev']\n",
			has:      []string{`"app.fly.dev,localhost,example.com"`, `"https://app.fly.dev,https://example.com"`}},
		{name: "hosts added later and inside blocks are kept too",
			settings: "import os\nSECRET_KEY = 'literal-key-0123456789-0123456789-0123456789-abc'\nALLOWED_HOSTS = ('a.example.org',)\nALLOWED_HOSTS += ('b.example.org',)\nif os.environ.get('STAGING'):\n    ALLOWED_HOSTS = [*ALLOWED_HOSTS, 'staging.example.org']\n    ALLOWED_HOSTS.append('c.example.org')\n",
			has:      []string{`"a.example.org,b.example.org,staging.example.org,c.example.org,example.com"`}},
		{name: "a hosts read without a star is kept",
			settings: "import os\nSECRET_KEY = os.environ['SECRET_KEY']\nALLOWED_HOSTS = os.environ.get('ALLOWED_HOSTS', 'localhost').split(',')\n",
			has:      []string{"ALLOWED_HOSTS = os.environ.get('ALLOWED_HOSTS', 'localhost').split(',')\n", "SECRET_KEY = os.environ['SECRET_KEY']\n"},
			hasNot:   []string{"\nALLOWED_HOSTS = [v.strip()", "\nSECRET_KEY = os.environ.get("}},
		{name: "a tuple SILENCED_SYSTEM_CHECKS is extended, not +=",
			settings: "SECRET_KEY = 'literal-key-0123456789-0123456789-0123456789-abc'\nSILENCED_SYSTEM_CHECKS = ('urls.W002',)\n",
			has:      []string{`SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "security.W005", "security.W021"]`}},
		{name: "SILENCED_SYSTEM_CHECKS set only inside a block",
			settings: "import os\nSECRET_KEY = 'literal-key-0123456789-0123456789-0123456789-abc'\nif os.environ.get('CI'):\n    SILENCED_SYSTEM_CHECKS = ['urls.W002']\n",
			has:      []string{`SILENCED_SYSTEM_CHECKS = [*globals().get("SILENCED_SYSTEM_CHECKS", ()), "security.W005"`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			files := map[string]string{"manage.py": keepManage, "mysite/__init__.py": "", "mysite/settings.py": tc.settings, "requirements.txt": "Django==4.2.1\n"}
			for k, v := range tc.files {
				files[k] = v
			}
			plan, err := buildTree(t, writeTree(t, files), "", false)
			if err != nil {
				t.Fatal(err)
			}
			got := changed(plan)["mysite/settings.py"]
			for _, s := range tc.has {
				if !strings.Contains(got, s) {
					t.Errorf("settings lack %q:\n%s", s, got)
				}
			}
			for _, s := range tc.hasNot {
				if strings.Contains(got, s) {
					t.Errorf("settings hold %q:\n%s", s, got)
				}
			}
		})
	}
}

// Point 2: settings no item changes are never rewritten; mail is left
// alone on 6.1 when the project configures it (MAILERS beside EMAIL_*
// would stop Django).
func TestMailUntouchedWhenConfigured(t *testing.T) {
	t.Parallel()
	settings := "SECRET_KEY = 'literal-key-0123456789-0123456789-0123456789-abc'\nEMAIL_BACKEND = 'django.core.mail.backends.smtp.EmailBackend'\nEMAIL_HOST = 'smtp.example.org'\n"
	files := map[string]string{"manage.py": keepManage, "mysite/__init__.py": "", "mysite/settings.py": settings, "requirements.txt": "Django==6.1.1\n"}
	plan, err := buildTree(t, writeTree(t, files), "", false)
	if err != nil {
		t.Fatal(err)
	}
	got := changed(plan)["mysite/settings.py"]
	if strings.Contains(got, "MAILERS") || !strings.Contains(got, "EMAIL_HOST = 'smtp.example.org'\n") {
		t.Errorf("mail settings were rewritten:\n%s", got)
	}
	if !strings.Contains(strings.Join(plan.Notes, "\n"), "Mail settings stay as they are: the settings configure mail with EMAIL_BACKEND, EMAIL_HOST, and") {
		t.Errorf("notes do not say why mail was left alone, naming the settings in order: %v", plan.Notes)
	}
}

// Point 2: settings the project already sets securely are not rewritten:
// an operator's env switch keeps working, a project's own CSP stays.
func TestSecureSettingsKept(t *testing.T) {
	t.Parallel()
	settings := "import os\nSECRET_KEY = 'literal-key-0123456789-0123456789-0123456789-abc'\n" +
		"SECURE_SSL_REDIRECT = os.environ.get('FORCE_SSL', 'True') == 'True'\n" +
		"X_FRAME_OPTIONS = 'DENY'\nSECURE_PROXY_SSL_HEADER = ('HTTP_X_FORWARDED_PROTOCOL', 'https')\n" +
		"SECURE_CSP = {'default-src': [\"'self'\"], 'img-src': [\"'self'\", 'data:']}\n"
	files := map[string]string{"manage.py": keepManage, "mysite/__init__.py": "", "mysite/settings.py": settings, "requirements.txt": "Django==6.0.1\n"}
	plan, err := buildTree(t, writeTree(t, files), "", false)
	if err != nil {
		t.Fatal(err)
	}
	got := changed(plan)["mysite/settings.py"]
	block := got[strings.Index(got, BlockBegin):]
	for _, absent := range []string{"SECURE_SSL_REDIRECT", "X_FRAME_OPTIONS", "SECURE_PROXY_SSL_HEADER", "SECURE_CSP"} {
		if strings.Contains(block, absent) {
			t.Errorf("the block rewrites %s, which the project already sets securely:\n%s", absent, block)
		}
	}
	for _, present := range []string{"SESSION_COOKIE_SECURE = not DEBUG", "SECURE_HSTS_SECONDS = 3600"} {
		if !strings.Contains(block, present) {
			t.Errorf("the block lacks %q", present)
		}
	}
	if !strings.Contains(strings.Join(plan.Notes, "\n"), "left as they are: SECURE_SSL_REDIRECT") {
		t.Errorf("notes: %v", plan.Notes)
	}
}

// Point 3: the block goes before the local-override include, and the
// notes say so.
func TestPlacementBeforeLocalInclude(t *testing.T) {
	t.Parallel()
	for _, include := range []string{
		"from .local_settings import *\n",
		"try:\n    from .local import *\nexcept ImportError:\n    pass\n",
		"# Operator config\nexec(open('/etc/mysite/config.py').read())\n",
		"import local_settings\n",
		"from . import local_settings  # noqa\n",
	} {
		t.Run(strings.Fields(include)[0], func(t *testing.T) {
			t.Parallel()
			settings := "SECRET_KEY = 'literal-key-0123456789-0123456789-0123456789-abc'\nDEBUG = True\n\n" + include + "\nLATE = 1\n"
			files := map[string]string{"manage.py": keepManage, "mysite/__init__.py": "", "mysite/settings.py": settings, "requirements.txt": "Django==4.2.1\n"}
			plan, err := buildTree(t, writeTree(t, files), "", false)
			if err != nil {
				t.Fatal(err)
			}
			got := changed(plan)["mysite/settings.py"]
			if !strings.Contains(got, BlockEnd+"\n\n"+include) {
				t.Errorf("the block is not right before the include:\n%s", got)
			}
			if !strings.Contains(strings.Join(plan.Notes, "\n"), "so local and operator overrides still win") {
				t.Errorf("notes do not say where the block went: %v", plan.Notes)
			}
		})
	}
}

// A read set below the include cannot be built on: the block writes its
// own, so nothing refers to a name before it exists; an include above the
// base import is not where the block goes.
func TestPlacementEdges(t *testing.T) {
	t.Parallel()
	settings := "import os\nfrom .base import *\nSECRET_KEY = os.environ['SECRET_KEY']\n\nfrom .local_settings import *\n\nALLOWED_HOSTS = os.environ.get('HOSTS', 'x').split(',')\n"
	files := map[string]string{"manage.py": keepManage, "mysite/__init__.py": "", "mysite/base.py": "DEBUG = False\n", "mysite/settings.py": settings, "requirements.txt": "Django==4.2.1\n"}
	plan, err := buildTree(t, writeTree(t, files), "", false)
	if err != nil {
		t.Fatal(err)
	}
	got := changed(plan)["mysite/settings.py"]
	block := got[strings.Index(got, BlockBegin):strings.Index(got, BlockEnd)]
	if !strings.Contains(block, "\nALLOWED_HOSTS = [v.strip()") || strings.Contains(block, "\nSECRET_KEY = os.environ.get") {
		t.Errorf("want the block to read ALLOWED_HOSTS itself and keep the SECRET_KEY read above it:\n%s", block)
	}
	if !strings.Contains(got, BlockEnd+"\n\nfrom .local_settings import *") {
		t.Errorf("the block is not before the include:\n%s", got)
	}

	early := "from .local_settings import *\nfrom .base import *\nSECRET_KEY = 'literal-key-0123456789-0123456789-0123456789-abc'\n"
	files["mysite/settings.py"] = early
	plan, err = buildTree(t, writeTree(t, files), "", false)
	if err != nil {
		t.Fatal(err)
	}
	if got := changed(plan)["mysite/settings.py"]; !strings.HasPrefix(got, "from .local_settings import *\nfrom .base import *\n") || !strings.Contains(got, "\n\n"+BlockBegin) {
		t.Errorf("an include above the base import moved the block before the base:\n%s", got)
	}

	// The standard library's secrets module, imported at the top as Heroku's
	// getting-started does, is no override include: the block goes last.
	stdlib := "import os\nimport secrets\n\nSECRET_KEY = os.environ.get('DJANGO_SECRET_KEY', default=secrets.token_urlsafe(nbytes=64))\nDEBUG = os.environ.get('ENVIRONMENT') == 'development'\nALLOWED_HOSTS = []\n"
	files["mysite/settings.py"] = stdlib
	plan, err = buildTree(t, writeTree(t, files), "", false)
	if err != nil {
		t.Fatal(err)
	}
	// (its random key fallback is taken out: see TestSecretEditor).
	if got := changed(plan)["mysite/settings.py"]; !strings.HasPrefix(got, "import os\nimport secrets\n\n") || !strings.Contains(got, "ALLOWED_HOSTS = []\n\n"+BlockBegin) {
		t.Errorf("the block was put among the imports, above the settings it must override:\n%s", got)
	}
}

// A block an older apply appended below the include moves above it; the
// next apply is a no-op.
func TestOldBlockMovesAboveInclude(t *testing.T) {
	t.Parallel()
	include := "try:\n    from .local_settings import *\nexcept ImportError:\n    pass\n"
	old := "import os\nSECRET_KEY = os.environ.get('DJANGO_SECRET_KEY', '')\nDEBUG = False\n\n" + include +
		"\n" + BlockBegin + "\nDEBUG = False\nSECURE_SSL_REDIRECT = True\n" + BlockEnd + "\n"
	files := map[string]string{"manage.py": keepManage, "mysite/__init__.py": "", "mysite/settings.py": old, "requirements.txt": "Django==4.2.1\n"}
	root := writeTree(t, files)
	plan, err := buildTree(t, root, "", false)
	if err != nil {
		t.Fatal(err)
	}
	got := changed(plan)["mysite/settings.py"]
	if !strings.HasSuffix(got, BlockEnd+"\n\n"+include) || strings.Count(got, BlockBegin) != 1 {
		t.Fatalf("the block did not move above the include:\n%s", got)
	}
	if _, err := plan.Apply(); err != nil {
		t.Fatal(err)
	}
	again, err := buildTree(t, root, "", false)
	if err != nil {
		t.Fatal(err)
	}
	if !again.Empty() {
		t.Errorf("second apply after the move is not a no-op:\n%s", again.Diff())
	}
}

// Point 6: env files.
func TestEnvFileSafety(t *testing.T) {
	t.Parallel()
	base := map[string]string{"manage.py": keepManage, "mysite/__init__.py": "", "requirements.txt": "Django==4.2.1\n",
		"mysite/settings.py": "SECRET_KEY = 'literal-key-0123456789-0123456789-0123456789-abc'\nDEBUG = True\n"}
	for _, bad := range []string{"mysite/settings.py", "manage.py", "requirements.txt", ".gitignore", ".git/config", ".djharden/x", ".env.example", "mysite/urls.py"} {
		t.Run("refuse "+bad, func(t *testing.T) {
			t.Parallel()
			root := writeTree(t, base)
			_, err := buildTree(t, root, bad, false)
			if !errors.Is(err, ErrInvalidAnswers) || !strings.Contains(err.Error(), bad) {
				t.Errorf("--env-file %s: %v, want a refusal naming it", bad, err)
			}
		})
	}
	t.Run("development .env stays, production values go to .env.production", func(t *testing.T) {
		t.Parallel()
		files := map[string]string{".env": "DJANGO_DEBUG=True\nDJANGO_ALLOWED_HOSTS=localhost\n"}
		for k, v := range base {
			files[k] = v
		}
		plan, err := buildTree(t, writeTree(t, files), "", false)
		if err != nil {
			t.Fatal(err)
		}
		got := changed(plan)
		if _, ok := got[".env"]; ok {
			t.Error("the development .env was changed")
		}
		if !strings.Contains(got[".env.production"], "DJANGO_DEBUG=False") || plan.Answers.EnvFile != ".env.production" {
			t.Errorf(".env.production = %q (env file %s)", got[".env.production"], plan.Answers.EnvFile)
		}
		if !strings.Contains(strings.Join(plan.Notes, "\n"), "is a development env file") {
			t.Errorf("notes do not say why: %v", plan.Notes)
		}
	})
	t.Run("a created environ object keeps loading the development .env", func(t *testing.T) {
		t.Parallel()
		files := map[string]string{".env": "DJANGO_DEBUG=True\n"}
		for k, v := range base {
			files[k] = v
		}
		root := writeTree(t, files)
		p, err := project.Discover(project.Options{Dir: root, NoGit: true, NoScan: true})
		if err != nil {
			t.Fatal(err)
		}
		a := DefaultAnswers(p)
		a.Domains, a.EnvStyle, a.Key = []string{"example.com"}, "environ", testKey
		plan, err := Build(p, a)
		if err != nil {
			t.Fatal(err)
		}
		got := changed(plan)
		if !strings.Contains(got["mysite/settings.py"], `/ ".env"))`) || got[".env.production"] == "" {
			t.Errorf("want read_env of .env and values in .env.production:\n%s", got["mysite/settings.py"])
		}
	})
	t.Run("environ's own read_env path: said when it is another file", func(t *testing.T) {
		t.Parallel()
		files := map[string]string{"mysite/settings.py": "import environ\nenv = environ.Env()\nenviron.Env.read_env(str(environ.Path(__file__) - 2) + '/config.env')\nSECRET_KEY = env('SECRET_KEY')\n"}
		for k, v := range base {
			if _, ok := files[k]; !ok {
				files[k] = v
			}
		}
		plan, err := buildTree(t, writeTree(t, files), "", false)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(strings.Join(plan.Notes, "\n"), "read_env does not load .env") {
			t.Errorf("notes: %v", plan.Notes)
		}
	})
	t.Run("a named development env file is refused", func(t *testing.T) {
		t.Parallel()
		files := map[string]string{".env.local": "DJANGO_DEBUG=1\n"}
		for k, v := range base {
			files[k] = v
		}
		_, err := buildTree(t, writeTree(t, files), ".env.local", false)
		if !errors.Is(err, ErrCannotEdit) || !strings.Contains(err.Error(), "development env file") {
			t.Errorf("--env-file .env.local (DEBUG on): %v", err)
		}
	})
	t.Run("decouple does not read the named file: said", func(t *testing.T) {
		t.Parallel()
		files := map[string]string{"mysite/settings.py": "from decouple import config\nSECRET_KEY = config('SECRET_KEY')\n"}
		for k, v := range base {
			if _, ok := files[k]; !ok {
				files[k] = v
			}
		}
		plan, err := buildTree(t, writeTree(t, files), "deploy/prod.env", false)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(strings.Join(plan.Notes, "\n"), "python-decouple reads only .env or settings.ini") {
			t.Errorf("notes: %v", plan.Notes)
		}
	})
	t.Run("a tracked env file the user names is refused with the fix", func(t *testing.T) {
		t.Parallel()
		git := testenv.Tool(t, "git")
		files := map[string]string{"deploy/prod.env": "DJANGO_DEBUG=False\n"}
		for k, v := range base {
			files[k] = v
		}
		root := writeTree(t, files)
		gitRun(t, git, root, "init", "-q")
		gitRun(t, git, root, "add", "-A")
		_, err := buildTree(t, root, "deploy/prod.env", true)
		if !errors.Is(err, ErrCannotEdit) || !strings.Contains(err.Error(), "git rm --cached deploy/prod.env") {
			t.Errorf("tracked deploy/prod.env: %v, want a refusal with the git rm --cached fix", err)
		}
	})
	t.Run("a tracked default .env stays as it is; production goes to .env.production", func(t *testing.T) {
		t.Parallel()
		git := testenv.Tool(t, "git")
		files := map[string]string{".env": "# for heroku local\nDJANGO_DEBUG=False\n"}
		for k, v := range base {
			files[k] = v
		}
		root := writeTree(t, files)
		gitRun(t, git, root, "init", "-q")
		gitRun(t, git, root, "add", "-A")
		plan, err := buildTree(t, root, "", true)
		if err != nil {
			t.Fatal(err)
		}
		got := changed(plan)
		if _, ok := got[".env"]; ok {
			t.Errorf("the tracked .env was changed:\n%s", got[".env"])
		}
		if !strings.Contains(got[".env.production"], "DJANGO_SECRET_KEY=") {
			t.Errorf(".env.production lacks the key: %v", got)
		}
		if !strings.Contains(strings.Join(plan.Notes, "\n"), ".env is tracked by git") {
			t.Errorf("notes: %v", plan.Notes)
		}
	})
}

// Point 7: refuse rather than break.
func TestRefuseLayouts(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"jinja":           "SECRET_KEY = '{{ cookiecutter.secret_key }}'\n{% if cookiecutter.use_celery %}\nCELERY = True\n{% endif %}\n",
		"configurations":  "from configurations import Configuration\n\nclass Prod(Configuration):\n    DEBUG = False\n",
		"nul byte":        "DEBUG = True\n\x00\n",
		"not utf-8":       "DEBUG = True\n# caf\xe9\n",
		"too large":       "DEBUG = True\n#" + strings.Repeat("x", MaxFileSize) + "\n",
		"python can't ..": "DEBUG = (\n",
	}
	for name, settings := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			root := writeTree(t, map[string]string{"manage.py": keepManage, "mysite/__init__.py": "", "mysite/settings.py": settings})
			p := startprojectProject(root, 4, 2, "os")
			plan, err := Build(p, Answers{Domains: []string{"example.com"}, Key: testKey})
			if err == nil || plan != nil {
				t.Fatalf("Build succeeded on %s settings", name)
			}
			if !errors.Is(err, ErrCannotEdit) && !errors.Is(err, ErrSettingsUnparsable) {
				t.Errorf("error %v is not typed", err)
			}
			if strings.Contains(err.Error(), "\n") || !strings.Contains(err.Error(), "mysite/settings.py") {
				t.Errorf("want one line naming the file, got %q", err)
			}
		})
	}
}

// The block never lowers the HSTS a project already sends: an operator's
// env-configurable 30 days stays (with its variable), an includeSubDomains
// already on stays on; a stage that asks for more still raises it.
func TestHSTSNeverLowered(t *testing.T) {
	t.Parallel()
	own := "import os\nDEBUG = False\nSECRET_KEY = os.environ['SECRET_KEY']\nALLOWED_HOSTS = ['example.com']\n" +
		"DEFAULT_HSTS_SECONDS = 30 * 24 * 60 * 60  # 30 days\n" +
		"SECURE_HSTS_SECONDS = int(os.environ.get('SECURE_HSTS_SECONDS', DEFAULT_HSTS_SECONDS))\n" +
		"SECURE_HSTS_INCLUDE_SUBDOMAINS = True\n"
	files := map[string]string{"manage.py": keepManage, "mysite/__init__.py": "", "mysite/settings.py": own, "requirements.txt": "Django==4.2.1\n"}
	for _, tc := range []struct {
		stage                 string
		seconds, sub, preload string // "" = the block must not write that setting
	}{
		{HSTSTrial, "", "", ""},
		{HSTSOff, "", "", ""},
		{HSTSYear, "SECURE_HSTS_SECONDS = 31536000", "", "SECURE_HSTS_PRELOAD = False"},
		{HSTSPreload, "SECURE_HSTS_SECONDS = 31536000", "", "SECURE_HSTS_PRELOAD = True"},
	} {
		p, err := project.Discover(project.Options{Dir: writeTree(t, files), NoGit: true, NoScan: true})
		if err != nil {
			t.Fatal(err)
		}
		a := DefaultAnswers(p)
		a.Domains, a.HTTPS, a.HSTS, a.Key = []string{"example.com"}, HTTPSProxy, tc.stage, testKey
		plan, err := Build(p, a)
		if err != nil {
			t.Fatal(err)
		}
		got := changed(plan)["mysite/settings.py"]
		block := got[strings.Index(got, BlockBegin):]
		for setting, want := range map[string]string{"SECURE_HSTS_SECONDS": tc.seconds, "SECURE_HSTS_INCLUDE_SUBDOMAINS": tc.sub, "SECURE_HSTS_PRELOAD": tc.preload} {
			has := strings.Contains(block, "\n"+setting+" = ")
			if want == "" && has || want != "" && !strings.Contains(block, "\n"+want+"\n") {
				t.Errorf("%s: want %q for %s in the block:\n%s", tc.stage, want, setting, block)
			}
		}
		if strings.Contains(block, `"security.W005"`) {
			t.Errorf("%s: W005 silenced although the project turns subdomains on", tc.stage)
		}
	}
}

// An explicit X_FRAME_OPTIONS = "SAMEORIGIN" is the project's decision (it
// frames its own pages): apply keeps it and says so.
func TestSameOriginFramingKept(t *testing.T) {
	t.Parallel()
	head := "import os\nDEBUG = False\nSECRET_KEY = os.environ['SECRET_KEY']\nALLOWED_HOSTS = ['example.com']\n"
	// Set outright, or on one path through an if djharden cannot decide.
	for _, frame := range []string{"X_FRAME_OPTIONS = 'SAMEORIGIN'\n", "if os.environ.get('EMBED'):\n    X_FRAME_OPTIONS = 'SAMEORIGIN'\n"} {
		files := map[string]string{"manage.py": keepManage, "mysite/__init__.py": "", "mysite/settings.py": head + frame, "requirements.txt": "Django==4.2.1\n"}
		plan, err := buildTree(t, writeTree(t, files), "", false)
		if err != nil {
			t.Fatal(err)
		}
		got := changed(plan)["mysite/settings.py"]
		if strings.Contains(got[strings.Index(got, BlockBegin):], "X_FRAME_OPTIONS") {
			t.Errorf("the block rewrites X_FRAME_OPTIONS:\n%s", got)
		}
		if !strings.Contains(strings.Join(plan.Notes, "\n"), "X_FRAME_OPTIONS stays SAMEORIGIN") {
			t.Errorf("no note says why X_FRAME_OPTIONS stays: %v", plan.Notes)
		}
	}
}

// Settings dynaconf finishes are refused: a block would not hold.
func TestDynaconfRefused(t *testing.T) {
	t.Parallel()
	settings := "DEBUG = False\nSECRET_KEY = 'k' * 60\nALLOWED_HOSTS = ['example.com']\nimport dynaconf  # noqa\nsettings = dynaconf.DjangoDynaconf(__name__)  # noqa\n"
	files := map[string]string{"manage.py": keepManage, "mysite/__init__.py": "", "mysite/settings.py": settings, "requirements.txt": "Django==4.2.1\n"}
	_, err := buildTree(t, writeTree(t, files), "", false)
	if !errors.Is(err, ErrCannotEdit) || !strings.Contains(err.Error(), "dynaconf finishes these settings") {
		t.Fatalf("Build = %v, want a refusal naming dynaconf", err)
	}
}

// django-split-settings include(*LIST): the list's files say whether the
// call is the base (the block goes after it) or a machine's own optional
// file (the block goes before it); a list djharden cannot read refuses.
func TestPlacementSplitSettingsLists(t *testing.T) {
	t.Parallel()
	head := "from split_settings.tools import include, optional\n\nBASE = ('base.py',)\nLOCAL = [optional('local.py')]\n\ninclude(*BASE)\n\n"
	files := map[string]string{
		"manage.py": keepManage, "mysite/__init__.py": "", "requirements.txt": "Django==4.2.1\n",
		"mysite/base.py":     "SECRET_KEY = 'literal-key-0123456789-0123456789-0123456789-abc'\nDEBUG = True\n",
		"mysite/settings.py": head + "include(*LOCAL)\n",
	}
	plan, err := buildTree(t, writeTree(t, files), "", false)
	if err != nil {
		t.Fatal(err)
	}
	got := changed(plan)["mysite/settings.py"]
	if !strings.Contains(got, "include(*BASE)\n\n"+BlockBegin) || !strings.Contains(got, BlockEnd+"\n\ninclude(*LOCAL)\n") {
		t.Errorf("want the block after include(*BASE) and before include(*LOCAL):\n%s", got)
	}

	files["mysite/settings.py"] = head + "include(*LOCAL, *get_files())\n"
	if _, err := buildTree(t, writeTree(t, files), "", false); !errors.Is(err, ErrCannotEdit) {
		t.Fatalf("include(*get_files()): err %v, want ErrCannotEdit", err)
	}

	files["mysite/settings.py"] = head + "if DEBUG:\n    LOCAL = []\ninclude(*LOCAL)\n"
	root := writeTree(t, files)
	if _, err := buildTree(t, root, "", false); !errors.Is(err, ErrCannotEdit) || !strings.Contains(err.Error(), "mysite/settings.py:10: include() runs the files of a list") {
		t.Fatalf("a list bound twice: err %v, want ErrCannotEdit naming line 10", err)
	}
}

// HSTS set only on one path through a branch djharden cannot decide (the
// production path, likely) is not lowered by the block, which holds on
// every path: its seconds and its flags are kept.
func TestHSTSNeverLoweredOnABranch(t *testing.T) {
	t.Parallel()
	settings := "import os\nDEBUG = False\nSECRET_KEY = os.environ['SECRET_KEY']\nALLOWED_HOSTS = ['example.com']\n" +
		"if os.environ.get('USE_HTTPS'):\n    SECURE_HSTS_SECONDS = 31536000\n    SECURE_HSTS_INCLUDE_SUBDOMAINS = True\n    SECURE_HSTS_PRELOAD = True\n"
	files := map[string]string{"manage.py": keepManage, "mysite/__init__.py": "", "mysite/settings.py": settings, "requirements.txt": "Django==4.2.1\n"}
	p, err := project.Discover(project.Options{Dir: writeTree(t, files), NoGit: true, NoScan: true})
	if err != nil {
		t.Fatal(err)
	}
	a := DefaultAnswers(p)
	a.Domains, a.HTTPS, a.Key = []string{"example.com"}, HTTPSProxy, testKey
	plan, err := Build(p, a)
	if err != nil {
		t.Fatal(err)
	}
	got := changed(plan)["mysite/settings.py"]
	block := got[strings.Index(got, BlockBegin):]
	for _, want := range []string{"\nSECURE_HSTS_SECONDS = 31536000\n", "\nSECURE_HSTS_INCLUDE_SUBDOMAINS = True\n", "\nSECURE_HSTS_PRELOAD = True\n"} {
		if !strings.Contains(block, want) {
			t.Errorf("the block lacks %q:\n%s", strings.TrimSpace(want), block)
		}
	}
	if !strings.Contains(strings.Join(plan.Notes, "\n"), "mysite/settings.py:6 sends it for 31536000 seconds on one path") {
		t.Errorf("notes do not say why HSTS stays a year: %v", plan.Notes)
	}
}
