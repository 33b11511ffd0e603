package checklist

import (
	"io"
	"path"
	"strings"

	"github.com/djharden/djharden/internal/sarif"
)

// SARIF 2.1.0, the subset GitHub code scanning reads: one rule per
// checklist item (plus finer rules named by problems), one result per
// problem, locations relative to the project root.

// SARIFOptions carry what the report does not know.
type SARIFOptions struct {
	ToolVersion string
	// ExtraRules describe finer rule IDs that problems may name (the code scan's rules).
	ExtraRules []RuleInfo
}

// RuleInfo describes a rule for SARIF.
type RuleInfo struct {
	ID, Title, Lesson, Docs string
}

// WriteSARIF writes the report as a SARIF 2.1.0 log. Passing findings are
// left out; accepted ones are written as suppressed results with their reason.
func WriteSARIF(w io.Writer, r *Report, opts SARIFOptions) error {
	red := redactedCopy(r)

	var rules []sarif.Rule
	index := map[string]int{}
	addRule := func(ri RuleInfo, tags ...string) {
		if _, ok := index[ri.ID]; ok {
			return
		}
		index[ri.ID] = len(rules)
		help := strings.TrimSpace(ri.Lesson)
		if ri.Docs != "" {
			help += "\n\nDjango docs: " + ri.Docs
		}
		rules = append(rules, sarif.Rule{
			ID:               ri.ID,
			Name:             sarifName(ri.ID),
			ShortDescription: sarif.Text{Text: ri.Title},
			FullDescription:  sarif.Text{Text: oneLine(ri.Lesson)},
			Help:             sarif.Text{Text: help, Markdown: help},
			HelpURI:          ri.Docs,
			Properties:       map[string]any{"tags": append([]string{"security", "django"}, tags...)},
		})
	}
	for _, it := range Items() {
		addRule(RuleInfo{ID: it.ID, Title: it.Title, Lesson: it.Lesson, Docs: it.Docs}, it.DjangoIDs...)
	}
	for _, ri := range opts.ExtraRules {
		addRule(ri)
	}

	fallback := "manage.py"
	if len(red.Project.SettingsFiles) > 0 {
		fallback = red.Project.SettingsFiles[len(red.Project.SettingsFiles)-1]
	}
	results := []sarif.Result{}
	for _, f := range red.Findings {
		level, ok := sarifLevel(f.Status)
		if !ok {
			continue
		}
		problems := f.Problems
		if len(problems) == 0 {
			problems = []Problem{{Status: f.Status, Message: f.Message, Fix: f.Fix, Locations: f.Locations}}
		}
		for _, p := range problems {
			plevel, ok := sarifLevel(p.Status)
			if !ok {
				plevel = level
			}
			ruleID := f.ID
			if p.Rule != "" {
				if _, known := index[p.Rule]; known {
					ruleID = p.Rule
				}
			}
			msg := p.Message
			if p.DjangoID != "" {
				msg += " (" + p.DjangoID + ")"
			}
			if p.Fix != "" {
				msg += " Fix: " + p.Fix
			}
			res := sarif.Result{
				RuleID:    ruleID,
				RuleIndex: index[ruleID],
				Level:     plevel,
				Message:   sarif.Text{Text: msg},
				Locations: sarifLocations(p.Locations, f.Locations, fallback),
			}
			if p.DjangoID != "" {
				res.Properties = map[string]any{"django_id": p.DjangoID}
			}
			if f.Status == Accepted || p.Status == Accepted {
				res.Suppressions = []sarif.Suppression{{Kind: "inSource", Justification: f.Decision}}
			}
			results = append(results, res)
		}
	}

	log := sarif.Log{
		Schema:  sarif.Schema,
		Version: sarif.Version,
		Runs: []sarif.Run{{
			Tool: sarif.Tool{Driver: sarif.Driver{
				Name:           "djharden",
				InformationURI: "https://github.com/djharden/djharden",
				Version:        opts.ToolVersion,
				Rules:          rules,
			}},
			Results: results,
			Properties: map[string]any{
				"settings_module": red.Project.SettingsModule,
				"django_version":  red.Project.DjangoVersion,
			},
		}},
	}
	return sarif.Write(w, &log)
}

func sarifLevel(s Status) (string, bool) {
	switch s {
	case Fail:
		return "error", true
	case Warn:
		return "warning", true
	case Unknown, Accepted:
		return "note", true
	}
	return "", false
}

// sarifLocations prefers the problem's own evidence, then the finding's,
// then the settings file: GitHub rejects results without a location.
func sarifLocations(own, finding []Location, fallback string) []sarif.Location {
	locs := own
	if len(locs) == 0 {
		locs = finding
	}
	if len(locs) == 0 {
		locs = []Location{{File: fallback, Line: 1}}
	}
	out := make([]sarif.Location, 0, len(locs))
	for _, l := range locs {
		line := l.Line
		if line < 1 {
			line = 1
		}
		reg := &sarif.Region{StartLine: line, StartColumn: l.Column}
		if l.Source != "" {
			reg.Snippet = &sarif.Text{Text: l.Source}
		}
		out = append(out, sarif.Location{PhysicalLocation: sarif.Physical{
			ArtifactLocation: sarif.ArtifactLoc{URI: path.Clean(strings.ReplaceAll(l.File, "\\", "/")), URIBaseID: "%SRCROOT%"},
			Region:           reg,
		}})
	}
	return out
}

// sarifName turns "secret-key" into "SecretKey", the PascalCase SARIF suggests.
func sarifName(id string) string {
	var b strings.Builder
	for _, part := range strings.FieldsFunc(id, func(r rune) bool { return r == '-' || r == '_' || r == '.' }) {
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
