package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
)

// keyMap holds every binding the screens use; each screen shows the ones
// that apply to it in its help line.
type keyMap struct {
	Accept    key.Binding
	Skip      key.Binding
	Back      key.Binding
	Explain   key.Binding
	Quit      key.Binding
	Up        key.Binding
	Down      key.Binding
	PageUp    key.Binding
	PageDown  key.Binding
	NextFile  key.Binding
	PrevFile  key.Binding
	Left      key.Binding // sideways, in the review's long lines
	Right     key.Binding
	Home      key.Binding
	End       key.Binding
	Reveal    key.Binding
	Fallback  key.Binding
	WriteTodo key.Binding
	Leave     key.Binding
	Write     key.Binding
}

var keys = keyMap{
	Accept:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "accept")),
	Skip:      key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "skip")),
	Back:      key.NewBinding(key.WithKeys("b", "shift+tab"), key.WithHelp("b", "back")),
	Explain:   key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "explain")),
	Quit:      key.NewBinding(key.WithKeys("esc", "ctrl+c"), key.WithHelp("esc", "quit")),
	Up:        key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/↓", "scroll")),
	Down:      key.NewBinding(key.WithKeys("down", "j")),
	PageUp:    key.NewBinding(key.WithKeys("pgup")),
	PageDown:  key.NewBinding(key.WithKeys("pgdown", " ")),
	NextFile:  key.NewBinding(key.WithKeys("tab", "n"), key.WithHelp("tab", "next file")),
	PrevFile:  key.NewBinding(key.WithKeys("shift+tab", "p"), key.WithHelp("shift+tab", "previous file")),
	Left:      key.NewBinding(key.WithKeys("left"), key.WithHelp("←/→", "sideways")),
	Right:     key.NewBinding(key.WithKeys("right")),
	Home:      key.NewBinding(key.WithKeys("home", "g")),
	End:       key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("home/end", "top/bottom")),
	Reveal:    key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "reveal")),
	Fallback:  key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "keep old key as fallback")),
	WriteTodo: key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "write to-do list")),
	Leave:     key.NewBinding(key.WithKeys("esc", "q", "ctrl+c"), key.WithHelp("esc", "quit without writing")),
	Write:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "write")),
}

// helpLine renders bindings as "enter accept · s skip · ...".
func helpLine(t theme, bindings ...key.Binding) string {
	parts := make([]string, 0, len(bindings))
	for _, b := range bindings {
		h := b.Help()
		if h.Key == "" {
			continue
		}
		parts = append(parts, h.Key+" "+h.Desc)
	}
	return t.Help.Render(strings.Join(parts, " · "))
}

// withHelp returns a copy of b with another help text.
func withHelp(b key.Binding, k, desc string) key.Binding {
	b.SetHelp(k, desc)
	return b
}
