package tui

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/djharden/djharden/checklist"
	"github.com/djharden/djharden/checklist/project"
)

// doneScreen writes the files, scores the project again and runs the real
// `manage.py check --deploy` in the background (cancellable).
type doneScreen struct {
	applying bool
	written  *Written
	applyErr error

	after     *checklist.Report
	afterProj *project.Project
	afterErr  error

	running   bool
	cancel    context.CancelFunc
	deploy    *DeployResult
	deployErr error
	pg        pager
}

type appliedMsg struct {
	w   *Written
	err error
}

type afterMsg struct {
	p      *project.Project
	report *checklist.Report
	err    error
}

type deployMsg struct {
	res *DeployResult
	err error
}

func (s *doneScreen) enter(a *app) tea.Cmd {
	*s = doneScreen{applying: true}
	pr := a.review.proposal
	if pr.Empty() {
		return func() tea.Msg { return appliedMsg{w: &Written{}} }
	}
	eng := a.eng
	return func() tea.Msg {
		w, err := eng.Apply(pr)
		return appliedMsg{w, err}
	}
}

func (s *doneScreen) update(a *app, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case appliedMsg:
		s.applying, s.written, s.applyErr = false, msg.w, msg.err
		if msg.err != nil {
			return nil
		}
		eng, opts := a.eng, project.Options{Dir: a.p.Root, Settings: a.p.SettingsModule, EnvFile: orDefault(a.answers.EnvFile, ".env")}
		return func() tea.Msg {
			p, err := eng.Discover(opts)
			if err != nil {
				return afterMsg{err: err}
			}
			return afterMsg{p: p, report: eng.Check(p)}
		}
	case afterMsg:
		s.afterProj, s.after, s.afterErr = msg.p, msg.report, msg.err
		p := msg.p
		if p == nil {
			p = a.p
		}
		env := map[string]string{}
		if msg.p != nil {
			env = msg.p.EnvValues
		}
		ctx, cancel := context.WithCancel(a.ctx())
		s.running, s.cancel = true, cancel
		eng := a.eng
		return tea.Batch(a.spin.Tick, func() tea.Msg {
			res, err := eng.DeployCheck(ctx, p, env)
			return deployMsg{res, err}
		})
	case deployMsg:
		s.running, s.deploy, s.deployErr = false, msg.res, msg.err
		if s.cancel != nil {
			s.cancel()
		}
		return nil
	case tea.KeyMsg:
		if s.running && key.Matches(msg, keys.Quit) {
			s.cancel() // the command reports back as cancelled
			return nil
		}
		if s.pg.handle(msg) {
			return nil
		}
		if !s.applying && (key.Matches(msg, keys.Quit) || msg.String() == "enter" || msg.String() == "q") {
			return tea.Quit
		}
	}
	return nil
}

func (s *doneScreen) view(a *app) string {
	th, w := a.th, a.contentWidth()
	var body []string
	switch {
	case s.applying:
		body = []string{a.spin.View() + " Writing the files …"}
		return a.frame("Done", body, nil, "")
	case s.applyErr != nil:
		body = wrap(th.Error.Render("Writing failed: ")+s.applyErr.Error(), w)
		body = append(body, wrap("Every file is either as it was or fully written (writes are atomic); `djharden undo` restores the backups of the ones written.", w)...)
		return a.frame("Done", body, &s.pg, helpLine(th, withHelp(keys.Quit, "enter", "quit")))
	}
	if len(s.written.Files) == 0 {
		body = append(body, th.Pass.Render("✓")+" Nothing needed writing.")
	} else {
		body = append(body, th.Pass.Render("✓")+fmt.Sprintf(" Wrote %d file(s); the previous versions are backed up.", len(s.written.Files)))
		for _, f := range s.written.Files {
			body = append(body, "    "+f)
		}
	}
	before, total := a.report.Score()
	line := fmt.Sprintf("Before: %d of %d hardened", before, total)
	if s.after != nil {
		after, total2 := s.after.Score()
		line += fmt.Sprintf(" · after: %d of %d  ", after, total2) + th.bar(after, total2, 16)
	}
	body = append(body, "", th.Strong.Render(line))
	if s.afterErr != nil {
		body = append(body, wrap(th.Error.Render("Could not check again: ")+s.afterErr.Error(), w)...)
	}
	if len(a.skipped) > 0 {
		var names []string
		for _, f := range a.steps {
			if a.skipped[f.ID] {
				names = append(names, f.Title)
			}
		}
		body = append(body, indentLines("  ", "Skipped: "+strings.Join(names, "; "), w)...)
	}
	body = append(body, "", th.Strong.Render("manage.py check --deploy"))
	body = append(body, s.deployLines(a)...)
	body = append(body, "", th.Strong.Render("Next steps"))
	for _, step := range nextSteps(a, s.afterProj) {
		lines := indentLines("    ", step, w)
		lines[0] = "  • " + lines[0][4:]
		body = append(body, lines...)
	}
	help := helpLine(th, withHelp(keys.Quit, "enter", "quit"), keys.Up)
	if s.running {
		help = helpLine(th, withHelp(keys.Quit, "esc", "cancel the check"))
	}
	return a.frame("Done", body, &s.pg, help)
}

