package project

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/djharden/djharden/internal/testenv"
)

// With django-environ, an env line it does not read is noted, and its
// value does not resolve the settings (Django would never see it).
func TestUnportableEnvLinesFlagged(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	files := map[string]string{
		"manage.py":          "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n",
		"mysite/__init__.py": "",
		"mysite/settings.py": "import environ\nenv = environ.Env()\nDEBUG = env.bool('DJANGO_DEBUG')\nSECRET_KEY = env('DJANGO_SECRET_KEY')\n",
		".env":               "export DJANGO_DEBUG=off\nDJANGO_SECRET_KEY=abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTU\n",
	}
	testenv.WriteTree(t, dir, files)
	p, err := Discover(Options{Dir: dir, NoGit: true, NoScan: true, EnvFile: filepath.Join(dir, ".env")})
	if err != nil {
		t.Fatal(err)
	}
	if p.EnvStyle != "environ" {
		t.Fatalf("env style %q", p.EnvStyle)
	}
	var noted bool
	for _, pr := range p.Problems {
		noted = noted || pr.Line == 1 && strings.Contains(pr.Message, "django-environ and python-decouple do not read")
	}
	if !noted {
		t.Errorf("no note for the export line: %+v", p.Problems)
	}
	if _, ok := p.EnvValues["DJANGO_DEBUG"]; ok {
		t.Error("a value django-environ does not read still resolves DEBUG")
	}
	if _, ok := p.EnvValues["DJANGO_SECRET_KEY"]; !ok {
		t.Error("a portable line was dropped")
	}
}
