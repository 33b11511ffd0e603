package project

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestFindRoot(t *testing.T) {
	tests := []struct {
		name     string
		files    map[string]string
		start    string // relative to the temp dir
		root     string // want, relative to the temp dir
		manage   string
		problems []string // substrings, one per expected Problem
	}{
		{"manage.py here", map[string]string{"manage.py": "", "mysite/settings.py": ""}, "", "", "manage.py", nil},
		{"from inside the package", map[string]string{"manage.py": "", "mysite/settings.py": ""}, "mysite", "", "manage.py", nil},
		{"src layout", map[string]string{"Procfile": "", "src/manage.py": "", "src/shop/settings.py": ""}, "", "src", "manage.py", nil},
		{"deep", map[string]string{"a/b/c/manage.py": ""}, "", "a/b/c", "manage.py", nil},
		{"several", map[string]string{"backend/manage.py": "", "docs/example/manage.py": "", "tools/x/y/manage.py": ""}, "",
			"backend", "manage.py", []string{"found 3 manage.py files; using the shallowest, backend/manage.py"}},
		{"skips venvs and node_modules", map[string]string{
			".venv/pyvenv.cfg": "", ".venv/lib/manage.py": "", "node_modules/x/manage.py": "", "app/manage.py": ""},
			"", "app", "manage.py", nil},
		{"settings only", map[string]string{"mysite/__init__.py": "", "mysite/settings.py": ""}, "", "", "",
			[]string{"no manage.py found"}},
		{"settings package only", map[string]string{"proj/config/__init__.py": "", "proj/config/settings/__init__.py": "", "proj/config/settings/base.py": ""},
			"", "proj", "", []string{"no manage.py found"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeTree(t, tt.files)
			res, err := findRoot(filepath.Join(dir, filepath.FromSlash(tt.start)))
			if err != nil {
				t.Fatal(err)
			}
			if want := filepath.Join(dir, filepath.FromSlash(tt.root)); res.Root != want {
				t.Errorf("root = %s, want %s", res.Root, want)
			}
			if res.ManagePy != tt.manage {
				t.Errorf("manage.py = %q, want %q", res.ManagePy, tt.manage)
			}
			if len(res.Problems) != len(tt.problems) {
				t.Fatalf("problems = %+v, want %d", res.Problems, len(tt.problems))
			}
			for i, want := range tt.problems {
				if !strings.Contains(res.Problems[i].Message, want) {
					t.Errorf("problem %d = %q, want it to contain %q", i, res.Problems[i].Message, want)
				}
			}
		})
	}
}

func TestFindRootNone(t *testing.T) {
	dir := writeTree(t, map[string]string{"README.md": "# not Django", "app.py": "print(1)"})
	_, err := findRoot(dir)
	if err == nil || !strings.Contains(err.Error(), "no Django project found in "+dir+" or below (looked for manage.py and settings.py)") {
		t.Errorf("err = %v", err)
	}
}

// The parent search stops at the repository top: a manage.py above the
// .git directory belongs to another project.
func TestFindRootStopsAtGit(t *testing.T) {
	dir := writeTree(t, map[string]string{"manage.py": "", "inner/.git/HEAD": "", "inner/app/x.py": ""})
	if _, err := findRoot(filepath.Join(dir, "inner", "app")); err == nil {
		t.Error("found the manage.py above the repository")
	}
}

func TestFindRootSymlinkLoop(t *testing.T) {
	dir := writeTree(t, map[string]string{"a/b/readme.txt": "", "z/manage.py": ""})
	// a/b/loop -> a, and a self-link: walking must end.
	if err := os.Symlink(filepath.Join(dir, "a"), filepath.Join(dir, "a", "b", "loop")); err != nil {
		t.Skip("symlinks not supported:", err)
	}
	if err := os.Symlink(".", filepath.Join(dir, "self")); err != nil {
		t.Fatal(err)
	}
	done := make(chan *rootResult, 1)
	go func() {
		res, _ := findRoot(dir)
		done <- res
	}()
	select {
	case res := <-done:
		if res == nil || res.Root != filepath.Join(dir, "z") {
			t.Errorf("got %+v", res)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("findRoot hangs on a symlink loop")
	}
}

func TestWalkStaysInsideTheTree(t *testing.T) {
	outside := writeTree(t, map[string]string{"elsewhere/manage.py": "", "elsewhere/other/settings.py": ""})
	dir := writeTree(t, map[string]string{"manage.py": "", "mysite/settings.py": "", "lib/inner/x.py": ""})
	for link, target := range map[string]string{
		"up":          "..",
		"out":         outside,
		"mysite/back": "../lib", // inside the tree: followed once
	} {
		if err := os.Symlink(target, filepath.Join(dir, filepath.FromSlash(link))); err != nil {
			t.Skip("symlinks not supported:", err)
		}
	}
	entries, _ := walk(dir, 4)
	for _, e := range entries {
		if strings.HasPrefix(e.Rel, "up/") || strings.HasPrefix(e.Rel, "out/") {
			t.Errorf("walk left the tree through a symlink: %s", e.Rel)
		}
	}
	found := false
	for _, e := range entries {
		if e.Rel == "lib/inner/x.py" || e.Rel == "mysite/back/inner/x.py" {
			found = true
		}
	}
	if !found {
		t.Error("walk lost lib/inner/x.py")
	}
}
