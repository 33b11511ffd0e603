package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// reviewScreen shows every file change as a coloured unified diff, file by
// file, in a scrollable viewport. Nothing is written before enter.
type reviewScreen struct {
	proposal *Proposal
	err      error
	building bool
	file     int
	vp       viewport.Model
}

// proposalMsg carries the plan built from the answers.
type proposalMsg struct {
	pr  *Proposal
	err error
}

// reviewChrome is how many body lines the screen uses around the viewport.
const reviewChrome = 4

func (s *reviewScreen) enter(a *app) tea.Cmd {
	s.building, s.proposal, s.err, s.file = true, nil, nil, 0
	s.vp = viewport.New(a.contentWidth(), max(a.bodyHeight()-reviewChrome, 1))
	// only the arrows and page keys scroll: letters belong to the screen
	s.vp.KeyMap = viewport.KeyMap{Up: keys.Up, Down: keys.Down, PageUp: keys.PageUp, PageDown: keys.PageDown, Left: keys.Left, Right: keys.Right}
	s.vp.SetHorizontalStep(8) // diff lines longer than the screen scroll sideways
	eng, p, ans := a.eng, a.p, a.answers
	return func() tea.Msg {
		pr, err := eng.Build(p, ans)
		return proposalMsg{pr, err}
	}
}

func (s *reviewScreen) update(a *app, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case proposalMsg:
		s.building, s.proposal, s.err = false, msg.pr, msg.err
		s.showFile(a)
		return nil
	case tea.WindowSizeMsg:
		s.vp.Width, s.vp.Height = a.contentWidth(), max(a.bodyHeight()-reviewChrome, 1)
		s.showFile(a)
		return nil
	case tea.KeyMsg:
		switch {
		case key.Matches(msg, keys.Leave):
			return a.quitSafely()
		case s.building:
			return nil
		case key.Matches(msg, keys.Write) && s.err == nil:
			return a.goTo(a.forward())
		case msg.String() == "b":
			a.key.reveal = false
			return a.goBack()
		case key.Matches(msg, keys.Home):
			s.vp.GotoTop()
			return nil
		case key.Matches(msg, keys.End):
			s.vp.GotoBottom()
			return nil
		case key.Matches(msg, keys.NextFile) && s.proposal != nil:
			s.file = (s.file + 1) % max(len(s.proposal.Files), 1)
			s.showFile(a)
			return nil
		case key.Matches(msg, keys.PrevFile) && s.proposal != nil:
			n := max(len(s.proposal.Files), 1)
			s.file = (s.file + n - 1) % n
			s.showFile(a)
			return nil
		}
	}
	var cmd tea.Cmd
	s.vp, cmd = s.vp.Update(msg)
	return cmd
}

// showFile loads the current file's diff into the viewport.
func (s *reviewScreen) showFile(a *app) {
	if s.proposal.Empty() {
		s.vp.SetContent("")
		return
	}
	s.vp.SetContent(colourDiff(a.th, s.proposal.Files[s.file].Diff))
	s.vp.GotoTop()
}

// colourDiff colours a unified diff line by line: + green, - red, hunks purple.
func colourDiff(th theme, diff string) string {
	lines := strings.Split(strings.TrimRight(diff, "\n"), "\n")
	for i, l := range lines {
		switch {
		case strings.HasPrefix(l, "+++"), strings.HasPrefix(l, "---"):
			lines[i] = th.Strong.Render(l)
		case strings.HasPrefix(l, "+"):
			lines[i] = th.Add.Render(l)
		case strings.HasPrefix(l, "-"):
			lines[i] = th.Del.Render(l)
		case strings.HasPrefix(l, "@@"):
			lines[i] = th.Hunk.Render(l)
		}
	}
	return strings.Join(lines, "\n")
}

func (s *reviewScreen) view(a *app) string {
	th, w := a.th, a.contentWidth()
	var body []string
	switch {
	case s.building:
		body = []string{a.spin.View() + " Preparing the changes …"}
		return a.frame("Review", body, nil, helpLine(th, keys.Leave))
	case s.err != nil:
		body = wrap(th.Error.Render("Could not prepare the changes: ")+s.err.Error(), w)
		return a.frame("Review", body, nil, helpLine(th, withHelp(keys.Back, "b", "back"), keys.Leave))
	case s.proposal.Empty():
		body = wrap("Nothing to change: the settings already hold what you chose. Press enter to finish.", w)
		return a.frame("Review", body, nil, helpLine(th, withHelp(keys.Write, "enter", "finish"), keys.Leave))
	}
	n := len(s.proposal.Files)
	f := s.proposal.Files[s.file]
	body = append(body, truncate(fmt.Sprintf("%d file(s) will change. Nothing is written until you press enter.", n), w))
	title := fmt.Sprintf("File %d of %d: %s", s.file+1, n, th.Strong.Render(f.Path))
	if f.Created {
		title += " (new)"
	}
	if f.Why != "" {
		title += th.Subtle.Render(" · " + f.Why)
	}
	body = append(body, truncate(title, w))
	body = append(body, strings.Split(s.vp.View(), "\n")...)
	for len(body) < a.bodyHeight()-2 {
		body = append(body, "")
	}
	body = append(body, "", truncate(th.Subtle.Render("Backups are kept: `djharden undo` puts every file back."), w))
	bindings := []key.Binding{keys.Write}
	if n > 1 {
		bindings = append(bindings, withHelp(keys.NextFile, "tab", "next file"))
	}
	if s.wide() {
		bindings = append(bindings, withHelp(keys.Up, "↑↓←→", "scroll"))
	} else {
		bindings = append(bindings, keys.Up)
	}
	bindings = append(bindings, withHelp(keys.Back, "b", "back"), keys.Leave)
	return a.frame("Review", body, nil, helpLine(th, bindings...))
}

// wide reports whether the current diff has lines wider than the screen.
func (s *reviewScreen) wide() bool {
	if s.proposal.Empty() {
		return false
	}
	for _, l := range strings.Split(s.proposal.Files[s.file].Diff, "\n") {
		if ansi.StringWidth(l) > s.vp.Width {
			return true
		}
	}
	return false
}
