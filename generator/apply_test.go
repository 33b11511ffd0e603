package generator

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/djharden/djharden/internal/testenv"
)

// literalSettings is a settings file with every kind of literal secret.
const literalSettings = `from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_-'  # old
DEBUG = True
ALLOWED_HOSTS = []

DATABASES = {
    'default': {
        'ENGINE': 'django.db.backends.postgresql',
        'PASSWORD': 'hunter2-db-pass',
    },
}
EMAIL_HOST_PASSWORD = "mail-pass-1234"
`

// fixture writes files under a new root and returns a hand-built project
// whose settings module is mysite.settings.
func fixture(t *testing.T, files map[string]string, major, minor int) (string, *Plan, Answers) {
	t.Helper()
	root := t.TempDir()
	testenv.WriteTree(t, root, files)
	a := Answers{Domains: []string{"example.com"}, HTTPS: HTTPSProxy, HSTS: HSTSTrial, Key: testKey}
	plan, err := Build(startprojectProject(root, major, minor, "os"), a)
	if err != nil {
		t.Fatal(err)
	}
	return root, plan, a
}

const testKey = "K3yForTests_0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP"

func TestApplyIdempotentAndUndo(t *testing.T) {
	root, plan, a := fixture(t, map[string]string{"mysite/settings.py": literalSettings, ".gitignore": "*.pyc"}, 4, 2)
	before := snapshot(t, root)
	if plan.Empty() {
		t.Fatal("empty plan")
	}
	// Build wrote nothing (that is what --dry-run relies on).
	if after := snapshot(t, root); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Fatal("Build changed files")
	}
	applied, err := plan.Apply()
	if err != nil {
		t.Fatal(err)
	}
	if len(applied.Files) != len(plan.Changes) || applied.BackupDir == "" {
		t.Fatalf("Applied = %+v", applied)
	}
	first := snapshot(t, root)
	if st, err := os.Stat(filepath.Join(root, ".env")); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf(".env mode: %v %v", st.Mode(), err)
	}
	env := envValues(t, root, ".env")
	if env["DJANGO_SECRET_KEY"] != testKey || env["DJANGO_DB_PASSWORD"] != "hunter2-db-pass" || env["DJANGO_EMAIL_HOST_PASSWORD"] != "mail-pass-1234" {
		t.Errorf("env file values wrong: %d values", len(env))
	}
	settings := first["mysite/settings.py"]
	for _, secret := range []string{"hunter2-db-pass", "mail-pass-1234", "abcdefghijklmnop"} {
		if strings.Contains(settings, secret) {
			t.Errorf("settings still hold a literal secret")
		}
	}
	for _, want := range []string{
		"import os  # djharden: reads secrets from the environment\nSECRET_KEY = os.environ.get('DJANGO_SECRET_KEY', '')  # old\n",
		"        'PASSWORD': os.environ.get('DJANGO_DB_PASSWORD', ''),\n",
		`EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")` + "\n",
	} {
		if !strings.Contains(settings, want) {
			t.Errorf("settings lack %q", want)
		}
	}
	if got := first[".gitignore"]; got != "*.pyc\n/.env\n/.djharden/\n.djharden-tmp-*\n" {
		t.Errorf(".gitignore = %q", got)
	}

	// Same answers again (key from the env file): nothing to do.
	a.Key = ""
	again, err := Build(startprojectProject(root, 4, 2, "os"), a)
	if err != nil {
		t.Fatal(err)
	}
	if !again.Empty() {
		t.Fatalf("second build not empty:\n%s", again.Diff())
	}
	// Different answers replace the block, never duplicate it.
	a.HTTPS = HTTPSNone
	other, err := Build(startprojectProject(root, 4, 2, "os"), a)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.Apply(); err != nil {
		t.Fatal(err)
	}
	s := snapshot(t, root)["mysite/settings.py"]
	if strings.Count(s, BlockBegin) != 1 || strings.Count(s, BlockEnd) != 1 || !strings.Contains(s, "SECURE_SSL_REDIRECT = False") {
		t.Errorf("block not replaced in place:\n%s", s)
	}
	// Undo twice: back to the first apply, then to the original bytes.
	if _, err := Undo(root); err != nil {
		t.Fatal(err)
	}
	if got := snapshot(t, root); fmt.Sprint(got) != fmt.Sprint(first) {
		t.Error("first undo did not restore the first apply")
	}
	if _, err := Undo(root); err != nil {
		t.Fatal(err)
	}
	if got := snapshot(t, root); fmt.Sprint(got) != fmt.Sprint(before) {
		t.Errorf("undo did not restore the original files: %v", keysOf(got))
	}
	if _, err := Undo(root); !errors.Is(err, ErrNothingToUndo) {
		t.Errorf("third undo: %v, want ErrNothingToUndo", err)
	}
}

