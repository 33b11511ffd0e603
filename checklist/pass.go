package checklist

import (
	"github.com/djharden/djharden/checklist/project"
	"github.com/djharden/djharden/checklist/scan"
)

// RunPass is what every item's check receives, in the style of
// golang.org/x/tools/go/analysis.Pass (named RunPass: Pass is a Status):
// one value per run, built once by Run
// (or NewPass), instead of each item rebuilding its context. It carries the
// project, the effective settings view (with the version rules,
// SILENCED_SYSTEM_CHECKS and the recorded "accepted" decisions, read once),
// the code scan result and the run options. Run appends each finding to
// Findings as it goes, so a later item (the deploy check) reads the earlier
// ones; nothing else in a RunPass changes during a run.
type RunPass struct {
	Project  *project.Project
	Settings *project.Settings // the effective settings (nil when no settings module was found)
	Scan     *scan.Result      // the code scan (nil when not scanned)
	Options  RunOptions
	Findings []Finding  // the findings of the items run before this one
	Django   *DjangoRun // the real deploy check, set by the deploy-check item when Options.RunDjango

	eval *evalCtx // the settings view every settings item judges
}

// NewPass builds the per-run value for p: what Run hands every item.
func NewPass(p *project.Project, opts RunOptions) *RunPass {
	return &RunPass{Project: p, Settings: p.Settings, Scan: p.Scan, Options: opts, eval: newEvalCtx(p)}
}

// CheckOne runs the item with that ID on its own (default options, no
// earlier findings), for callers that judge a single item. An unknown ID
// gives an unknown finding that names it.
func CheckOne(p *project.Project, id string) Finding {
	it := Lookup(id)
	if it == nil {
		return Finding{ID: id, Status: Unknown, Message: "No checklist item has the ID " + id + ".", DjangoIDs: []string{}, Locations: []Location{}}
	}
	return it.Check(NewPass(p, RunOptions{}))
}
