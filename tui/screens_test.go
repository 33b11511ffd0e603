package tui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/djharden/djharden/checklist"
	"github.com/djharden/djharden/checklist/project"
	"github.com/djharden/djharden/generator"
)

// toReview walks the defaults to the review screen.
func toReview(t *testing.T, d *driver) {
	t.Helper()
	d.keys("enter") // welcome
	for i := 0; i < len(d.a.steps); i++ {
		d.keys("enter")
	}
	d.typeText("example.com")
	for i := 0; i < 8 && d.a.screen == scrQuestions; i++ {
		d.keys("enter")
	}
	d.keys("enter") // key screen
	if d.a.screen != scrReview {
		t.Fatalf("screen = %v, want review:\n%s", d.a.screen, d.view())
	}
}

func TestLeavingAtReviewWritesNothing(t *testing.T) {
	for _, k := range []string{"esc", "q", "ctrl+c"} {
		t.Run(k, func(t *testing.T) {
			eng := &fakeEngine{root: "/home/ana/mysite"}
			d := newDriver(t, eng, Options{Dir: "/home/ana/mysite"}, 80, 24)
			toReview(t, d)
			d.keys(k)
			if !d.quit || !d.a.quit || eng.applied != 0 {
				t.Fatalf("quit %v, left early %v, applied %d", d.quit, d.a.quit, eng.applied)
			}
			if got := d.a.farewell(); !strings.Contains(got, "without writing") {
				t.Errorf("farewell = %q", got)
			}
		})
	}
}

func TestQuitFromEveryScreenBeforeReview(t *testing.T) {
	steps := []struct {
		name  string
		reach func(d *driver)
		key   string
	}{
		{"welcome", func(d *driver) {}, "esc"},
		{"item", func(d *driver) { d.keys("enter") }, "ctrl+c"},
		{"question", func(d *driver) { d.keys("enter", "enter", "enter", "enter", "enter", "enter", "enter") }, "esc"},
		{"question-ctrl+c", func(d *driver) { d.keys("enter", "enter", "enter", "enter", "enter", "enter", "enter") }, "ctrl+c"},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			eng := &fakeEngine{root: "/home/ana/mysite"}
			d := newDriver(t, eng, Options{Dir: "/home/ana/mysite"}, 80, 24)
			st.reach(d)
			d.keys(st.key)
			if !d.quit || !d.a.quit || eng.applied != 0 || len(eng.built) != 0 {
				t.Fatalf("quit %v, left early %v, applied %d, built %d", d.quit, d.a.quit, eng.applied, len(eng.built))
			}
		})
	}
}

func TestTooSmallAsksToEnlarge(t *testing.T) {
	cases := []struct {
		w, h  int
		small bool
	}{{59, 24, true}, {80, 15, true}, {40, 10, true}, {60, 16, false}, {80, 24, false}}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%dx%d", c.w, c.h), func(t *testing.T) {
			d := newDriver(t, &fakeEngine{root: "/r"}, Options{Dir: "/r"}, c.w, c.h)
			got := strings.Contains(d.view(), "Please enlarge the terminal")
			if got != c.small {
				t.Fatalf("enlarge note shown %v, want %v:\n%s", got, c.small, d.view())
			}
			if c.w == 40 {
				d.golden("enlarge")
			}
		})
	}
}

func TestResizeAdapts(t *testing.T) {
	d := newDriver(t, &fakeEngine{root: "/home/ana/mysite"}, Options{Dir: "/home/ana/mysite"}, 80, 24)
	toReview(t, d)
	d.send(tea.WindowSizeMsg{Width: 100, Height: 30})
	if d.a.review.vp.Width != 98 || d.a.review.vp.Height != 30-4-reviewChrome {
		t.Fatalf("viewport %dx%d after resize", d.a.review.vp.Width, d.a.review.vp.Height)
	}
	d.golden("review_100x30")
	d.send(tea.WindowSizeMsg{Width: 50, Height: 12})
	d.mustSee("Please enlarge")
	d.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	d.mustSee("File 1 of 2")
}