func keysOf(m map[string]string) []string {
	var k []string
	for n := range m {
		k = append(k, n)
	}
	return k
}

func TestSecretsNeverShown(t *testing.T) {
	_, plan, _ := fixture(t, map[string]string{"mysite/settings.py": literalSettings}, 4, 2)
	text := plan.Diff() + strings.Join(plan.Notes, "\n")
	for i := range plan.Changes {
		text += plan.FileDiff(i)
	}
	for _, secret := range []string{testKey, "hunter2-db-pass", "mail-pass-1234", "abcdefghijklmnopqrstuvwxyz0123456789"} {
		if strings.Contains(text, secret) {
			t.Errorf("a secret appears in the diff or notes (masked: %s)", Mask(secret))
		}
	}
	if !strings.Contains(text, Mask(testKey)) {
		t.Errorf("the diff does not show the masked key")
	}
	if !strings.Contains(text, "+DJANGO_ALLOWED_HOSTS=example.com") {
		t.Errorf("public values should stay readable in the diff")
	}
}

func TestCRLFAndBOMKept(t *testing.T) {
	src := "\ufeff" + strings.ReplaceAll(literalSettings, "\n", "\r\n")
	root, plan, _ := fixture(t, map[string]string{"mysite/settings.py": src, ".gitignore": "*.pyc\r\n"}, 3, 2)
	if _, err := plan.Apply(); err != nil {
		t.Fatal(err)
	}
	files := snapshot(t, root)
	got := files["mysite/settings.py"]
	if !strings.HasPrefix(got, "\ufeff") {
		t.Error("BOM lost")
	}
	if strings.Count(got, "\n") != strings.Count(got, "\r\n") {
		t.Error("settings now mix LF and CRLF")
	}
	if !strings.HasPrefix(got, "\ufefffrom pathlib import Path\r\n") {
		t.Errorf("first line changed: %q", got[:40])
	}
	if g := files[".gitignore"]; g != "*.pyc\r\n/.env\r\n/.djharden/\r\n.djharden-tmp-*\r\n" {
		t.Errorf(".gitignore = %q", g)
	}
}

func TestReadOnlyRefused(t *testing.T) {
	for _, what := range []string{"file", "folder"} {
		t.Run(what, func(t *testing.T) {
			root, plan, _ := fixture(t, map[string]string{"mysite/settings.py": literalSettings}, 4, 2)
			target := filepath.Join(root, "mysite", "settings.py")
			if what == "folder" {
				target = filepath.Dir(target)
			}
			st, _ := os.Stat(target)
			if err := os.Chmod(target, st.Mode().Perm()&^0o222); err != nil {
				t.Fatal(err)
			}
			defer os.Chmod(target, st.Mode().Perm())
			before := snapshot(t, root)
			_, err := plan.Apply()
			if err == nil || !strings.Contains(err.Error(), "read-only") {
				t.Fatalf("Apply = %v, want a read-only error", err)
			}
			if after := snapshot(t, root); fmt.Sprint(after) != fmt.Sprint(before) {
				t.Error("files changed despite the error")
			}
			if _, err := os.Stat(filepath.Join(root, ".djharden", "backups")); err == nil {
				t.Error("a backup was started before the checks")
			}
		})
	}
}

