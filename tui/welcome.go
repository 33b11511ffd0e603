package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"

	"github.com/djharden/djharden/checklist/project"
)

// welcomeScreen shows the project found, the score and the checklist; when
// several settings modules could be the production one it asks which.
type welcomeScreen struct {
	pg       pager
	form     *huh.Form // settings select, nil when there is nothing to choose
	settings string
}

func (s *welcomeScreen) enter(a *app) tea.Cmd {
	s.pg = pager{}
	s.form = nil
	if len(productionCandidates(a.p)) < 2 {
		return nil
	}
	s.settings = a.p.SettingsModule
	var opts []huh.Option[string]
	for _, c := range a.p.Candidates {
		label := c.Module
		if c.Module == a.p.SettingsModule {
			label += " (suggested)"
		}
		opts = append(opts, huh.NewOption(label, c.Module))
	}
	s.form = huh.NewForm(huh.NewGroup(
		huh.NewSelect[string]().Title("Which settings module runs in production?").
			Options(opts...).Value(&s.settings),
	)).WithTheme(formTheme(a.th.plain)).WithShowHelp(false).WithWidth(a.contentWidth())
	return s.form.Init()
}

// productionCandidates are the settings modules that look like production.
func productionCandidates(p *project.Project) []project.SettingsCandidate {
	var out []project.SettingsCandidate
	for _, c := range p.Candidates {
		if c.Production {
			out = append(out, c)
		}
	}
	return out
}

func (s *welcomeScreen) update(a *app, msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyMsg); ok {
		if key.Matches(k, keys.Quit) {
			return a.quitSafely()
		}
		if s.form == nil {
			if s.pg.handle(k) {
				return nil
			}
			if key.Matches(k, keys.Accept) {
				return a.goTo(a.forward())
			}
			return nil
		}
	}
	if s.form == nil {
		return nil
	}
	if ws, ok := msg.(tea.WindowSizeMsg); ok {
		s.form = s.form.WithWidth(ws.Width - 2)
	}
	m, cmd := s.form.Update(msg)
	s.form = m.(*huh.Form)
	switch s.form.State {
	case huh.StateCompleted:
		if s.settings != a.p.SettingsModule {
			a.chosenSettings = true
			a.screen = scrLoading
			return a.discoverCmd(s.settings)
		}
		s.form = nil
		return a.goTo(a.forward())
	case huh.StateAborted:
		return a.quitSafely()
	}
	return cmd
}

func (s *welcomeScreen) view(a *app) string {
	th, w := a.th, a.contentWidth()
	p := a.p
	var body []string
	pad := strings.Repeat(" ", 10)
	field := func(name, value string) {
		lines := indentLines(pad, value, w)
		lines[0] = th.Strong.Render(fmt.Sprintf("%-9s", name)) + " " + strings.TrimPrefix(lines[0], pad)
		body = append(body, lines...)
	}
	if a.opts.Demo {
		body = append(body, wrap("This is djharden's demo: a copy of a sample project with typical beginner mistakes. Nothing of yours is touched.", w)...)
		body = append(body, "")
	}
	field("Project", a.rootText())
	field("Django", djangoVersionText(p.Django))
	settings := p.SettingsModule
	if p.SettingsReason != "" {
		settings += " — " + p.SettingsReason
	}
	field("Settings", settings)
	if len(p.Hosting) == 0 {
		field("Hosting", "no hosting files found (Procfile, fly.toml, Dockerfile, ...)")
	}
	for i, h := range p.Hosting {
		name := ""
		if i == 0 {
			name = "Hosting"
		}
		field(name, fmt.Sprintf("%s (%s): %s", h.Kind, location(h.File, h.Line), h.Detail))
	}
	// What discovery could not read (a settings file Python cannot parse...).
	for i, n := range a.report.Notes {
		if i == 3 {
			field("", fmt.Sprintf("… and %d more (djharden check lists them)", len(a.report.Notes)-3))
			break
		}
		name := ""
		if i == 0 {
			name = "Notes"
		}
		where := location(n.File, n.Line)
		if where != "" {
			where += ": "
		}
		field(name, th.Warn.Render("! ")+where+n.Message)
	}
	ok, total := a.report.Score()
	body = append(body, "")
	body = append(body, th.Strong.Render(fmt.Sprintf("%d of %d hardened", ok, total))+"  "+th.bar(ok, total, 20))
	body = append(body, "")
	for _, f := range a.report.Findings {
		body = append(body, th.statusIcon(f.Status)+" "+f.Title+"  "+th.statusWord(f.Status))
	}
	if s.form != nil {
		body = append(body, "")
		body = append(body, strings.Split(strings.TrimRight(s.form.View(), "\n"), "\n")...)
		return a.frame("Welcome", body, &s.pg, helpLine(th, withHelp(keys.Accept, "enter", "choose"), keys.Quit))
	}
	next := "start"
	if len(a.steps) == 0 {
		next = "continue: every item passes"
	}
	return a.frame("Welcome", body, &s.pg, helpLine(th, withHelp(keys.Accept, "enter", next), keys.Up, keys.Quit))
}

func djangoVersionText(v project.DjangoVersion) string {
	if !v.Known {
		return "version unknown (no requirements or lock file names Django)"
	}
	text := v.Raw
	if v.Source != "" {
		text += " (" + v.Source + ")"
	}
	return text
}

// location renders file:line, or just the file when the line is unknown.
func location(file string, line int) string {
	if line > 0 {
		return fmt.Sprintf("%s:%d", file, line)
	}
	return file
}
