package main

import (
	"context"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/djharden/djharden/checklist"
	"github.com/djharden/djharden/checklist/project"
	"github.com/djharden/djharden/checklist/scan"
)

type checkOptions struct {
	Dir          string
	Format       string // text, json, sarif
	Settings     string
	EnvFile      string
	FailOn       string // warn, fail, never
	ScanOnly     bool
	IncludeTests bool
	RunDjango    bool
	NoGit        bool
	Verbose      bool
	Timeout      time.Duration
}

func newCheckCmd(s *ioStreams) *cobra.Command {
	opts := &checkOptions{}
	cmd := &cobra.Command{
		Use:   "check [DIR]",
		Short: "Audit the project against the production checklist (no TTY needed)",
		Long: `Audit a Django project statically: effective settings as Django would see
them, the code scan, git hygiene. Exit 0 when nothing is at or above
--fail-on, 1 when something is, 2 on a usage or I/O error.

With --scan-only, only the code is scanned (raw SQL, |safe, csrf_exempt);
that works on any directory, Django project or not.`,
		Example: `  djharden check
  djharden check --format json > report.json
  djharden check --format sarif --fail-on warn > djharden.sarif
  djharden check --env-file .env.production --run-django
  djharden check --scan-only src/`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Dir = dirArg(args)
			return runCheck(cmd.Context(), opts, s)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Format, "format", "text", "output format: text, json or sarif")
	f.StringVar(&opts.Settings, "settings", "", "settings module to check (default: detected production module)")
	f.StringVar(&opts.EnvFile, "env-file", "", "env file whose values resolve environment reads")
	f.StringVar(&opts.FailOn, "fail-on", "fail", "exit 1 when a finding is at or above: warn, fail or never")
	f.BoolVar(&opts.ScanOnly, "scan-only", false, "only scan the code (any directory)")
	f.BoolVar(&opts.IncludeTests, "include-tests", false, "list code findings in tests and migrations too")
	f.BoolVar(&opts.RunDjango, "run-django", false, "also run the real manage.py check --deploy and compare")
	f.BoolVar(&opts.NoGit, "no-git", false, "do not ask git about tracked files and history")
	f.BoolVarP(&opts.Verbose, "verbose", "v", false, "show passing items' evidence too")
	f.DurationVar(&opts.Timeout, "timeout", time.Minute, "time limit for --run-django")
	_ = cmd.RegisterFlagCompletionFunc("format", fixedCompletion("text", "json", "sarif"))
	_ = cmd.RegisterFlagCompletionFunc("fail-on", fixedCompletion("warn", "fail", "never"))
	return cmd
}

func fixedCompletion(values ...string) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return values, cobra.ShellCompDirectiveNoFileComp
	}
}

// reportFlags checks --format and --fail-on, shared by check and probe,
// and returns the fail level.
func reportFlags(format, failOn string) (checklist.Status, error) {
	switch format {
	case "text", "json", "sarif":
	default:
		return "", usageErr("--format must be text, json or sarif, not %q", format)
	}
	return parseFailOn(failOn)
}

func runCheck(ctx context.Context, opts *checkOptions, s *ioStreams) error {
	if ctx == nil {
		ctx = context.Background()
	}
	failLevel, err := reportFlags(opts.Format, opts.FailOn)
	if err != nil {
		return err
	}
	if st, err := os.Stat(opts.Dir); err != nil {
		return usageErr("cannot read %s: %v", opts.Dir, rootCause(err))
	} else if !st.IsDir() {
		return usageErr("%s is not a directory", opts.Dir)
	}

	var report *checklist.Report
	scanOpts := scan.Options{IncludeTests: opts.IncludeTests}
	if opts.ScanOnly {
		res, err := scan.Dir(opts.Dir, scanOpts)
		if err != nil {
			return usageErr("scan failed: %v", err)
		}
		report = checklist.ScanReport(res)
	} else {
		p, err := project.Discover(project.Options{
			Dir: opts.Dir, Settings: opts.Settings, EnvFile: opts.EnvFile,
			NoGit: opts.NoGit, Scan: scanOpts,
		})
		if err != nil {
			return usageErr("%v", err)
		}
		report = checklist.Run(p, checklist.RunOptions{RunDjango: opts.RunDjango, Timeout: opts.Timeout, Context: ctx})
	}

	if err := writeReport(s, report, opts.Format, opts.Verbose); err != nil {
		return usageErr("writing the report: %v", err)
	}
	if failLevel != "" && report.AtOrAbove(failLevel) {
		return findingsErr
	}
	return nil
}

func writeReport(s *ioStreams, r *checklist.Report, format string, verbose bool) error {
	switch format {
	case "json":
		return checklist.WriteJSON(s.Out, r)
	case "sarif":
		return checklist.WriteSARIF(s.Out, r, checklist.SARIFOptions{ToolVersion: versionString(), ExtraRules: scanRules()})
	default:
		return checklist.WriteText(s.Out, r, checklist.TextOptions{Renderer: s.renderer(), Verbose: verbose})
	}
}

func scanRules() []checklist.RuleInfo {
	var out []checklist.RuleInfo
	for _, r := range scan.Rules() {
		out = append(out, checklist.RuleInfo{ID: r.ID, Title: r.Title, Lesson: r.Lesson + "\n\nSafe: " + r.Safe, Docs: r.Docs})
	}
	return out
}

// parseFailOn maps --fail-on to the lowest status that fails the run ("" = never).
func parseFailOn(v string) (checklist.Status, error) {
	switch v {
	case "warn":
		return checklist.Warn, nil
	case "fail", "":
		return checklist.Fail, nil
	case "never":
		return "", nil
	}
	return "", usageErr("--fail-on must be warn, fail or never, not %q", v)
}

// rootCause drops the "stat DIR:" prefix Go puts on path errors.
func rootCause(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}
