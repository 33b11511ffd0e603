package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/djharden/djharden/checklist"
	"github.com/djharden/djharden/checklist/project"
	"github.com/djharden/djharden/generator"
)

type applyOptions struct {
	Dir            string
	Domains        []string
	HTTPS          string
	HSTS           string
	HSTSSubdomains bool
	EnvStyle       string
	Settings       string
	EnvFile        string
	RotateKey      bool
	Static         string
	Keep           []string
	DryRun         bool
	Yes            bool
}

func newApplyCmd(s *ioStreams) *cobra.Command {
	opts := &applyOptions{}
	cmd := &cobra.Command{
		Use:   "apply [DIR]",
		Short: "Write the hardened settings block and env files (no TTY needed)",
		Long: `Write the hardened production settings block, .env.example and the filled env
file, replace literal secrets with environment reads, and add the env file
to .gitignore. The unified diff is printed first (secrets masked); backups go
to .djharden/backups/ and "djharden undo" restores them.`,
		Example: `  djharden apply --domain example.com,www.example.com --https proxy --yes
  djharden apply --domain example.com --https direct --hsts year --dry-run`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Dir = dirArg(args)
			return runApply(cmd.Context(), opts, s)
		},
	}
	f := cmd.Flags()
	f.StringSliceVar(&opts.Domains, "domain", nil, "domain the site is served on (repeatable or comma list)")
	f.StringVar(&opts.HTTPS, "https", "", "how HTTPS is served: proxy, direct or none (default: from hosting hints; proxy when there are none)")
	f.StringVar(&opts.HSTS, "hsts", generator.HSTSTrial, "HSTS stage: off, trial (1 hour), year or preload")
	f.BoolVar(&opts.HSTSSubdomains, "hsts-subdomains", false, "every subdomain is served over HTTPS too")
	f.StringVar(&opts.EnvStyle, "env-style", "auto", "how settings read the environment: auto, os, environ or decouple")
	f.StringVar(&opts.Settings, "settings", "", "settings module to write into (default: detected production module)")
	f.StringVar(&opts.EnvFile, "env-file", ".env", "env file that receives the filled values")
	f.BoolVar(&opts.RotateKey, "rotate-key", false, "keep the old literal key as SECRET_KEY_FALLBACKS while the new one takes over (Django 4.1+)")
	f.StringVar(&opts.Static, "static", generator.StaticSkip, "how static files are served in production: whitenoise (adds it; for Heroku, Render, Fly), server (your web server or CDN) or skip")
	f.StringSliceVar(&opts.Keep, "keep", nil, "checklist items to leave as they are (repeatable or comma list), e.g. --keep hsts,email-backend")
	f.BoolVar(&opts.DryRun, "dry-run", false, "print the diff and write nothing")
	f.BoolVarP(&opts.Yes, "yes", "y", false, "write without asking")
	_ = cmd.RegisterFlagCompletionFunc("https", fixedCompletion("proxy", "direct", "none"))
	_ = cmd.RegisterFlagCompletionFunc("hsts", fixedCompletion("off", "trial", "year", "preload"))
	_ = cmd.RegisterFlagCompletionFunc("static", fixedCompletion(generator.StaticWhiteNoise, generator.StaticServer, generator.StaticSkip))
	_ = cmd.RegisterFlagCompletionFunc("env-style", fixedCompletion("auto", "os", "environ", "decouple"))
	return cmd
}

