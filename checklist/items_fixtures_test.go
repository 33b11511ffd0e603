package checklist

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/djharden/djharden/checklist/project"
)

// fixtureReport discovers testdata/projects/NAME (env file relative to it,
// "" for none) and runs the checklist with the clock at the table's date.
func fixtureReport(t *testing.T, name, envFile string) (*Report, *project.Project) {
	t.Helper()
	dir := filepath.Join("testdata", "projects", name)
	opts := project.Options{Dir: dir, NoGit: true, NoScan: true}
	if envFile != "" {
		opts.EnvFile = filepath.Join(dir, envFile)
	}
	p, err := project.Discover(opts)
	if err != nil {
		t.Fatal(err)
	}
	saved := clock
	clock = func() time.Time { return ReleasesAsOf }
	defer func() { clock = saved }()
	return Run(p, RunOptions{}), p
}

// lineContaining finds the 1-based line of a fixture file holding text.
func lineContaining(t *testing.T, root, file, text string) int {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(file)))
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range strings.Split(string(data), "\n") {
		if strings.Contains(l, text) {
			return i + 1
		}
	}
	t.Fatalf("%s has no line with %q", file, text)
	return 0
}

type fixtureExpect struct {
	item    string
	status  Status
	ids     []string
	message string // in the message or a problem
	file    string // expected evidence file ("" = not checked)
	at      string // text of the expected evidence line
}

func TestFixtureProjects(t *testing.T) {
	tests := []struct {
		fixture string
		envFile string
		module  string
		expect  []fixtureExpect
	}{
		{"beginner", "", "shop.settings", []fixtureExpect{
			{"debug", Warn, nil, "raw text of DEBUG", "shop/settings.py", `DEBUG = os.environ.get("DEBUG", False)`},
			{"secret-key", Fail, []string{"security.W009"}, "falls back to a literal key", "shop/settings.py", `SECRET_KEY = os.environ.get(`},
			{"allowed-hosts", Fail, nil, "contains '*'", "shop/settings.py", `ALLOWED_HOSTS = [`},
			{"allowed-hosts", Fail, nil, "has a scheme", "", ""},
			{"csrf", Warn, []string{"4_0.E001"}, "has no scheme", "shop/settings.py", `CSRF_TRUSTED_ORIGINS = [`},
			{"https-redirect", Warn, nil, "redirects forever", "shop/settings.py", `SECURE_SSL_REDIRECT = True`},
			{"security-headers", Warn, nil, "SECURE_BROWSER_XSS_FILTER is obsolete", "shop/settings.py", `SECURE_BROWSER_XSS_FILTER = True`},
			{"secrets-in-settings", Warn, nil, `DATABASES["default"]["PASSWORD"]`, "shop/settings.py", `"PASSWORD": `},
			{"secrets-in-settings", Warn, nil, "EMAIL_HOST_PASSWORD", "", ""},
			{"django-version", Fail, nil, "stopped getting security fixes", "", ""},
		}},
		{"splitenviron", "prod.env", "config.settings.production", []fixtureExpect{
			{"debug", Fail, []string{"security.W018"}, "not in the env file and the default is true", "config/settings/base.py", `DEBUG = env.bool(`},
			{"secret-key", Pass, nil, "", "", ""},
			{"allowed-hosts", Warn, nil, "spaces around it", "config/settings/production.py", `ALLOWED_HOSTS = env.list(`},
			{"hsts", Warn, nil, "at least a year", "config/settings/production.py", `SECURE_HSTS_SECONDS = 60`},
			{"django-version", Pass, nil, "", "", ""},
		}},
		{"decouplepkg", "prod.env", "portal.settings", []fixtureExpect{
			{"debug", Pass, nil, "", "", ""},
			{"allowed-hosts", Pass, nil, "", "", ""},
			{"clickjacking", Fail, []string{"security.W002"}, "not in MIDDLEWARE", "portal/settings/base.py", `MIDDLEWARE.remove(`},
			{"session-cookies", Skip, nil, "sends no session cookie", "", ""},
			{"proxy-ssl-header", Warn, nil, "fake HTTPS", "portal/settings/base.py", `SECURE_PROXY_SSL_HEADER = (`},
			{"hsts", Warn, nil, "at least a year", "", ""},
		}},
		{"customhelpers", "prod.env", "tracker.settings_prod", []fixtureExpect{
			{"debug", Pass, nil, "", "", ""},
			{"secret-key", Fail, []string{"security.W009"}, "9 characters", "tracker/settings_prod.py", `SECRET_KEY = env_str(`},
			{"email-backend", Warn, nil, "console backend", "tracker/settings_prod.py", `EMAIL_BACKEND = `},
			{"csrf", Warn, []string{"security.W016"}, "boolean True", "tracker/settings_prod.py", `CSRF_COOKIE_SECURE = "True"`},
			{"security-headers", Warn, nil, "No Content Security Policy", "", ""},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			rep, p := fixtureReport(t, tt.fixture, tt.envFile)
			if p.SettingsModule != tt.module {
				t.Fatalf("settings module %q, want %q (%s)", p.SettingsModule, tt.module, p.SettingsReason)
			}
			checkExpectations(t, rep, p, tt.expect)
		})
	}
}
