package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/djharden/djharden/checklist"
	"github.com/djharden/djharden/checklist/project"
	"github.com/djharden/djharden/checklist/scan"
	"github.com/djharden/djharden/generator"
)

// codeItems are the checklist items fed by the code scan: the wizard lists
// their sites with the safe pattern and never rewrites code.
var codeItems = map[string]bool{"sql-injection": true, "xss": true, "csrf": true}

// writesNothing are the items apply writes nothing for (their screen says
// "Nothing..." under "What djharden will change"): enter goes on, and
// there is nothing to skip. The csrf item is half settings, so it is not one.
func writesNothing(id string) bool {
	switch id {
	case "sql-injection", "xss", "django-version", "media-files", "error-reports", "error-pages", "database", "logging":
		return true
	}
	return false
}

// itemsScreen walks the findings that need attention, one per screen.
type itemsScreen struct {
	idx     int
	pg      pager
	explain bool
	note    string // result of the last action (to-do list written, ...)
}

func (s *itemsScreen) enter(a *app) tea.Cmd {
	if a.arrivedBack || s.idx >= len(a.steps) {
		s.idx = len(a.steps) - 1
	}
	if s.idx < 0 {
		s.idx = 0
	}
	s.reset()
	return nil
}

func (s *itemsScreen) reset() {
	s.pg, s.explain, s.note = pager{}, false, ""
}

func (s *itemsScreen) update(a *app, msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return nil
	}
	f := a.steps[s.idx]
	switch {
	case key.Matches(k, keys.Quit):
		return a.quitSafely()
	case s.pg.handle(k):
	case key.Matches(k, keys.Accept):
		delete(a.skipped, f.ID)
		return s.next(a)
	case key.Matches(k, keys.Skip) && writesNothing(f.ID):
		// nothing to leave out: enter goes on
	case key.Matches(k, keys.Skip):
		if generator.AlwaysWritten(f.ID) {
			s.note = "This one cannot be skipped: it is the heart of the hardened block, and production would stay open without it. Press enter to go on."
			return nil
		}
		a.skipped[f.ID] = true
		return s.next(a)
	case key.Matches(k, keys.Back):
		if s.idx == 0 {
			return a.goBack()
		}
		s.idx--
		s.reset()
	case key.Matches(k, keys.Explain):
		s.explain = !s.explain
		s.pg = pager{}
	case key.Matches(k, keys.WriteTodo) && codeItems[f.ID]:
		path, n, err := writeTodo(a.p.Root, codeSites(a), a.eng.Rules())
		if err != nil {
			s.note = "Could not write the to-do list: " + err.Error()
		} else {
			s.note = fmt.Sprintf("Wrote %s (%d sites).", path, n)
		}
	}
	return nil
}

func (s *itemsScreen) next(a *app) tea.Cmd {
	if s.idx+1 >= len(a.steps) {
		return a.goTo(a.forward())
	}
	s.idx++
	s.reset()
	return nil
}

// codeSites are the scan sites of every code item, for the to-do list.
func codeSites(a *app) []scan.Site {
	if a.p.Scan == nil {
		return nil
	}
	var out []scan.Site
	for _, site := range a.p.Scan.Sites {
		if codeItems[site.Item] && !site.Review {
			out = append(out, site)
		}
	}
	return out
}

func (s *itemsScreen) view(a *app) string {
	th, w := a.th, a.contentWidth()
	f := a.steps[s.idx]
	item := a.eng.Lookup(f.ID)
	pos, n := a.progress()
	step := fmt.Sprintf("Step %d of %d ", pos, n) + th.bar(pos, n, 12)

	var body []string
	// A long title wraps under itself, its status word kept whole.
	body = append(body, bullet("", th.statusIcon(f.Status)+" ", th.Strong.Render(f.Title)+"  "+th.statusWord(f.Status), w)...)
	if s.note != "" { // the result of a key press: at the top, so it is never below the fold
		body = append(body, wrap(th.Strong.Render("» "+s.note), w)...)
	}
	if f.Message != "" {
		body = append(body, wrap(f.Message, w)...)
	}
	if f.Status == checklist.Unknown && a.opts.EnvFile == "" {
		// The checklist speaks to the command line; here, say how the wizard does it.
		body = append(body, wrap(th.Subtle.Render("In the wizard: the Done screen judges this with the env file it writes; to judge it now, start djharden with --env-file FILE."), w)...)
	}
	if s.explain {
		body = append(body, s.explanation(a, f, item)...)
	} else {
		body = append(body, s.evidence(a, f)...)
		if item != nil && item.Lesson != "" {
			body = append(body, "", th.Strong.Render("Why it matters"))
			body = append(body, indentLines("  ", paragraph(item.Lesson), w)...)
		}
		body = append(body, "", th.Strong.Render("What djharden will change"))
		body = append(body, indentLines("  ", changeText(a.p, f), w)...)
	}
	bindings := []key.Binding{keys.Accept, keys.Skip, withHelp(keys.Back, "b", "back"), keys.Explain}
	if writesNothing(f.ID) { // nothing to accept or skip: enter goes on
		bindings = []key.Binding{withHelp(keys.Accept, "enter", "next"), withHelp(keys.Back, "b", "back"), keys.Explain}
	}
	if codeItems[f.ID] {
		bindings = append(bindings, keys.WriteTodo)
	}
	bindings = append(bindings, keys.Quit)
	return a.frame(step, body, &s.pg, helpLine(th, bindings...))
}

