package project

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

const riskyView = "from django.db import connection\n\n\ndef search(request):\n    q = request.GET['q']\n    with connection.cursor() as cursor:\n        cursor.execute(f\"SELECT * FROM book WHERE title = '{q}'\")\n"

// manage.py in sandbox/ and the code in src/ (django-oscar's layout): the
// scan covers the repository, skips a virtualenv and node_modules, and
// cites files relative to Root.
func TestScanCoversTheRepository(t *testing.T) {
	t.Parallel()
	top := writeTree(t, map[string]string{
		"sandbox/manage.py":                      "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'settings')\n",
		"sandbox/settings.py":                    "DEBUG = False\n",
		"src/shop/__init__.py":                   "",
		"src/shop/views.py":                      riskyView,
		"venv/pyvenv.cfg":                        "home = /usr/bin\n",
		"venv/lib/python3.12/site-packages/x.py": riskyView,
		"node_modules/pkg/x.py":                  riskyView,
		"build/lib/shop/views.py":                riskyView,
	})
	if err := os.Mkdir(filepath.Join(top, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, start := range []string{"sandbox", "."} {
		p, err := Discover(Options{Dir: filepath.Join(top, start), NoGit: true})
		if err != nil {
			t.Fatal(err)
		}
		if p.Root != filepath.Join(top, "sandbox") || p.Scan == nil {
			t.Fatalf("root %s, scan %v", p.Root, p.Scan)
		}
		var files []string
		for _, s := range p.Scan.Sites {
			files = append(files, s.File)
		}
		if !slices.Equal(files, []string{"../src/shop/views.py"}) {
			t.Errorf("from %s: sites in %v, want only ../src/shop/views.py", start, files)
		}
	}
}

// Without .git, the directory given is the repository.
func TestScanCoversTheDirectoryGiven(t *testing.T) {
	t.Parallel()
	top := writeTree(t, map[string]string{
		"sandbox/manage.py":   "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'settings')\n",
		"sandbox/settings.py": "DEBUG = False\n",
		"src/shop/views.py":   riskyView,
	})
	p, err := Discover(Options{Dir: top, NoGit: true})
	if err != nil {
		t.Fatal(err)
	}
	if p.Scan == nil || len(p.Scan.Sites) != 1 || p.Scan.Sites[0].File != "../src/shop/views.py" {
		t.Errorf("sites %+v", p.Scan)
	}
}

// In a monorepo of two Django projects, one's code is never cited for the other.
func TestScanKeepsSubProjectsApart(t *testing.T) {
	t.Parallel()
	top := writeTree(t, map[string]string{
		"shop/manage.py":        "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'shop.settings')\n",
		"shop/shop/settings.py": "DEBUG = False\n",
		"shop/shop/views.py":    riskyView,
		"blog/manage.py":        "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'blog.settings')\n",
		"blog/blog/settings.py": "DEBUG = False\n",
		"blog/blog/views.py":    riskyView,
		"libs/common/db.py":     riskyView,
	})
	if err := os.Mkdir(filepath.Join(top, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	p, err := Discover(Options{Dir: filepath.Join(top, "shop"), NoGit: true})
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, s := range p.Scan.Sites {
		files = append(files, s.File)
	}
	slices.Sort(files)
	if !slices.Equal(files, []string{"../libs/common/db.py", "shop/views.py"}) {
		t.Errorf("sites in %v, want the shop's and the shared library's only", files)
	}
}

// Run at the top of a monorepo, the chosen project is described by its own
// files only: the other project's requirements and hosting files are not
// cited for it.
func TestMonorepoEvidenceStaysWithItsProject(t *testing.T) {
	t.Parallel()
	top := writeTree(t, map[string]string{
		"blog/manage.py":         "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'blog.settings')\n",
		"blog/blog/__init__.py":  "",
		"blog/blog/settings.py":  "DEBUG = False\n",
		"blog/Procfile":          "web: gunicorn blog.wsgi\n",
		"shop/manage.py":         "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'shop.settings')\n",
		"shop/shop/__init__.py":  "",
		"shop/shop/settings.py":  "DEBUG = False\n",
		"shop/requirements.txt":  "Django==5.2.18\n",
		"shop/.do/app.yaml":      "name: shop\n",
		"requirements-tools.txt": "ruff==0.6.0\n",
	})
	p, err := Discover(Options{Dir: top, NoGit: true, NoScan: true})
	if err != nil {
		t.Fatal(err)
	}
	if p.Root != filepath.Join(top, "blog") {
		t.Fatalf("root %s", p.Root)
	}
	if p.Django.Known {
		t.Errorf("version %+v taken from another project", p.Django)
	}
	for _, h := range p.Hosting {
		if h.File != "Procfile" {
			t.Errorf("hosting hint from %s", h.File)
		}
	}
}
