package venv

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestNear(t *testing.T) {
	top := t.TempDir()
	mk := func(rel string) {
		if err := os.MkdirAll(filepath.Join(top, rel), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	touch := func(rel string) {
		if err := os.WriteFile(filepath.Join(top, rel), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	mk("repo/.git")
	mk("repo/.venv")
	touch("repo/.venv/pyvenv.cfg")
	mk("repo/src/venv")
	touch("repo/src/venv/pyvenv.cfg")
	mk("repo/src/env") // no pyvenv.cfg: not a venv
	mk("env")          // above the repository: not looked at
	touch("env/pyvenv.cfg")

	got := Near(filepath.Join(top, "repo", "src"), 4)
	want := []string{filepath.Join(top, "repo", "src", "venv"), filepath.Join(top, "repo", ".venv")}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Near = %v, want %v", got, want)
	}
	if got := Near(filepath.Join(top, "repo", "src"), 0); len(got) != 1 {
		t.Errorf("Near with no levels above = %v, want the src venv only", got)
	}
}