// toQuestion answers the domains and stops at question id.
func toQuestion(t *testing.T, d *driver, id string) {
	t.Helper()
	d.keys("enter")
	for i := 0; i < len(d.a.steps); i++ {
		d.keys("enter")
	}
	d.typeText("example.com")
	for i := 0; i < 8 && questionList[d.a.questions.idx].id != id; i++ {
		d.keys("enter")
	}
	if d.a.screen != scrQuestions || questionList[d.a.questions.idx].id != id {
		t.Fatalf("did not reach question %s:\n%s", id, d.view())
	}
}

func TestHSTSPreloadNeedsConfirm(t *testing.T) {
	cases := []struct {
		name    string
		confirm []string
		want    string
		subs    bool
	}{
		{"declined", []string{"enter"}, generator.HSTSYear, false},
		{"confirmed", []string{"left", "enter"}, generator.HSTSPreload, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			eng := &fakeEngine{root: "/home/ana/mysite"}
			d := newDriver(t, eng, Options{Dir: "/home/ana/mysite"}, 80, 24)
			toQuestion(t, d, "hsts")
			d.keys("down", "down")
			d.mustSee("You will be asked to confirm", "SECURE_HSTS_PRELOAD")
			d.keys("enter")
			d.mustSee("Really ask for preload?", "6 to 12 weeks")
			if c.name == "declined" {
				d.golden("preload_confirm")
			}
			d.keys(c.confirm...)
			for i := 0; i < 6 && d.a.screen == scrQuestions; i++ {
				d.keys("enter")
			}
			if d.a.answers.HSTS != c.want || d.a.answers.HSTSSubdomains != c.subs {
				t.Fatalf("HSTS %q subdomains %v, want %q %v", d.a.answers.HSTS, d.a.answers.HSTSSubdomains, c.want, c.subs)
			}
		})
	}
}

func TestDomainsValidatedAsYouType(t *testing.T) {
	d := newDriver(t, &fakeEngine{root: "/r"}, Options{Dir: "/r"}, 80, 24)
	toQuestion(t, d, "domains")
	d.keys("ctrl+c") // the form's own abort leaves safely
	if !d.a.quit {
		t.Fatal("ctrl+c in a form did not leave")
	}

	d = newDriver(t, &fakeEngine{root: "/r"}, Options{Dir: "/r"}, 80, 24)
	d.keys("enter")
	for i := 0; i < len(d.a.steps); i++ {
		d.keys("enter")
	}
	d.typeText("localhost")
	d.mustSee(`✗ "localhost" is not a domain name`)
	d.keys("enter")
	if questionList[d.a.questions.idx].id != "domains" {
		t.Fatal("an invalid domain was accepted")
	}
	d.keys("enter") // an empty answer is refused too
	for range "localhost" {
		d.send(tea.KeyMsg{Type: tea.KeyBackspace})
	}
	d.keys("enter")
	if questionList[d.a.questions.idx].id != "domains" {
		t.Fatal("an empty domain list was accepted")
	}
	d.typeText("shop.example.org")
	d.mustSee(`ALLOWED_HOSTS = ["shop.example.org"]`)
	d.keys("enter")
	if questionList[d.a.questions.idx].id != "https" {
		t.Fatalf("a valid domain did not advance:\n%s", d.view())
	}
}

func TestBackKeys(t *testing.T) {
	d := newDriver(t, &fakeEngine{root: "/r"}, Options{Dir: "/r"}, 80, 24)
	d.keys("enter", "enter") // item 2
	d.keys("b")
	if d.a.screen != scrItems || d.a.items.idx != 0 {
		t.Fatalf("b: screen %v idx %d", d.a.screen, d.a.items.idx)
	}
	d.keys("shift+tab")
	if d.a.screen != scrWelcome {
		t.Fatalf("shift+tab on the first item: screen %v", d.a.screen)
	}
	d.keys("enter")
	for i := 0; i < len(d.a.steps); i++ {
		d.keys("enter")
	}
	d.keys("shift+tab") // first question back to the last item
	if d.a.screen != scrItems || d.a.items.idx != len(d.a.steps)-1 {
		t.Fatalf("back from the first question: screen %v idx %d", d.a.screen, d.a.items.idx)
	}
}