// paragraph joins a lesson's short lines into one paragraph: wrapped at
// the terminal's width, a line break inside a sentence would strand its tail.
func paragraph(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// settingsProblems keeps a finding's problems that come from settings,
// dropping the code-scan sites (which carry a rule) listed elsewhere.
func settingsProblems(f checklist.Finding) checklist.Finding {
	var kept []checklist.Problem
	var locs []checklist.Location
	for _, p := range f.Problems {
		if p.Rule == "" {
			kept = append(kept, p)
			locs = append(locs, p.Locations...)
		}
	}
	f.Problems, f.Locations = kept, locs
	return f
}

// changeText says what the wizard does about a finding: the generator's
// own account of what applying writes for this item.
func changeText(p *project.Project, f checklist.Finding) string {
	if p == nil {
		p = &project.Project{}
	}
	switch {
	case f.ID == "csrf":
		// The csrf item is half settings (which the block fixes), half code.
		return generator.Describe(p, f.ID) + " Views marked csrf_exempt are listed, not rewritten; press w to save them as a to-do list."
	case codeItems[f.ID]:
		return "Nothing: djharden does not rewrite code. Each site above shows the safe pattern; press w to save them as a to-do list (djharden-todo.md)."
	case f.ID == "static-files":
		// The command line's account names --static; the wizard asks instead.
		return "You choose after the checklist items, in the question about static files: WhiteNoise (STATIC_ROOT, WhiteNoise right after SecurityMiddleware, its compressed storage, and whitenoise added to your requirements: djharden installs nothing), your own web server or CDN (STATIC_ROOT only), or leave them as they are."
	}
	return generator.Describe(p, f.ID)
}

// evidence lists where the finding comes from: file:line and the source line.
func (s *itemsScreen) evidence(a *app, f checklist.Finding) []string {
	th, w := a.th, a.contentWidth()
	var sites []string
	if codeItems[f.ID] && a.p.Scan != nil {
		sites = s.sites(a, f.ID)
		if f.ID != "csrf" {
			return sites
		}
		// The csrf item also has settings problems: show their evidence
		// above the csrf_exempt sites.
		f = settingsProblems(f)
	}
	var out []string
	locs := append([]checklist.Location(nil), f.Locations...)
	for _, p := range f.Problems {
		locs = append(locs, p.Locations...)
	}
	seen := map[string]bool{}
	for _, l := range locs {
		id := location(l.File, l.Line)
		if seen[id] {
			continue
		}
		seen[id] = true
		if len(out) == 0 {
			out = append(out, "", th.Strong.Render("Evidence"))
		}
		out = append(out, "  "+th.Subtle.Render(id))
		if l.Source != "" {
			out = append(out, "    "+th.Code.Render(truncate(strings.TrimSpace(l.Source), w-4)))
		}
	}
	if len(f.Problems) > 1 {
		out = append(out, "")
		for _, p := range f.Problems {
			line := p.Message
			if p.DjangoID != "" {
				line += " (" + p.DjangoID + ")"
			}
			out = append(out, bullet("  ", "• ", line, w)...) // wrapped lines align with the text
		}
	}
	return append(out, sites...)
}

// sites lists the scan sites of one code item with the safe pattern.
func (s *itemsScreen) sites(a *app, itemID string) []string {
	th, w := a.th, a.contentWidth()
	rules := map[string]scan.Rule{}
	for _, r := range a.eng.Rules() {
		rules[r.ID] = r
	}
	var out []string
	n := 0
	for _, site := range a.p.Scan.Sites {
		if site.Item != itemID {
			continue
		}
		n++
		out = append(out, "", th.Subtle.Render(location(site.File, site.Line))+"  "+site.Message)
		if site.Source != "" {
			out = append(out, "    "+th.Code.Render(truncate(strings.TrimSpace(site.Source), w-4)))
		}
		if r, ok := rules[site.Rule]; ok && r.Safe != "" {
			out = append(out, indentLines("  ", "Safe: "+r.Safe, w)...)
		}
	}
	if n > 0 {
		out = append([]string{"", th.Strong.Render(fmt.Sprintf("Sites (%d)", n))}, out...)
	}
	return out
}

// explanation is the longer text behind `?`: the lesson, the deploy checks
// involved, each problem's fix and the docs link.
func (s *itemsScreen) explanation(a *app, f checklist.Finding, item *checklist.Item) []string {
	th, w := a.th, a.contentWidth()
	out := []string{""}
	if item != nil {
		out = append(out, th.Strong.Render("Why it matters"))
		out = append(out, indentLines("  ", paragraph(item.Lesson), w)...)
		if len(item.DjangoIDs) > 0 {
			out = append(out, "", th.Strong.Render("Django's deploy checks for this"))
			out = append(out, indentLines("  ", strings.Join(item.DjangoIDs, ", "), w)...)
		}
	}
	if len(f.DjangoIDs) > 0 {
		out = append(out, indentLines("  ", "Raised on this project: "+strings.Join(f.DjangoIDs, ", "), w)...)
	}
	for _, p := range f.Problems {
		if p.Fix != "" {
			out = append(out, "")
			out = append(out, bullet("", "• ", p.Message+": "+p.Fix, w)...)
		}
	}
	docs := f.Docs
	if docs == "" && item != nil {
		docs = item.Docs
	}
	if docs != "" {
		out = append(out, "", th.Strong.Render("Read more"), "  "+docs)
	}
	out = append(out, "", th.Subtle.Render("Press ? again to go back."))
	return out
}
