package tui

import (
	"errors"
	"fmt"
	"path"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"

	"github.com/djharden/djharden/checklist/project"
)

// questionsScreen presents a list of questions (flow.go) one small huh form
// at a time: a finished form cannot be reused, and the branching stays in
// Go. The wizard has two: "where will the site run" after the welcome, and
// the settings questions after the checklist items.
type questionsScreen struct {
	list []question
	idx  int // index into list
	form *huh.Form
	// confirm answers are bound here, then copied to the state
	yes bool
}

func (s *questionsScreen) enter(a *app) tea.Cmd {
	if !a.qs.loaded {
		a.qs.load(a)
	}
	if a.arrivedBack {
		s.idx = s.last(a)
	} else {
		s.idx = s.first(a)
	}
	return s.build(a)
}

func (s *questionsScreen) first(a *app) int {
	if idx := applicable(s.list, &a.qs); len(idx) > 0 {
		return idx[0]
	}
	return 0
}

func (s *questionsScreen) last(a *app) int {
	if idx := applicable(s.list, &a.qs); len(idx) > 0 {
		return idx[len(idx)-1]
	}
	return 0
}

// build makes a fresh form for the current question.
func (s *questionsScreen) build(a *app) tea.Cmd {
	s.form = huh.NewForm(huh.NewGroup(s.field(a, s.list[s.idx]))).
		WithTheme(formTheme(a.th.plain)).WithShowHelp(false).WithWidth(a.contentWidth())
	return s.form.Init()
}

// field turns a question into its huh field.
func (s *questionsScreen) field(a *app, q question) huh.Field {
	switch q.kind {
	case askConfirm:
		s.yes = *q.flag(&a.qs)
		return huh.NewConfirm().Title(q.title).Affirmative(q.yes).Negative(q.no).Value(&s.yes)
	case askText:
		in := huh.NewInput().Title(q.title).Description(q.description).Value(q.text(&a.qs))
		if q.placeholder != "" {
			in = in.Placeholder(q.placeholder)
		}
		if q.validate != nil {
			in = in.Validate(func(text string) error { return q.validate(a, text) })
		}
		return in
	}
	var opts []huh.Option[string]
	for _, c := range q.options(&a.qs, a) {
		opts = append(opts, huh.NewOption(c.label, c.value))
	}
	return huh.NewSelect[string]().Title(q.title).Options(opts...).Value(q.text(&a.qs))
}

func (s *questionsScreen) update(a *app, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		switch msg.String() {
		case "esc":
			return a.quitSafely()
		case "shift+tab":
			return s.back(a)
		}
	case tea.WindowSizeMsg:
		s.form = s.form.WithWidth(msg.Width - 2)
	}
	m, cmd := s.form.Update(msg)
	s.form = m.(*huh.Form)
	if q := s.list[s.idx]; q.kind == askConfirm {
		*q.flag(&a.qs) = s.yes // the explanation follows the focused answer
	}
	switch s.form.State {
	case huh.StateAborted:
		return a.quitSafely()
	case huh.StateCompleted:
		return s.next(a)
	}
	return cmd
}

func (s *questionsScreen) next(a *app) tea.Cmd {
	if q := s.list[s.idx]; q.answered != nil {
		q.answered(&a.qs, a)
	}
	a.answeredAny = true
	for _, i := range applicable(s.list, &a.qs) {
		if i > s.idx {
			s.idx = i
			return s.build(a)
		}
	}
	a.qs.commit(a)
	return a.goTo(a.forward())
}

func (s *questionsScreen) back(a *app) tea.Cmd {
	idx := applicable(s.list, &a.qs)
	for j := len(idx) - 1; j >= 0; j-- {
		if idx[j] < s.idx {
			s.idx = idx[j]
			return s.build(a)
		}
	}
	return a.goBack()
}

func (s *questionsScreen) view(a *app) string {
	th := a.th
	body := strings.Split(strings.TrimRight(s.form.View(), "\n"), "\n")
	body = append(body, "")
	body = append(body, s.list[s.idx].explain(&a.qs, a)...)
	pos, n := a.progress()
	step := fmt.Sprintf("Step %d of %d ", pos, n) + th.bar(pos, n, 12)
	return a.frame(step, body, nil, helpLine(th, withHelp(keys.Accept, "enter", "next"),
		withHelp(keys.Back, "shift+tab", "back"), keys.Quit))
}

// trustedOrigins is what CSRF_TRUSTED_ORIGINS will hold: https:// origins
// from Django 4.0 on (also when the version is unknown: the newest series),
// bare host names before.
func trustedOrigins(p *project.Project, d Domains) []string {
	if p == nil {
		return d.Origins
	}
	if v := p.Django.Checked(); v.Known && !v.AtLeast(4, 0) {
		return d.Hosts
	}
	return d.Origins
}

// domainsPreview shows, as the user types, what the settings will hold.
func domainsPreview(q *answersState, a *app) []string {
	th, w := a.th, a.contentWidth()
	typed := splitDomains(q.domainsText)
	if len(typed) == 0 {
		return wrap("ALLOWED_HOSTS lists the names this site answers to; anything else gets a 400, so a forged Host header cannot poison links or password-reset mails.", w)
	}
	d, err := a.eng.NormalizeDomains(typed)
	if err != nil {
		return indentLines("", th.Error.Render("✗ ")+err.Error(), w)
	}
	out := []string{
		th.Setting.Render("ALLOWED_HOSTS") + " = " + pyList(d.Hosts),
		th.Setting.Render("CSRF_TRUSTED_ORIGINS") + " = " + pyList(trustedOrigins(a.p, d)),
	}
	for _, n := range d.Notes {
		out = append(out, indentLines("  ", th.Subtle.Render(n), w)...)
	}
	return out
}

func pyList(items []string) string {
	q := make([]string, len(items))
	for i, it := range items {
		q[i] = `"` + it + `"`
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// cleanEnvPath validates the env file location.
func cleanEnvPath(p string) error {
	p = strings.TrimSpace(p)
	switch {
	case p == "":
		return errors.New("give a file name, e.g. .env")
	case path.IsAbs(p) || strings.HasPrefix(p, "/"):
		return errors.New("give a path inside the project, e.g. .env")
	case strings.HasPrefix(path.Clean(p), ".."):
		return errors.New("the env file must stay inside the project")
	case strings.HasSuffix(p, ".example") || strings.HasSuffix(p, ".sample"):
		return errors.New("that name is for the committed template; real values go in another file, e.g. .env")
	}
	return nil
}