func TestWriteTodoFromCodeItem(t *testing.T) {
	root := t.TempDir()
	d := newDriver(t, &fakeEngine{root: root}, Options{Dir: root}, 80, 24)
	d.keys("enter")
	for d.a.steps[d.a.items.idx].ID != "sql-injection" {
		d.keys("enter")
	}
	d.keys("w")
	d.mustSee("Wrote djharden-todo.md (2 sites)")
	data, err := os.ReadFile(filepath.Join(root, todoFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"## SQL injection", "- [ ] `shop/views.py:20`", "Safe pattern: cursor.execute(", "## Cross-site scripting", "`templates/shop/product.html:6`"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("to-do list lacks %q:\n%s", want, data)
		}
	}
	d.keys("enter") // w on a settings item does nothing
	if d.a.steps[d.a.items.idx].ID == "debug" {
		t.Fatal("unexpected order")
	}
}

func TestDeployCheckCancellable(t *testing.T) {
	eng := &fakeEngine{root: "/home/ana/mysite", deployBlock: true}
	d := newDriver(t, eng, Options{Dir: "/home/ana/mysite"}, 80, 24)
	toReview(t, d)
	d.keys("enter")
	d.mustSee("running Django's own deploy checks", "esc cancel")
	d.keys("esc")
	if d.quit {
		t.Fatal("esc during the check quit instead of cancelling")
	}
	d.awaitPending(2 * time.Second)
	d.mustSee("cancelled")
	d.keys("esc")
	if !d.quit {
		t.Fatal("esc after the check did not quit")
	}
	if d.a.quit {
		t.Fatal("files were written: quitting on done is not leaving early")
	}
}

func TestEmptyPlan(t *testing.T) {
	eng := &emptyPlanEngine{fakeEngine{root: "/r"}}
	d := newDriver(t, eng, Options{Dir: "/r"}, 80, 24)
	toReview(t, d)
	d.mustSee("Nothing to change")
	d.keys("enter")
	d.mustSee("Nothing needed writing")
	if eng.applied != 0 {
		t.Fatal("an empty plan was applied")
	}
}

type emptyPlanEngine struct{ fakeEngine }

func (e *emptyPlanEngine) Build(p *project.Project, a generator.Answers) (*Proposal, error) {
	return &Proposal{}, nil
}

func TestMaskNeverShowsMoreThanFour(t *testing.T) {
	cases := []struct{ in, want string }{
		{fakeKey, "Zq3r… (52 characters)"},
		{"abcd", "… (4 characters)"},
		{"", "… (0 characters)"},
		{"abcde", "abcd… (5 characters)"},
	}
	for _, c := range cases {
		if got := mask(c.in); got != c.want {
			t.Errorf("mask(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestScoreCounts(t *testing.T) {
	f := func(s ...checklist.Status) *checklist.Report {
		r := &checklist.Report{}
		for _, st := range s {
			r.Findings = append(r.Findings, checklist.Finding{Status: st})
		}
		return r
	}
	cases := []struct {
		r         *checklist.Report
		ok, total int
	}{
		{f(), 0, 0},
		{f(checklist.Pass, checklist.Fail), 1, 2},
		{f(checklist.Pass, checklist.Accepted, checklist.Skip, checklist.Unknown, checklist.Warn), 2, 4},
	}
	for i, c := range cases {
		if ok, total := c.r.Score(); ok != c.ok || total != c.total {
			t.Errorf("case %d: %d of %d, want %d of %d", i, ok, total, c.ok, c.total)
		}
	}
}

func TestPlainWhenAsked(t *testing.T) {
	cases := []struct {
		env   map[string]string
		plain bool
	}{
		{map[string]string{"TERM": "xterm-256color"}, false},
		{map[string]string{"TERM": "dumb"}, true},
		{map[string]string{"TERM": "xterm", "NO_COLOR": "1"}, true},
		{map[string]string{"TERM": "xterm", "NO_COLOR": ""}, true},
	}
	for _, c := range cases {
		os.Unsetenv("NO_COLOR")
		for k, v := range c.env {
			t.Setenv(k, v)
		}
		if got := plainRequested(); got != c.plain {
			t.Errorf("%v: plain %v, want %v", c.env, got, c.plain)
		}
	}
}

func TestRunWithEndsOnContext(t *testing.T) {
	// Run's program stops when its context ends and reports a clean exit.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out strings.Builder
	err := RunWith(ctx, &fakeEngine{root: "/r"}, Options{Dir: "/r", In: strings.NewReader(""), Out: &out})
	if err != nil {
		t.Fatalf("RunWith on a cancelled context: %v", err)
	}
}