func runApply(ctx context.Context, opts *applyOptions, s *ioStreams) error {
	if err := oneOf("--https", opts.HTTPS, "", generator.HTTPSProxy, generator.HTTPSDirect, generator.HTTPSNone); err != nil {
		return err
	}
	if err := oneOf("--hsts", opts.HSTS, generator.HSTSOff, generator.HSTSTrial, generator.HSTSYear, generator.HSTSPreload); err != nil {
		return err
	}
	if err := oneOf("--env-style", opts.EnvStyle, "auto", "os", "environ", "decouple"); err != nil {
		return err
	}
	if err := oneOf("--static", opts.Static, generator.StaticWhiteNoise, generator.StaticServer, generator.StaticSkip); err != nil {
		return err
	}
	for _, id := range opts.Keep {
		switch {
		case checklist.Lookup(id) == nil:
			return usageErr("--keep %s: no such checklist item (djharden explain lists them)", id)
		case generator.AlwaysWritten(id):
			return usageErr("--keep %s: debug, secret-key and allowed-hosts are the heart of the hardened block and are always written", id)
		}
	}
	if len(opts.Domains) == 0 {
		return usageErr("--domain is required: the host names your site is served on, e.g. --domain example.com,www.example.com")
	}
	domains, err := generator.NormalizeDomains(opts.Domains)
	if err != nil {
		return usageErr("%v", err)
	}

	// The env file's existing values resolve reads, so a second apply sees
	// the key the first one wrote and changes nothing.
	discoverEnv := ""
	if envPath := resolveIn(opts.Dir, opts.EnvFile); fileExists(envPath) {
		discoverEnv = envPath
	}
	p, err := project.Discover(project.Options{Dir: opts.Dir, Settings: opts.Settings, EnvFile: discoverEnv})
	if err != nil {
		return usageErr("%v", err)
	}
	before := checklist.Run(p, checklist.RunOptions{Context: ctx})

	answers := generator.DefaultAnswers(p)
	answers.Domains = opts.Domains
	if opts.HTTPS != "" {
		answers.HTTPS = opts.HTTPS
	}
	answers.HSTS = opts.HSTS
	answers.HSTSSubdomains = opts.HSTSSubdomains
	answers.EnvStyle = opts.EnvStyle
	answers.Settings = opts.Settings
	answers.EnvFile = relToRoot(p.Root, opts.Dir, opts.EnvFile)
	answers.RotateKey = opts.RotateKey
	answers.Keep = opts.Keep
	answers.Static = opts.Static

	plan, err := generator.Build(p, answers)
	if err != nil {
		return usageErr("%v", err)
	}
	for _, n := range domains.Notes {
		fmt.Fprintf(s.Err, "note: %s\n", n)
	}
	if plan.Empty() {
		fmt.Fprintln(s.Out, "Nothing to change: the project already has this hardened configuration.")
		return nil
	}
	fmt.Fprint(s.Out, plan.Diff())
	for _, n := range plan.Notes {
		fmt.Fprintf(s.Err, "note: %s\n", plan.MaskProse(n))
	}
	if opts.DryRun {
		fmt.Fprintln(s.Err, "Dry run: nothing was written.")
		return nil
	}
	if !opts.Yes && !s.InTTY {
		// As gh and fly do: writing needs a person at a terminal, or --yes.
		return usageErr("apply needs a terminal to confirm, or --yes: nothing was written (the diff above is what --yes would write)")
	}
	if !opts.Yes {
		ok, err := confirm(s, "Write these changes? Backups are kept; `djharden undo` restores them. [y/N] ")
		if err != nil {
			return usageErr("reading the answer: %v", err)
		}
		if !ok {
			fmt.Fprintln(s.Err, "Nothing was written.")
			return nil
		}
	}
	applied, err := plan.Apply()
	if err != nil {
		return usageErr("%s", plan.MaskProse(err.Error()))
	}
	fmt.Fprintf(s.Err, "Wrote %s. Backups in %s; `djharden undo` restores them.\n",
		strings.Join(applied.Files, ", "), relOrAbs(p.Root, applied.BackupDir))
	for _, w := range applied.Warnings {
		fmt.Fprintf(s.Err, "note: %s\n", w)
	}

	// The plan's env file: a development .env sends the values to .env.production.
	answers.EnvFile = plan.Answers.EnvFile
	after, err := project.Discover(project.Options{Dir: opts.Dir, Settings: opts.Settings, EnvFile: resolveIn(p.Root, answers.EnvFile)})
	if err == nil {
		afterReport := checklist.Run(after, checklist.RunOptions{Context: ctx})
		h0, t0 := before.Score()
		h1, t1 := afterReport.Score()
		fmt.Fprintf(s.Err, "Score: %d of %d hardened before, %d of %d now (with %s's values).\n", h0, t0, h1, t1, answers.EnvFile)
	}
	return nil
}

func oneOf(flag, v string, allowed ...string) error {
	for _, a := range allowed {
		if v == a {
			return nil
		}
	}
	var shown []string
	for _, a := range allowed {
		if a != "" {
			shown = append(shown, a)
		}
	}
	return usageErr("%s must be one of %s, not %q", flag, strings.Join(shown, ", "), v)
}

func confirm(s *ioStreams, prompt string) (bool, error) {
	fmt.Fprint(s.Err, prompt)
	line, err := bufio.NewReader(s.In).ReadString('\n')
	if err != nil && line == "" {
		return false, err
	}
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "y", "yes":
		return true, nil
	}
	return false, nil
}

func resolveIn(dir, path string) string {
	if filepath.IsAbs(path) {
		return path
	}
	return filepath.Join(dir, path)
}

func fileExists(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.Mode().IsRegular()
}

// relToRoot expresses a path given relative to the user's directory as a
// path relative to the project root (where the generator works).
func relToRoot(root, dir, path string) string {
	abs := path
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(dir, path)
	}
	absDir, err := filepath.Abs(abs)
	if err != nil {
		return path
	}
	rel, err := filepath.Rel(root, absDir)
	if err != nil || strings.HasPrefix(rel, "..") {
		return path
	}
	return filepath.ToSlash(rel)
}

func relOrAbs(root, path string) string {
	if rel, err := filepath.Rel(root, path); err == nil && !strings.HasPrefix(rel, "..") {
		return filepath.ToSlash(rel)
	}
	return path
}
