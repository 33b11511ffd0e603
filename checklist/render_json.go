package checklist

import (
	"encoding/json"
	"io"
)

// WriteJSON writes the report in the JSON form of DESIGN.md (schema_version 1).
// Secrets are masked first; empty lists are written as [] so consumers never see null.
func WriteJSON(w io.Writer, r *Report) error {
	out := redactedCopy(r)
	if out.SchemaVersion == 0 {
		out.SchemaVersion = 1
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}