func TestSymlinkOutsideRefused(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "elsewhere.py")
	if err := os.WriteFile(outside, []byte(literalSettings), 0o644); err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	os.MkdirAll(filepath.Join(root, "mysite"), 0o755)
	if err := os.Symlink(outside, filepath.Join(root, "mysite", "settings.py")); err != nil {
		t.Fatal(err)
	}
	plan, err := Build(startprojectProject(root, 4, 2, "os"), Answers{Domains: []string{"example.com"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := plan.Apply(); err == nil || !strings.Contains(err.Error(), "outside the project") {
		t.Fatalf("Apply = %v, want a refusal", err)
	}
	if data, _ := os.ReadFile(outside); string(data) != literalSettings {
		t.Error("the file outside the project changed")
	}
}

func TestChangedSinceBuildRefused(t *testing.T) {
	root, plan, _ := fixture(t, map[string]string{"mysite/settings.py": literalSettings}, 4, 2)
	p := filepath.Join(root, "mysite", "settings.py")
	if err := os.WriteFile(p, []byte(literalSettings+"X = 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := plan.Apply(); err == nil || !strings.Contains(err.Error(), "changed since") {
		t.Fatalf("Apply = %v", err)
	}
}

// TestKilledApplyLeavesFilesWhole stops Apply after every step, as a kill
// would, and checks every file is either entirely old or entirely new, and
// that undo brings back the old bytes.
func TestKilledApplyLeavesFilesWhole(t *testing.T) {
	defer func() { afterStep = nil }()
	files := map[string]string{"mysite/settings.py": literalSettings, ".gitignore": "*.pyc\n", ".env": "OTHER=1\n"}
	_, probe, _ := fixture(t, files, 4, 2)
	steps := len(probe.Changes) + 1
	for stop := 0; stop < steps; stop++ {
		root, plan, _ := fixture(t, files, 4, 2)
		old := snapshot(t, root)
		afterStep = func(step int) error {
			if step == stop {
				return errors.New("killed")
			}
			return nil
		}
		if _, err := plan.Apply(); err == nil {
			t.Fatalf("stop %d: Apply did not stop", stop)
		}
		afterStep = nil
		now := snapshot(t, root)
		for _, c := range plan.Changes {
			got, exists := now[c.Path]
			switch {
			case exists && got == string(c.New):
			case exists && c.Old != nil && got == string(c.Old):
			case !exists && c.Old == nil:
			default:
				t.Errorf("stop %d: %s is neither old nor new", stop, c.Path)
			}
		}
		if _, err := Undo(root); err != nil {
			t.Fatalf("stop %d: undo: %v", stop, err)
		}
		if got := snapshot(t, root); fmt.Sprint(got) != fmt.Sprint(old) {
			t.Errorf("stop %d: undo did not restore the old files", stop)
		}
	}
}

func TestEnvFileKeepsValuesAndOrder(t *testing.T) {
	existing := "# mine\r\nDATABASE_URL=postgres://u@h/db\r\nDJANGO_DEBUG=False\r\n"
	root, plan, _ := fixture(t, map[string]string{"mysite/settings.py": "DEBUG = True\n", ".env": existing}, 4, 2)
	if _, err := plan.Apply(); err != nil {
		t.Fatal(err)
	}
	got := snapshot(t, root)[".env"]
	if !strings.HasPrefix(got, existing) {
		t.Errorf("existing lines changed:\n%q", got)
	}
	if strings.Count(got, "\n") != strings.Count(got, "\r\n") {
		t.Error("CRLF not kept")
	}
	// The file now holds the secret key: readable by its owner only; undo
	// gives the old mode back.
	if st, _ := os.Stat(filepath.Join(root, ".env")); st.Mode().Perm() != 0o600 {
		t.Errorf("an env file that received a secret has mode %v, want 0600", st.Mode())
	}
	if _, err := Undo(root); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(filepath.Join(root, ".env")); st.Mode().Perm() != 0o644 {
		t.Errorf("after undo the env file's mode is %v, want 0644 again", st.Mode())
	}
}

func TestBadAnswers(t *testing.T) {
	root := t.TempDir()
	p := startprojectProject(root, 4, 2, "os")
	for _, a := range []Answers{
		{Domains: []string{"https://exa mple.com/x"}},
		{Domains: []string{"exa_mple.com"}},
		{Domains: []string{""}},
		{Domains: []string{"*"}},
		{Domains: []string{"example.com"}, HTTPS: "sometimes"},
		{Domains: []string{"example.com"}, HSTS: "forever"},
		{Domains: []string{"example.com"}, EnvStyle: "toml"},
		{Domains: []string{"example.com"}, EnvFile: "../outside.env"},
		{Domains: []string{"example.com"}, Key: "short"},
	} {
		if _, err := Build(p, a); !errors.Is(err, ErrInvalidAnswers) {
			t.Errorf("Build(%+v) = %v, want ErrInvalidAnswers", a, err)
		}
	}
}
