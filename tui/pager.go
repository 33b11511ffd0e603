package tui

import (
	"fmt"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// pager scrolls a body that is taller than the screen.
type pager struct {
	off, total, visible int
}

// handle scrolls on the scroll keys; it reports whether the key was used.
func (p *pager) handle(k tea.KeyMsg) bool {
	switch {
	case key.Matches(k, keys.Up):
		p.off--
	case key.Matches(k, keys.Down):
		p.off++
	case key.Matches(k, keys.PageUp):
		p.off -= max(p.visible-1, 1)
	case key.Matches(k, keys.PageDown):
		p.off += max(p.visible-1, 1)
	default:
		return false
	}
	p.clamp()
	return true
}

func (p *pager) clamp() {
	if p.off > p.total-p.visible {
		p.off = p.total - p.visible
	}
	if p.off < 0 {
		p.off = 0
	}
}

// clip returns the visible window of lines, with a marker line when more
// lies below or above.
func (p *pager) clip(lines []string, visible int, th theme) []string {
	p.total, p.visible = len(lines), visible
	if len(lines) <= visible {
		p.off = 0
		return lines
	}
	p.clamp()
	end := p.off + visible
	out := append([]string(nil), lines[p.off:end]...)
	if end < len(lines) {
		out[len(out)-1] = th.Subtle.Render(fmt.Sprintf("↓ %d more lines (↑/↓ to scroll)", len(lines)-end+1))
	} else if p.off > 0 {
		out[0] = th.Subtle.Render(fmt.Sprintf("↑ %d lines above", p.off+1))
	}
	return out
}
