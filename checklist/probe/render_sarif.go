package probe

import (
	"encoding/json"
	"io"
	"strings"

	"github.com/djharden/djharden/checklist"
)

// SARIF 2.1.0 for the probe: one rule per live check, one result per check
// that is not passing, located at the site's URL (the artifact probed).

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool       sarifTool      `json:"tool"`
	Results    []sarifResult  `json:"results"`
	Properties map[string]any `json:"properties,omitempty"`
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
	Text string `json:"text"`
}

type sarifRule struct {
	ID               string         `json:"id"`
	ShortDescription sarifText      `json:"shortDescription"`
	FullDescription  sarifText      `json:"fullDescription"`
	Help             sarifText      `json:"help"`
	HelpURI          string         `json:"helpUri,omitempty"`
	Properties       map[string]any `json:"properties,omitempty"`
}

type sarifResult struct {
	RuleID     string          `json:"ruleId"`
	RuleIndex  int             `json:"ruleIndex"`
	Level      string          `json:"level"`
	Message    sarifText       `json:"message"`
	Locations  []sarifLocation `json:"locations"`
	Properties map[string]any  `json:"properties,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation struct {
		ArtifactLocation struct {
			URI string `json:"uri"`
		} `json:"artifactLocation"`
	} `json:"physicalLocation"`
}

// WriteSARIF writes the report as a SARIF 2.1.0 log.
func WriteSARIF(w io.Writer, r *Report, toolVersion string) error {
	var rules []sarifRule
	index := map[string]int{}
	for _, c := range checks() {
		index[c.ID] = len(rules)
		help := strings.TrimSpace(c.Lesson)
		if c.Docs != "" {
			help += "\n\nDocs: " + c.Docs
		}
		rules = append(rules, sarifRule{
			ID: c.ID, ShortDescription: sarifText{c.Title}, FullDescription: sarifText{strings.Join(strings.Fields(c.Lesson), " ")},
			Help: sarifText{help}, HelpURI: c.Docs, Properties: map[string]any{"tags": []string{"security", "django", "live"}},
		})
	}
	var loc sarifLocation
	loc.PhysicalLocation.ArtifactLocation.URI = r.URL
	results := []sarifResult{}
	for _, f := range r.Findings {
		level := ""
		switch f.Status {
		case checklist.Fail:
			level = "error"
		case checklist.Warn:
			level = "warning"
		case checklist.Unknown:
			level = "note"
		default:
			if f.Disagreement == "" {
				continue
			}
			level = "note"
		}
		msg := f.Message
		for _, l := range f.Locations {
			msg += "\n" + l.File
			if l.Source != "" {
				msg += "  " + l.Source
			}
		}
		if f.Disagreement != "" {
			msg += "\n" + f.Disagreement
		}
		if f.Fix != "" {
			msg += "\nFix: " + f.Fix
		}
		res := sarifResult{RuleID: f.ID, RuleIndex: index[f.ID], Level: level, Message: sarifText{msg}, Locations: []sarifLocation{loc}}
		if f.Static != "" {
			res.Properties = map[string]any{"static_item": f.Static}
		}
		results = append(results, res)
	}
	log := sarifLog{
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Version: "2.1.0",
		Runs: []sarifRun{{
			Tool:       sarifTool{Driver: sarifDriver{Name: "djharden probe", InformationURI: "https://github.com/djharden/djharden", Version: toolVersion, Rules: rules}},
			Results:    results,
			Properties: map[string]any{"url": r.URL, "requests": r.Requests},
		}},
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(&log)
}
