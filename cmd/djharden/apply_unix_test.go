//go:build unix

package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A FIFO (or a link to /dev/zero) where apply expects .env, .env.example or
// .gitignore must not hang apply or check, nor be read: both refuse or note
// it, at once, and nothing is written.
func TestApplyAndCheckNeverReadFIFOsOrDevices(t *testing.T) {
	t.Parallel()
	for _, name := range []string{".env", ".env.example", ".gitignore"} {
		for _, kind := range []string{"fifo", "devzero"} {
			t.Run(name+"/"+kind, func(t *testing.T) {
				t.Parallel()
				dir := tinyProject(t, tinySettings)
				p := filepath.Join(dir, name)
				switch kind {
				case "fifo":
					if err := syscall.Mkfifo(p, 0o644); err != nil {
						t.Skip("mkfifo:", err)
					}
				case "devzero":
					if err := os.Symlink("/dev/zero", p); err != nil {
						t.Skip("symlink:", err)
					}
				}
				before := regularSnapshot(t, dir)
				done := make(chan struct{})
				var errOut string
				var code int
				go func() {
					defer close(done)
					_, errOut, code = run(t, "apply", "--domain", "example.com", "--yes", dir)
				}()
				select {
				case <-done:
				case <-time.After(20 * time.Second):
					t.Fatal("apply hangs")
				}
				if code != exitError || !strings.Contains(errOut, "not a regular file") {
					t.Errorf("apply: exit %d, stderr %q", code, errOut)
				}
				if ok, f := sameFiles(before, regularSnapshot(t, dir)); !ok {
					t.Errorf("apply changed %s", f)
				}
				start := time.Now()
				if _, _, code := run(t, "check", dir); code == exitError {
					t.Errorf("check failed on a %s %s", kind, name)
				}
				if d := time.Since(start); d > 5*time.Second {
					t.Errorf("check took %v", d)
				}
			})
		}
	}
}

// regularSnapshot is snapshot for trees holding FIFOs and links to
// devices: only regular files are read.
func regularSnapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == ".djharden" {
			return filepath.SkipDir
		}
		if !d.Type().IsRegular() {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		files[filepath.ToSlash(rel)] = string(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}
