package tui_test

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/djharden/djharden/internal/testenv"
)

// End-to-end tests: the real binary in tmux (a real pty), on a fresh
// `django-admin startproject`, checked with the real `manage.py check --deploy`.

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
	buildOut  []byte
)

// binary builds cmd/djharden once per test run.
func binary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("end-to-end test: skipped with -short")
	}
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "djharden-e2e-bin-")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "djharden")
		cmd := exec.Command("go", "build", "-o", binPath, "./cmd/djharden")
		cmd.Dir = ".."
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		buildOut, buildErr = cmd.CombinedOutput()
	})
	if buildErr != nil {
		t.Fatalf("go build ./cmd/djharden: %v\n%s", buildErr, buildOut)
	}
	return binPath
}

// tmuxSession is one private tmux server running one command.
type tmuxSession struct {
	t      *testing.T
	tmux   string
	socket string
}

func startTmux(t *testing.T, dir string, env []string, args ...string) *tmuxSession {
	t.Helper()
	return startTmuxSized(t, 100, 30, dir, env, args...)
}

// startTmuxSized is startTmux in a w x h terminal.
func startTmuxSized(t *testing.T, w, h int, dir string, env []string, args ...string) *tmuxSession {
	t.Helper()
	tm := testenv.Tool(t, "tmux")
	var b [6]byte
	_, _ = rand.Read(b[:])
	s := &tmuxSession{t: t, tmux: tm, socket: "djh-" + hex.EncodeToString(b[:])}
	cmdArgs := []string{"-L", s.socket, "-f", "/dev/null", "new-session", "-d", "-x", strconv.Itoa(w), "-y", strconv.Itoa(h), "-c", dir}
	for _, e := range append([]string{"TERM=xterm-256color"}, env...) {
		cmdArgs = append(cmdArgs, "-e", e)
	}
	// keep the pane after the program exits, so its last words can be read
	// The shell ignores SIGINT, so ctrl+c outside raw mode reaches only the
	// program (Go's signal.Notify takes SIGINT back) and the pane survives.
	shell := "trap '' INT; " + strings.Join(quoteAll(args), " ") + "; echo '[exited]'; sleep 600"
	cmdArgs = append(cmdArgs, shell)
	if out, err := exec.Command(tm, cmdArgs...).CombinedOutput(); err != nil {
		t.Fatalf("tmux new-session: %v\n%s", err, out)
	}
	t.Cleanup(func() { _ = exec.Command(tm, "-L", s.socket, "kill-server").Run() })
	return s
}

func quoteAll(args []string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
	}
	return out
}

func (s *tmuxSession) capture() string {
	out, err := exec.Command(s.tmux, "-L", s.socket, "capture-pane", "-p").Output()
	if err != nil {
		s.t.Fatalf("capture-pane: %v", err)
	}
	return string(out)
}

// waitFor polls the pane until one of texts shows, and returns which.
func (s *tmuxSession) waitFor(timeout time.Duration, texts ...string) string {
	s.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		screen := s.capture()
		for _, want := range texts {
			if strings.Contains(screen, want) {
				return want
			}
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("timed out waiting for %q; screen:\n%s", texts, screen)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// waitChange polls until the pane differs from before.
func (s *tmuxSession) waitChange(before string, timeout time.Duration) string {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if now := s.capture(); now != before {
			return now
		}
		time.Sleep(50 * time.Millisecond)
	}
	return s.capture()
}

// settle waits until the pane stops changing (a screen can show "Preparing
// the changes" before the review), so the next key lands where it is meant to.
func (s *tmuxSession) settle(last string) {
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		time.Sleep(250 * time.Millisecond)
		now := s.capture()
		if now == last && !strings.Contains(now, "Preparing the changes") && !strings.Contains(now, "Inspecting") {
			return
		}
		last = now
	}
}

func (s *tmuxSession) send(keys ...string) {
	s.t.Helper()
	args := append([]string{"-L", s.socket, "send-keys"}, keys...)
	if out, err := exec.Command(s.tmux, args...).CombinedOutput(); err != nil {
		s.t.Fatalf("send-keys: %v\n%s", err, out)
	}
}

func (s *tmuxSession) typeText(text string) {
	s.t.Helper()
	args := append([]string{"-L", s.socket, "send-keys", "-l"}, text)
	if out, err := exec.Command(s.tmux, args...).CombinedOutput(); err != nil {
		s.t.Fatalf("send-keys: %v\n%s", err, out)
	}
}

// startproject creates a fresh Django project with the real django-admin.
func startproject(t *testing.T) (root, python string) {
	t.Helper()
	if testing.Short() {
		t.Skip("end-to-end test: skipped with -short")
	}
	python = testenv.Python(t, "django")
	root = filepath.Join(t.TempDir(), "site")
	if err := os.MkdirAll(root, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(python, "-m", "django", "startproject", "mysite", root)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("startproject: %v\n%s", err, out)
	}
	return root, python
}

// pathEnv puts the Python that has Django first on PATH for the binary.
func pathEnv(python string) []string {
	return []string{"PATH=" + filepath.Dir(python) + string(os.PathListSeparator) + os.Getenv("PATH"), "PYTHONDONTWRITEBYTECODE=1"}
}

// pressEnterUntil presses enter, screen after screen, until one of texts shows.
func (s *tmuxSession) pressEnterUntil(limit int, texts ...string) string {
	s.t.Helper()
	for i := 0; i < limit; i++ {
		screen := s.capture()
		for _, want := range texts {
			if strings.Contains(screen, want) {
				return want
			}
		}
		s.send("Enter")
		s.settle(s.waitChange(screen, 3*time.Second))
	}
	return s.waitFor(5*time.Second, texts...)
}

// snapshot reads every file under root.
func snapshot(t *testing.T, root string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		files[p] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestE2ECtrlCAtReviewWritesNothing(t *testing.T) {
	root, python := startproject(t)
	before := snapshot(t, root)
	bin := binary(t)
	s := startTmux(t, root, pathEnv(python), bin, root)
	s.waitFor(30*time.Second, "hardened")
	s.pressEnterUntil(40, "Which domain(s)")
	s.typeText("example.com")
	s.pressEnterUntil(20, "Nothing is written until you press enter")
	s.send("C-c")
	s.waitFor(10*time.Second, "[exited]")
	after := snapshot(t, root)
	if len(after) != len(before) {
		t.Errorf("files before %d, after %d", len(before), len(after))
	}
	for p, data := range before {
		if !bytes.Equal(after[p], data) {
			t.Errorf("%s changed", p)
		}
	}
}

func TestE2EDemoReachesWelcome(t *testing.T) {
	bin := binary(t)
	s := startTmux(t, t.TempDir(), nil, bin, "demo")
	s.waitFor(30*time.Second, "This is djharden's demo")
	s.waitFor(5*time.Second, "hardened")
	s.send("Escape")
	screen := s.waitFor(10*time.Second, "[exited]")
	_ = screen
	out := s.capture()
	i := strings.Index(out, "The demo project is in ")
	if i < 0 {
		t.Fatalf("the demo did not say where it is:\n%s", out)
	}
	dir := strings.TrimSpace(strings.SplitN(out[i+len("The demo project is in "):], "\n", 2)[0])
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("quitting the demo at once left %s behind (%v)", dir, err)
	}
}

// lastLines joins the last n non-blank lines of the pane (a long prompt wraps).
func lastLines(screen string, n int) string {
	lines := strings.Split(strings.TrimRight(screen, "\n "), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, " ")
}
