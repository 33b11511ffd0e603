package tui

import (
	"io"
	"os"
	"strings"

	"github.com/charmbracelet/huh"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"github.com/djharden/djharden/checklist"
)

// Minimum size below which screens only ask for a bigger terminal.
const (
	minWidth  = 60
	minHeight = 16
	// fallbackWidth/Height are used until a WindowSizeMsg arrives (none
	// arrives when the output is not a terminal).
	fallbackWidth  = 80
	fallbackHeight = 24
)

// theme holds the shared styles. Colours are adaptive (light and dark
// backgrounds); with the Ascii profile they vanish and only the text stays.
type theme struct {
	Title   lipgloss.Style
	Subtle  lipgloss.Style
	Strong  lipgloss.Style
	Setting lipgloss.Style // setting names, rendered by us so underscores survive
	Code    lipgloss.Style
	Pass    lipgloss.Style
	Warn    lipgloss.Style
	Fail    lipgloss.Style
	Unknown lipgloss.Style
	Add     lipgloss.Style
	Del     lipgloss.Style
	Hunk    lipgloss.Style
	Help    lipgloss.Style
	Error   lipgloss.Style
	BarFull lipgloss.Style
	BarRest lipgloss.Style
	Prompt  lipgloss.Style // a question that interrupts the screen (leave without writing?)

	// plain: no colour at all (NO_COLOR, or a profile without colours);
	// emphasis comes from bold, faint and reverse, meaning from markers.
	plain bool
}

// newTheme returns the theme for the current colour profile; under
// NO_COLOR it is the plain theme.
func newTheme() theme {
	if plainRequested() || lipgloss.ColorProfile() == termenv.Ascii {
		return plainTheme()
	}
	return colourTheme()
}

// plainTheme keeps every meaning without colour: bold for titles and
// failures, faint for asides, reverse for the interrupting question.
func plainTheme() theme {
	bold, faint, none := lipgloss.NewStyle().Bold(true), lipgloss.NewStyle().Faint(true), lipgloss.NewStyle()
	return theme{
		Title: bold, Subtle: faint, Strong: bold, Setting: none, Code: none,
		Pass: none, Warn: bold, Fail: bold, Unknown: faint,
		Add: none, Del: none, Hunk: faint, Help: faint, Error: bold,
		BarFull: none, BarRest: faint, Prompt: bold.Reverse(true),
		plain: true,
	}
}

func colourTheme() theme {
	green := lipgloss.AdaptiveColor{Light: "#1a7f37", Dark: "#3fb950"}
	yellow := lipgloss.AdaptiveColor{Light: "#9a6700", Dark: "#d29922"}
	red := lipgloss.AdaptiveColor{Light: "#cf222e", Dark: "#f85149"}
	blue := lipgloss.AdaptiveColor{Light: "#0550ae", Dark: "#79c0ff"}
	grey := lipgloss.AdaptiveColor{Light: "#57606a", Dark: "#8b949e"}
	purple := lipgloss.AdaptiveColor{Light: "#8250df", Dark: "#d2a8ff"}
	return theme{
		Title:   lipgloss.NewStyle().Bold(true).Foreground(purple),
		Subtle:  lipgloss.NewStyle().Foreground(grey),
		Strong:  lipgloss.NewStyle().Bold(true),
		Setting: lipgloss.NewStyle().Foreground(blue),
		Code:    lipgloss.NewStyle().Foreground(blue),
		Pass:    lipgloss.NewStyle().Foreground(green),
		Warn:    lipgloss.NewStyle().Foreground(yellow),
		Fail:    lipgloss.NewStyle().Foreground(red).Bold(true),
		Unknown: lipgloss.NewStyle().Foreground(grey),
		Add:     lipgloss.NewStyle().Foreground(green),
		Del:     lipgloss.NewStyle().Foreground(red),
		Hunk:    lipgloss.NewStyle().Foreground(purple),
		Help:    lipgloss.NewStyle().Foreground(grey),
		Error:   lipgloss.NewStyle().Foreground(red),
		BarFull: lipgloss.NewStyle().Foreground(purple),
		BarRest: lipgloss.NewStyle().Foreground(grey),
		Prompt:  lipgloss.NewStyle().Bold(true).Reverse(true),
	}
}

