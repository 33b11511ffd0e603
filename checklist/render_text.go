package checklist

import (
	"fmt"
	"io"
	"strings"

	"github.com/charmbracelet/lipgloss"
)

// TextOptions shape the human-readable report.
type TextOptions struct {
	// Renderer decides colours (lipgloss.NewRenderer(os.Stdout) honours
	// NO_COLOR and pipes); nil means plain text.
	Renderer *lipgloss.Renderer
	// Verbose shows lessons and the evidence of passing items too.
	Verbose bool
}

// TextStyles is the report's theme: one colour per status and a few text
// styles, shared by every text renderer (the checklist's, the probe's).
type TextStyles struct {
	Status  map[Status]lipgloss.Style
	Title   lipgloss.Style
	Dim     lipgloss.Style
	Code    lipgloss.Style
	Fix     lipgloss.Style
	Heading lipgloss.Style
}

// NewTextStyles builds the theme for r (nil: plain text, no escapes).
func NewTextStyles(r *lipgloss.Renderer) TextStyles {
	if r == nil {
		r = lipgloss.NewRenderer(io.Discard)
	}
	c := func(light, dark string) lipgloss.AdaptiveColor {
		return lipgloss.AdaptiveColor{Light: light, Dark: dark}
	}
	return TextStyles{
		Status: map[Status]lipgloss.Style{
			Pass:     r.NewStyle().Foreground(c("#1a7f37", "#3fb950")).Bold(true),
			Warn:     r.NewStyle().Foreground(c("#9a6700", "#d29922")).Bold(true),
			Fail:     r.NewStyle().Foreground(c("#cf222e", "#f85149")).Bold(true),
			Unknown:  r.NewStyle().Foreground(c("#6639ba", "#a371f7")).Bold(true),
			Skip:     r.NewStyle().Foreground(c("#57606a", "#8b949e")),
			Accepted: r.NewStyle().Foreground(c("#0969da", "#58a6ff")).Bold(true),
		},
		Title:   r.NewStyle().Bold(true),
		Dim:     r.NewStyle().Foreground(c("#57606a", "#8b949e")),
		Code:    r.NewStyle().Foreground(c("#0550ae", "#79c0ff")),
		Fix:     r.NewStyle().Foreground(c("#1a7f37", "#56d364")),
		Heading: r.NewStyle().Bold(true).Underline(true),
	}
}

// WriteText writes the report for people: grouped by item in checklist
// order, an icon per status, file:line evidence with the source line, a
// one-line fix and the score. Secrets are masked.
func WriteText(w io.Writer, r *Report, opts TextOptions) error {
	st := NewTextStyles(opts.Renderer)
	red := redactedCopy(r)

	var b strings.Builder
	writeHeader(&b, red, st)
	for _, f := range red.Findings {
		writeFinding(&b, f, st, opts.Verbose)
	}
	writeSummary(&b, red, st)
	_, err := io.WriteString(w, b.String())
	return err
}

func writeHeader(b *strings.Builder, r *Report, st TextStyles) {
	p := r.Project
	fmt.Fprintf(b, "%s %s\n", st.Title.Render("djharden check"), st.Dim.Render(p.Root))
	if p.SettingsModule != "" {
		line := "settings  " + p.SettingsModule
		if p.SettingsReason != "" {
			line += st.Dim.Render("  (" + p.SettingsReason + ")")
		}
		fmt.Fprintln(b, line)
	}
	version := p.DjangoVersion
	if version == "" {
		version = "unknown (checked as the newest supported series)"
	}
	fmt.Fprintf(b, "django    %s\n", version)
	if p.EnvStyle != "" {
		fmt.Fprintf(b, "env       %s", p.EnvStyle)
		if p.EnvFile != "" {
			fmt.Fprintf(b, " (values from %s)", p.EnvFile)
		}
		fmt.Fprintln(b)
	}
	if p.GitHistory != "" {
		// Always said, found or not: a clean result means as much as the
		// history it covered.
		fmt.Fprintf(b, "history   %s\n", st.Dim.Render(p.GitHistory))
	}
	for _, n := range r.Notes {
		where := n.File
		if n.Line > 0 {
			where = fmt.Sprintf("%s:%d", n.File, n.Line)
		}
		if where != "" {
			where += ": "
		}
		fmt.Fprintf(b, "%s %s%s\n", st.Status[Warn].Render("note"), st.Dim.Render(where), n.Message)
	}
	fmt.Fprintln(b)
}

