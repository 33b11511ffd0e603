package checklist

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/djharden/djharden/checklist/djangorun"
	"github.com/djharden/djharden/checklist/project"
)

// RunOptions tune a checklist run.
type RunOptions struct {
	RunDjango bool            // also run the real `manage.py check --deploy` (the deploy-check item)
	Python    string          // interpreter for it ("" = djangorun.FindPython)
	Timeout   time.Duration   // bound for it (0 = djangorun.DefaultTimeout)
	Context   context.Context // cancels it (nil = context.Background())
}

// Run checks a discovered project against every item, in checklist order.
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
	for _, it := range Items() {
		if it.ID == deployCheckItem.ID && opts.RunDjango {
			f, run := runDeployCheck(p, opts, r.Findings)
			r.Findings = append(r.Findings, f)
			r.Django = run
			continue
		}
		r.Findings = append(r.Findings, it.Check(p))
	}
	applyStartRefusal(p, r.Findings)
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

var deployCheckItem = &Item{
	ID:    "deploy-check",
	Title: "Django's own deploy check agrees",
	Lesson: "`python manage.py check --deploy` is Django's own list of production warnings.\n" +
		"djharden runs the same rules without starting your project; with --run-django it also runs the real command\n" +
		"and compares the two, so you can trust the report.",
	Docs: "https://docs.djangoproject.com/en/stable/ref/django-admin/#cmdoption-check-deploy",
}

func init() {
	deployCheckItem.Check = func(p *project.Project) Finding {
		b := (&evalCtx{p: p}).start(deployCheckItem)
		// Settings Python cannot read stop Django before any check runs.
		for _, pr := range p.Problems {
			if pr.Blocking {
				where := pr.File
				if pr.Line > 0 {
					where = fmt.Sprintf("%s:%d", pr.File, pr.Line)
				}
				b.problem(Fail, fmt.Sprintf("Django cannot import %s: Python cannot read %s (see the note above)", p.SettingsModule, where),
					"Fix the file so Python can read it; then run djharden check again.",
					[]Location{{File: pr.File, Line: pr.Line}})
			}
		}
		if len(b.f.Problems) > 0 {
			return b.done("")
		}
		c := newEvalCtx(p)
		b.c = c
		if r := c.wontStart(); r != nil {
			return refusedFinding(b, r)
		}
		runtimeChecks(c, b)
		if len(b.f.Problems) > 0 {
			return b.done("")
		}
		return b.skip("Run with --run-django to compare with manage.py check --deploy.")
	}
}

// coveredFamily tells whether the checklist covers a check ID's family.
func coveredFamily(id string) bool {
	return strings.HasPrefix(id, "security.") || strings.HasPrefix(id, "4_0.") || strings.HasPrefix(id, "mail.") ||
		id == "caches.W002" || id == "async.E001"
}

// runDeployCheck runs the real check and compares its IDs with ours.
func runDeployCheck(p *project.Project, opts RunOptions, findings []Finding) (Finding, *DjangoRun) {
	c := newEvalCtx(p)
	b := c.start(deployCheckItem)
	ctx := opts.Context
	if ctx == nil {
		ctx = context.Background()
	}
	refusal := c.wontStart()
	if refusal == nil {
		runtimeChecks(c, b)
	}
	ours := (&Report{Findings: append(slices.Clone(findings), b.f)}).DjangoIDs()
	if refusal != nil {
		ours = nil
	}
	command := "python manage.py check --deploy"
	if p.SettingsModule != "" {
		command += " --settings " + p.SettingsModule
	}
	res, err := djangorun.CheckDeploy(ctx, djangorun.Options{Root: p.Root, Python: opts.Python, Settings: p.SettingsModule, Env: p.EnvValues, Timeout: opts.Timeout})
	if err != nil {
		b.problem(Unknown, "manage.py check --deploy could not run: "+err.Error(), "Install Django in the project's virtualenv, or pass the interpreter to use.", nil)
		return b.done(""), &DjangoRun{Command: command, Error: err.Error()}
	}
	run := &DjangoRun{Python: res.Python, Command: command, IDs: slices.Sorted(slices.Values(res.IDs)), OK: res.NoIssues,
		Error: res.Err, Output: res.Output, Duration: res.Duration.Round(time.Millisecond).String()}
	if refusal != nil {
		if res.Err == "" {
			b.problem(Warn, "djharden expected Django not to start ("+refusal.reason+"), but manage.py check --deploy ran",
				"Please report it, with the settings (without secrets).", refusal.locs)
			return b.done(""), run
		}
		return refusedFinding(b, refusal), run
	}
	if res.Err != "" {
		b.problem(Unknown, "manage.py check --deploy failed: "+res.Err, "Make the settings importable with the production environment (--env-file).", nil)
		return b.done(""), run
	}
	theirs := map[string]bool{}
	var outside []string
	for _, id := range res.IDs {
		if coveredFamily(id) {
			theirs[id] = true
		} else {
			outside = append(outside, id)
		}
	}
	var onlyDjango, onlyOurs []string
	for id := range theirs {
		if !slices.Contains(ours, id) {
			onlyDjango = append(onlyDjango, id)
		}
	}
	for _, id := range ours {
		if !theirs[id] {
			onlyOurs = append(onlyOurs, id)
		}
	}
	slices.Sort(onlyDjango)
	if len(onlyDjango)+len(onlyOurs) > 0 {
		b.problem(Warn, fmt.Sprintf("Django and djharden disagree: only Django reported [%s], only djharden [%s]",
			strings.Join(onlyDjango, " "), strings.Join(onlyOurs, " ")),
			"Check that --settings and --env-file match the production environment; otherwise please report it.", nil)
	}
	msg := fmt.Sprintf("manage.py check --deploy reported the same %d IDs as djharden.", len(theirs))
	if len(outside) > 0 {
		msg += fmt.Sprintf(" It also reported %s, outside this checklist.", strings.Join(outside, ", "))
	}
	return b.done(msg), run
}
