package project

import (
	"reflect"
	"testing"
)

func TestTemplateDirs(t *testing.T) {
	src := `import os
from pathlib import Path
BASE_DIR = Path(__file__).resolve().parent.parent
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "DIRS": [BASE_DIR / "site_html", os.path.join(BASE_DIR, "themes", "dark"), SOME_DIR, "/etc/templates", BASE_DIR / "../outside"],
    "APP_DIRS": True,
}]
`
	p := settingsProject(t, map[string]string{"s.py": src}, nil, django32)
	s, _, _ := evaluateBothWays(t, p, "s")
	if got, want := templateDirs(s), []string{"site_html", "themes/dark"}; !reflect.DeepEqual(got, want) {
		t.Errorf("templateDirs = %v, want %v", got, want)
	}
}

// TestDiscoverScansTemplateDirs: templates in a DIRS folder not named
// "templates" are scanned too.
func TestDiscoverScansTemplateDirs(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"manage.py":        "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site.settings')\n",
		"site/__init__.py": "",
		"site/settings.py": "from pathlib import Path\nBASE_DIR = Path(__file__).resolve().parent.parent\n" +
			"TEMPLATES = [{'BACKEND': 'django.template.backends.django.DjangoTemplates', 'DIRS': [BASE_DIR / 'site_html']}]\n",
		"site_html/page.html": "<p>{{ bio|safe }}</p>\n",
	})
	p, err := Discover(Options{Dir: dir, NoGit: true})
	if err != nil {
		t.Fatal(err)
	}
	if p.Scan == nil || len(p.Scan.Sites) != 1 || p.Scan.Sites[0].File != "site_html/page.html" {
		t.Fatalf("scan sites = %+v, want the |safe in site_html/page.html", p.Scan)
	}
}
