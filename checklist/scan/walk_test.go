package scan

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"sort"
	"testing"

	"github.com/djharden/djharden/internal/testenv"
)

func siteFiles(sites []Site) []string {
	var out []string
	for _, s := range sites {
		out = append(out, s.File)
	}
	return out
}

const unsafeTemplate = "{{ x|safe }}\n"

func TestWalkSkipsAndGitignore(t *testing.T) {
	root := t.TempDir()
	testenv.WriteTree(t, root, map[string]string{
		"app/templates/app/page.html":        unsafeTemplate,
		"app/templates/app/mail.txt":         unsafeTemplate, // plain text: counted, not an XSS site
		"app/templates/app/feed.xml":         unsafeTemplate,
		"app/templates/app/welcome.email":    unsafeTemplate,                  // plain text too
		"app/templates/app/card.txt":         "<p>" + unsafeTemplate + "</p>", // HTML by content
		"app/templates/app/style.css":        unsafeTemplate,                  // not a template extension
		"app/static/app/page.html":           unsafeTemplate,                  // not under templates/
		"README.txt":                         unsafeTemplate,
		".git/templates/hook.html":           unsafeTemplate,
		"node_modules/pkg/templates/x.html":  unsafeTemplate,
		"venv/lib/templates/x.html":          unsafeTemplate,
		"venv/pyvenv.cfg":                    "home = /usr/bin\n",
		"env2/templates/x.html":              unsafeTemplate,
		"env2/pyvenv.cfg":                    "",
		"lib/site-packages/templates/x.html": unsafeTemplate,
		"build/templates/x.html":             unsafeTemplate,
		"pkg.egg-info/templates/x.html":      unsafeTemplate,
		"app/__pycache__/templates/x.html":   unsafeTemplate,
		".gitignore":                         "/generated/\n*.bak.html\nlocal_*\n",
		"generated/templates/x.html":         unsafeTemplate,
		"app/templates/app/old.bak.html":     unsafeTemplate,
		"app/templates/local_override.html":  unsafeTemplate,
		"shop/.gitignore":                    "templates/private/\n!local_keep.html\n",
		"shop/templates/private/x.html":      unsafeTemplate,
		"shop/templates/local_keep.html":     unsafeTemplate,
		"shop/templates/shop/list.html":      unsafeTemplate,
		"shop/tests/templates/fixture.html":  unsafeTemplate, // counted, hidden
		"shop/migrations/templates/m.html":   unsafeTemplate, // counted, hidden
		"shop/models.py":                     "x = 1\n",
		"design/mockups/index.html":          unsafeTemplate, // extra template dir option
	})
	res, err := Dir(root, Options{TemplateDirs: []string{"design"}})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"app/templates/app/card.txt",
		"app/templates/app/feed.xml",
		"app/templates/app/page.html",
		"design/mockups/index.html",
		"shop/templates/local_keep.html",
		"shop/templates/shop/list.html",
	}
	if got := siteFiles(res.Sites); !reflect.DeepEqual(got, want) {
		t.Errorf("files with sites:\n got %v\nwant %v", got, want)
	}
	if res.Hidden[RuleXSSTemplateSafe] != 2 {
		t.Errorf("hidden = %v, want 2 xss-template-safe", res.Hidden)
	}
	// 6 listed + 2 plain-text + 2 hidden templates + models.py.
	if res.Files != 11 {
		t.Errorf("files scanned = %d, want 11", res.Files)
	}
	if res.TextTemplates != 2 {
		t.Errorf("plain-text templates = %d, want 2 (mail.txt, welcome.email)", res.TextTemplates)
	}

	withTests, err := Dir(root, Options{TemplateDirs: []string{"design"}, IncludeTests: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(withTests.Sites) != len(want)+2 || len(withTests.Hidden) != 0 {
		t.Errorf("IncludeTests: %d sites, hidden %v", len(withTests.Sites), withTests.Hidden)
	}
}

func TestWalkDeterministic(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{}
	for _, d := range []string{"a", "b", "c", "d/e", "d/f/g"} {
		for _, f := range []string{"x.html", "y.html", "z.html"} {
			files[d+"/templates/"+f] = "{{ a|safe }}{{ b|safe }}\n{% autoescape off %}\n"
		}
	}
	testenv.WriteTree(t, root, files)
	first, err := Dir(root, Options{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, workers := range []int{2, 8, 32} {
		got, err := Dir(root, Options{Workers: workers})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got.Sites, first.Sites) {
			t.Fatalf("workers=%d: sites differ from the single-worker run", workers)
		}
	}
	if len(first.Sites) != 15*3 {
		t.Errorf("got %d sites, want 45", len(first.Sites))
	}
	if !sort.SliceIsSorted(first.Sites, func(i, j int) bool {
		a, b := first.Sites[i], first.Sites[j]
		return a.File < b.File || a.File == b.File && (a.Line < b.Line || a.Line == b.Line && a.Col < b.Col)
	}) {
		t.Error("sites are not sorted by file, line, column")
	}
}

func TestClassify(t *testing.T) {
	tests := []struct {
		rel  string
		kind fileKind
		test bool
	}{
		{"app/views.py", kindPython, false},
		{"app/tests.py", kindPython, true},
		{"app/tests/test_views.py", kindPython, true},
		{"app/test/helpers.py", kindPython, true},
		{"test_smoke.py", kindPython, true},
		{"app/views_tests.py", kindPython, true},
		{"conftest.py", kindPython, true},
		{"app/migrations/0001_initial.py", kindPython, true},
		{"app/testing.py", kindPython, false},
		{"app/contest.py", kindPython, false},
		{"app/templates/x.html", kindTemplate, false},
		{"templates/x.email", kindTemplate, false},
		{"app/templates.html", kindNone, false},
		{"app/x.js", kindNone, false},
	}
	for _, tt := range tests {
		if got := classify(tt.rel, nil); got != tt.kind {
			t.Errorf("classify(%q) = %v, want %v", tt.rel, got, tt.kind)
		}
		if got := isTestOrMigration(tt.rel); got != tt.test {
			t.Errorf("isTestOrMigration(%q) = %v, want %v", tt.rel, got, tt.test)
		}
	}
}

func TestDirContextCancelled(t *testing.T) {
	root := t.TempDir()
	testenv.WriteTree(t, root, map[string]string{"a/templates/x.html": unsafeTemplate})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := DirContext(ctx, root, Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestDirErrors(t *testing.T) {
	if _, err := Dir(filepath.Join(t.TempDir(), "nope"), Options{}); err == nil {
		t.Error("a missing root should be an error")
	}
	f := filepath.Join(t.TempDir(), "file.py")
	testenv.WriteTree(t, filepath.Dir(f), map[string]string{"file.py": ""})
	if _, err := Dir(f, Options{}); err == nil {
		t.Error("a file as root should be an error")
	}
}

func TestFiles(t *testing.T) {
	root := t.TempDir()
	testenv.WriteTree(t, root, map[string]string{
		"a/page.html":        unsafeTemplate, // not under templates/, but named explicitly
		"b/templates/x.html": unsafeTemplate,
	})
	res, err := Files(root, []string{"a/page.html", filepath.Join(root, "b", "templates", "x.html"), "gone.html"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := siteFiles(res.Sites); !reflect.DeepEqual(got, []string{"a/page.html", "b/templates/x.html"}) {
		t.Errorf("sites in %v", got)
	}
	if len(res.Skipped) != 1 || res.Files != 2 {
		t.Errorf("skipped %q, files %d", res.Skipped, res.Files)
	}
	if _, err := Files(root, []string{"/elsewhere/x.py"}, Options{}); err == nil {
		t.Error("a path outside the root should be an error")
	}
}
