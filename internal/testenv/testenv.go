// Package testenv finds the real tools integration tests need (a Python
// that can import Django and the env libraries, git, tmux). On a laptop
// without them a test skips with a clear message; in CI (CI=true) it fails,
// so a missing install step can never turn into a silently green run.
package testenv

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// InCI reports whether the tests run in CI, where missing tools are failures.
func InCI() bool {
	v := strings.ToLower(os.Getenv("CI"))
	return v != "" && v != "0" && v != "false"
}

// missing skips or fails the test because a tool is not there.
func missing(t testing.TB, what string) {
	t.Helper()
	if InCI() {
		t.Fatalf("%s is required in CI but was not found (see .ci/run)", what)
	}
	t.Skipf("skipping: %s not found (install it to run this test)", what)
}

var (
	pythonOnce sync.Once
	pythons    []string
)

// python3Candidates lists every python3 on PATH, in PATH order, without repeats.
func python3Candidates() []string {
	pythonOnce.Do(func() {
		seen := map[string]bool{}
		for _, dir := range filepath.SplitList(os.Getenv("PATH")) {
			for _, name := range []string{"python3", "python"} {
				p := filepath.Join(dir, name)
				if st, err := os.Stat(p); err != nil || st.IsDir() {
					continue
				}
				real, err := filepath.EvalSymlinks(p)
				if err != nil {
					real = p
				}
				if seen[real] {
					continue
				}
				seen[real] = true
				pythons = append(pythons, p)
			}
		}
	})
	return pythons
}

var (
	probeMu sync.Mutex
	probed  = map[string]string{} // modules -> python ("" = none)
)

// Python returns a Python interpreter that can import every module named
// (e.g. "django", "dotenv", "environ", "decouple"), or skips/fails the test.
func Python(t testing.TB, modules ...string) string {
	t.Helper()
	if len(modules) == 0 {
		modules = []string{"django"}
	}
	key := strings.Join(modules, ",")
	probeMu.Lock()
	defer probeMu.Unlock()
	py, ok := probed[key]
	if !ok {
		for _, cand := range python3Candidates() {
			cmd := exec.Command(cand, "-c", "import "+key)
			cmd.Env = append(os.Environ(), "PYTHONDONTWRITEBYTECODE=1")
			if cmd.Run() == nil {
				py = cand
				break
			}
		}
		probed[key] = py
	}
	if py == "" {
		missing(t, "a python3 that can import "+key)
	}
	return py
}

// Tool returns the path of an executable (git, tmux, bandit, rg), or skips/fails the test.
func Tool(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		missing(t, name)
	}
	return p
}

// WriteTree writes files (slash-separated paths to contents) under root,
// making the folders they need.
func WriteTree(t testing.TB, root string, files map[string]string) {
	t.Helper()
	for rel, content := range files {
		name := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
