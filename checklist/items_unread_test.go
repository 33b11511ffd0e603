package checklist

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/djharden/djharden/checklist/project"
	"github.com/djharden/djharden/internal/testenv"
)

// settingsItems are the items judged from the settings module.
var settingsItems = []string{"debug", "secret-key", "allowed-hosts", "https-redirect", "hsts", "proxy-ssl-header",
	"csrf", "session-cookies", "clickjacking", "security-headers", "email-backend", "secrets-in-settings"}

// writeProject lays out a startproject-like tree in a temp dir.
func writeProject(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	files["manage.py"] = "import os\nos.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", \"mysite.settings\")\n"
	files["mysite/__init__.py"] = ""
	testenv.WriteTree(t, dir, files)
	return dir
}

func discoverDir(t *testing.T, dir string) *Report {
	t.Helper()
	p, err := project.Discover(project.Options{Dir: dir, NoGit: true, NoScan: true})
	if err != nil {
		t.Fatal(err)
	}
	return Run(p, RunOptions{})
}

// An unreadable settings file makes every settings item unknown, naming
// the file: none passes on Django's defaults while the file says DEBUG = True.
func TestUnreadableSettingsAreUnknown(t *testing.T) {
	t.Parallel()
	insecure := "DEBUG = True\nSECRET_KEY = 'x'\nALLOWED_HOSTS = ['*']\n"
	cases := map[string]string{
		"nul byte":    insecure + "\x00\n",
		"not utf-8":   insecure + strings.Repeat("\xff\xfe", 200) + "\n",
		"over 16 MiB": insecure + "#" + strings.Repeat("x", project.MaxSourceSize) + "\n",
	}
	for name, body := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			rep := discoverDir(t, writeProject(t, map[string]string{"mysite/settings.py": body}))
			for _, id := range settingsItems {
				f := findingByID(rep, id)
				if f.Status != Unknown || !strings.Contains(f.Message, "mysite/settings.py") || len(f.Locations) == 0 || f.Locations[0].File != "mysite/settings.py" {
					t.Errorf("%s: %s %q %+v, want unknown naming mysite/settings.py", id, f.Status, f.Message, f.Locations)
				}
			}
		})
	}
}

// exec and globals().update can set anything: nothing passes after them.
func TestDynamicSettingsAreUnknown(t *testing.T) {
	t.Parallel()
	for _, line := range []string{
		"exec(open(os.path.join(BASE_DIR, 'local_settings.py')).read())",
		"globals().update(load_yaml('settings.yml'))",
	} {
		rep := discoverDir(t, writeProject(t, map[string]string{
			"mysite/settings.py": "import os\nBASE_DIR = '.'\nDEBUG = False\n" + line + "\n",
		}))
		if f := findingByID(rep, "debug"); f.Status != Unknown || len(f.Locations) == 0 || f.Locations[0].Line != 4 {
			t.Errorf("%s: debug %s %q %+v, want unknown at mysite/settings.py:4", line, f.Status, f.Message, f.Locations)
		}
	}
}

// A settings module whose base module is unreadable is unknown too.
func TestUnreadableBaseSettingsAreUnknown(t *testing.T) {
	t.Parallel()
	rep := discoverDir(t, writeProject(t, map[string]string{
		"mysite/base.py":     "DEBUG = True\n\x00\n",
		"mysite/settings.py": "from .base import *\nSECRET_KEY = 'x'\n",
	}))
	if f := findingByID(rep, "debug"); f.Status != Unknown || !strings.Contains(f.Message, "mysite/base.py") {
		t.Errorf("debug: %s %q, want unknown naming mysite/base.py", f.Status, f.Message)
	}
}

