package tui

import (
	"context"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/djharden/djharden/checklist"
	"github.com/djharden/djharden/checklist/project"
	"github.com/djharden/djharden/generator"
)

// screen names the wizard's steps, in order.
type screen int

const (
	scrLoading screen = iota
	scrWelcome
	scrWhere
	scrItems
	scrQuestions
	scrKey
	scrReview
	scrDone
)

// app is the root model: it owns the shared state (project, report,
// answers) and routes messages to the current screen.
type app struct {
	eng  Engine
	opts Options
	th   theme

	width, height int

	p       *project.Project
	report  *checklist.Report
	answers generator.Answers
	skipped map[string]bool
	steps   []checklist.Finding // the findings that need attention, in checklist order
	domains Domains
	qs      answersState // the values the questions are bound to

	screen    screen
	spin      spinner.Model
	welcome   welcomeScreen
	where     questionsScreen
	items     itemsScreen
	questions questionsScreen
	key       keyScreen
	review    reviewScreen
	done      doneScreen

	base context.Context // cancels background work (the deploy check) when Run's context ends

	arrivedBack bool // the current screen was reached going back: it starts at its end
	answeredAny bool // a question was answered: leaving asks first
	// chosenSettings: the settings module was named (--settings, or picked on
	// the welcome screen), so the commands Done prints name it too.
	chosenSettings bool
	confirmQuit    bool // "leave without writing?" is asked
	interrupted    bool // ctrl+c: Run reports ErrInterrupted

	quit   bool  // left before writing anything
	err    error // a real failure: Run returns it
	status string
}

func newApp(eng Engine, opts Options) *app {
	return &app{
		eng:       eng,
		opts:      opts,
		th:        newTheme(),
		skipped:   map[string]bool{},
		spin:      spinner.New(spinner.WithSpinner(spinner.Line)),
		where:     questionsScreen{list: whereQuestions},
		questions: questionsScreen{list: settingsQuestions},
	}
}

// loadedMsg carries a discovered project and its report.
type loadedMsg struct {
	p      *project.Project
	report *checklist.Report
	err    error
}

// discoverCmd discovers the project (with settings chosen, when given) and
// runs the checklist.
func (a *app) discoverCmd(settings string) tea.Cmd {
	eng, opts := a.eng, a.opts
	if settings == "" {
		settings = opts.Settings
	}
	return func() tea.Msg {
		p, err := eng.Discover(project.Options{Dir: opts.Dir, Settings: settings, EnvFile: opts.EnvFile})
		if err != nil {
			return loadedMsg{err: err}
		}
		return loadedMsg{p: p, report: eng.Check(p)}
	}
}

func (a *app) Init() tea.Cmd {
	return tea.Batch(a.discoverCmd(""), a.spin.Tick)
}

func (a *app) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.width, a.height = msg.Width, msg.Height
		// forms and viewports size themselves from the new size below
	case spinner.TickMsg:
		var cmd tea.Cmd
		a.spin, cmd = a.spin.Update(msg)
		if a.screen == scrLoading || a.done.running {
			return a, cmd
		}
		return a, nil
	case loadedMsg:
		if msg.err != nil {
			a.err = msg.err
			return a, tea.Quit
		}
		a.setProject(msg.p, msg.report)
		if a.screen == scrLoading {
			a.screen = scrWelcome
		}
		return a, a.welcome.enter(a)
	}
	if k, ok := msg.(tea.KeyMsg); ok {
		if k.Type == tea.KeyCtrlC {
			return a, a.interrupt()
		}
		if a.confirmQuit {
			return a, a.answerQuit(k)
		}
		if a.screen == scrLoading && key.Matches(k, keys.Quit) {
			a.quit = true
			return a, tea.Quit
		}
	}

	if m := a.current(); m != nil {
		return a, m.update(a, msg)
	}
	return a, nil
}

// setProject stores a (re)discovered project and derives the steps.
func (a *app) setProject(p *project.Project, r *checklist.Report) {
	a.p, a.report = p, r
	a.answers = a.eng.DefaultAnswers(p)
	a.steps = a.steps[:0]
	for _, f := range r.Findings {
		if needsAttention(f.Status) {
			a.steps = append(a.steps, f)
		}
	}
}

// needsAttention: passes are summarised, not dwelt on; skips do not apply.
func needsAttention(s checklist.Status) bool {
	return s == checklist.Fail || s == checklist.Warn || s == checklist.Unknown
}

// rootText names the project folder on screen.
func (a *app) rootText() string {
	if a.opts.ShowDir != "" {
		return a.opts.ShowDir
	}
	if a.p != nil {
		return a.p.Root
	}
	return a.opts.Dir
}

// ctx is the context background commands run under.
func (a *app) ctx() context.Context {
	if a.base == nil {
		return context.Background()
	}
	return a.base
}

