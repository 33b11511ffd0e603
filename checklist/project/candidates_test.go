package project

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestChooseModuleFixtures(t *testing.T) {
	tests := []struct {
		fixture   string
		root      string
		requested string
		module    string
		reason    string
		sources   map[string][]string // module -> Sources, for the modules listed
	}{
		{"startproject", "", "", "mysite.settings", "the module asgi.py, manage.py and wsgi.py use",
			map[string][]string{"mysite.settings": {"manage.py:9", "mysite/asgi.py:14", "mysite/wsgi.py:14"}}},
		{"cookiecutter", "", "", "config.settings.production",
			"Dockerfile, Procfile, docker-compose.production.yml and wsgi.py set it and its name says production",
			map[string][]string{
				"config.settings.local":      {"manage.py:7"},
				"config.settings.test":       {"pytest.ini:3"},
				"config.settings.production": {"Dockerfile:3", "Procfile:2", "config/wsgi.py:10", "docker-compose.production.yml:7"},
			}},
		{"cookiecutter", "", "config.settings.local", "config.settings.local", "given with --settings", nil},
		{"srclayout", "src", "", "shop.settings", "the module manage.py and wsgi.py use", nil},
		{"settingspkg", "", "", "portal.settings", "the module manage.py and wsgi.py use",
			map[string][]string{"portal.settings": {"manage.py:9", "portal/wsgi.py:14", "pyproject.toml:15"}}},
		{"decoupleproject", "", "", "shopfront.settings", "render.yaml sets it for the deployed site",
			map[string][]string{"shopfront.settings": {"manage.py:9", "shopfront/wsgi.py:14", "render.yaml:9"}}},
		{"customenv", "", "", "tracker.settings_prod", "app.yaml and wsgi.py set it and its name says production", nil},
	}
	for _, tt := range tests {
		t.Run(tt.fixture+"/"+tt.requested, func(t *testing.T) {
			root := filepath.Join(copyFixture(t, tt.fixture), filepath.FromSlash(tt.root))
			p := &Project{Root: root}
			p.chooseModule(tt.requested, buildIndex(root, root))
			if p.SettingsModule != tt.module || !strings.HasPrefix(p.SettingsReason, tt.reason) {
				t.Errorf("chose %q (%q)\nwant %q (%q)", p.SettingsModule, p.SettingsReason, tt.module, tt.reason)
			}
			for module, want := range tt.sources {
				var got []string
				for _, c := range p.Candidates {
					if c.Module == module {
						got = c.Sources
					}
				}
				sortStrings(got)
				sortStrings(want)
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s sources = %v, want %v", module, got, want)
				}
			}
			if len(p.Problems) != 0 {
				t.Errorf("problems: %+v", p.Problems)
			}
		})
	}
}

func TestChooseModuleCandidatesAndProblems(t *testing.T) {
	root := copyFixture(t, "cookiecutter")
	p := &Project{Root: root}
	p.chooseModule("config.settings.nope", buildIndex(root, root))
	if p.SettingsModule != "config.settings.production" {
		t.Errorf("fallback chose %q", p.SettingsModule)
	}
	if len(p.Problems) != 1 || !strings.Contains(p.Problems[0].Message, "--settings config.settings.nope: no such module") {
		t.Errorf("problems = %+v", p.Problems)
	}
	var mods []string
	for _, c := range p.Candidates {
		mods = append(mods, c.Module)
		if c.Production != (c.Module == "config.settings.production") {
			t.Errorf("%s: Production = %v", c.Module, c.Production)
		}
	}
	sortStrings(mods)
	want := []string{"config.settings", "config.settings.base", "config.settings.local", "config.settings.production", "config.settings.test"}
	if !reflect.DeepEqual(mods, want) {
		t.Errorf("candidates = %v, want %v", mods, want)
	}
}

