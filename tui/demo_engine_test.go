package tui

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/djharden/djharden/checklist/project"
	"github.com/djharden/djharden/generator"
	"github.com/djharden/djharden/internal/testenv"
)

// Model tests run on the real engine over a fresh copy of the embedded demo
// project, so a checklist item added, renamed or reworded shows up here.
// recordingEngine only counts what the wizard asked, and pins the one
// random input (the new key) so screens are stable.

// testKey is the key the tests' engine hands out instead of a random one.
const testKey = "Zq3rT8mXw2LpV9sKd4FhN7bYc6GjR1eAu5HoQ0iWxEzMnBvCtPy"

type recordingEngine struct {
	Engine
	mu       sync.Mutex
	built    []generator.Answers
	applied  int
	deployed int
	// deployBlock, when set, makes DeployCheck wait for its context.
	deployBlock bool
	// applyGate, when set, makes Apply wait until it is closed.
	applyGate chan struct{}
}

func (e *recordingEngine) NewKey() (string, error) { return testKey, nil }

func (e *recordingEngine) Build(p *project.Project, a generator.Answers) (*Proposal, error) {
	e.mu.Lock()
	e.built = append(e.built, a)
	e.mu.Unlock()
	return e.Engine.Build(p, a)
}

func (e *recordingEngine) Apply(pr *Proposal) (*Written, error) {
	e.mu.Lock()
	e.applied++
	e.mu.Unlock()
	if e.applyGate != nil {
		<-e.applyGate
	}
	return e.Engine.Apply(pr)
}

func (e *recordingEngine) DeployCheck(ctx context.Context, p *project.Project, env map[string]string) (*DeployResult, error) {
	e.mu.Lock()
	e.deployed++
	e.mu.Unlock()
	if e.deployBlock {
		<-ctx.Done()
		return nil, ctx.Err()
	}
	return e.Engine.DeployCheck(ctx, p, env)
}

// demoRoot copies the demo project into a new temporary directory.
func demoRoot(t *testing.T) string {
	t.Helper()
	root := filepath.Join(t.TempDir(), "demo")
	if err := copyDemo(root); err != nil {
		t.Fatal(err)
	}
	return root
}

// showDir is how the tests' screens name the demo copy.
const showDir = "~/demo"

// demoDriver starts the wizard on a demo copy with the real engine.
func demoDriver(t *testing.T, w, h int) (*driver, *recordingEngine, string) {
	t.Helper()
	root := demoRoot(t)
	eng := &recordingEngine{Engine: NewEngine()}
	d := newDriver(t, eng, Options{Dir: root, ShowDir: showDir}, w, h)
	if d.a.p == nil {
		d.until(waitWork, func() bool { return d.a.p != nil })
	}
	if d.a.screen != scrWelcome {
		t.Fatalf("screen = %v after loading, want welcome:\n%s", d.a.screen, d.view())
	}
	return d, eng, root
}

// snapshot reads every file under root.
func snapshot(t *testing.T, root string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		files[p] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// testenvPython puts a Python that imports Django first on PATH, so the
// Done screen's real `manage.py check --deploy` runs the same everywhere
// (skips on a laptop without one, fails in CI).
func testenvPython(t *testing.T) string {
	t.Helper()
	py := testenv.Python(t, "django")
	t.Setenv("PATH", filepath.Dir(py)+string(os.PathListSeparator)+os.Getenv("PATH"))
	return py
}
