//go:build unix

package scan

import (
	"os"
	"path/filepath"
	"reflect"
	"syscall"
	"testing"

	"github.com/djharden/djharden/internal/testenv"
)

// TestWalkOddFiles covers what cannot be read. Tests run as root here, so
// chmod 000 would not stop a read; the unreadable things are real instead:
// a FIFO named like a template (only regular files are opened, so it cannot
// hang the scan), a dangling symlink, a symlink loop, a symlink to a
// directory (never followed) and a directory named like a .py file.
func TestWalkOddFiles(t *testing.T) {
	root := t.TempDir()
	testenv.WriteTree(t, root, map[string]string{
		"app/templates/ok.html":      unsafeTemplate,
		"app/templates/dir.html/x":   "",
		"app/module.py/__init__.txt": "",
	})
	tpl := filepath.Join(root, "app", "templates")
	if err := syscall.Mkfifo(filepath.Join(tpl, "fifo.html"), 0o644); err != nil {
		t.Fatal(err)
	}
	mustSymlink(t, "missing.html", filepath.Join(tpl, "dangling.html"))
	mustSymlink(t, "loop.html", filepath.Join(tpl, "loop.html"))
	mustSymlink(t, "ok.html", filepath.Join(tpl, "alias.html"))
	mustSymlink(t, "..", filepath.Join(tpl, "up")) // a directory loop

	res, err := Dir(root, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"app/templates/alias.html", "app/templates/ok.html"}
	if got := siteFiles(res.Sites); !reflect.DeepEqual(got, want) {
		t.Errorf("sites in %v, want %v", got, want)
	}
	if len(res.Skipped) != 3 {
		t.Fatalf("skipped = %q, want the FIFO, the dangling link and the loop", res.Skipped)
	}
	for i, prefix := range []string{"app/templates/dangling.html: ", "app/templates/fifo.html: not a regular file", "app/templates/loop.html: "} {
		if len(res.Skipped[i]) < len(prefix) || res.Skipped[i][:len(prefix)] != prefix {
			t.Errorf("skipped[%d] = %q, want prefix %q", i, res.Skipped[i], prefix)
		}
	}
}

func mustSymlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
}

func mustMkfifo(t *testing.T, name string) {
	t.Helper()
	if err := syscall.Mkfifo(name, 0o644); err != nil {
		t.Fatal(err)
	}
}