func TestChooseModuleRules(t *testing.T) {
	manage := func(m string) string {
		return "import os\n\ndef main():\n    os.environ.setdefault('DJANGO_SETTINGS_MODULE', '" + m + "')\n"
	}
	tests := []struct {
		name   string
		files  map[string]string
		module string
		reason string
		probs  int
	}{
		{"production by name only", map[string]string{"manage.py": manage("app.settings.dev"),
			"app/settings/dev.py": "", "app/settings/prod.py": ""},
			"app.settings.prod", "its name says production", 0},
		{"wsgi beats manage", map[string]string{"manage.py": manage("app.dev"), "app/dev.py": "", "app/server.py": "",
			"app/wsgi.py": "import os\nos.environ['DJANGO_SETTINGS_MODULE'] = \"app.server\"\n"},
			"app.server", "the module wsgi.py uses", 0},
		{"commented out reference", map[string]string{"manage.py": "# os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'app.prod')\n" + manage("app.settings"),
			"app/settings.py": "", "app/prod.py": ""},
			"app.settings", "the module manage.py uses", 0},
		{"dangling reference", map[string]string{"manage.py": manage("gone.settings"), "site/settings.py": ""},
			"site.settings", "the only settings module found", 1},
		{"split setdefault", map[string]string{"manage.py": "os.environ.setdefault(\n    \"DJANGO_SETTINGS_MODULE\",\n    \"a.settings\",\n)\n", "a/settings.py": ""},
			"a.settings", "the module manage.py uses", 0},
		{"compose map and env", map[string]string{"manage.py": manage("a.settings"), "a/settings.py": "", "a/live.py": "",
			"compose.yaml": "services:\n  web:\n    environment:\n      DJANGO_SETTINGS_MODULE: \"a.live\"\n"},
			"a.live", "compose.yaml sets it and its name says production", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := writeTree(t, tt.files)
			p := &Project{Root: root}
			p.chooseModule("", buildIndex(root, root))
			if p.SettingsModule != tt.module || !strings.HasPrefix(p.SettingsReason, tt.reason) || len(p.Problems) != tt.probs {
				t.Errorf("got %q (%q), %d problems %+v", p.SettingsModule, p.SettingsReason, len(p.Problems), p.Problems)
			}
		})
	}
}

func TestFindRefsFormats(t *testing.T) {
	tests := []struct {
		file string
		data string
		want []string // module@line
	}{
		{"Procfile", "web: DJANGO_SETTINGS_MODULE=a.prod gunicorn a.wsgi\nworker: celery --env DJANGO_SETTINGS_MODULE='a.worker' -A a\n", []string{"a.prod@1", "a.worker@2"}},
		{"Dockerfile", "ENV DJANGO_SETTINGS_MODULE a.prod\n# ENV DJANGO_SETTINGS_MODULE=a.old\nENV A=1 DJANGO_SETTINGS_MODULE=\"a.x\"\n", []string{"a.prod@1", "a.x@3"}},
		{"fly.toml", "[env]\n  DJANGO_SETTINGS_MODULE = \"a.fly\"\n", []string{"a.fly@2"}},
		{"render.yaml", "envVars:\n  - key: DJANGO_SETTINGS_MODULE\n    value: a.render\n", []string{"a.render@3"}},
		{"app.yaml", "env_variables:\n  DJANGO_SETTINGS_MODULE: 'a.gae'\n", []string{"a.gae@2"}},
		{".env", "DJANGO_SETTINGS_MODULE=a.local\n", []string{"a.local@1"}},
		{"tox.ini", "[testenv]\nsetenv =\n    DJANGO_SETTINGS_MODULE = a.tox\n; DJANGO_SETTINGS_MODULE = a.no\n", []string{"a.tox@3"}},
		{"x/wsgi.py", "os.environ.setdefault('DJANGO_SETTINGS_MODULE', f'{x}')\n", nil},
	}
	for _, tt := range tests {
		kind, ok := refKindOf(tt.file)
		if !ok {
			t.Errorf("%s: not a reference file", tt.file)
			continue
		}
		var got []string
		for _, r := range findRefs(tt.file, kind, []byte(tt.data)) {
			got = append(got, r.Module+"@"+itoaTest(r.Line))
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: got %v, want %v", tt.file, got, tt.want)
		}
	}
}
