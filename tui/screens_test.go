package tui

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"github.com/djharden/djharden/checklist"
	"github.com/djharden/djharden/generator"
)

// questionID is the id of the question shown ("" off the question screens).
func questionID(a *app) string {
	switch a.screen {
	case scrWhere:
		return a.where.list[a.where.idx].id
	case scrQuestions:
		return a.questions.list[a.questions.idx].id
	}
	return ""
}

// toQuestion presses enter (typing the domains) until question id shows.
func toQuestion(t *testing.T, d *driver, id string) {
	t.Helper()
	for i := 0; i < 40 && questionID(d.a) != id; i++ {
		if questionID(d.a) == "domains" && d.a.qs.domainsText == "" {
			d.typeText("example.com")
		}
		d.keys("enter")
	}
	if questionID(d.a) != id {
		t.Fatalf("did not reach question %s:\n%s", id, d.view())
	}
}

// toReview walks the defaults to the review screen, the plan built.
func toReview(t *testing.T, d *driver) {
	t.Helper()
	toQuestion(t, d, "env-file")
	d.keys("enter", "enter") // env file, key
	if d.a.screen != scrReview {
		t.Fatalf("screen = %v, want review:\n%s", d.a.screen, d.view())
	}
	d.until(waitWork, func() bool { return !d.a.review.building })
}

func TestPlatformIsTheFirstQuestion(t *testing.T) {
	t.Parallel()
	d, _, _ := demoDriver(t, 80, 24)
	d.keys("enter")
	if questionID(d.a) != "platform" {
		t.Fatalf("first question %q, want platform", questionID(d.a))
	}
	d.mustSee("Where will the site run?", "> Not sure yet", "No hosting files found", "the redirect to HTTPS would loop")
	for _, pl := range generator.Platforms() {
		d.mustSee(pl.Label)
	}
}

