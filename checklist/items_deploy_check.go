package checklist

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/djharden/djharden/checklist/djangorun"
)

var deployCheckItem = &Item{
	ID:    "deploy-check",
	Title: "Django's own deploy check agrees",
	Lesson: "`python manage.py check --deploy` is Django's own list of production warnings.\n" +
		"djharden runs the same rules without starting your project; with --run-django it also runs the real command\n" +
		"and compares the two, so you can trust the report.",
	Docs: "https://docs.djangoproject.com/en/stable/ref/django-admin/#cmdoption-check-deploy",
}

func init() {
	deployCheckItem.Check = func(pass *RunPass) Finding {
		if pass.Options.RunDjango {
			return runDeployCheck(pass)
		}
		p, c := pass.Project, pass.eval
		b := c.start(deployCheckItem)
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

// runDeployCheck runs the real check and compares its IDs with ours (those
// of the findings so far and its own); the run goes to pass.Django.
func runDeployCheck(pass *RunPass) Finding {
	f, run := deployCheckRun(pass)
	pass.Django = run
	return f
}

func deployCheckRun(pass *RunPass) (Finding, *DjangoRun) {
	p, opts, findings, c := pass.Project, pass.Options, pass.Findings, pass.eval
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
