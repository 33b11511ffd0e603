package probe

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/charmbracelet/lipgloss"

	"github.com/djharden/djharden/checklist"
)

// icon is checklist.Icon plus the probe's own info status.
func icon(s checklist.Status) string {
	if s == Info {
		return "i"
	}
	return checklist.Icon(s)
}

// TextOptions shape the human-readable report.
type TextOptions struct {
	Renderer *lipgloss.Renderer // nil: plain text
	Verbose  bool               // evidence of passing checks too
}

type styles struct {
	status                 map[checklist.Status]lipgloss.Style
	title, dim, code, fix  lipgloss.Style
	disagree, settingsWord lipgloss.Style
}

// newStyles is the checklist's theme, with Info in the accepted colour
// and the probe's two extra emphases.
func newStyles(r *lipgloss.Renderer) styles {
	base := checklist.NewTextStyles(r)
	status := map[checklist.Status]lipgloss.Style{Info: base.Status[checklist.Accepted]}
	for k, v := range base.Status {
		if k != checklist.Accepted {
			status[k] = v
		}
	}
	return styles{
		status: status, title: base.Title, dim: base.Dim, code: base.Code, fix: base.Fix,
		disagree: base.Title, settingsWord: base.Dim,
	}
}

const indent = "           "

// WriteText writes the probe report for people: one line per check, the
// evidence and the fix for what is not passing, the static finding beside
// it and any disagreement in its own sentence.
func WriteText(w io.Writer, r *Report, opts TextOptions) error {
	st := newStyles(opts.Renderer)
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s %s\n", st.title.Render("djharden probe"), r.URL, st.dim.Render(fmt.Sprintf("(%d requests)", r.Requests)))
	if r.Project != nil {
		fmt.Fprintf(&b, "project   %s %s\n", r.Project.Root, st.dim.Render("("+r.Project.SettingsModule+")"))
	} else {
		fmt.Fprintln(&b, st.dim.Render("no Django project here: live results only (pass the project directory to compare with its settings)"))
	}
	if r.Insecure {
		fmt.Fprintf(&b, "%s certificate verification was skipped (--insecure)\n", st.status[checklist.Warn].Render("note"))
	}
	fmt.Fprintln(&b)
	for _, f := range r.Findings {
		writeFinding(&b, f, st, opts.Verbose)
	}
	writeSummary(&b, r, st)
	_, err := io.WriteString(w, b.String())
	return err
}

func writeFinding(b *strings.Builder, f Finding, st styles, verbose bool) {
	label := fmt.Sprintf("%s %-8s", icon(f.Status), f.Status)
	fmt.Fprintf(b, "%s %s %s\n", st.status[f.Status].Render(label), st.title.Render(f.Title), st.dim.Render("["+f.ID+"]"))
	quiet := f.Status == checklist.Pass && !verbose && f.Disagreement == ""
	if !quiet {
		if len(f.Problems) == 0 {
			fmt.Fprintf(b, "%s%s\n", indent, f.Message)
		}
		for _, p := range f.Problems {
			fmt.Fprintf(b, "%s%s %s\n", indent, st.status[p.Status].Render(icon(p.Status)), p.Message)
		}
		for _, l := range f.Locations {
			line := indent + st.dim.Render(l.File)
			if l.Source != "" {
				line += "  " + st.code.Render(l.Source)
			}
			fmt.Fprintln(b, line)
		}
	}
	if f.Settings != nil && (!quiet || verbose) {
		fmt.Fprintf(b, "%s%s %s %s %s\n", indent, st.settingsWord.Render("settings:"),
			st.status[f.Settings.Status].Render(icon(f.Settings.Status)+" "+string(f.Settings.Status)),
			st.dim.Render("["+f.Settings.ID+"]"), f.Settings.Message)
	}
	if f.Disagreement != "" {
		fmt.Fprintf(b, "%s%s %s\n", indent, st.disagree.Render("≠"), f.Disagreement)
	}
	if f.Fix != "" && !quiet {
		fmt.Fprintf(b, "%s%s %s\n", indent, st.fix.Render("fix:"), f.Fix)
	}
}

func writeSummary(b *strings.Builder, r *Report, st styles) {
	s := r.Summary
	var parts []string
	add := func(n int, status checklist.Status, word string) {
		if n > 0 {
			parts = append(parts, st.status[status].Render(fmt.Sprintf("%d %s", n, word)))
		}
	}
	add(s.Pass, checklist.Pass, "pass")
	add(s.Fail, checklist.Fail, "fail")
	add(s.Warn, checklist.Warn, "warn")
	add(s.Unknown, checklist.Unknown, "unknown")
	add(s.Skip, checklist.Skip, "skipped")
	add(s.Info, Info, "info")
	fmt.Fprintf(b, "\n%s %s", st.title.Render("Live:"), strings.Join(parts, ", "))
	if s.Disagreements > 0 {
		fmt.Fprintf(b, " · %d disagreement(s) with the settings", s.Disagreements)
	}
	fmt.Fprintln(b)
	if s.Unknown > 0 {
		fmt.Fprintln(b, st.dim.Render("Unknown checks could not be seen from outside; the finding says why."))
	}
}

// WriteJSON writes the report as JSON (schema_version 1); lists are never null.
func WriteJSON(w io.Writer, r *Report) error {
	out := *r
	if out.SchemaVersion == 0 {
		out.SchemaVersion = 1
	}
	if out.Findings == nil {
		out.Findings = []Finding{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(&out)
}
