package tui

import (
	"errors"
	"fmt"
	"path"
	"strings"

	"github.com/djharden/djharden/checklist/project"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"

	"github.com/djharden/djharden/generator"
)

// questionsScreen asks what the settings need, one small huh form per
// question: a finished form cannot be reused, and branching (the preload
// confirm, the subdomain question) stays in Go.
type questionsScreen struct {
	started bool
	idx     int // index into questionList
	form    *huh.Form

	// values bound to the forms
	domainsText string
	https       string
	hsts        string
	preloadOK   bool
	subdomains  bool
	envStyle    string
	envFile     string
}

// question is one step of the questions screen.
type question struct {
	id      string
	applies func(s *questionsScreen) bool
	field   func(s *questionsScreen, a *app) huh.Field
	explain func(s *questionsScreen, a *app) []string // rendered by us, so setting names keep their underscores
}

var questionList = []question{
	{id: "domains", field: domainsField, explain: domainsPreview},
	{id: "https", field: httpsField, explain: httpsExplain},
	{id: "hsts", field: hstsField, explain: hstsExplain},
	{id: "preload", field: preloadField, explain: preloadExplain,
		applies: func(s *questionsScreen) bool { return s.hsts == generator.HSTSPreload }},
	{id: "subdomains", field: subdomainsField, explain: subdomainsExplain,
		applies: func(s *questionsScreen) bool { return s.hsts == generator.HSTSTrial || s.hsts == generator.HSTSYear }},
	{id: "env-style", field: envStyleField, explain: envStyleExplain},
	{id: "env-file", field: envFileField, explain: envFileExplain},
}

func (s *questionsScreen) enter(a *app) tea.Cmd {
	if !s.started {
		s.started = true
		s.load(a)
		s.idx = 0
	} else if s.idx >= len(questionList) {
		s.idx = s.last()
	}
	return s.build(a)
}

// load takes the starting values from the answers (the safe defaults).
func (s *questionsScreen) load(a *app) {
	ans := a.answers
	s.domainsText = strings.Join(ans.Domains, ", ")
	s.https = orDefault(ans.HTTPS, generator.HTTPSProxy)
	s.hsts = orDefault(ans.HSTS, generator.HSTSTrial)
	s.subdomains = ans.HSTSSubdomains
	s.envStyle = ans.EnvStyle
	if s.envStyle == "" || s.envStyle == "auto" {
		s.envStyle = orDefault(a.p.EnvStyle, "os")
	}
	s.envFile = orDefault(ans.EnvFile, ".env")
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

func (s *questionsScreen) applies(i int) bool {
	q := questionList[i]
	return q.applies == nil || q.applies(s)
}

func (s *questionsScreen) last() int {
	for i := len(questionList) - 1; i >= 0; i-- {
		if s.applies(i) {
			return i
		}
	}
	return 0
}

// build makes a fresh form for the current question.
func (s *questionsScreen) build(a *app) tea.Cmd {
	q := questionList[s.idx]
	s.form = huh.NewForm(huh.NewGroup(q.field(s, a))).
		WithTheme(formTheme()).WithShowHelp(false).WithWidth(a.contentWidth())
	return s.form.Init()
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
	switch s.form.State {
	case huh.StateAborted:
		return a.quitSafely()
	case huh.StateCompleted:
		return s.next(a)
	}
	return cmd
}

func (s *questionsScreen) next(a *app) tea.Cmd {
	if questionList[s.idx].id == "preload" && !s.preloadOK {
		s.hsts = generator.HSTSYear // declined: a year without preload
	}
	for i := s.idx + 1; i < len(questionList); i++ {
		if s.applies(i) {
			s.idx = i
			return s.build(a)
		}
	}
	s.commit(a)
	return a.goTo(scrKey)
}

func (s *questionsScreen) back(a *app) tea.Cmd {
	for i := s.idx - 1; i >= 0; i-- {
		if s.applies(i) {
			s.idx = i
			return s.build(a)
		}
	}
	if len(a.steps) > 0 {
		a.items.idx = len(a.steps) - 1
		return a.goTo(scrItems)
	}
	return a.goTo(scrWelcome)
}

// commit writes the values into the answers.
func (s *questionsScreen) commit(a *app) {
	a.answers.Domains = splitDomains(s.domainsText)
	a.answers.HTTPS = s.https
	a.answers.HSTS = s.hsts
	a.answers.HSTSSubdomains = s.subdomains || s.hsts == generator.HSTSPreload
	a.answers.EnvStyle = s.envStyle
	a.answers.EnvFile = strings.TrimSpace(s.envFile)
	// Skipped items are left as they are: the block does not write them.
	a.answers.Keep = nil
	for _, f := range a.steps {
		if a.skipped[f.ID] {
			a.answers.Keep = append(a.answers.Keep, f.ID)
		}
	}
	if d, err := a.eng.NormalizeDomains(a.answers.Domains); err == nil {
		a.domains = d
	}
}

func (s *questionsScreen) view(a *app) string {
	th := a.th
	n, pos := 0, 0
	for i := range questionList {
		if s.applies(i) {
			n++
			if i <= s.idx {
				pos++
			}
		}
	}
	body := strings.Split(strings.TrimRight(s.form.View(), "\n"), "\n")
	body = append(body, "")
	body = append(body, questionList[s.idx].explain(s, a)...)
	step := fmt.Sprintf("Question %d of %d ", pos, n) + th.bar(pos, n, 12)
	return a.frame(step, body, nil, helpLine(th, withHelp(keys.Accept, "enter", "next"),
		withHelp(keys.Back, "shift+tab", "back"), keys.Quit))
}

// splitDomains splits what was typed on commas and spaces.
func splitDomains(text string) []string {
	return strings.FieldsFunc(text, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' })
}

func domainsField(s *questionsScreen, a *app) huh.Field {
	return huh.NewInput().Title("Which domain(s) will serve the site?").
		Description("Separate several with commas, e.g. example.com, www.example.com").
		Placeholder("example.com").Value(&s.domainsText).
		Validate(func(text string) error {
			if len(splitDomains(text)) == 0 {
				return errors.New("type at least one domain")
			}
			_, err := a.eng.NormalizeDomains(splitDomains(text))
			return err
		})
}

// trustedOrigins is what CSRF_TRUSTED_ORIGINS will hold: https:// origins
// from Django 4.0 on (also when the version is unknown: the newest series),
// bare host names before.
func trustedOrigins(p *project.Project, d Domains) []string {
	if p != nil && p.Django.Known && !p.Django.AtLeast(4, 0) {
		return d.Hosts
	}
	return d.Origins
}

// domainsPreview shows, as the user types, what the settings will hold.
func domainsPreview(s *questionsScreen, a *app) []string {
	th, w := a.th, a.contentWidth()
	typed := splitDomains(s.domainsText)
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
