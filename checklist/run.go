package checklist

import (
	"context"
	"maps"
	"slices"
	"time"

	"github.com/djharden/djharden/checklist/project"
)

// RunOptions tune a checklist run.
type RunOptions struct {
	RunDjango bool            // also run the real `manage.py check --deploy` (the deploy-check item)
	Python    string          // interpreter for it ("" = djangorun.FindPython)
	Timeout   time.Duration   // bound for it (0 = djangorun.DefaultTimeout)
	Context   context.Context // cancels it (nil = context.Background())
}

// Run checks a discovered project against every item, in checklist order,
// handing each item the same RunPass.
func Run(p *project.Project, opts RunOptions) *Report {
	r := &Report{
		SchemaVersion: 1,
		Project: ProjectInfo{
			Root:           p.Root,
			SettingsModule: p.SettingsModule,
			SettingsFiles:  append([]string{}, p.SettingsFiles...),
			EnvStyle:       p.EnvStyle,
			SettingsReason: p.SettingsReason,
			EnvFile:        p.EnvFile,
			GitHistory:     p.Git.HistorySearch,
		},
	}
	if v := p.Django.Checked(); v.Known {
		r.Project.DjangoVersion = versionText(v)
	}
	pass := NewPass(p, opts)
	for _, it := range Items() {
		pass.Findings = append(pass.Findings, it.Check(pass))
	}
	r.Findings, r.Django = pass.Findings, pass.Django
	applyStartRefusal(pass, r.Findings)
	r.Summary = Tally(r.Findings)
	for _, pr := range p.Problems {
		r.Notes = append(r.Notes, Note{File: pr.File, Line: pr.Line, Message: pr.Message})
	}
	if p.Scan != nil {
		r.Scan = &ScanSummary{Files: p.Scan.Files, Sites: len(p.Scan.Sites), Silenced: p.Scan.Silenced, Hidden: p.Scan.Hidden}
	}
	Redact(r)
	return r
}

// DjangoIDs is the union of django_ids over the report's findings, sorted:
// what `manage.py check --deploy` should report for the covered checks.
func (r *Report) DjangoIDs() []string {
	set := map[string]bool{}
	for _, f := range r.Findings {
		for _, id := range f.DjangoIDs {
			set[id] = true
		}
	}
	return slices.Sorted(maps.Keys(set))
}

// Worst is the most severe status among the findings (Pass when there are none).
func (r *Report) Worst() Status {
	worst := Pass
	for _, f := range r.Findings {
		if severity(f.Status) > severity(worst) {
			worst = f.Status
		}
	}
	return worst
}

// AtOrAbove reports whether any finding reaches level, for --fail-on.
// Levels are Warn and Fail (anything else never trips). Unknown counts as
// Warn: a strict gate should not pass a value it could not check, while
// the default gate (fail) stays about what is known to be exposed.
func (r *Report) AtOrAbove(level Status) bool {
	for _, f := range r.Findings {
		switch level {
		case Fail:
			if f.Status == Fail {
				return true
			}
		case Warn:
			if f.Status == Fail || f.Status == Warn || f.Status == Unknown {
				return true
			}
		}
	}
	return false
}
