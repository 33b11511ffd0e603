package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// staticStatus runs check --format json and returns the static-files status.
func staticStatus(t *testing.T, dir string, extra ...string) string {
	t.Helper()
	out, errOut, _ := run(t, append([]string{"check", "--format", "json", "--no-git", "--fail-on", "never"}, append(extra, dir)...)...)
	var r jsonReport
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("not JSON: %v\n%s\n%s", err, out, errOut)
	}
	for _, f := range r.Findings {
		if f.ID == "static-files" {
			return f.Status
		}
	}
	t.Fatal("the report has no static-files finding")
	return ""
}

func TestApplyStatic(t *testing.T) {
	dir := startproject(t)
	if err := os.WriteFile(filepath.Join(dir, "requirements.txt"), []byte("Django==3.2.25\r\ngunicorn\r\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	original := snapshot(t, dir)
	if got := staticStatus(t, dir); got != "warn" {
		t.Errorf("startproject: static-files %s, want warn", got)
	}
	_, errOut, code := run(t, "apply", "--domain", "example.com", "--static", "nginx", "--yes", dir)
	if code != exitError || !strings.Contains(errOut, "--static must be one of whitenoise, server, skip") {
		t.Fatalf("--static nginx: exit %d, stderr %q", code, errOut)
	}
	if ok, name := sameFiles(original, snapshot(t, dir)); !ok {
		t.Fatalf("a rejected apply changed %s", name)
	}

	args := []string{"apply", "--domain", "example.com", "--https", "proxy", "--hsts", "trial", "--static", "whitenoise", "--yes", dir}
	out, errOut, code := run(t, args...)
	if code != 0 {
		t.Fatalf("apply --static whitenoise: exit %d, stderr %s", code, errOut)
	}
	if !strings.Contains(out, "whitenoise.middleware.WhiteNoiseMiddleware") || !strings.Contains(out, "+STATIC_ROOT = ") {
		t.Errorf("the diff does not show the static files fragment:\n%s", out)
	}
	if !strings.Contains(errOut, "requirements.txt now lists whitenoise>=6.0; install it with pip install -r requirements.txt") || !strings.Contains(errOut, "collectstatic --noinput") {
		t.Errorf("no notes about the requirement and collectstatic:\n%s", errOut)
	}
	if got := snapshot(t, dir)["requirements.txt"]; got != "Django==3.2.25\r\nwhitenoise>=6.0\r\ngunicorn\r\n" {
		t.Errorf("requirements.txt = %q", got)
	}
	if got := staticStatus(t, dir, "--env-file", dir+"/.env"); got != "pass" {
		t.Errorf("after apply: static-files %s, want pass", got)
	}
	applied := snapshot(t, dir)
	if out, _, code := run(t, args...); code != 0 || !strings.Contains(out, "Nothing to change") {
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

func TestApplyStaticServer(t *testing.T) {
	dir := startproject(t)
	if _, errOut, code := run(t, "apply", "--domain", "example.com", "--static", "server", "--yes", dir); code != 0 {
		t.Fatalf("apply --static server: exit %d, stderr %s", code, errOut)
	}
	settings := snapshot(t, dir)["mysite/settings.py"]
	if strings.Contains(settings, "whitenoise") || !strings.Contains(settings, "STATIC_ROOT = ") {
		t.Errorf("--static server writes STATIC_ROOT only")
	}
	if got := staticStatus(t, dir, "--env-file", dir+"/.env"); got != "accepted" {
		t.Errorf("after apply --static server: static-files %s, want accepted", got)
	}
}

func TestExplainDeploymentItems(t *testing.T) {
	out, _, code := run(t, "explain")
	if code != 0 {
		t.Fatalf("explain exit %d", code)
	}
	for _, id := range []string{"static-files", "media-files", "error-reports", "error-pages", "database", "logging"} {
		if !strings.Contains(out, "["+id+"]") {
			t.Errorf("explain lists no %s", id)
		}
		one, _, code := run(t, "explain", id)
		if code != 0 || !strings.Contains(one, "docs.djangoproject.com") {
			t.Errorf("explain %s: exit %d, out %q", id, code, one)
		}
	}
}