func (s *doneScreen) deployLines(a *app) []string {
	th, w := a.th, a.contentWidth()
	switch {
	case s.running || (s.after == nil && s.afterErr == nil):
		return []string{"  " + a.spin.View() + " running Django's own deploy checks … (esc cancels)"}
	case s.deployErr != nil && errors.Is(s.deployErr, context.Canceled):
		return []string{"  " + th.Subtle.Render("cancelled")}
	case s.deployErr != nil:
		return indentLines("  ", th.Error.Render("could not run: ")+s.deployErr.Error(), w)
	case s.deploy == nil:
		return nil
	case !s.deploy.Ran:
		return indentLines("  ", th.Subtle.Render("not run: "+s.deploy.Reason), w)
	case s.deploy.Err != "":
		return indentLines("  ", th.Error.Render("failed: ")+firstLine(s.deploy.Err), w)
	case s.deploy.NoIssues:
		return indentLines("  ", th.Pass.Render("✓")+fmt.Sprintf(" no issues (Django %s, %.1f s)", s.deploy.Version, s.deploy.Duration.Seconds()), w)
	}
	return indentLines("  ", th.Warn.Render("!")+fmt.Sprintf(" %d issue(s): %s", len(s.deploy.IDs), strings.Join(s.deploy.IDs, ", ")), w)
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return s[i+1:] // a Python traceback ends with the useful line
	}
	return s
}

// nextSteps are what is left to do, for the hosting found.
func nextSteps(a *app, after *project.Project) []string {
	envFile := orDefault(a.answers.EnvFile, ".env")
	var names []string
	if after != nil {
		names = after.EnvFileKeys
	}
	vars := "its variables"
	if len(names) > 0 {
		vars = strings.Join(names, ", ")
	}
	kinds := map[string]bool{}
	for _, h := range a.p.Hosting {
		kinds[h.Kind] = true
	}
	var server string
	switch {
	case kinds["heroku"]:
		server = "Set " + vars + " on Heroku: heroku config:set NAME=value (values from " + envFile + ")."
	case kinds["fly"]:
		server = "Set " + vars + " on Fly.io: fly secrets set NAME=value (values from " + envFile + ")."
	case kinds["render"], kinds["railway"]:
		server = "Add " + vars + " in the service's environment settings of the dashboard (values from " + envFile + ")."
	case kinds["compose"], kinds["docker"]:
		server = "Give the container " + vars + ": env_file: " + envFile + " in docker compose, or docker run --env-file " + envFile + "."
	default:
		server = "Put " + vars + " into the server's environment (systemd: EnvironmentFile=, or your platform's config vars); copy " + envFile + " over a safe channel, never through git."
	}
	steps := []string{server, "Changed your mind? `djharden undo` puts the previous files back.",
		"Run `djharden check` in CI: it fails when a setting regresses."}
	if a.p.Scan != nil && len(codeSites(a)) > 0 {
		steps = append(steps, fmt.Sprintf("Fix the %d risky code site(s) by hand (see djharden-todo.md, or press w on their screen).", len(codeSites(a))))
	}
	return steps
}
