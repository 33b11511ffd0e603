package probe

import "github.com/djharden/djharden/checklist"

// Report is the outcome of one probe. Its JSON form is stable: fields may
// be added, never renamed.
type Report struct {
	SchemaVersion int    `json:"schema_version"`
	URL           string `json:"url"`
	Host          string `json:"host"`
	Insecure      bool   `json:"insecure,omitempty"` // certificate verification was skipped
	Requests      int    `json:"requests"`
	// Project is the project the live results were compared with, if one was found.
	Project  *checklist.ProjectInfo `json:"project,omitempty"`
	Summary  Summary                `json:"summary"`
	Findings []Finding              `json:"findings"`
}

// Finding is one live check's result, in the checklist's vocabulary, with
// the static finding for the same item beside it when a project was found.
type Finding struct {
	checklist.Finding
	Lesson string `json:"lesson"`
	// Static is the checklist item this check observes live ("" if none).
	Static string `json:"static_item,omitempty"`
	// Settings is that item's static finding, when a project was found.
	Settings *StaticView `json:"settings,omitempty"`
	// Disagreement says why live and static differ, and the likely cause.
	Disagreement string `json:"disagreement,omitempty"`
}

// StaticView is the part of a static finding shown beside a live one.
type StaticView struct {
	ID      string           `json:"id"`
	Status  checklist.Status `json:"status"`
	Message string           `json:"message"`
}

// Summary counts findings by status (info included).
type Summary struct {
	checklist.Summary
	Info          int `json:"info"`
	Disagreements int `json:"disagreements"`
}

func tally(fs []Finding) Summary {
	var plain []checklist.Finding
	var s Summary
	for _, f := range fs {
		if f.Status == Info {
			s.Info++
			continue
		}
		plain = append(plain, f.Finding)
		if f.Disagreement != "" {
			s.Disagreements++
		}
	}
	s.Summary = checklist.Tally(plain)
	return s
}

// rank orders statuses for --fail-on. Unknown counts as warn, as in
// checklist.Report.AtOrAbove: a strict gate does not pass what it could not see.
func rank(s checklist.Status) int {
	switch s {
	case checklist.Fail:
		return 3
	case checklist.Warn, checklist.Unknown:
		return 2
	}
	return 0
}

// AtOrAbove reports whether any finding is at or above level (warn or fail).
func (r *Report) AtOrAbove(level checklist.Status) bool {
	for _, f := range r.Findings {
		if rank(f.Status) >= rank(level) && rank(level) > 0 {
			return true
		}
	}
	return false
}

// Lookup returns the finding with that ID, or nil.
func (r *Report) Lookup(id string) *Finding {
	for i := range r.Findings {
		if r.Findings[i].ID == id {
			return &r.Findings[i]
		}
	}
	return nil
}
