package project

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/djharden/djharden/internal/testenv"
)

// A settings package that picks its module from an environment variable:
// the production module is judged, and a note says that the module
// manage.py runs does not import it unless that variable is set.
func TestSelectorModuleIsNoted(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	files := map[string]string{
		"manage.py":                      "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n",
		"mysite/__init__.py":             "",
		"mysite/settings/__init__.py":    "import os\nENVIRONMENT = os.environ.get('DJANGO_ENV', 'development')\nif ENVIRONMENT == 'production':\n    from .production import *\nelse:\n    from .development import *\n",
		"mysite/settings/development.py": "DEBUG = True\n",
		"mysite/settings/production.py":  "DEBUG = False\n",
		"prod.env":                       "DJANGO_ENV=production\n",
	}
	testenv.WriteTree(t, dir, files)
	note := func(p *Project) bool {
		for _, pr := range p.Problems {
			if pr.File == "mysite/settings/__init__.py" && pr.Line == 4 && strings.Contains(pr.Message, "imports mysite.settings.production only under a condition that does not hold") {
				return true
			}
		}
		return false
	}
	p, err := Discover(Options{Dir: dir, NoGit: true, NoScan: true})
	if err != nil {
		t.Fatal(err)
	}
	if p.SettingsModule != "mysite.settings.production" || !note(p) {
		t.Errorf("module %s, problems %+v: want production judged and the selector noted", p.SettingsModule, p.Problems)
	}
	// With DJANGO_ENV=production the selector runs production: no note.
	p, err = Discover(Options{Dir: dir, EnvFile: filepath.Join(dir, "prod.env"), NoGit: true, NoScan: true})
	if err != nil {
		t.Fatal(err)
	}
	if note(p) {
		t.Errorf("noted although the env file makes the selector import production: %+v", p.Problems)
	}
}