// quitSafely leaves before anything was written; once a question was
// answered it asks first.
func (a *app) quitSafely() tea.Cmd {
	if a.answeredAny && !a.confirmQuit {
		a.confirmQuit = true
		return nil
	}
	a.quit = true
	return tea.Quit
}

// answerQuit handles the keys while "leave without writing?" is asked.
func (a *app) answerQuit(k tea.KeyMsg) tea.Cmd {
	switch k.String() {
	case "y", "Y", "enter", "q":
		a.quit = true
		return tea.Quit
	case "n", "N", "esc":
		a.confirmQuit = false
	}
	return nil
}

// interrupt is ctrl+c: leave at once; Run reports ErrInterrupted (exit 130).
// While the files are being written it waits for the write to finish, so
// an apply is never left half done.
func (a *app) interrupt() tea.Cmd {
	a.interrupted = true
	if a.screen == scrDone && a.done.applying {
		return nil // done's appliedMsg quits
	}
	if a.screen != scrDone {
		a.quit = true
	}
	if a.done.cancel != nil {
		a.done.cancel()
	}
	return tea.Quit
}

// quitPrompt is the line shown instead of the help while leaving is asked.
const quitPrompt = "Leave without writing anything? y leaves, n stays"

// screenModel is one screen of the wizard: enter sets it up when it is
// shown, update handles a message, view draws it.
type screenModel interface {
	enter(a *app) tea.Cmd
	update(a *app, msg tea.Msg) tea.Cmd
	view(a *app) string
}

// current is the model of the screen shown (nil while loading).
func (a *app) current() screenModel {
	switch a.screen {
	case scrWelcome:
		return &a.welcome
	case scrWhere:
		return &a.where
	case scrItems:
		return &a.items
	case scrQuestions:
		return &a.questions
	case scrKey:
		return &a.key
	case scrReview:
		return &a.review
	case scrDone:
		return &a.done
	}
	return nil
}

// goBack returns to the previous screen of the flow, at its end.
func (a *app) goBack() tea.Cmd {
	return a.goTo(a.backward())
}

// goTo switches screens; enter hooks set each screen up.
func (a *app) goTo(s screen) tea.Cmd {
	a.arrivedBack = a.stepIndex(s) < a.stepIndex(a.screen)
	a.screen = s
	if m := a.current(); m != nil {
		return m.enter(a)
	}
	return nil
}

// size returns the terminal size, with a fallback until one is known.
func (a *app) size() (int, int) {
	w, h := a.width, a.height
	if w <= 0 || h <= 0 {
		return fallbackWidth, fallbackHeight
	}
	return w, h
}

// contentWidth is the width screens wrap their text to (one column of margin each side).
func (a *app) contentWidth() int {
	w, _ := a.size()
	return w - 2
}

func (a *app) View() string {
	w, h := a.size()
	if w < minWidth || h < minHeight {
		return a.tooSmall(w, h)
	}
	if m := a.current(); m != nil {
		v := m.view(a)
		if a.confirmQuit {
			if i := strings.LastIndexByte(v, '\n'); i >= 0 {
				v = v[:i+1] + " " + truncate(a.th.Prompt.Render(quitPrompt), w-2)
			}
		}
		return v
	}
	return a.frame("", []string{a.spin.View() + " Inspecting " + orDefault(a.opts.ShowDir, a.opts.Dir) + " …"}, nil, helpLine(a.th, keys.Quit))
}

func (a *app) tooSmall(w, h int) string {
	lines := []string{
		"Please enlarge the terminal.",
		fmt.Sprintf("It is %dx%d; djharden needs at least %dx%d.", w, h, minWidth, minHeight),
	}
	var out []string
	for _, l := range lines {
		out = append(out, wrap(l, max(w, 1))...)
	}
	return strings.Join(out, "\n")
}

// frame lays a screen out: a title line on the left with a step on the
// right, the body clipped to the space left (scrolled by off), and the help
// line at the bottom.
func (a *app) frame(step string, body []string, pg *pager, help string) string {
	w, h := a.size()
	title := a.th.Title.Render("djharden")
	if a.opts.Demo {
		title += a.th.Subtle.Render(" (demo)")
	}
	header := title
	if step != "" {
		gap := w - 2 - ansi.StringWidth(title) - ansi.StringWidth(step)
		if gap < 1 {
			gap = 1
		}
		header = title + strings.Repeat(" ", gap) + step
	}
	visible := h - 4 // header, blank, blank, help
	if pg != nil {
		body = pg.clip(body, visible, a.th)
	} else if len(body) > visible {
		body = body[:visible]
	}
	var b strings.Builder
	b.WriteString(" " + header + "\n\n")
	for _, l := range body {
		b.WriteString(" " + truncate(l, w-2) + "\n")
	}
	for i := len(body); i < visible; i++ {
		b.WriteString("\n")
	}
	b.WriteString("\n " + truncate(help, w-2))
	return b.String()
}

// bodyHeight is how many body lines frame shows.
func (a *app) bodyHeight() int {
	_, h := a.size()
	return h - 4
}