// plainRequested reports whether the user asked for an uncoloured UI.
func plainRequested() bool {
	if _, ok := os.LookupEnv("NO_COLOR"); ok {
		return true
	}
	return os.Getenv("TERM") == "dumb"
}

// setupColour queries the background before the program starts, since a
// terminal's reply arriving later would land among key presses. NO_COLOR
// keeps the terminal's profile (bold, faint and reverse are not colours:
// termenv would drop them with the colours); the theme then uses none.
func setupColour(out io.Writer) {
	if plainRequested() {
		lipgloss.SetColorProfile(termenv.NewOutput(out).ColorProfile())
	}
	lipgloss.SetHasDarkBackground(lipgloss.HasDarkBackground())
}

// formTheme is the huh theme: without colour, the selected option, the
// focused button and the placeholder are told apart by markers ("> ",
// "[x]", "e.g.") and by bold, reverse and faint.
func formTheme(plain bool) *huh.Theme {
	if !plain {
		return huh.ThemeCharm()
	}
	t := huh.ThemeBase()
	button := lipgloss.NewStyle().Padding(0, 1).MarginRight(1)
	t.Focused.FocusedButton = button.Bold(true).Reverse(true).SetString("[x]")
	t.Focused.BlurredButton = button.SetString("[ ]")
	t.Focused.SelectSelector = lipgloss.NewStyle().Bold(true).SetString("> ")
	t.Focused.SelectedOption = lipgloss.NewStyle().Bold(true)
	t.Focused.Title = lipgloss.NewStyle().Bold(true)
	t.Focused.TextInput.Placeholder = lipgloss.NewStyle().Faint(true)
	t.Blurred = t.Focused
	t.Blurred.Base = t.Blurred.Base.BorderStyle(lipgloss.HiddenBorder())
	return t
}

// statusIcon is the one-character mark of a status, plus a word so the
// meaning never rests on colour alone.
func (t theme) statusIcon(s checklist.Status) string {
	switch s {
	case checklist.Pass:
		return t.Pass.Render("✓")
	case checklist.Warn:
		return t.Warn.Render("!")
	case checklist.Fail:
		return t.Fail.Render("✗")
	case checklist.Accepted:
		return t.Pass.Render("~")
	case checklist.Skip:
		return t.Subtle.Render("-")
	default:
		return t.Unknown.Render("?")
	}
}

func (t theme) statusWord(s checklist.Status) string {
	word := map[checklist.Status]string{
		checklist.Pass: "pass", checklist.Warn: "warning", checklist.Fail: "fail",
		checklist.Unknown: "unknown", checklist.Skip: "does not apply", checklist.Accepted: "accepted",
	}[s]
	if word == "" {
		word = string(s)
	}
	switch s {
	case checklist.Pass, checklist.Accepted:
		return t.Pass.Render(word)
	case checklist.Warn:
		return t.Warn.Render(word)
	case checklist.Fail:
		return t.Fail.Render(word)
	}
	return t.Unknown.Render(word)
}

// bar draws a progress bar of width cells, done of total filled.
func (t theme) bar(done, total, width int) string {
	if width < 1 || total < 1 {
		return ""
	}
	full := done * width / total
	return t.BarFull.Render(strings.Repeat("█", full)) + t.BarRest.Render(strings.Repeat("░", width-full))
}

// wrap breaks text to width, keeping words whole when they fit and
// hard-breaking the ones that do not (long paths, keys).
func wrap(text string, width int) []string {
	if width < 1 {
		width = 1
	}
	return strings.Split(ansi.Wrap(text, width, ""), "\n")
}

// indentLines wraps text to width-len(prefix) and prefixes every line.
func indentLines(prefix, text string, width int) []string {
	lines := wrap(text, width-ansi.StringWidth(prefix))
	for i, l := range lines {
		lines[i] = prefix + l
	}
	return lines
}

// truncate cuts a line to width cells, marking the cut.
func truncate(line string, width int) string {
	if ansi.StringWidth(line) <= width {
		return line
	}
	return ansi.Truncate(line, width, "…")
}

// bullet wraps text as one bullet point: the mark on the first line only,
// the wrapped lines indented under the text.
func bullet(indent, mark, text string, width int) []string {
	pad := strings.Repeat(" ", ansi.StringWidth(mark))
	lines := indentLines(indent+pad, text, width)
	lines[0] = indent + mark + strings.TrimPrefix(lines[0], indent+pad)
	return lines
}
