package checklist

import "github.com/djharden/djharden/internal/redact"

// MaskSecret shows enough of a secret to recognise it and no more: its
// first four characters and its length, e.g. "abcd…(64 chars)" (see
// internal/redact, the one masking function).
func MaskSecret(s string) string { return redact.Value(s) }

// RedactLine masks the secrets of a source line by setting name and by
// value shape, so evidence can be shown without showing a secret, even
// one the reader could not parse (an unterminated or unquoted key).
// Literals that look like variable names stay readable.
func RedactLine(line string) string { return redact.Line(line) }

// Redact masks secrets in every piece of evidence a report carries. Run
// calls it, and renderers call it again, so a secret cannot leak through a
// report whoever built it.
func Redact(r *Report) {
	if r == nil {
		return
	}
	for i := range r.Findings {
		f := &r.Findings[i]
		f.Message = redact.Shapes(f.Message)
		redactLocations(f.Locations)
		for j := range f.Problems {
			f.Problems[j].Message = redact.Shapes(f.Problems[j].Message)
			redactLocations(f.Problems[j].Locations)
		}
	}
	for i := range r.Notes {
		r.Notes[i].Message = redact.Shapes(r.Notes[i].Message)
	}
}

// redactedCopy returns a copy of r, sharing nothing a caller could change,
// with secrets masked: renderers work on it and leave r as it was.
func redactedCopy(r *Report) *Report {
	out := *r
	out.Findings = make([]Finding, len(r.Findings))
	for i, f := range r.Findings {
		f.DjangoIDs = append([]string{}, f.DjangoIDs...)
		f.Locations = append([]Location{}, f.Locations...)
		f.Problems = append([]Problem(nil), f.Problems...)
		for j := range f.Problems {
			f.Problems[j].Locations = append([]Location(nil), f.Problems[j].Locations...)
		}
		out.Findings[i] = f
	}
	out.Project.SettingsFiles = append([]string{}, r.Project.SettingsFiles...)
	out.Notes = append([]Note(nil), r.Notes...)
	Redact(&out)
	return &out
}

func redactLocations(locs []Location) {
	for i := range locs {
		locs[i].Source = redact.Line(locs[i].Source)
	}
}