func TestPlatformSuggestedFromHostingFiles(t *testing.T) {
	t.Parallel()
	root := demoRoot(t)
	if err := os.WriteFile(filepath.Join(root, "Procfile"), []byte("web: gunicorn mysite.wsgi\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	eng := &recordingEngine{Engine: NewEngine()}
	d := newDriver(t, eng, Options{Dir: root, ShowDir: showDir}, 100, 30)
	d.until(waitWork, func() bool { return d.a.p != nil })
	d.keys("enter")
	d.mustSee("> Heroku (suggested: Procfile:1)", "Suggested from Procfile:1")
	d.keys("enter")
	d.mustSee("Heroku serves HTTPS", "No HTTPS yet")
	if strings.Contains(d.view(), "Django's own process") {
		t.Error("Heroku offers Django serving TLS itself: that is the redirect-loop trap")
	}
	toReview(t, d)
	if got := eng.built[len(eng.built)-1].HTTPS; got != generator.HTTPSProxy {
		t.Fatalf("Heroku gave HTTPS mode %q, want proxy", got)
	}
}

func TestOwnTLSServerIsDirect(t *testing.T) {
	t.Parallel()
	d, eng, _ := demoDriver(t, 100, 30)
	d.keys("enter", "up", "enter") // the option above "not sure yet"
	d.mustSee("Django's own process serves HTTPS")
	toReview(t, d)
	if got := eng.built[len(eng.built)-1].HTTPS; got != generator.HTTPSDirect {
		t.Fatalf("HTTPS mode %q, want direct", got)
	}
}

// TestNoHTTPSSkipsHSTS: "No HTTPS yet" asks no HSTS questions, says what
// stays off and how to come back, and promises no recording it does not do.
func TestNoHTTPSSkipsHSTS(t *testing.T) {
	t.Parallel()
	d, eng, _ := demoDriver(t, 100, 30)
	d.keys("enter", "enter", "down", "down")
	d.mustSee("> No HTTPS yet", "HSTS questions are skipped", "`djharden check` keeps warning", "get a certificate")
	if strings.Contains(d.view(), "recorded as a declined") {
		t.Error("promises a recording the block does not write")
	}
	d.keys("enter")
	var asked []string
	for i := 0; i < 40 && d.a.screen != scrKey; i++ {
		if id := questionID(d.a); id != "" && (len(asked) == 0 || asked[len(asked)-1] != id) {
			asked = append(asked, id)
		}
		if questionID(d.a) == "domains" && d.a.qs.domainsText == "" {
			d.typeText("example.com")
		}
		d.keys("enter")
	}
	if got := strings.Join(asked, ","); got != "static,domains,env-style,env-file" {
		t.Errorf("questions asked after no HTTPS: %s", got)
	}
	d.keys("enter")
	d.until(waitWork, func() bool { return !d.a.review.building })
	a := eng.built[len(eng.built)-1]
	if a.HTTPS != generator.HTTPSNone || a.HSTS != generator.HSTSOff || a.HSTSSubdomains {
		t.Errorf("answers %+v", a)
	}
}

// TestNoColourKeepsMeaning: with no colour at all (the stripped screen), the
// selected option, the focused confirm answer and a placeholder can still be
// told apart; under NO_COLOR the theme uses no colour but keeps emphasis.
func TestNoColourKeepsMeaning(t *testing.T) {
	d, _, _ := demoDriver(t, 80, 24)
	d.keys("enter")
	d.mustSee("> Not sure yet")
	d.keys("up")
	d.mustSee("> A server where Django's own process")
	if strings.Contains(d.view(), "> Not sure yet") {
		t.Error("two options marked as selected")
	}
	d.keys("down")
	toQuestion(t, d, "subdomains")
	d.mustSee("[ ] Yes", "[x] No / not sure")
	d.keys("left")
	d.mustSee("[x] Yes", "[ ] No / not sure")

	// The placeholder is marked, so it never looks typed.
	d2, _, _ := demoDriver(t, 80, 24)
	toQuestion(t, d2, "domains")
	d2.mustSee("> e.g. example.com")

	// NO_COLOR: bold and reverse stay, colours go.
	t.Setenv("NO_COLOR", "1")
	prev := lipgloss.ColorProfile()
	lipgloss.SetColorProfile(termenv.ANSI256)
	t.Cleanup(func() { lipgloss.SetColorProfile(prev) })
	th := newTheme()
	if !th.plain {
		t.Fatal("NO_COLOR did not give the plain theme")
	}
	ft := formTheme(true)
	raw := ft.Focused.FocusedButton.Render("Yes") + th.Strong.Render("x") + th.Subtle.Render("y")
	if !strings.Contains(raw, "\x1b[1") && !strings.Contains(raw, ";1m") {
		t.Errorf("no bold under NO_COLOR: %q", raw)
	}
	if regexp.MustCompile(`\x1b\[(?:[0-9]+;)*(?:3[0-8]|4[0-8]|9[0-7]|10[0-7])[;m]`).MatchString(raw) {
		t.Errorf("colour under NO_COLOR: %q", raw)
	}
}

func TestQuitAsksOnceAnswered(t *testing.T) {
	t.Parallel()
	d, _, _ := demoDriver(t, 80, 24)
	d.keys("esc") // nothing answered yet: leaves at once
	if !d.quit || !d.a.quit {
		t.Fatal("esc on the welcome did not leave")
	}

	d, eng, root := demoDriver(t, 80, 24)
	before := snapshot(t, root)
	toReview(t, d)
	for _, k := range []string{"esc", "q"} {
		d.keys(k)
		if d.quit {
			t.Fatalf("%s after answers left without asking", k)
		}
		d.mustSee(quitPrompt)
		d.keys("n")
		if d.a.confirmQuit || d.a.screen != scrReview {
			t.Fatalf("n did not stay on the review")
		}
	}
	d.keys("esc", "y")
	if !d.quit || !d.a.quit || eng.applied != 0 {
		t.Fatalf("quit %v, left early %v, applied %d", d.quit, d.a.quit, eng.applied)
	}
	if got := d.a.farewell(); !strings.Contains(got, "without writing") {
		t.Errorf("farewell = %q", got)
	}
	after := snapshot(t, root)
	if fmt.Sprint(after) != fmt.Sprint(before) {
		t.Error("leaving at the review changed files")
	}
}

func TestCtrlCInterrupts(t *testing.T) {
	t.Parallel()
	for _, where := range []string{"welcome", "item", "question", "review"} {
		t.Run(where, func(t *testing.T) {
			d, eng, _ := demoDriver(t, 80, 24)
			switch where {
			case "item":
				d.keys("enter", "enter", "enter")
			case "question":
				toQuestion(t, d, "hsts")
			case "review":
				toReview(t, d)
			}
			d.keys("ctrl+c")
			if !d.quit || !d.a.interrupted || !d.a.quit || eng.applied != 0 {
				t.Fatalf("quit %v, interrupted %v, left early %v, applied %d", d.quit, d.a.interrupted, d.a.quit, eng.applied)
			}
		})
	}
}

func TestTooSmallAsksToEnlarge(t *testing.T) {
	t.Parallel()
	cases := []struct {
		w, h  int
		small bool
	}{{59, 24, true}, {80, 15, true}, {40, 10, true}, {60, 16, false}, {80, 24, false}}
	root := demoRoot(t)
	for _, c := range cases {
		t.Run(fmt.Sprintf("%dx%d", c.w, c.h), func(t *testing.T) {
			d := newDriver(t, &recordingEngine{Engine: NewEngine()}, Options{Dir: root, ShowDir: showDir}, c.w, c.h)
			d.until(waitWork, func() bool { return d.a.p != nil })
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
	t.Parallel()
	d, _, _ := demoDriver(t, 80, 24)
	toReview(t, d)
	d.send(tea.WindowSizeMsg{Width: 100, Height: 30})
	if d.a.review.vp.Width != 98 || d.a.review.vp.Height != 30-4-reviewChrome {
		t.Fatalf("viewport %dx%d after resize", d.a.review.vp.Width, d.a.review.vp.Height)
	}
	d.golden("review_100x30")
	d.send(tea.WindowSizeMsg{Width: 50, Height: 12})
	d.mustSee("Please enlarge")
	d.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	d.mustSee("File 1 of 4")
}

func TestHSTSPreloadNeedsConfirm(t *testing.T) {
	t.Parallel()
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
			d, eng, _ := demoDriver(t, 80, 24)
			toQuestion(t, d, "hsts")
			d.keys("down", "down")
			d.mustSee("You will be asked to confirm", "SECURE_HSTS_PRELOAD")
			d.keys("enter")
			d.mustSee("Really ask for preload?", "6 to 12 weeks")
			if c.name == "declined" {
				d.golden("preload_confirm")
			}
			d.keys(c.confirm...)
			toReview(t, d)
			a := eng.built[len(eng.built)-1]
			if a.HSTS != c.want || a.HSTSSubdomains != c.subs {
				t.Fatalf("HSTS %q subdomains %v, want %q %v", a.HSTS, a.HSTSSubdomains, c.want, c.subs)
			}
		})
	}
}

func TestDomainsValidatedAsYouType(t *testing.T) {
	t.Parallel()
	d, _, _ := demoDriver(t, 80, 24)
	toQuestion(t, d, "domains")
	d.typeText("my_site.com")
	d.mustSee(`✗ "my_site.com" contains an underscore`)
	d.keys("enter")
	if questionID(d.a) != "domains" {
		t.Fatal("an invalid domain was accepted")
	}
	for range "my_site.com" {
		d.send(tea.KeyMsg{Type: tea.KeyBackspace})
	}
	d.keys("enter")
	if questionID(d.a) != "domains" {
		t.Fatal("an empty domain list was accepted")
	}
	d.typeText("shop.example.org")
	d.mustSee(`ALLOWED_HOSTS = ["shop.example.org"]`)
	d.keys("enter")
	if questionID(d.a) != "hsts" {
		t.Fatalf("a valid domain did not advance:\n%s", d.view())
	}
}

func TestBackKeys(t *testing.T) {
	t.Parallel()
	d, _, _ := demoDriver(t, 80, 24)
	d.keys("enter", "enter", "enter") // welcome, platform, https: first item
	d.keys("enter")                   // item 2
	d.keys("b")
	if d.a.screen != scrItems || d.a.items.idx != 0 {
		t.Fatalf("b: screen %v idx %d", d.a.screen, d.a.items.idx)
	}
	d.keys("b")
	if questionID(d.a) != "https" {
		t.Fatalf("b on the first item: %q", questionID(d.a))
	}
	d.keys("shift+tab", "shift+tab")
	if d.a.screen != scrWelcome {
		t.Fatalf("back past the first question: screen %v", d.a.screen)
	}
	toQuestion(t, d, "domains")
	d.keys("shift+tab") // the domains back to the static files question
	if questionID(d.a) != "static" {
		t.Fatalf("back from the domains: %q, want static", questionID(d.a))
	}
	d.keys("shift+tab") // first settings question back to the last item
	if d.a.screen != scrItems || d.a.items.idx != len(d.a.steps)-1 {
		t.Fatalf("back from the static files question: screen %v idx %d", d.a.screen, d.a.items.idx)
	}
}

func TestProgressNeverRestarts(t *testing.T) {
	t.Parallel()
	d, _, _ := demoDriver(t, 80, 24)
	d.keys("enter")
	last := 0
	for i := 0; i < 40 && d.a.screen != scrReview; i++ {
		pos, total := d.a.progress()
		if pos < last || pos > total {
			t.Fatalf("step %d of %d after step %d on screen %v", pos, total, last, d.a.screen)
		}
		last = pos
		if questionID(d.a) == "domains" && d.a.qs.domainsText == "" {
			d.typeText("example.com")
		}
		d.keys("enter")
	}
}

func TestWriteTodoFromCodeItem(t *testing.T) {
	t.Parallel()
	d, _, root := demoDriver(t, 80, 24)
	d.keys("enter", "enter", "enter")
	for d.a.steps[d.a.items.idx].ID != "sql-injection" {
		d.keys("enter")
	}
	d.keys("w")
	d.mustSee("Wrote djharden-todo.md (4 sites)")
	data, err := os.ReadFile(filepath.Join(root, todoFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"## SQL injection", "- [ ] `shop/views.py:20`", "Safe pattern: cursor.execute(",
		"## Cross-site scripting", "`templates/shop/product.html:6`", "```django\n  <div", "```python\n  cursor"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("to-do list lacks %q:\n%s", want, data)
		}
	}
}

func TestDeployCheckCancellable(t *testing.T) {
	t.Parallel()
	root := demoRoot(t)
	eng := &recordingEngine{Engine: NewEngine(), deployBlock: true}
	d := newDriver(t, eng, Options{Dir: root, ShowDir: showDir}, 80, 24)
	d.until(waitWork, func() bool { return d.a.p != nil })
	toReview(t, d)
	d.keys("enter")
	d.until(waitWork, func() bool { return d.a.done.running })
	d.mustSee("running Django's own deploy checks", "esc cancel")
	d.keys("esc")
	if d.quit {
		t.Fatal("esc during the check quit instead of cancelling")
	}
	d.until(waitWork, func() bool { return !d.a.done.running })
	d.mustSee("cancelled")
	d.keys("esc")
	if !d.quit || d.a.quit {
		t.Fatalf("esc after the check: quit %v, counted as leaving early %v", d.quit, d.a.quit)
	}
}

// TestSecondRunChangesNothing: the same answers on a hardened project give
// an empty plan, and the wizard says so instead of writing.
func TestSecondRunChangesNothing(t *testing.T) {
	testenvPython(t)
	d, _, root := demoDriver(t, 80, 24)
	walkDefaults(t, d, func(string, string) {})
	eng := &recordingEngine{Engine: NewEngine()}
	d2 := newDriver(t, eng, Options{Dir: root, ShowDir: showDir}, 80, 24)
	d2.until(waitWork, func() bool { return d2.a.p != nil })
	toQuestion(t, d2, "domains")
	if d2.a.qs.domainsText != "example.com, www.example.com" {
		t.Fatalf("the second run starts from domains %q, not the ones the first wrote", d2.a.qs.domainsText)
	}
	for i := 0; i < 40 && d2.a.screen != scrKey; i++ {
		d2.keys("enter")
	}
	d2.keys("enter")
	d2.until(waitWork, func() bool { return !d2.a.review.building })
	if !d2.a.review.proposal.Empty() {
		var files []string
		for _, f := range d2.a.review.proposal.Files {
			files = append(files, f.Path)
		}
		t.Fatalf("a second run with the same answers would change %v", files)
	}
	d2.mustSee("Nothing to change")
	d2.keys("enter")
	d2.until(waitWork, func() bool { return !d2.a.done.applying })
	d2.mustSee("Nothing needed writing")
	if eng.applied != 0 {
		t.Fatal("an empty plan was applied")
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
	// Run's program stops when its context ends and reports the interrupt.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out strings.Builder
	err := RunWith(ctx, NewEngine(), Options{Dir: demoRoot(t), In: strings.NewReader(""), Out: &out})
	if err != ErrInterrupted {
		t.Fatalf("RunWith on a cancelled context: %v, want ErrInterrupted", err)
	}
	_ = time.Second
}

func TestReviewScrollsSidewaysAndToTheEnd(t *testing.T) {
	t.Parallel()
	d, _, _ := demoDriver(t, 60, 20)
	toReview(t, d)
	top := d.view()
	d.keys("end")
	if d.view() == top || !d.a.review.vp.AtBottom() {
		t.Fatal("End did not go to the bottom of the diff")
	}
	d.keys("home")
	if !d.a.review.vp.AtTop() {
		t.Fatal("Home did not go back to the top")
	}
	if !d.a.review.wide() {
		t.Fatal("the demo's settings diff has no line wider than 60 columns")
	}
	d.mustSee("↑↓←→ scroll")
	d.keys("right")
	if d.view() == top {
		t.Fatal("right did not scroll the long lines sideways")
	}
	if d.a.review.file != 0 {
		t.Fatal("right switched files instead of scrolling")
	}
}

func TestTodoNoteVisibleAt80x24(t *testing.T) {
	t.Parallel()
	d, _, _ := demoDriver(t, 80, 24)
	d.keys("enter", "enter", "enter")
	for d.a.steps[d.a.items.idx].ID != "xss" {
		d.keys("enter")
	}
	d.keys("w")
	d.mustSee("» Wrote djharden-todo.md (4 sites).")
}

func TestBulletWrapsWithoutRepeatingTheMark(t *testing.T) {
	t.Parallel()
	lines := bullet("  ", "• ", strings.Repeat("word ", 30), 40)
	if len(lines) < 2 || !strings.HasPrefix(lines[0], "  • word") {
		t.Fatalf("bullet = %q", lines)
	}
	for _, l := range lines[1:] {
		if strings.Contains(l, "•") || !strings.HasPrefix(l, "    word") {
			t.Errorf("continuation line %q", l)
		}
	}
}

// TestLongCommandsWrapForTheShell: a command wider than the screen is
// broken with backslash continuations, and the real shell reads it back
// as the same words.
func TestLongCommandsWrapForTheShell(t *testing.T) {
	t.Parallel()
	masked := "fly secrets set DJANGO_DEBUG=False DJANGO_SECRET_KEY=Zq3r…(51 chars) DJANGO_ALLOWED_HOSTS=example.com"
	for _, l := range commandLines(masked, 50) {
		if strings.Contains(l, "(51 \\") || strings.HasPrefix(strings.TrimSpace(l), "chars)") {
			t.Errorf("a masked value was cut: %q", l)
		}
	}
	cmd := "heroku config:set DJANGO_DEBUG=False DJANGO_ALLOWED_HOSTS=example.com,www.example.com DJANGO_CSRF_TRUSTED_ORIGINS=https://example.com,https://www.example.com"
	lines := commandLines(cmd, 60)
	if len(lines) < 3 {
		t.Fatalf("not wrapped: %q", lines)
	}
	for i, l := range lines {
		if ansi.StringWidth(l) > 60 {
			t.Errorf("line %d is %d wide: %q", i, ansi.StringWidth(l), l)
		}
		if (i < len(lines)-1) != strings.HasSuffix(l, "\\") {
			t.Errorf("line %d continuation: %q", i, l)
		}
	}
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh")
	}
	// The shell reads the wrapped lines back as the same words.
	out, err := exec.Command(sh, "-c", "printf '%s\\n' "+strings.Join(lines, "\n")).Output()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(strings.Fields(string(out)), " "); got != cmd {
		t.Errorf("the shell read %q", got)
	}
}

// TestCtrlCWhileWritingWaitsForTheWrite: ctrl+c during the write leaves
// once every file is written, never half way.
func TestCtrlCWhileWritingWaitsForTheWrite(t *testing.T) {
	t.Parallel()
	root := demoRoot(t)
	eng := &recordingEngine{Engine: NewEngine(), deployBlock: true, applyGate: make(chan struct{})}
	d := newDriver(t, eng, Options{Dir: root, ShowDir: showDir}, 80, 24)
	d.until(waitWork, func() bool { return d.a.p != nil })
	toReview(t, d)
	d.keys("enter")
	d.until(waitWork, func() bool { return d.a.done.applying })
	d.keys("ctrl+c")
	if d.quit {
		t.Fatal("ctrl+c quit while the files were being written")
	}
	close(eng.applyGate)
	d.until(waitWork, func() bool { return d.quit })
	if !d.a.interrupted || d.a.done.written == nil || len(d.a.done.written.Files) == 0 {
		t.Fatalf("interrupted %v, written %+v", d.a.interrupted, d.a.done.written)
	}
	if _, err := os.Stat(filepath.Join(root, ".env")); err != nil {
		t.Fatal("the write did not finish")
	}
}
