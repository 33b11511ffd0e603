package main

import (
	"bytes"
	"encoding/json"
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
		if strings.HasSuffix(name, "_HOSTS") || strings.HasSuffix(name, "_ORIGINS") {
			continue // public values, shown in the diff on purpose
		}
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

	if _, errOut, code := run(t, "undo", "--yes", dir); code != 0 {
		t.Fatalf("undo: exit %d, %s", code, errOut)
	}
	if ok, name := sameFiles(original, snapshot(t, dir)); !ok {
		t.Errorf("undo did not restore %s", name)
	}
}

// deployIDs pulls the check IDs out of manage.py check --deploy's output.
func deployIDs(out string) []string {
	var ids []string
	seen := map[string]bool{}
	for _, f := range strings.Fields(out) {
		f = strings.Trim(f, "():")
		if (strings.HasPrefix(f, "security.") || strings.HasPrefix(f, "mail.") || strings.HasPrefix(f, "4_0.")) && !seen[f] {
			seen[f] = true
			ids = append(ids, f)
		}
	}
	sort.Strings(ids)
	return ids
}

// TestApplyThenCheckAgreesWithDjango closes the loop for each HTTPS mode:
// after apply, `djharden check --env-file .env` and the real
// `manage.py check --deploy` (with the same values) name the same IDs, and
// declined recommendations show as accepted with their reason.
func TestApplyThenCheckAgreesWithDjango(t *testing.T) {
	cases := []struct {
		name     string
		args     []string
		want     []string // IDs Django still raises
		accepted []string // items shown as recorded decisions
	}{
		{"proxy preload", []string{"--https", "proxy", "--hsts", "preload"}, nil, nil},
		{"direct default hsts", []string{"--https", "direct"}, nil, []string{"hsts"}},
		{"no https yet", []string{"--https", "none"}, []string{"security.W004", "security.W008", "security.W012", "security.W016"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := startproject(t)
			pinInstalledDjango(t, dir)
			args := append([]string{"apply", "--domain", "example.com", "--yes"}, c.args...)
			if _, errOut, code := run(t, append(args, dir)...); code != 0 {
				t.Fatalf("apply: exit %d: %s", code, errOut)
			}
			envData, err := os.ReadFile(filepath.Join(dir, ".env"))
			if err != nil {
				t.Fatal(err)
			}
			out, err := deployCheck(t, dir, envfile.Parse(envData).Values())
			django := deployIDs(out)
			if len(c.want) == 0 && (err != nil || !strings.Contains(out, "no issues")) {
				t.Fatalf("check --deploy: %v\n%s", err, out)
			}
			if strings.Join(django, " ") != strings.Join(c.want, " ") {
				t.Fatalf("check --deploy raised %v, want %v\n%s", django, c.want, out)
			}

			js, errOut, code := run(t, "check", "--format", "json", "--no-git", "--fail-on", "never", "--env-file", filepath.Join(dir, ".env"), dir)
			if code != 0 {
				t.Fatalf("check: exit %d: %s", code, errOut)
			}
			var r jsonReport
			if err := json.Unmarshal([]byte(js), &r); err != nil {
				t.Fatal(err)
			}
			var ours []string
			status := map[string]string{}
			for _, f := range r.Findings {
				ours = append(ours, f.DjangoIDs...)
				status[f.ID] = f.Status
			}
			sort.Strings(ours)
			if strings.Join(ours, " ") != strings.Join(django, " ") {
				t.Errorf("djharden check lists %v, Django %v", ours, django)
			}
			for _, id := range c.accepted {
				if status[id] != "accepted" {
					t.Errorf("item %s is %q, want accepted (a recorded decision)", id, status[id])
				}
			}
			for _, id := range []string{"debug", "secret-key", "allowed-hosts"} {
				if status[id] != "pass" {
					t.Errorf("after apply, item %s is %q, want pass", id, status[id])
				}
			}
		})
	}
}

func TestApplyKeep(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct{ keep, want string }{
		{"debug", "always written"},
		{"no-such-item", "no such checklist item"},
	} {
		if _, errOut, code := run(t, "apply", "--domain", "example.com", "--keep", c.keep, "--yes", dir); code != exitError || !strings.Contains(errOut, c.want) {
			t.Errorf("--keep %s: exit %d, stderr %q", c.keep, code, errOut)
		}
	}
	proj := startproject(t)
	out, errOut, code := run(t, "apply", "--domain", "example.com", "--keep", "hsts,clickjacking", "--dry-run", proj)
	if code != 0 {
		t.Fatalf("apply --keep: exit %d: %s", code, errOut)
	}
	if strings.Contains(out, "SECURE_HSTS") || strings.Contains(out, "X_FRAME_OPTIONS") {
		t.Errorf("kept items were written:\n%s", out)
	}
}
