package generator

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/djharden/djharden/checklist/project"
	"github.com/djharden/djharden/envfile"
	"github.com/djharden/djharden/internal/testenv"
)

// startproject runs the real `django-admin startproject mysite` into a
// temporary folder and returns its root.
func startproject(t *testing.T, py string) string {
	t.Helper()
	root := t.TempDir()
	cmd := exec.Command(py, "-m", "django", "startproject", "mysite", root)
	cmd.Env = cleanEnv(nil)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("startproject: %v\n%s", err, out)
	}
	return root
}

// startprojectProject describes a startproject tree the way discovery
// would (built by hand so these tests do not depend on discovery).
func startprojectProject(root string, major, minor int, style string) *project.Project {
	return &project.Project{
		Root:           root,
		ManagePy:       "manage.py",
		SettingsModule: "mysite.settings",
		SettingsFiles:  []string{"mysite/settings.py"},
		Candidates:     []project.SettingsCandidate{{Module: "mysite.settings", File: "mysite/settings.py"}},
		Django:         project.DjangoVersion{Known: true, Major: major, Minor: minor, Patch: 0},
		EnvStyle:       style,
		EnvNames:       map[string]string{},
	}
}

// cleanEnv is a minimal environment plus extra KEY=value entries: the
// developer's own DJANGO_* variables must not leak into the tests.
func cleanEnv(extra map[string]string) []string {
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.TempDir(), "PYTHONDONTWRITEBYTECODE=1", "LANG=C.UTF-8"}
	for k, v := range extra {
		env = append(env, k+"="+v)
	}
	return env
}

// manage runs manage.py with args and the given environment; it returns
// the combined output and the exit code.
func manage(t *testing.T, py, root string, env map[string]string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(py, append([]string{"manage.py"}, args...)...)
	cmd.Dir = root
	cmd.Env = cleanEnv(env)
	out, err := cmd.CombinedOutput()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			return string(out), ee.ExitCode()
		}
		t.Fatalf("running manage.py: %v", err)
	}
	return string(out), 0
}

// envValues reads the project's filled env file.
func envValues(t *testing.T, root, rel string) map[string]string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, rel))
	if err != nil {
		t.Fatal(err)
	}
	return envfile.Parse(data).Values()
}

// snapshot reads every regular file under root except the backups.
func snapshot(t *testing.T, root string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		r, _ := filepath.Rel(root, p)
		if info.IsDir() && (r == ".djharden" || r == "__pycache__" || strings.HasSuffix(r, "/__pycache__")) {
			return filepath.SkipDir
		}
		if info.Mode().IsRegular() {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			files[filepath.ToSlash(r)] = string(data)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func djangoPython(t *testing.T) string {
	return testenv.Python(t, "django")
}

// runPy runs python with args and returns its output and exit code.
func runPy(t *testing.T, py string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(py, args...)
	cmd.Env = cleanEnv(nil)
	out, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); ok {
		return string(out), ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return string(out), 0
}
