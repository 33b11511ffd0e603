package tui

import (
	"context"
	"time"

	"github.com/djharden/djharden/checklist"
	"github.com/djharden/djharden/checklist/project"
	"github.com/djharden/djharden/checklist/scan"
	"github.com/djharden/djharden/generator"
)

// Engine is everything the wizard asks of the rest of djharden. The screens
// only ever see plain values (a *checklist.Report, a *Proposal, ...), so model
// tests drive them with a hand-built engine while the binary uses realEngine,
// which is wired to the checklist, generator and djangorun packages.
type Engine interface {
	// Discover finds the project and reads what Django would see.
	Discover(opts project.Options) (*project.Project, error)
	// Check runs the checklist over a discovered project.
	Check(p *project.Project) *checklist.Report
	// Lookup returns the checklist item with that ID (nil when unknown).
	Lookup(id string) *checklist.Item
	// Rules lists the code-scan rules, for the safe pattern of each site.
	Rules() []scan.Rule
	// DefaultAnswers are the safe choices for this project.
	DefaultAnswers(p *project.Project) generator.Answers
	// NormalizeDomains turns what the user typed into ALLOWED_HOSTS and
	// CSRF_TRUSTED_ORIGINS entries.
	NormalizeDomains(in []string) (Domains, error)
	// NewKey generates a secret key.
	NewKey() (string, error)
	// Build computes the file changes for the answers, without writing.
	Build(p *project.Project, a generator.Answers) (*Proposal, error)
	// Apply writes a proposal (atomically, with backups).
	Apply(pr *Proposal) (*Written, error)
	// DeployCheck runs the real `manage.py check --deploy` with env added to
	// the environment. A project without a usable Python gives a result with
	// Ran false and a Reason, not an error.
	DeployCheck(ctx context.Context, p *project.Project, env map[string]string) (*DeployResult, error)
}

// Domains are the normalised domains: what goes into ALLOWED_HOSTS and
// CSRF_TRUSTED_ORIGINS, and notes about what was changed on the way.
type Domains struct {
	Hosts   []string
	Origins []string
	Notes   []string
}

// Proposal is a plan of file changes with the diffs the review screen shows.
type Proposal struct {
	Plan  *generator.Plan // the generator's plan (nil in model tests)
	Files []ProposedFile
	Notes []string
}

// Empty reports whether nothing would change.
func (p *Proposal) Empty() bool { return p == nil || len(p.Files) == 0 }

// ProposedFile is one file of a proposal.
type ProposedFile struct {
	Path    string // relative to the project root
	Why     string // one line for the user
	Diff    string // unified diff (secret values masked by the generator)
	Created bool   // the file does not exist yet
}

// Written is what Apply wrote.
type Written struct {
	BackupDir string
	Files     []string
}

// DeployResult is the outcome of the real `manage.py check --deploy`.
type DeployResult struct {
	Ran      bool   // a Python with Django was found and the command ran
	Reason   string // why it did not run
	Python   string
	Version  string
	IDs      []string // check IDs Django reported
	NoIssues bool     // "System check identified no issues"
	Output   string
	Err      string
	Duration time.Duration
}
