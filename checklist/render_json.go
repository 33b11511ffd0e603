package checklist

import (
	"encoding/json"
	"io"
)

// WriteJSON writes the report in the JSON form of DESIGN.md (schema_version 1).
// Secrets are masked first; empty lists are written as [] so consumers never see null.
func WriteJSON(w io.Writer, r *Report) error {
	out := *r
	out.Findings = make([]Finding, len(r.Findings))
	for i, f := range r.Findings {
		f.Locations = append([]Location{}, f.Locations...)
		f.Problems = append([]Problem(nil), f.Problems...)
		for j := range f.Problems {
			f.Problems[j].Locations = append([]Location(nil), f.Problems[j].Locations...)
		}
		if f.DjangoIDs == nil {
			f.DjangoIDs = []string{}
		}
		out.Findings[i] = f
	}
	if out.Project.SettingsFiles == nil {
		out.Project.SettingsFiles = []string{}
	}
	if out.SchemaVersion == 0 {
		out.SchemaVersion = 1
	}
	Redact(&out)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(&out)
}
