package project

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A compose file for local development does not name the production
// module: a production-named module wins, whether the Dockerfile names it
// or not, and the reason lists the others.
func TestProductionModuleOverLocalCompose(t *testing.T) {
	for _, withEnv := range []bool{true, false} {
		dir := copyFixture(t, "composedev")
		if !withEnv {
			docker := filepath.Join(dir, "Dockerfile")
			data, err := os.ReadFile(docker)
			if err != nil {
				t.Fatal(err)
			}
			kept := strings.ReplaceAll(string(data), "ENV DJANGO_SETTINGS_MODULE=bookshelf.settings.prod\n", "")
			if err := os.WriteFile(docker, []byte(kept), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		p, err := Discover(Options{Dir: dir, NoGit: true, NoScan: true})
		if err != nil {
			t.Fatal(err)
		}
		want := "Dockerfile sets it and its name says production"
		if !withEnv {
			want = "its name says production"
		}
		if p.SettingsModule != "bookshelf.settings.prod" || !strings.HasPrefix(p.SettingsReason, want) ||
			!strings.Contains(p.SettingsReason, "bookshelf.settings.docker (docker-compose.yml:12, local development)") {
			t.Errorf("Dockerfile ENV %v: chose %s (%s)", withEnv, p.SettingsModule, p.SettingsReason)
		}
		for _, h := range p.Hosting {
			if h.Kind == "compose" && (h.Proxy || !strings.Contains(h.Detail, "local development")) {
				t.Errorf("compose hint %+v", h)
			}
		}
	}
}

func TestComposeIsLocal(t *testing.T) {
	tests := []struct {
		name, body string
		local      bool
	}{
		{"docker-compose.yml", "services:\n  web:\n    volumes:\n      - .:/app\n", true},
		{"docker-compose.yml", "services:\n  web:\n    command: python manage.py runserver 0.0.0.0:8000\n", true},
		{"compose.yaml", "services:\n  web:\n    environment:\n      DJANGO_DEBUG: \"True\"\n", true},
		{"docker-compose.local.yml", "services:\n  web:\n    image: app\n", true},
		{"docker-compose.production.yml", "services:\n  web:\n    command: python manage.py runserver\n", false},
		{"docker-compose.yml", "services:\n  web:\n    image: registry/app:1.2\n    command: gunicorn app.wsgi\n    volumes:\n      - static:/static\n", false},
	}
	for _, tt := range tests {
		if got := composeIsLocal(tt.name, splitLines([]byte(tt.body))); got != tt.local {
			t.Errorf("%s %q: local %v, want %v", tt.name, tt.body, got, tt.local)
		}
	}
}

// .do/app.yaml is DigitalOcean App Platform's spec, not Google App Engine's.
func TestDigitalOceanAppSpec(t *testing.T) {
	if k := hostingFileKind(".do/app.yaml"); k != "digitalocean" {
		t.Errorf(".do/app.yaml is %q", k)
	}
	if k := hostingFileKind("app.yaml"); k != "appengine" {
		t.Errorf("app.yaml is %q", k)
	}
	h := hintsFor("digitalocean", ".do/app.yaml", []string{"name: shop"})
	if len(h) != 1 || !h[0].Proxy || !strings.Contains(h[0].Detail, "DigitalOcean App Platform") {
		t.Errorf("hint %+v", h)
	}
}

// When nothing names a module (the environment sets it, as BabyBuddy's
// .env does), the empty __init__.py of a settings package is not judged:
// the base module the others build on is, and the reason says to name the
// production one.
func TestUnnamedSettingsPackageJudgesItsBase(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for rel, src := range map[string]string{
		"manage.py":                   "import sys\nfrom django.core.management import execute_from_command_line\nexecute_from_command_line(sys.argv)\n",
		"app/__init__.py":             "",
		"app/settings/__init__.py":    "",
		"app/settings/base.py":        "DEBUG = True\nSECRET_KEY = 'x'\n",
		"app/settings/development.py": "from .base import *\n",
		"app/settings/test.py":        "from .base import *\n",
	} {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p, err := Discover(Options{Dir: dir, NoGit: true, NoScan: true})
	if err != nil {
		t.Fatal(err)
	}
	if p.SettingsModule != "app.settings.base" || !strings.Contains(p.SettingsReason, "--settings") {
		t.Errorf("chose %s (%s), want app.settings.base and a pointer to --settings", p.SettingsModule, p.SettingsReason)
	}
	if s := p.Settings.Get("DEBUG"); s == nil || s.Default {
		t.Errorf("DEBUG was not read from base.py: %+v", s)
	}
}
