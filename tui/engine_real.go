package tui

import (
	"context"

	"github.com/djharden/djharden/checklist"
	"github.com/djharden/djharden/checklist/djangorun"
	"github.com/djharden/djharden/checklist/project"
	"github.com/djharden/djharden/checklist/scan"
	"github.com/djharden/djharden/generator"
)

// realEngine wires the wizard to the checklist, generator and djangorun packages.
type realEngine struct{}

// NewEngine returns the engine the binary uses.
func NewEngine() Engine { return realEngine{} }

func (realEngine) Discover(opts project.Options) (*project.Project, error) {
	return project.Discover(opts)
}

func (realEngine) Check(p *project.Project) *checklist.Report {
	return checklist.Run(p, checklist.RunOptions{})
}

func (realEngine) Lookup(id string) *checklist.Item { return checklist.Lookup(id) }

func (realEngine) Rules() []scan.Rule { return scan.Rules() }

func (realEngine) DefaultAnswers(p *project.Project) generator.Answers {
	return generator.DefaultAnswers(p)
}

func (realEngine) NormalizeDomains(in []string) (Domains, error) {
	d, err := generator.NormalizeDomains(in)
	if err != nil {
		return Domains{}, err
	}
	return Domains{Hosts: d.Hosts, Origins: d.Origins, Notes: d.Notes}, nil
}

func (realEngine) NewKey() (string, error) { return generator.NewKey() }

func (realEngine) Build(p *project.Project, a generator.Answers) (*Proposal, error) {
	plan, err := generator.Build(p, a)
	if err != nil {
		return nil, err
	}
	pr := &Proposal{Plan: plan, Notes: plan.Notes}
	for i, c := range plan.Changes {
		pr.Files = append(pr.Files, ProposedFile{Path: c.Path, Why: c.Why, Diff: plan.FileDiff(i), Created: c.Old == nil})
	}
	return pr, nil
}

func (realEngine) Apply(pr *Proposal) (*Written, error) {
	applied, err := pr.Plan.Apply()
	if applied == nil {
		return nil, err
	}
	return &Written{BackupDir: applied.BackupDir, Files: applied.Files}, err
}

func (realEngine) DeployCheck(ctx context.Context, p *project.Project, env map[string]string) (*DeployResult, error) {
	python, version, err := djangorun.FindPython(p.Root)
	if err != nil {
		return &DeployResult{Reason: err.Error()}, nil
	}
	res, err := djangorun.CheckDeploy(ctx, djangorun.Options{Root: p.Root, Python: python, Settings: p.SettingsModule, Env: env})
	if err != nil {
		return nil, err
	}
	return &DeployResult{
		Ran: true, Python: python, Version: version,
		IDs: res.IDs, NoIssues: res.NoIssues, Output: res.Output, Err: res.Err, Duration: res.Duration,
	}, nil
}
