package main

import (
	"context"
	"crypto/x509"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/djharden/djharden/checklist"
	"github.com/djharden/djharden/checklist/probe"
	"github.com/djharden/djharden/checklist/project"
)

type probeOptions struct {
	URL      string
	Dir      string // "" = the project around the current directory, if any
	Format   string // text, json, sarif
	FailOn   string // warn, fail, never
	Timeout  time.Duration
	CAFile   string
	Insecure bool
	Settings string
	EnvFile  string
	Verbose  bool
}

func newProbeCmd(s *ioStreams) *cobra.Command {
	opts := &probeOptions{}
	cmd := &cobra.Command{
		Use:   "probe URL [DIR]",
		Short: "Check that the live site does what the settings promise",
		Long: `Probe a deployed site from outside: the certificate and TLS version, the
plain-HTTP redirect, redirect loops, security headers on a page and on a 404,
cookie flags, Django's debug pages, a foreign Host header and a faked
X-Forwarded-Proto. At most 25 GET requests, one at a time, to the URL's host
only; no forms are posted.

When a Django project is found (DIR, or around the current directory), each
live result is set beside the static finding for the same item, and a
disagreement says its likely cause. Exit 0 when nothing is at or above
--fail-on, 1 when something is, 2 on a usage error or an unreachable site.`,
		Example: `  djharden probe https://example.com
  djharden probe https://example.com . --env-file .env.production
  djharden probe https://staging.internal --ca-file company-ca.pem --format json`,
		Args: cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.URL = args[0]
			if len(args) == 2 {
				opts.Dir = args[1]
			}
			return runProbe(cmd.Context(), opts, s)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Format, "format", "text", "output format: text, json or sarif")
	f.StringVar(&opts.FailOn, "fail-on", "fail", "exit 1 when a finding is at or above: warn, fail or never")
	f.DurationVar(&opts.Timeout, "timeout", 10*time.Second, "time limit for each request")
	f.StringVar(&opts.CAFile, "ca-file", "", "PEM file with a private CA to trust besides the system's")
	f.BoolVar(&opts.Insecure, "insecure", false, "skip certificate verification (every TLS finding says so)")
	f.StringVar(&opts.Settings, "settings", "", "settings module to compare with (default: detected production module)")
	f.StringVar(&opts.EnvFile, "env-file", "", "env file whose values resolve the settings' environment reads")
	f.BoolVarP(&opts.Verbose, "verbose", "v", false, "show passing checks' evidence too")
	_ = cmd.RegisterFlagCompletionFunc("format", fixedCompletion("text", "json", "sarif"))
	_ = cmd.RegisterFlagCompletionFunc("fail-on", fixedCompletion("warn", "fail", "never"))
	return cmd
}

func runProbe(ctx context.Context, opts *probeOptions, s *ioStreams) error {
	if ctx == nil {
		ctx = context.Background()
	}
	failLevel, err := reportFlags(opts.Format, opts.FailOn)
	if err != nil {
		return err
	}
	if opts.Timeout <= 0 || opts.Timeout > 2*time.Minute {
		return usageErr("--timeout must be between 0s and 2m, not %s", opts.Timeout)
	}
	if _, err := probe.ParseTarget(opts.URL); err != nil {
		return usageErr("%v", err)
	}
	var roots *x509.CertPool
	if opts.CAFile != "" {
		if roots, err = loadCAFile(opts.CAFile); err != nil {
			return err
		}
	}
	static, err := staticReport(ctx, opts)
	if err != nil {
		return err
	}

	rep, err := probe.Run(ctx, probe.Options{URL: opts.URL, Timeout: opts.Timeout, RootCAs: roots, Insecure: opts.Insecure})
	if err != nil {
		if ctx.Err() != nil {
			return &exitErr{code: 130, msg: "interrupted"}
		}
		return usageErr("%v", err)
	}
	probe.Compare(rep, static)

	switch opts.Format {
	case "json":
		err = probe.WriteJSON(s.Out, rep)
	case "sarif":
		err = probe.WriteSARIF(s.Out, rep, versionString())
	default:
		err = probe.WriteText(s.Out, rep, probe.TextOptions{Renderer: s.renderer(), Verbose: opts.Verbose})
	}
	if err != nil {
		return usageErr("writing the report: %v", err)
	}
	if failLevel != "" && rep.AtOrAbove(failLevel) {
		return findingsErr
	}
	return nil
}

// loadCAFile trusts the system's CAs plus those in a PEM file.
func loadCAFile(name string) (*x509.CertPool, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, usageErr("cannot read --ca-file %s: %v", name, rootCause(err))
	}
	pool, err := x509.SystemCertPool()
	if err != nil || pool == nil {
		pool = x509.NewCertPool()
	}
	if !pool.AppendCertsFromPEM(data) {
		return nil, usageErr("--ca-file %s holds no PEM certificate", name)
	}
	return pool, nil
}

// staticReport runs the checklist on the project to compare with: DIR when
// given (an error if it is no project), else the current directory's
// project if there is one (nil if not: live results only).
func staticReport(ctx context.Context, opts *probeOptions) (*checklist.Report, error) {
	dir := opts.Dir
	if dir == "" {
		dir = "."
	}
	p, err := project.DiscoverContext(ctx, project.Options{Dir: dir, Settings: opts.Settings, EnvFile: opts.EnvFile})
	if err != nil {
		if opts.Dir != "" || opts.Settings != "" || opts.EnvFile != "" {
			return nil, usageErr("%v", err)
		}
		return nil, nil
	}
	return checklist.Run(p, checklist.RunOptions{Context: ctx}), nil
}
