package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/djharden/djharden/internal/testenv"
)

// tinyProject writes a small Django project by hand (no Django needed).
func tinyProject(t *testing.T, settings string) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"manage.py":          "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n",
		"mysite/__init__.py": "",
		"mysite/settings.py": settings,
	}
	testenv.WriteTree(t, dir, files)
	return dir
}

const tinySettings = "SECRET_KEY = 'django-insecure-abcdefghijklmnopqrstuvwxyz0123456789abcdefgh'\nDEBUG = True\nALLOWED_HOSTS = []\n"

func TestApplyWithoutYesOrTerminalRefuses(t *testing.T) {
	t.Parallel()
	dir := tinyProject(t, tinySettings)
	before := snapshot(t, dir)
	out, errOut, code := run(t, "apply", "--domain", "example.com", dir)
	if code != exitError || !strings.Contains(errOut, "--yes") || !strings.Contains(errOut, "nothing was written") {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	if !strings.Contains(out, "+++") {
		t.Error("the diff was not shown")
	}
	if ok, name := sameFiles(before, snapshot(t, dir)); !ok {
		t.Errorf("apply without --yes changed %s", name)
	}
}

func TestUndoNothingToUndo(t *testing.T) {
	t.Parallel()
	for _, dir := range []string{t.TempDir(), tinyProject(t, tinySettings)} {
		out, errOut, code := run(t, "undo", dir)
		if code != exitOK || !strings.Contains(out, "Nothing to undo") {
			t.Errorf("undo with nothing to undo: exit %d, out %q, stderr %q", code, out, errOut)
		}
	}
}

func TestUndoShowsWhatItRestoresAndAsks(t *testing.T) {
	t.Parallel()
	dir := tinyProject(t, tinySettings)
	before := snapshot(t, dir)
	if _, errOut, code := run(t, "apply", "--domain", "example.com", "--yes", dir); code != 0 {
		t.Fatalf("apply: exit %d, %s", code, errOut)
	}
	applied := snapshot(t, dir)
	out, errOut, code := run(t, "undo", dir)
	if code != exitError || !strings.Contains(errOut, "--yes") {
		t.Fatalf("undo without --yes or a terminal: exit %d, stderr %q", code, errOut)
	}
	for _, want := range []string{"restore mysite/settings.py", "remove  .env ", "remove  .gitignore "} {
		if !strings.Contains(out, want) {
			t.Errorf("undo did not show %q:\n%s", want, out)
		}
	}
	if ok, name := sameFiles(applied, snapshot(t, dir)); !ok {
		t.Fatalf("undo without confirmation changed %s", name)
	}
	out, _, code = run(t, "undo", "--yes", dir)
	if code != 0 || !strings.Contains(out, "Restored mysite/settings.py") {
		t.Fatalf("undo --yes: exit %d, %q", code, out)
	}
	if ok, name := sameFiles(before, snapshot(t, dir)); !ok {
		t.Errorf("undo did not restore %s", name)
	}
	out, _, code = run(t, "undo", "--yes", dir)
	if code != 0 || !strings.Contains(out, "Nothing to undo") {
		t.Errorf("second undo: exit %d, %q", code, out)
	}
}

// An apply that stopped before it wrote anything leaves a backup whose
// files are all old: undo says so instead of claiming it restored them.
func TestUndoAfterAnApplyThatWroteNothing(t *testing.T) {
	t.Parallel()
	dir := tinyProject(t, tinySettings)
	before := snapshot(t, dir)
	if _, errOut, code := run(t, "apply", "--domain", "example.com", "--yes", dir); code != 0 {
		t.Fatalf("apply: exit %d, %s", code, errOut)
	}
	// Put every file back as it was, as if the apply had been killed
	// right after writing its backup.
	for _, rel := range []string{".env", ".env.example", ".gitignore"} {
		os.Remove(filepath.Join(dir, rel))
	}
	for rel, content := range before {
		if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(rel)), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out, _, code := run(t, "undo", "--yes", dir)
	if code != 0 || strings.Contains(out, "Restored") || !strings.Contains(out, "wrote no file") {
		t.Errorf("undo after an apply that wrote nothing: exit %d, %q", code, out)
	}
}
