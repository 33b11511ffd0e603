package djangorun

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/djharden/djharden/internal/testenv"
)

func TestParseOutput(t *testing.T) {
	tests := []struct {
		name     string
		out      string
		ids      []string
		noIssues bool
	}{
		{"none", "System check identified no issues (0 silenced).\n", nil, true},
		{"deploy warnings", "System check identified some issues:\n\nWARNINGS:\n" +
			"?: (security.W004) You have not set a value for the SECURE_HSTS_SECONDS setting.\n" +
			"?: (security.W018) You should not have DEBUG set to True in deployment.\n" +
			"?: (security.W004) repeated\n\nSystem check identified 3 issues (0 silenced).\n",
			[]string{"security.W004", "security.W018"}, false},
		{"errors of other tags", "SystemCheckError: System check identified some issues:\n\nERRORS:\n" +
			"?: (4_0.E001) As of Django 4.0, the values in the CSRF_TRUSTED_ORIGINS setting must start with a scheme\n" +
			"?: (mail.E001) The default email backend is a development backend.\n" +
			"polls.Question: (fields.E304) Reverse accessor clashes.\n",
			[]string{"4_0.E001", "mail.E001", "fields.E304"}, false},
		{"ids in hints are not issues", "\tHINT: see (security.W004) in the docs.\n", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ids, noIssues := ParseOutput(tt.out)
			if !reflect.DeepEqual(ids, tt.ids) || noIssues != tt.noIssues {
				t.Errorf("got %v %v, want %v %v", ids, noIssues, tt.ids, tt.noIssues)
			}
		})
	}
}

// startproject creates a real Django project with the given interpreter.
func startproject(t *testing.T, python string) string {
	t.Helper()
	dir := t.TempDir()
	cmd := exec.Command(python, "-m", "django", "startproject", "mysite", dir)
	cmd.Env = append(os.Environ(), "PYTHONDONTWRITEBYTECODE=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("startproject: %v\n%s", err, out)
	}
	return dir
}

func TestCheckDeployFreshProject(t *testing.T) {
	python := testenv.Python(t, "django")
	root := startproject(t, python)
	res, err := CheckDeploy(context.Background(), Options{Root: root, Python: python})
	if err != nil {
		t.Fatal(err)
	}
	if res.Err != "" {
		t.Fatalf("check failed: %s", res.Err)
	}
	// Every fresh startproject raises these (DJANGO.md), whatever the version.
	for _, id := range []string{"security.W004", "security.W008", "security.W009", "security.W012",
		"security.W016", "security.W018", "security.W020"} {
		if !contains(res.IDs, id) {
			t.Errorf("missing %s in %v", id, res.IDs)
		}
	}
	if res.NoIssues || res.Duration <= 0 || res.Python != python {
		t.Errorf("result %+v", res)
	}
	if _, err := os.Stat(filepath.Join(root, "mysite", "__pycache__")); err == nil {
		t.Error("the check wrote bytecode into the project")
	}
}

// hardenedSettings appends settings that silence every deploy warning, with
// values from the environment so the env map is exercised.
const hardenedSettings = `
import os
DEBUG = os.environ["DJH_DEBUG"] == "1"
SECRET_KEY = os.environ["DJH_KEY"]
ALLOWED_HOSTS = ["example.com"]
SECURE_HSTS_SECONDS = 3600
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_SSL_REDIRECT = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
`

func TestCheckDeployEnvAndSettings(t *testing.T) {
	python := testenv.Python(t, "django")
	root := startproject(t, python)
	prod := filepath.Join(root, "mysite", "production.py")
	if err := os.WriteFile(prod, []byte("from .settings import *\n"+hardenedSettings), 0o644); err != nil {
		t.Fatal(err)
	}
	key := strings.Repeat("aB3$xY9-", 7)
	res, err := CheckDeploy(context.Background(), Options{
		Root: root, Python: python, Settings: "mysite.production",
		Env: map[string]string{"DJH_DEBUG": "0", "DJH_KEY": key},
	})
	if err != nil {
		t.Fatal(err)
	}
	if !res.NoIssues || len(res.IDs) != 0 || res.Err != "" {
		t.Errorf("hardened settings: %+v", res)
	}

	// Without the key, importing settings fails: Err is the traceback's
	// last line, and nothing else of the traceback is kept.
	res, err = CheckDeploy(context.Background(), Options{
		Root: root, Python: python, Settings: "mysite.production",
		Env: map[string]string{"DJH_DEBUG": "0"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(res.Err, "KeyError") || strings.Contains(res.Output, "\n") || res.ExitCode == 0 {
		t.Errorf("missing variable: Err %q, Output %q, exit %d", res.Err, res.Output, res.ExitCode)
	}

	// A settings module that does not exist.
	res, err = CheckDeploy(context.Background(), Options{Root: root, Python: python, Settings: "mysite.nope"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(res.Err, "ModuleNotFoundError") {
		t.Errorf("missing module: Err %q", res.Err)
	}
}

func TestCheckDeployTimeout(t *testing.T) {
	python := testenv.Python(t, "django")
	root := startproject(t, python)
	slow := filepath.Join(root, "mysite", "slow.py")
	if err := os.WriteFile(slow, []byte("import time\ntime.sleep(30)\nfrom .settings import *\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	res, err := CheckDeploy(context.Background(), Options{Root: root, Python: python, Settings: "mysite.slow", Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(res.Err, "did not finish") || time.Since(start) > 10*time.Second {
		t.Errorf("timeout: %+v after %s", res, time.Since(start))
	}
}

func TestCheckDeployNoManagePy(t *testing.T) {
	if _, err := CheckDeploy(context.Background(), Options{Root: t.TempDir(), Python: "python3"}); err == nil {
		t.Error("no manage.py: want an error")
	}
}

func TestFindPythonPrefersProjectVenv(t *testing.T) {
	python := testenv.Python(t, "django")
	root := t.TempDir()
	bin := filepath.Join(root, ".venv", "bin")
	if err := os.MkdirAll(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	// A venv (pyvenv.cfg marks one) whose interpreter is the real Django-capable Python.
	if err := os.WriteFile(filepath.Join(root, ".venv", "pyvenv.cfg"), []byte("home = /usr/bin\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(python, filepath.Join(bin, "python")); err != nil {
		t.Fatal(err)
	}
	got, version, err := FindPython(root)
	if err != nil {
		t.Fatal(err)
	}
	if got != filepath.Join(bin, "python") || version == "" {
		t.Errorf("FindPython = %q, %q; want the venv's python", got, version)
	}

	// A venv with a non-executable "python" is skipped; PATH is searched.
	other := t.TempDir()
	if err := os.MkdirAll(filepath.Join(other, "venv", "bin"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(other, "venv", "bin", "python"), []byte("not a program"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, _, err = FindPython(other)
	if err != nil {
		t.Fatal(err) // testenv found one on PATH, so FindPython must too
	}
	if strings.HasPrefix(got, other) {
		t.Errorf("FindPython picked the broken venv: %s", got)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