func writeFinding(b *strings.Builder, f Finding, st TextStyles, verbose bool) {
	label := fmt.Sprintf("%s %-8s", Icon(f.Status), f.Status)
	fmt.Fprintf(b, "%s %s %s\n", st.Status[f.Status].Render(label), st.Title.Render(f.Title), st.Dim.Render("["+f.ID+"]"))
	quiet := f.Status == Pass || f.Status == Skip
	if quiet && !verbose {
		if f.Status == Skip && f.Message != "" {
			fmt.Fprintf(b, "           %s\n", st.Dim.Render(f.Message))
		}
		return
	}
	indent := "           "
	// With problems listed one by one, the headline would only repeat them.
	if f.Message != "" && len(f.Problems) == 0 {
		fmt.Fprintf(b, "%s%s\n", indent, f.Message)
	}
	if f.Decision != "" {
		fmt.Fprintf(b, "%s%s %s\n", indent, st.Dim.Render("decision:"), f.Decision)
	}
	if len(f.Problems) == 0 {
		writeLocations(b, indent, f.Locations, st)
	}
	for _, p := range f.Problems {
		mark := st.Status[p.Status].Render(Icon(p.Status))
		msg := p.Message
		if p.DjangoID != "" {
			msg += st.Dim.Render(" (" + p.DjangoID + ")")
		}
		fmt.Fprintf(b, "%s%s %s\n", indent, mark, msg)
		writeLocations(b, indent+"  ", p.Locations, st)
		if p.Fix != "" && p.Fix != f.Fix {
			fmt.Fprintf(b, "%s  %s %s\n", indent, st.Fix.Render("fix:"), p.Fix)
		}
	}
	if f.Fix != "" && f.Status != Pass && f.Status != Accepted {
		fmt.Fprintf(b, "%s%s %s\n", indent, st.Fix.Render("fix:"), f.Fix)
	}
}

func writeLocations(b *strings.Builder, indent string, locs []Location, st TextStyles) {
	for _, l := range locs {
		where := l.File
		if l.Line > 0 {
			where = fmt.Sprintf("%s:%d", l.File, l.Line)
		}
		if l.Source != "" {
			fmt.Fprintf(b, "%s%s  %s\n", indent, st.Dim.Render(where), st.Code.Render(strings.TrimSpace(l.Source)))
		} else {
			fmt.Fprintf(b, "%s%s\n", indent, st.Dim.Render(where))
		}
	}
}

func writeSummary(b *strings.Builder, r *Report, st TextStyles) {
	s := Tally(r.Findings)
	hardened, total := r.Score()
	fmt.Fprintln(b)
	fmt.Fprintf(b, "%s %d of %d hardened", st.Title.Render("Score:"), hardened, total)
	var parts []string
	add := func(n int, status Status, word string) {
		if n > 0 {
			parts = append(parts, st.Status[status].Render(fmt.Sprintf("%d %s", n, word)))
		}
	}
	add(s.Fail, Fail, "fail")
	add(s.Warn, Warn, "warn")
	add(s.Unknown, Unknown, "unknown")
	add(s.Accepted, Accepted, "accepted")
	add(s.Skip, Skip, "skipped")
	if len(parts) > 0 {
		fmt.Fprintf(b, " · %s", strings.Join(parts, ", "))
	}
	fmt.Fprintln(b)
	if s.Unknown > 0 {
		fmt.Fprintln(b, st.Dim.Render("Unknown items read environment variables; pass --env-file with production values to decide them."))
	}
	if s.Fail+s.Warn > 0 {
		fmt.Fprintln(b, st.Dim.Render("Run `djharden` for a guided fix, or `djharden explain ITEM` for the lesson."))
	}
}
