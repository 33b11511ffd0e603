package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/djharden/djharden/envfile"
	"github.com/djharden/djharden/internal/testenv"
)

// TestEverySeriesStartprojectApply runs, for each supported series with
// its real Django: startproject made by that series' own django-admin,
// `djharden check` against its real `check --deploy`, then apply, after
// which `check --deploy` with the env file is clean and local development
// (only the debug variable true) passes `manage.py check`.
func TestEverySeriesStartprojectApply(t *testing.T) {
	t.Parallel()
	for _, series := range testenv.Series {
		t.Run(series, func(t *testing.T) {
			t.Parallel()
			dj := testenv.DjangoTree(t, series)
			dir := t.TempDir()
			if out, err := dj.Command("-m", "django", "startproject", "mysite", dir).CombinedOutput(); err != nil {
				t.Fatalf("startproject: %v\n%s", err, out)
			}
			// The project pins its series, as a real one does.
			if err := os.WriteFile(filepath.Join(dir, "requirements.txt"), []byte("Django=="+dj.Version+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}

			out, err := seriesManage(dj, dir, nil, "check", "--deploy")
			if err != nil && !strings.Contains(out, "System check identified") {
				t.Fatalf("check --deploy on the fresh project: %v\n%s", err, out)
			}
			ours, r := seriesCheck(t, dir, "")
			if got, want := ours, coveredIDs(deployIDs(out)); !slices.Equal(got, want) {
				t.Errorf("fresh %s project: djharden %v, Django %v\n%s", series, got, want, out)
			}
			if !strings.HasPrefix(r.Project.DjangoVersion, series+".") {
				t.Errorf("djharden judged the project as Django %q, want %s", r.Project.DjangoVersion, series)
			}

			if _, errOut, code := run(t, "apply", "--domain", "example.com", "--https", "proxy", "--hsts", "trial", "--yes", dir); code != 0 {
				t.Fatalf("apply: exit %d: %s", code, errOut)
			}
			envPath := filepath.Join(dir, ".env")
			data, err := os.ReadFile(envPath)
			if err != nil {
				t.Fatalf("apply wrote no env file: %v", err)
			}
			env := envfile.Parse(data).Values()
			out, err = seriesManage(dj, dir, env, "check", "--deploy")
			if err != nil || !strings.Contains(out, "no issues") {
				t.Errorf("Django %s check --deploy after apply: %v\n%s", dj.Version, err, out)
			}
			checkVersionForms(t, dj, dir, env)
			if ours, _ := seriesCheck(t, dir, envPath); len(ours) != 0 {
				t.Errorf("after apply djharden still lists %v", ours)
			}

			// Local development: only the debug variable, set to true.
			var debugVar string
			for k := range env {
				if strings.Contains(k, "DEBUG") {
					debugVar = k
				}
			}
			if debugVar == "" {
				t.Fatalf("the env file has no debug variable: %v", slices.Sorted(mapKeys(env)))
			}
			if out, err := seriesManage(dj, dir, map[string]string{debugVar: "true"}, "check"); err != nil {
				t.Errorf("Django %s manage.py check with only %s=true: %v\n%s", dj.Version, debugVar, err, out)
			}
		})
	}
}

// checkVersionForms asks the series' Django what the hardened settings are:
// CSRF_TRUSTED_ORIGINS with the scheme from 4.0 on (bare hosts before),
// MAILERS only on 6.1+, a CSP only on 6.0+.
func checkVersionForms(t *testing.T, dj testenv.Django, dir string, env map[string]string) {
	t.Helper()
	const probe = `import json; from django.conf import settings as s; print(json.dumps({"origins": list(s.CSRF_TRUSTED_ORIGINS), ` +
		`"mailers": s.is_overridden("MAILERS"), "default_backend": (getattr(s, "MAILERS", {}).get("default") or {}).get("BACKEND", ""), ` +
		`"csp": s.is_overridden("SECURE_CSP") or s.is_overridden("SECURE_CSP_REPORT_ONLY")}))`
	out, err := seriesManage(dj, dir, env, "shell", "-c", probe)
	if err != nil {
		t.Fatalf("reading the hardened settings: %v\n%s", err, out)
	}
	var got struct {
		Origins        []string `json:"origins"`
		Mailers        bool     `json:"mailers"`
		DefaultBackend string   `json:"default_backend"`
		CSP            bool     `json:"csp"`
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &got); err != nil {
		t.Fatalf("reading the hardened settings: %v\n%s", err, out)
	}
	var major, minor int
	fmt.Sscanf(dj.Series, "%d.%d", &major, &minor)
	atLeast := func(ma, mi int) bool { return major > ma || (major == ma && minor >= mi) }
	wantOrigin := "example.com"
	if atLeast(4, 0) {
		wantOrigin = "https://example.com"
	}
	if !slices.Contains(got.Origins, wantOrigin) {
		t.Errorf("Django %s: CSRF_TRUSTED_ORIGINS = %v, want %q in it", dj.Series, got.Origins, wantOrigin)
	}
	if got.Mailers != atLeast(6, 1) {
		t.Errorf("Django %s: MAILERS set = %v, want %v", dj.Series, got.Mailers, atLeast(6, 1))
	}
	if atLeast(6, 1) && got.DefaultBackend != "django.core.mail.backends.smtp.EmailBackend" {
		t.Errorf("Django %s: MAILERS[\"default\"] backend %q, want SMTP", dj.Series, got.DefaultBackend)
	}
	if got.CSP && !atLeast(6, 0) {
		t.Errorf("Django %s: a CSP setting was written, but only 6.0+ reads it", dj.Series)
	}
}

// seriesManage runs manage.py with a series' Django and exactly env (plus PATH).
func seriesManage(dj testenv.Django, dir string, env map[string]string, args ...string) (string, error) {
	cmd := exec.Command(dj.Python, append([]string{"manage.py"}, args...)...)
	cmd.Dir = dir
	cmd.Env = []string{"PATH=" + os.Getenv("PATH")}
	for k, v := range dj.Env() {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}

// seriesCheck runs `djharden check --format json` and returns the union of django_ids.
func seriesCheck(t *testing.T, dir, envFile string) ([]string, jsonReport) {
	t.Helper()
	args := []string{"check", "--format", "json", "--no-git", "--fail-on", "never"}
	if envFile != "" {
		args = append(args, "--env-file", envFile)
	}
	js, errOut, code := run(t, append(args, dir)...)
	if code != 0 {
		t.Fatalf("check: exit %d: %s", code, errOut)
	}
	var r jsonReport
	if err := json.Unmarshal([]byte(js), &r); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, f := range r.Findings {
		for _, id := range f.DjangoIDs {
			if !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
	}
	sort.Strings(ids)
	return ids, r
}

// coveredIDs keeps the IDs djharden's checklist covers.
func coveredIDs(ids []string) []string {
	var out []string
	for _, id := range ids {
		if strings.HasPrefix(id, "security.") || strings.HasPrefix(id, "4_0.") || strings.HasPrefix(id, "mail.") ||
			id == "caches.W002" || id == "async.E001" {
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return out
}

func mapKeys(m map[string]string) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}