func TestClassAndTemplatedSettings(t *testing.T) {
	tests := []struct {
		fixture string
		module  string
		expect  []fixtureExpect
	}{
		// Settings.load_settings(__name__) copies a class (and its bases) into the module.
		{"classsettings", "portal.settings", []fixtureExpect{
			{"debug", Fail, []string{"security.W018"}, "DEBUG is on", "portal/settings_base.py", "DEBUG = True"},
			{"secret-key", Fail, []string{"security.W009"}, "written in the settings file", "portal/settings_base.py", "SECRET_KEY = "},
			{"allowed-hosts", Pass, nil, "", "", ""},
			{"https-redirect", Pass, nil, "", "", ""},
			{"hsts", Warn, []string{"security.W004"}, "SECURE_HSTS_SECONDS is not set", "", ""},
			{"csrf", Warn, []string{"security.W016"}, "CSRF_COOKIE_SECURE", "", ""},
		}},
		// django-configurations: which class runs is decided by code djharden does not run.
		{"configurations", "shop.settings", []fixtureExpect{
			{"debug", Unknown, nil, "class Common, Dev, Prod", "shop/settings.py", "class Common(Configuration):"},
			{"https-redirect", Unknown, nil, "class-based settings", "shop/settings.py", "class Common(Configuration):"},
			{"secret-key", Unknown, nil, "class-based settings", "shop/settings.py", "class Common(Configuration):"},
		}},
		// getattr(configuration, ...) with only configuration_example.py in the repository.
		{"operatorconfig", "inventory.settings", []fixtureExpect{
			{"debug", Pass, nil, "as inventory/configuration_example.py sets it", "", ""},
			{"secret-key", Fail, []string{"security.W009"}, "empty", "inventory/configuration_example.py", `SECRET_KEY = ""`},
			{"allowed-hosts", Fail, []string{"security.W020"}, "empty", "inventory/configuration_example.py", "ALLOWED_HOSTS = []"},
			{"session-cookies", Pass, nil, "", "", ""},
			{"csrf", Warn, []string{"security.W016"}, "CSRF_COOKIE_SECURE", "inventory/settings.py", "CSRF_COOKIE_SECURE = getattr("},
		}},
		// cookiecutter's Jinja: unknown, never "CSRF middleware not in MIDDLEWARE".
		{"jinja", "config.settings.production", []fixtureExpect{
			{"csrf", Unknown, nil, "template (Jinja", "config/settings/production.py", "{{ cookiecutter.domain_name }}"},
			{"debug", Unknown, nil, "template (Jinja", "config/settings/production.py", "{{ cookiecutter.domain_name }}"},
			{"clickjacking", Unknown, nil, "template (Jinja", "", ""},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			rep, p := fixtureReport(t, tt.fixture, "")
			if p.SettingsModule != tt.module {
				t.Fatalf("settings module %q, want %q (%s)", p.SettingsModule, tt.module, p.SettingsReason)
			}
			checkExpectations(t, rep, p, tt.expect)
		})
	}
}

// checkExpectations asserts each expected status, Django IDs, message and
// evidence line of a report.
func checkExpectations(t *testing.T, rep *Report, p *project.Project, expect []fixtureExpect) {
	t.Helper()
	for _, e := range expect {
		f := findingByID(rep, e.item)
		ids := e.ids
		if ids == nil {
			ids = []string{}
		}
		if f.Status != e.status || !slices.Equal(f.DjangoIDs, ids) || !findingSays(f, e.message) {
			t.Errorf("%s: %s %v %q, want %s %v with %q\n%+v", e.item, f.Status, f.DjangoIDs, f.Message, e.status, ids, e.message, f.Problems)
			continue
		}
		if e.file == "" {
			continue
		}
		want := lineContaining(t, p.Root, e.file, e.at)
		found := false
		for _, l := range f.Locations {
			found = found || (l.File == e.file && l.Line == want)
		}
		if !found {
			t.Errorf("%s: locations %+v, want %s:%d", e.item, f.Locations, e.file, want)
		}
	}
}

// With the operator's configuration.py present, it is what is judged.
func TestOperatorConfigurationModule(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile(filepath.Join("testdata", "projects", "operatorconfig", "inventory", "settings.py"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"mysite/settings.py":      strings.ReplaceAll(string(src), "inventory.configuration", "mysite.configuration"),
		"mysite/configuration.py": "ALLOWED_HOSTS = ['inventory.example.com']\nSECRET_KEY = '" + strongKey + "'\nDEBUG = True\n",
	}
	rep := discoverDir(t, writeProject(t, files))
	if f := findingByID(rep, "debug"); f.Status != Fail || len(f.Locations) != 1 || f.Locations[0].File != "mysite/settings.py" {
		t.Errorf("debug %s %q %+v, want fail from the configuration module", f.Status, f.Message, f.Locations)
	}
	if f := findingByID(rep, "allowed-hosts"); f.Status != Pass {
		t.Errorf("allowed-hosts %s %q", f.Status, f.Message)
	}
	// Neither the module nor an example: unknown, not Django's defaults.
	delete(files, "mysite/configuration.py")
	rep = discoverDir(t, writeProject(t, files))
	for _, id := range []string{"debug", "secret-key", "allowed-hosts"} {
		if f := findingByID(rep, id); f.Status != Unknown {
			t.Errorf("%s without a configuration module: %s %q", id, f.Status, f.Message)
		}
	}
}
