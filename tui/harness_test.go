package tui

import (
	"flag"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/muesli/termenv"
)

func TestMain(m *testing.M) {
	flag.Parse()
	// Goldens are plain text: pin the profile and the background.
	lipgloss.SetColorProfile(termenv.Ascii)
	lipgloss.SetHasDarkBackground(true)
	os.Exit(m.Run())
}

// driver feeds messages to the app the way a program would: each returned
// command runs and its message is fed back (batches and sequences
// expanded). Commands that do not answer quickly (cursor blinks, spinner
// ticks) are dropped, so tests never sleep on timers.
type driver struct {
	t       *testing.T
	a       *app
	quit    bool
	pending []chan tea.Msg // commands still running when their wait ended
}

// slowCommand separates timers from work: cursor blinks wait about half a
// second, while the fake engine's answers come at once. A command that
// outlives it is kept pending, and delivered before the next key if it has
// finished by then, so a loaded machine delays work instead of losing it.
const slowCommand = 40 * time.Millisecond

func newDriver(t *testing.T, eng Engine, opts Options, w, h int) *driver {
	t.Helper()
	d := &driver{t: t, a: newApp(eng, opts)}
	d.send(tea.WindowSizeMsg{Width: w, Height: h})
	d.run(d.a.Init(), 0)
	return d
}

func (d *driver) send(msgs ...tea.Msg) {
	d.t.Helper()
	d.deliverFinished()
	for _, msg := range msgs {
		_, cmd := d.a.Update(msg)
		d.run(cmd, 0)
	}
}

func (d *driver) run(cmd tea.Cmd, depth int) {
	if cmd == nil || depth > 30 {
		return
	}
	ch := make(chan tea.Msg, 1)
	go func() { ch <- cmd() }()
	var msg tea.Msg
	select {
	case msg = <-ch:
	case <-time.After(slowCommand):
		d.pending = append(d.pending, ch)
		return
	}
	d.deliver(msg, depth)
}

// deliverFinished feeds the messages of pending commands that have
// finished since, without waiting for the others.
func (d *driver) deliverFinished() {
	pending := d.pending
	d.pending = nil
	for _, ch := range pending {
		select {
		case msg := <-ch:
			d.deliver(msg, 0)
		default:
			d.pending = append(d.pending, ch)
		}
	}
}

// awaitPending feeds the messages of slow commands that finish within timeout.
func (d *driver) awaitPending(timeout time.Duration) {
	pending := d.pending
	d.pending = nil
	deadline := time.After(timeout)
	for _, ch := range pending {
		select {
		case msg := <-ch:
			d.deliver(msg, 0)
		case <-deadline:
			return
		}
	}
}

func (d *driver) deliver(msg tea.Msg, depth int) {
	switch m := msg.(type) {
	case nil:
	case tea.QuitMsg:
		d.quit = true
	case spinner.TickMsg:
	case tea.BatchMsg:
		for _, c := range m {
			d.run(c, depth+1)
		}
	default:
		// tea.Sequence's message is an unexported []tea.Cmd.
		if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeOf(tea.Cmd(nil)) {
			for i := 0; i < v.Len(); i++ {
				d.run(v.Index(i).Interface().(tea.Cmd), depth+1)
			}
			return
		}
		_, next := d.a.Update(msg)
		d.run(next, depth+1)
	}
}

func (d *driver) keys(names ...string) {
	d.t.Helper()
	for _, n := range names {
		d.send(keyMsg(n))
	}
}

func (d *driver) typeText(s string) {
	for _, r := range s {
		d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
}

func keyMsg(name string) tea.KeyMsg {
	special := map[string]tea.KeyType{
		"enter": tea.KeyEnter, "esc": tea.KeyEsc, "tab": tea.KeyTab, "shift+tab": tea.KeyShiftTab,
		"up": tea.KeyUp, "down": tea.KeyDown, "ctrl+c": tea.KeyCtrlC, "pgdown": tea.KeyPgDown,
		"left": tea.KeyLeft, "right": tea.KeyRight,
	}
	if k, ok := special[name]; ok {
		return tea.KeyMsg{Type: k}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(name)}
}

func (d *driver) view() string { return ansi.Strip(d.a.View()) }

// golden compares the plain view with testdata/<test name>/<name>.golden.
func (d *driver) golden(name string) {
	d.t.Helper()
	d.t.Run(name, func(t *testing.T) { d.goldenIn(t) })
}

func (d *driver) goldenIn(t *testing.T) {
	t.Helper()
	v := d.view()
	w, h := d.a.size()
	for i, line := range strings.Split(v, "\n") {
		if ansi.StringWidth(line) > w {
			t.Errorf("line %d is wider than %d: %q", i+1, w, line)
		}
	}
	if n := strings.Count(v, "\n") + 1; n > h {
		t.Errorf("view has %d lines, taller than %d", n, h)
	}
	golden.RequireEqual(t, []byte(v))
}

func (d *driver) mustSee(texts ...string) {
	d.t.Helper()
	v := d.view()
	for _, s := range texts {
		if !strings.Contains(v, s) {
			d.t.Fatalf("screen lacks %q:\n%s", s, v)
		}
	}
}

// waitWork bounds real work in model tests (discovery, building the plan,
// writing, Django's own check).
const waitWork = 60 * time.Second

// until delivers finished commands until cond holds or timeout passes.
func (d *driver) until(timeout time.Duration, cond func() bool) {
	d.t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			d.t.Fatalf("condition not met within %v:\n%s", timeout, d.view())
		}
		time.Sleep(5 * time.Millisecond)
		d.deliverFinished()
	}
}
