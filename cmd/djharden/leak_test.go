package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/djharden/djharden/internal/testenv"
)

// plantedSecrets are ten kinds of secrets a project holds: key forms a
// parser reads or not, cloud and payment tokens, a short password.
var plantedSecrets = map[string]string{
	"plain key":       "plain-k3y-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGH",
	"annotated key":   "annotated-k3y-0123456789abcdefghijklmnop",
	"triple-quoted":   "triple-k3y-0123456789abcdefghijklmnop",
	"or-literal":      "or-literal-k3y-0123456789abcdefghij",
	"aws key id":      "AKIAIOSFODNN7EXAMPLE",
	"aws secret":      "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
	"stripe":          "sk_live_4eC39HqLyjWDarjtT1zdp7dc",
	"github":          "ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789",
	"short password":  "pw1",
	"unparsable key":  "unterminated-k3y-0123456789abcdefghij",
	"unquoted key":    "unquoted$k3y^0123456789abcdefgh",
	"email password":  "mail-Pa55-word",
	"database in url": "hunter2db",
}

const leakySettings = `import os
SECRET_KEY = 'plain-k3y-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGH'
OLD_SECRET_KEY: str = "annotated-k3y-0123456789abcdefghijklmnop"
LEGACY_SECRET_KEY = """triple-k3y-0123456789abcdefghijklmnop"""
SIGNING_KEY = os.environ.get("SIGNING_KEY") or 'or-literal-k3y-0123456789abcdefghij'
AWS_ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE"
AWS_SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
STRIPE_SECRET_KEY = "sk_live_4eC39HqLyjWDarjtT1zdp7dc"
GITHUB_TOKEN = "ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789"
DEBUG = True
ALLOWED_HOSTS = []
DATABASES = {
    'default': {
        'ENGINE': 'django.db.backends.sqlite3',
        'NAME': 'db.sqlite3',
        'PASSWORD': 'pw1',
    },
    'replica': {'URL': 'postgres://app:hunter2db@db:5432/app'},
}
EMAIL_HOST_PASSWORD = "mail-Pa55-word"
`

// TestNoOutputLeaksASecret plants the secrets and greps everything djharden
// prints or leaves for git: check in text, JSON and SARIF, the dry run and
// apply diffs, undo, error messages, files outside .djharden/ that git
// would add, and git status.
func TestNoOutputLeaksASecret(t *testing.T) {
	testenv.Tool(t, "git")
	dir := tinyProject(t, leakySettings)
	unparsable := tinyProject(t, "DEBUG = False\nSECRET_KEY = 'unterminated-k3y-0123456789abcdefghij\nALLOWED_HOSTS = ['x.com']\n")
	unquoted := tinyProject(t, "DEBUG = False\nSECRET_KEY = unquoted$k3y^0123456789abcdefgh\nALLOWED_HOSTS = ['x.com']\n")
	for _, d := range []string{dir, unparsable, unquoted} {
		git(t, d, "init", "-q")
		git(t, d, "add", ".")
		git(t, d, "commit", "-q", "-m", "start")
	}
	var outputs []string
	record := func(what string, args ...string) int {
		out, errOut, code := run(t, args...)
		outputs = append(outputs, what+"\n"+out+errOut)
		return code
	}
	for _, d := range []string{dir, unparsable, unquoted} {
		for _, format := range []string{"text", "json", "sarif"} {
			record("check "+format, "check", "--format", format, d)
		}
		record("dry run", "apply", "--domain", "example.com", "--dry-run", d)
		record("apply without --yes", "apply", "--domain", "example.com", d)
	}
	// An error message that quotes a changed file: the lock is held.
	lock := filepath.Join(dir, ".djharden", "lock")
	if err := os.MkdirAll(filepath.Dir(lock), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(lock, []byte(`{"pid":1,"host":"elsewhere","started":"now"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if code := record("apply while locked", "apply", "--domain", "example.com", "--yes", dir); code != exitError {
		t.Errorf("apply with a held lock: exit %d", code)
	}
	os.Remove(lock)
	if code := record("apply", "apply", "--domain", "example.com", "--yes", dir); code != 0 {
		t.Fatalf("apply: exit %d\n%s", code, outputs[len(outputs)-1])
	}
	record("check after apply", "check", "--format", "json", "--env-file", filepath.Join(dir, ".env"), dir)
	status := gitOutput(t, dir, "status", "--porcelain", "--untracked-files=all")
	outputs = append(outputs, "git status\n"+status)
	// Every file git would add (new, untracked) must be free of secrets:
	// backups and temp files never land outside .djharden/.
	for _, line := range strings.Split(strings.TrimSpace(status), "\n") {
		if !strings.HasPrefix(line, "?? ") {
			continue
		}
		name := strings.TrimPrefix(line, "?? ")
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		outputs = append(outputs, "untracked "+name+"\n"+string(data))
	}
	if strings.Contains(status, ".env\n") || strings.Contains(status, ".djharden") {
		t.Errorf("git would add the env file or the backups:\n%s", status)
	}
	record("undo without --yes", "undo", dir)
	record("undo", "undo", "--yes", dir)

	// The JSON report says how far the history search looked, found or not.
	if !strings.Contains(outputs[1], `"git_history": "searched Python, env and config files in all 1 commit`) {
		t.Errorf("the JSON report does not say how far the history search looked:\n%.600s", outputs[1])
	}
	masked := 0
	for _, o := range outputs {
		what, body, _ := strings.Cut(o, "\n")
		masked += strings.Count(body, " chars)")
		if testing.Verbose() && (what == "dry run" || what == "check text") {
			t.Logf("%s:\n%s", what, body)
		}
		for kind, secret := range plantedSecrets {
			probe := secret
			if kind == "short password" {
				probe = "'pw1'"
			}
			if strings.Contains(body, probe) {
				t.Errorf("%s shows the %s", what, kind)
			}
		}
	}
	// The outputs did quote the secrets' lines, masked: the test saw them.
	if masked < 20 {
		t.Errorf("only %d masked values in all outputs: the secrets were not shown at all, so nothing was tested", masked)
	}
	t.Logf("%d outputs, %d masked values, no planted secret shown", len(outputs), masked)
}

func git(t *testing.T, dir string, args ...string) {
	t.Helper()
	if out, err := gitCmd(dir, args...).CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

func gitOutput(t *testing.T, dir string, args ...string) string {
	t.Helper()
	out, err := gitCmd(dir, args...).Output()
	if err != nil {
		t.Fatalf("git %v: %v", args, err)
	}
	return string(out)
}

func gitCmd(dir string, args ...string) *exec.Cmd {
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "HOME="+dir, "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com",
		"GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com")
	return cmd
}
