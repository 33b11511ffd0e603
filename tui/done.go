package tui

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/djharden/djharden/checklist"
	"github.com/djharden/djharden/checklist/project"
	"github.com/djharden/djharden/generator"
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
		if a.interrupted {
			return tea.Quit // ctrl+c came while writing: the write is whole, now leave
		}
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
	for _, sec := range s.sections(a) {
		body = append(body, "")
		if sec.title != "" {
			body = append(body, th.Strong.Render(sec.title))
		}
		for _, l := range sec.lines {
			if strings.HasPrefix(l, "$ ") { // a command: never cut, it is meant to be copied
				for _, cl := range commandLines(l[2:], w-2) {
					body = append(body, "  "+th.Code.Render(cl))
				}
				continue
			}
			if strings.HasPrefix(l, "  ") { // already laid out (the deploy check's lines)
				body = append(body, l)
				continue
			}
			body = append(body, bullet("  ", "• ", l, w)...)
		}
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
		return indentLines("  ", th.Pass.Render("✓")+fmt.Sprintf(" no issues (Django %s)", s.deploy.Version), w)
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

// doneSection is one part of the Done report: both presenters show the
// same sections. A line starting with "$ " is a command to copy.
type doneSection struct {
	title string
	lines []string
}

// sections are what Done says: the score (computed as `djharden check
// --env-file` computes it), Django's own check, how to check it yourself,
// how to run the site locally now, how to put the variables on the
// server, and what is left.
func (s *doneScreen) sections(a *app) []doneSection {
	envFile := orDefault(a.answers.EnvFile, ".env")
	before, total := a.report.Score()
	score := fmt.Sprintf("Before: %d of %d hardened", before, total)
	if s.after != nil && len(s.after.Findings) > 0 {
		after, total2 := s.after.Score()
		score += fmt.Sprintf(" · after: %d of %d (with %s's values)", after, total2, envFile)
	}
	out := []doneSection{{title: score}}
	if s.afterErr != nil {
		out[0].lines = append(out[0].lines, "Could not check again: "+s.afterErr.Error())
	}
	if len(a.skipped) > 0 {
		var names []string
		for _, f := range a.steps {
			if a.skipped[f.ID] {
				names = append(names, f.Title)
			}
		}
		out[0].lines = append(out[0].lines, "Left as they were (skipped): "+strings.Join(names, "; ")+". `djharden check` still reports them.")
	}
	deploy := doneSection{title: "manage.py check --deploy", lines: s.deployLines(a)}
	if a.answers.HTTPS == generator.HTTPSNone && s.deploy != nil && len(s.deploy.IDs) > 0 {
		deploy.lines = append(deploy.lines, "Expected while HTTPS is off: these are the HTTPS settings left off.")
	}
	static := staticSection(a)
	if len(static.lines) > 0 && s.deploy != nil && a.answers.Static == generator.StaticWhiteNoise &&
		strings.Contains(s.deploy.Err+s.deploy.Output, "whitenoise") {
		deploy.lines = append(deploy.lines, "WhiteNoise is not installed where the check ran: install it (below), then run the check again.")
	}
	out = append(out, deploy)
	if len(static.lines) > 0 {
		out = append(out, static)
	}

	python := shellQuote(s.python(a))
	settingsFlag := ""
	if a.chosenSettings {
		settingsFlag = " --settings " + a.p.SettingsModule
	}
	manageEnv := ""
	if a.chosenSettings {
		manageEnv = "DJANGO_SETTINGS_MODULE=" + a.p.SettingsModule + " "
	}
	qEnv := shellQuote(envFile)
	out = append(out, doneSection{title: "Check it yourself (in " + a.rootText() + ")", lines: []string{
		"$ djharden check --env-file " + qEnv + settingsFlag,
		"$ set -a; . " + shellQuote("./"+envFile) + "; set +a; " + manageEnv + python + " manage.py check --deploy",
	}})
	p := a.p
	if s.afterProj != nil {
		p = s.afterProj
	}
	out = append(out, doneSection{title: "Run it locally now", lines: []string{
		"$ " + generator.DebugVar(p) + "=true " + manageEnv + python + " manage.py runserver",
		"Only on your own machine: the variable turns development mode on; on the server it stays unset or false.",
	}})
	pl := a.qs.platformInfo()
	var plan *generator.Plan
	if a.review.proposal != nil {
		plan = a.review.proposal.Plan
	}
	var vars []generator.EnvVar
	if s.afterProj != nil {
		vars = plan.ShownEnvVars(s.afterProj.EnvFileKeys, s.afterProj.EnvValues)
	}
	server := doneSection{title: "Put the variables on the server (" + pl.Label + ")"}
	for i, l := range pl.ServerSteps(envFile, vars, a.p.Hosting) {
		if i == 0 && (strings.HasPrefix(l, "heroku ") || strings.HasPrefix(l, "fly ")) {
			l = "$ " + l
		}
		server.lines = append(server.lines, l)
	}
	out = append(out, server)
	out = append(out, doneSection{title: "Next steps", lines: nextSteps(a)})
	return out
}

// installCmd finds the install command in the generator's note about the
// whitenoise requirement ("install it with pip install -r requirements.txt").
var installCmd = regexp.MustCompile(`install it with (pip install -r \S+|pipenv install|pip install whitenoise)`)

// staticSection says what the static-files answer wrote and what is left
// to the user: the generator's notes, and the install command to copy.
func staticSection(a *app) doneSection {
	sec := doneSection{title: "Static files"}
	switch a.answers.Static {
	case generator.StaticWhiteNoise:
		sec.title += " (WhiteNoise)"
	case generator.StaticServer:
		sec.title += " (your web server)"
	case generator.StaticSkip: // asked, and left as they are
		sec.lines = []string{"Left as they are, as you chose: with DEBUG off, pages load without their CSS until something serves STATIC_ROOT, and `djharden check` keeps warning. Run djharden again to choose WhiteNoise or your web server."}
		return sec
	default:
		return doneSection{}
	}
	if a.review.proposal == nil {
		return doneSection{}
	}
	var later []string // installing comes first: the site needs the package before it starts
	for _, n := range a.review.proposal.Notes {
		rest, ok := strings.CutPrefix(n, "Static files: ")
		if !ok && !strings.Contains(n, "whitenoise") {
			continue
		}
		if m := installCmd.FindStringSubmatch(rest); m != nil {
			sec.lines = append(sec.lines, rest, "$ "+m[1])
			continue
		}
		later = append(later, rest)
	}
	sec.lines = append(sec.lines, later...)
	return sec
}

// python is the interpreter to name in commands: the one the deploy check
// used (relative to the project when it lives there), else "python".
func (s *doneScreen) python(a *app) string {
	if s.deploy == nil || !s.deploy.Ran || s.deploy.Python == "" {
		return "python"
	}
	py := s.deploy.Python
	if rel, err := filepath.Rel(a.p.Root, py); err == nil && !strings.HasPrefix(rel, "..") && !filepath.IsAbs(rel) {
		return "./" + filepath.ToSlash(rel)
	}
	return filepath.Base(py)
}

// nextSteps are what is left to do.
func nextSteps(a *app) []string {
	var steps []string
	if d := a.domains.Hosts; len(d) > 0 && a.answers.HTTPS != generator.HTTPSNone {
		steps = append(steps, "After the first deploy, check the live site: `djharden probe https://"+d[0]+"`.")
	}
	if a.answers.HTTPS == generator.HTTPSNone {
		steps = append(steps, "HTTPS is off: once the site has a certificate, run djharden again and answer yes to HTTPS.")
	}
	steps = append(steps, "Changed your mind? `djharden undo` puts the previous files back.",
		"Run `djharden check` in CI: it fails when a setting regresses.")
	if a.p.Scan != nil && len(codeSites(a)) > 0 {
		steps = append(steps, fmt.Sprintf("Fix the %d risky code site(s) by hand (see djharden-todo.md, or press w on their screen).", len(codeSites(a))))
	}
	return steps
}

// shellQuote quotes a word for a POSIX shell when it needs it.
func shellQuote(s string) string {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("._/-+=:,@", r)) {
			return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
		}
	}
	if s == "" {
		return "''"
	}
	return s
}

// commandLines breaks a long command at spaces into lines a POSIX shell
// reads back as one command (each but the last ends with a backslash), so a
// copied command is never cut at the screen's edge. A word too long for a
// line is split by a backslash-newline, which the shell removes.
func commandLines(cmd string, width int) []string {
	if ansi.StringWidth(cmd) <= width || width < 20 {
		return []string{cmd}
	}
	var words []string
	for _, w := range strings.Fields(cmd) {
		// a masked value, "abcd…(64 chars)", stays in one piece
		if n := len(words); n > 0 && strings.Count(words[n-1], "(") > strings.Count(words[n-1], ")") {
			words[n-1] += " " + w
			continue
		}
		words = append(words, w)
	}
	var out []string
	line := ""
	for _, word := range words {
		switch {
		case line == "":
			line = word
		case ansi.StringWidth(line)+1+ansi.StringWidth(word)+2 <= width:
			line += " " + word
		default:
			out = append(out, line+" \\")
			line = "  " + word
		}
		for ansi.StringWidth(line) > width {
			r := []rune(line)
			cut := width - 1
			out = append(out, string(r[:cut])+"\\")
			line = string(r[cut:])
		}
	}
	return append(out, line)
}
