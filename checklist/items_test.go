package checklist

import (
	"slices"
	"strings"
	"testing"

	"github.com/djharden/djharden/checklist/project"
	"github.com/djharden/djharden/internal/testenv"
)

var (
	v32 = project.DjangoVersion{Known: true, Major: 3, Minor: 2, Patch: 25}
	v42 = project.DjangoVersion{Known: true, Major: 4, Minor: 2, Patch: 30}
	v60 = project.DjangoVersion{Known: true, Major: 6, Minor: 0, Patch: 9}
	v61 = project.DjangoVersion{Known: true, Major: 6, Minor: 1, Patch: 3}
)

// hardened is a settings module every item passes on 3.2; cases append lines to it.
const hardened = `import os
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DEBUG = False
ALLOWED_HOSTS = ["example.com"]
INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes", "django.contrib.sessions"]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
`

const strongKey = "k3P9x_vQ2mZ7rT1yB8nW4cL6hJ0sD5fG9aE2uI7oK1pX3zV8qR"

// itemProject evaluates settings source as mysite/settings.py.
func itemProject(t *testing.T, src string, env map[string]string, v project.DjangoVersion, tweak func(*project.Project)) *project.Project {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{"mysite/__init__.py": "", "mysite/settings.py": src}
	testenv.WriteTree(t, dir, files)
	p := &project.Project{Root: dir, Files: map[string]*project.SourceFile{}, Django: v, SettingsModule: "mysite.settings"}
	if env != nil {
		p.EnvFile, p.EnvValues = "prod.env", env
	}
	if tweak != nil {
		tweak(p)
	}
	p.Settings, p.SettingsFiles, _ = project.EvaluateSettings(p, "mysite.settings")
	return p
}

type itemCase struct {
	name string
	item string
	src  string // appended to hardened (or the whole module when it starts with "#!")
	env  map[string]string
	// noEnvFile runs without an env file: environment reads stay unknown.
	noEnvFile bool
	version   project.DjangoVersion
	tweak     func(*project.Project)
	status    Status
	ids       []string
	message   string // substring of the finding's message or one of its problems
	line      int    // expected line of the first location (0 = not checked)
}

func runItemCases(t *testing.T, cases []itemCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.item+"/"+tc.name, func(t *testing.T) {
			src := hardened + tc.src
			if strings.HasPrefix(tc.src, "#!") {
				src = tc.src
			}
			env := tc.env
			if env == nil {
				env = map[string]string{"DJANGO_SECRET_KEY": strongKey}
			} else if _, ok := env["DJANGO_SECRET_KEY"]; !ok {
				env["DJANGO_SECRET_KEY"] = strongKey
			}
			if tc.noEnvFile {
				env = nil
			}
			version := tc.version
			if !version.Known {
				version = v32
			}
			p := itemProject(t, src, env, version, tc.tweak)
			f := CheckOne(p, tc.item)
			if f.Status != tc.status {
				t.Errorf("status %s, want %s: %s\n%+v", f.Status, tc.status, f.Message, f.Problems)
			}
			ids := tc.ids
			if ids == nil {
				ids = []string{}
			}
			if !slices.Equal(f.DjangoIDs, ids) {
				t.Errorf("django_ids %v, want %v", f.DjangoIDs, ids)
			}
			if tc.message != "" && !findingSays(f, tc.message) {
				t.Errorf("no message contains %q: %s %+v", tc.message, f.Message, f.Problems)
			}
			if tc.line > 0 && (len(f.Locations) == 0 || f.Locations[0].Line != tc.line || f.Locations[0].File != "mysite/settings.py") {
				t.Errorf("locations %+v, want mysite/settings.py:%d", f.Locations, tc.line)
			}
			if strings.Contains(f.Message, strongKey) {
				t.Errorf("the key leaked into the message")
			}
		})
	}
}

func findingSays(f Finding, s string) bool {
	if strings.Contains(f.Message, s) {
		return true
	}
	for _, p := range f.Problems {
		if strings.Contains(p.Message, s) {
			return true
		}
	}
	return false
}

// lineOf is the 1-based line of the first line of hardened+extra that starts with prefix.
func lineOf(extra, prefix string) int {
	for i, l := range strings.Split(hardened+extra, "\n") {
		if strings.HasPrefix(l, prefix) {
			return i + 1
		}
	}
	return 0
}

func TestHardenedPassesEverySettingsItem(t *testing.T) {
	p := itemProject(t, hardened, map[string]string{"DJANGO_SECRET_KEY": strongKey}, v32, nil)
	pass := NewPass(p, RunOptions{})
	for _, it := range Items() {
		f := it.Check(pass)
		switch it.ID {
		case "sql-injection", "xss", "deploy-check", "env-file", "email-backend":
			if f.Status != Skip {
				t.Errorf("%s: %s, want skip: %s", it.ID, f.Status, f.Message)
			}
		case "django-version":
		case "static-files", "media-files", "error-pages", "database":
			// Deployment items: hardened has no static files, uploads, templates or database.
			if f.Status != Skip {
				t.Errorf("%s: %s, want skip: %s", it.ID, f.Status, f.Message)
			}
		case "error-reports", "logging":
			// Nobody is told about errors: the lesson stays (see items_deploy_test.go).
			if f.Status != Warn {
				t.Errorf("%s: %s, want warn: %s", it.ID, f.Status, f.Message)
			}
		default:
			if f.Status != Pass || len(f.DjangoIDs) != 0 {
				t.Errorf("%s: %s %v: %s %+v", it.ID, f.Status, f.DjangoIDs, f.Message, f.Problems)
			}
		}
	}
}

func TestItemsOrderAndLookup(t *testing.T) {
	want := []string{"debug", "secret-key", "allowed-hosts", "https-redirect", "hsts", "proxy-ssl-header", "csrf",
		"session-cookies", "sql-injection", "xss", "clickjacking", "security-headers", "email-backend",
		"django-version", "secrets-in-settings", "env-file", "static-files", "media-files", "error-reports",
		"error-pages", "database", "logging", "deploy-check"}
	var got []string
	covered := map[string]string{}
	for _, it := range Items() {
		got = append(got, it.ID)
		if it.Title == "" || it.Docs == "" || it.Check == nil {
			t.Errorf("%s: missing title, docs or check", it.ID)
		}
		if n := strings.Count(it.Lesson, "\n") + 1; n < 2 || n > 4 {
			t.Errorf("%s: lesson has %d lines, want 2-4", it.ID, n)
		}
		for _, id := range it.DjangoIDs {
			if other, dup := covered[id]; dup {
				t.Errorf("%s is covered by both %s and %s", id, other, it.ID)
			}
			covered[id] = it.ID
		}
		if Lookup(it.ID) != it {
			t.Errorf("Lookup(%q) is not the item", it.ID)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
	if Lookup("nope") != nil {
		t.Error("Lookup of an unknown ID returned an item")
	}
}
