package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/djharden/djharden/envfile"
	"github.com/djharden/djharden/internal/testenv"
)

// snapshot reads every file under dir (but .djharden backups) into a map.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		if d.IsDir() {
			if d.Name() == ".djharden" || d.Name() == "__pycache__" {
				return filepath.SkipDir
			}
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files[filepath.ToSlash(rel)] = string(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func sameFiles(a, b map[string]string) (bool, string) {
	var names []string
	for k := range a {
		names = append(names, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	for _, n := range names {
		if a[n] != b[n] {
			return false, n
		}
	}
	return true, ""
}

// deployCheck runs the real `manage.py check --deploy` with the env file's
// variables in the environment.
func deployCheck(t *testing.T, dir string, env map[string]string) (string, error) {
	t.Helper()
	py := testenv.Python(t, "django")
	cmd := exec.Command(py, "manage.py", "check", "--deploy")
	cmd.Dir = dir
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "PYTHONDONTWRITEBYTECODE=1"}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}

func TestApplyStartprojectEndToEnd(t *testing.T) {
	dir := startproject(t)
	original := snapshot(t, dir)

	if _, errOut, code := run(t, "apply", "--domain", "https://exa mple.com/x", "--yes", dir); code != exitError || errOut == "" {
		t.Fatalf("bad domain: exit %d, stderr %q", code, errOut)
	}
	if ok, name := sameFiles(original, snapshot(t, dir)); !ok {
		t.Fatalf("a rejected apply changed %s", name)
	}

	out, errOut, code := run(t, "apply", "--domain", "example.com,www.example.com", "--https", "proxy", "--hsts", "preload", "--dry-run", dir)
	if code != 0 || !strings.Contains(out, "+++") {
		t.Fatalf("dry run: exit %d, stderr %s, out %s", code, errOut, out)
	}
	if ok, name := sameFiles(original, snapshot(t, dir)); !ok {
		t.Fatalf("--dry-run changed %s", name)
	}

	out, errOut, code = run(t, "apply", "--domain", "example.com,www.example.com", "--https", "proxy", "--hsts", "preload", "--yes", dir)
	if code != 0 {
		t.Fatalf("apply: exit %d, stderr %s", code, errOut)
	}
	envData, err := os.ReadFile(filepath.Join(dir, ".env"))
	if err != nil {
		t.Fatalf("apply wrote no .env: %v", err)
	}
	env := envfile.Parse(envData).Values()
	for name, v := range env {
		if len(v) >= 32 && (strings.Contains(out, v) || strings.Contains(errOut, v)) {
			t.Errorf("apply printed the value of %s", name)
		}
	}
	if st, err := os.Stat(filepath.Join(dir, ".env")); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf(".env mode = %v, want 0600", st.Mode().Perm())
	}
	report, err := deployCheck(t, dir, env)
	if err != nil || !strings.Contains(report, "no issues") {
		t.Fatalf("manage.py check --deploy after apply: %v\n%s", err, report)
	}

	applied := snapshot(t, dir)
	out, _, code = run(t, "apply", "--domain", "example.com,www.example.com", "--https", "proxy", "--hsts", "preload", "--yes", dir)
	if code != 0 || !strings.Contains(out, "Nothing to change") {
		t.Errorf("second identical apply: exit %d, out %q", code, out)
	}
	if ok, name := sameFiles(applied, snapshot(t, dir)); !ok {
		t.Errorf("second identical apply changed %s", name)
	}

	if _, errOut, code := run(t, "undo", dir); code != 0 {
		t.Fatalf("undo: exit %d, %s", code, errOut)
	}
	if ok, name := sameFiles(original, snapshot(t, dir)); !ok {
		t.Errorf("undo did not restore %s", name)
	}
}
