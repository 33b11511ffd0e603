package checklist

import (
	"encoding/json"
	"io"
	"path"
	"strings"
)

// SARIF 2.1.0, the subset GitHub code scanning reads: one rule per
// checklist item (plus finer rules named by problems), one result per
// problem, locations relative to the project root.

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool               sarifTool                   `json:"tool"`
	OriginalURIBaseIDs map[string]sarifArtifactLoc `json:"originalUriBaseIds,omitempty"`
	Results            []sarifResult               `json:"results"`
	Properties         map[string]any              `json:"properties,omitempty"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	InformationURI string      `json:"informationUri"`
	Version        string      `json:"version,omitempty"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifRule struct {
	ID                   string         `json:"id"`
	Name                 string         `json:"name"`
	ShortDescription     sarifText      `json:"shortDescription"`
	FullDescription      sarifText      `json:"fullDescription"`
	Help                 sarifText      `json:"help"`
	HelpURI              string         `json:"helpUri,omitempty"`
	DefaultConfiguration map[string]any `json:"defaultConfiguration,omitempty"`
	Properties           map[string]any `json:"properties,omitempty"`
}

type sarifResult struct {
	RuleID       string             `json:"ruleId"`
	RuleIndex    int                `json:"ruleIndex"`
	Level        string             `json:"level"`
	Message      sarifText          `json:"message"`
	Locations    []sarifLocation    `json:"locations"`
	Suppressions []sarifSuppression `json:"suppressions,omitempty"`
	Properties   map[string]any     `json:"properties,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifactLoc `json:"artifactLocation"`
	Region           *sarifRegion     `json:"region,omitempty"`
}

type sarifArtifactLoc struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine   int        `json:"startLine"`
	StartColumn int        `json:"startColumn,omitempty"`
	Snippet     *sarifText `json:"snippet,omitempty"`
}

type sarifSuppression struct {
	Kind          string `json:"kind"`
	Justification string `json:"justification,omitempty"`
}

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

	var rules []sarifRule
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
		rules = append(rules, sarifRule{
			ID:               ri.ID,
			Name:             sarifName(ri.ID),
			ShortDescription: sarifText{Text: ri.Title},
			FullDescription:  sarifText{Text: oneLine(ri.Lesson)},
			Help:             sarifText{Text: help, Markdown: help},
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
	results := []sarifResult{}
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
			res := sarifResult{
				RuleID:    ruleID,
				RuleIndex: index[ruleID],
				Level:     plevel,
				Message:   sarifText{Text: msg},
				Locations: sarifLocations(p.Locations, f.Locations, fallback),
			}
			if p.DjangoID != "" {
				res.Properties = map[string]any{"django_id": p.DjangoID}
			}
			if f.Status == Accepted || p.Status == Accepted {
				res.Suppressions = []sarifSuppression{{Kind: "inSource", Justification: f.Decision}}
			}
			results = append(results, res)
		}
	}

	log := sarifLog{
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Version: "2.1.0",
		Runs: []sarifRun{{
			Tool: sarifTool{Driver: sarifDriver{
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
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(&log)
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
func sarifLocations(own, finding []Location, fallback string) []sarifLocation {
	locs := own
	if len(locs) == 0 {
		locs = finding
	}
	if len(locs) == 0 {
		locs = []Location{{File: fallback, Line: 1}}
	}
	out := make([]sarifLocation, 0, len(locs))
	for _, l := range locs {
		line := l.Line
		if line < 1 {
			line = 1
		}
		reg := &sarifRegion{StartLine: line, StartColumn: l.Column}
		if l.Source != "" {
			reg.Snippet = &sarifText{Text: l.Source}
		}
		out = append(out, sarifLocation{PhysicalLocation: sarifPhysical{
			ArtifactLocation: sarifArtifactLoc{URI: path.Clean(strings.ReplaceAll(l.File, "\\", "/")), URIBaseID: "%SRCROOT%"},
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
