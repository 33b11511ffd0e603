package probe

import (
	"io"
	"strings"

	"github.com/djharden/djharden/checklist"
	"github.com/djharden/djharden/internal/sarif"
)

// SARIF 2.1.0 for the probe: one rule per live check, one result per check
// that is not passing, located at the site's URL (the artifact probed).

// WriteSARIF writes the report as a SARIF 2.1.0 log.
func WriteSARIF(w io.Writer, r *Report, toolVersion string) error {
	var rules []sarif.Rule
	index := map[string]int{}
	for _, c := range checks() {
		index[c.ID] = len(rules)
		help := strings.TrimSpace(c.Lesson)
		if c.Docs != "" {
			help += "\n\nDocs: " + c.Docs
		}
		rules = append(rules, sarif.Rule{
			ID: c.ID, ShortDescription: sarif.Text{Text: c.Title}, FullDescription: sarif.Text{Text: strings.Join(strings.Fields(c.Lesson), " ")},
			Help: sarif.Text{Text: help}, HelpURI: c.Docs, Properties: map[string]any{"tags": []string{"security", "django", "live"}},
		})
	}
	loc := sarif.Location{PhysicalLocation: sarif.Physical{ArtifactLocation: sarif.ArtifactLoc{URI: r.URL}}}
	results := []sarif.Result{}
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
		res := sarif.Result{RuleID: f.ID, RuleIndex: index[f.ID], Level: level, Message: sarif.Text{Text: msg}, Locations: []sarif.Location{loc}}
		if f.Static != "" {
			res.Properties = map[string]any{"static_item": f.Static}
		}
		results = append(results, res)
	}
	log := sarif.Log{
		Schema:  sarif.Schema,
		Version: sarif.Version,
		Runs: []sarif.Run{{
			Tool:       sarif.Tool{Driver: sarif.Driver{Name: "djharden probe", InformationURI: "https://github.com/djharden/djharden", Version: toolVersion, Rules: rules}},
			Results:    results,
			Properties: map[string]any{"url": r.URL, "requests": r.Requests},
		}},
	}
	return sarif.Write(w, &log)
}
