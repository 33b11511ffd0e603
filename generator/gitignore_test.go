package generator

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/djharden/djharden/internal/testenv"
)

func TestGitignoreEscape(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		".env":            ".env",
		"prod.env ":       `prod.env\ `,
		"env[1]":          `env\[1\]`,
		`we\ird`:          `we\\ird`,
		"a*b?":            `a\*b\?`,
		"deploy/.env  ":   `deploy/.env\ \ `,
		"mid space.env":   "mid space.env",
		"#hash/!bang.env": "#hash/!bang.env", // after the leading "/", # and ! are plain
	} {
		if got := gitignoreEscape(in); got != want {
			t.Errorf("gitignoreEscape(%q) = %q, want %q", in, got, want)
		}
	}
}

func gitInit(t *testing.T, dir string) {
	t.Helper()
	cmd := exec.Command("git", "-C", dir, "init", "-q")
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "HOME="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git init: %v\n%s", err, out)
	}
}

func gitOut(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "HOME="+dir)
	out, _ := cmd.CombinedOutput()
	return string(out)
}

// Env file names git reads as patterns (a trailing space, brackets, a
// backslash) are written escaped, and git itself confirms they are ignored.
func TestOddEnvFileNamesAreIgnoredByGit(t *testing.T) {
	testenv.Tool(t, "git")
	for _, name := range []string{"prod.env ", "env[1].env", `we\ird.env`, "a*.env"} {
		t.Run(name, func(t *testing.T) {
			root := t.TempDir()
			if err := os.MkdirAll(filepath.Join(root, "mysite"), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(root, "mysite", "settings.py"), []byte(literalSettings), 0o644); err != nil {
				t.Fatal(err)
			}
			gitInit(t, root)
			a := Answers{Domains: []string{"example.com"}, HTTPS: HTTPSProxy, HSTS: HSTSTrial, Key: testKey, EnvFile: name}
			plan, err := Build(startprojectProject(root, 4, 2, "os"), a)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := plan.Apply(); err != nil {
				t.Fatal(err)
			}
			if _, err := os.Stat(filepath.Join(root, name)); err != nil {
				t.Fatalf("env file not written: %v", err)
			}
			status := gitOut(t, root, "status", "--porcelain", "--untracked-files=all")
			if strings.Contains(status, "env") && !strings.Contains(status, ".env.example") || strings.Contains(status, ".djharden") {
				t.Errorf("git sees files that must be ignored:\n%s", status)
			}
			for _, line := range strings.Split(strings.TrimSpace(status), "\n") {
				if strings.Contains(line, strings.TrimSpace(name)) {
					t.Errorf("git status lists the env file: %q", line)
				}
			}
		})
	}
}

// After undo, the backups (old keys, old passwords) stay out of git, even
// though the project's .gitignore is back to its old self.
func TestBackupsStayIgnoredAfterUndo(t *testing.T) {
	testenv.Tool(t, "git")
	root, plan, _ := fixture(t, map[string]string{"mysite/settings.py": literalSettings}, 4, 2)
	gitInit(t, root)
	if _, err := plan.Apply(); err != nil {
		t.Fatal(err)
	}
	if _, err := Undo(root); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, ".gitignore")); err == nil {
		t.Fatal("undo kept the .gitignore apply created")
	}
	status := gitOut(t, root, "status", "--porcelain", "--untracked-files=all", "--ignored=no")
	if strings.Contains(status, ".djharden") {
		t.Errorf("after undo git would add the backups:\n%s", status)
	}
	gitOut(t, root, "add", "-A")
	if staged := gitOut(t, root, "ls-files"); strings.Contains(staged, ".djharden") {
		t.Errorf("git add -A staged the backups:\n%s", staged)
	}
}

// Backups git tracks came with the repository: undo refuses them, even
// when their token is on record (a clone of one's own pushed backups).
func TestUndoRefusesBackupsGitTracks(t *testing.T) {
	testenv.Tool(t, "git")
	root, plan, _ := fixture(t, map[string]string{"mysite/settings.py": literalSettings}, 4, 2)
	gitInit(t, root)
	if _, err := plan.Apply(); err != nil {
		t.Fatal(err)
	}
	if out := gitOut(t, root, "add", "-f", ".djharden"); out != "" {
		t.Fatalf("git add: %s", out)
	}
	before := snapshot(t, root)
	_, err := Undo(root)
	if err == nil || !strings.Contains(err.Error(), "git tracks") {
		t.Fatalf("Undo = %v, want a refusal naming git", err)
	}
	if got := snapshot(t, root); len(got) != len(before) {
		t.Error("undo changed files")
	}
}
