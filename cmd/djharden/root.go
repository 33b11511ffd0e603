package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"

	"github.com/djharden/djharden/tui"
)

// exitInterrupted is the exit code after ctrl+c (contract: 128 + SIGINT).
const exitInterrupted = 130

// version is set at build time with -ldflags "-X main.version=v1.2.3";
// otherwise it comes from the module's build info.
var version = ""

func versionString() string {
	if version != "" {
		return version
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "dev"
	}
	return buildVersion(bi)
}

// buildVersion is the module version `go install` or `go build` stamped
// (a tag or a pseudo-version), else the VCS revision the binary was built
// from, else "dev".
func buildVersion(bi *debug.BuildInfo) string {
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var rev, modified string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value
		}
	}
	if rev == "" {
		return "dev"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if modified == "true" {
		rev += ", modified"
	}
	return "dev (" + rev + ")"
}

func newRootCmd(s *ioStreams) *cobra.Command {
	wiz := &wizardOptions{}
	root := &cobra.Command{
		Use:   "djharden [DIR]",
		Short: "Harden a Django project for production, step by step",
		Long: strings.TrimSpace(`
djharden walks a Django project through Django's production security
checklist: DEBUG off, a strong SECRET_KEY kept out of git, ALLOWED_HOSTS,
HTTPS and HSTS, secure cookies, CSRF, clickjacking, raw SQL and |safe in
code, Django kept up to date, and manage.py check --deploy.

Run it without a command inside your project for the guided wizard, or use
"djharden check" (CI) and "djharden apply" (scripts) without a terminal.`),
		Args:          cobra.MaximumNArgs(1),
		Version:       versionString(),
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			wiz.Dir = dirArg(args)
			if len(args) == 1 {
				if err := checkDirArg(cmd, args[0]); err != nil {
					return err
				}
			}
			return runWizard(cmd.Context(), wiz, s)
		},
	}
	root.SetIn(s.In)
	root.SetOut(s.Out)
	root.SetErr(s.Err)
	root.SetVersionTemplate("djharden {{.Version}}\n")
	root.SuggestionsMinimumDistance = 2
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageErr("%v", err) })
	addWizardFlags(root, wiz)

	root.AddCommand(
		newCheckCmd(s),
		newApplyCmd(s),
		newKeygenCmd(s),
		newUndoCmd(s),
		newExplainCmd(s),
		newDemoCmd(s),
		newProbeCmd(s),
	)
	return root
}

func dirArg(args []string) string {
	if len(args) == 1 {
		return args[0]
	}
	return "."
}

// checkDirArg: the wizard's DIR must be a directory. A word that is no
// directory but is close to a command is a typo ("chek"): say which
// command was meant, in one line.
func checkDirArg(cmd *cobra.Command, dir string) error {
	st, err := os.Stat(dir)
	if err == nil && st.IsDir() {
		return nil
	}
	if err != nil && !strings.ContainsAny(dir, `/\.`) {
		if sug := cmd.SuggestionsFor(dir); len(sug) > 0 {
			return usageErr("unknown command %q; did you mean %q?", dir, sug[0])
		}
		return usageErr("unknown command %q and no such directory; run djharden --help for the commands", dir)
	}
	if err != nil {
		return usageErr("cannot read %s: %v", dir, rootCause(err))
	}
	return usageErr("%s is not a directory", dir)
}

// execute runs the command line and turns errors into exit codes, with a
// one-line reason on stderr.
func execute(args []string, s *ioStreams) int {
	return executeContext(context.Background(), args, s)
}

// executeContext is execute under ctx: when ctx ends (an interrupt), the
// command stops and the exit code is 130.
func executeContext(ctx context.Context, args []string, s *ioStreams) int {
	root := newRootCmd(s)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if errors.Is(err, tui.ErrInterrupted) || (err != nil && ctx.Err() != nil) {
		fmt.Fprintln(s.Err, "djharden: interrupted; nothing more was written.")
		return exitInterrupted
	}
	if err == nil && ctx.Err() != nil {
		fmt.Fprintln(s.Err, "djharden: interrupted.")
		return exitInterrupted
	}
	if err == nil {
		return exitOK
	}
	var e *exitErr
	if !errors.As(err, &e) {
		// cobra's own errors (unknown command, bad args) are usage errors.
		e = &exitErr{code: exitError, msg: err.Error()}
	}
	if e.msg != "" {
		fmt.Fprintf(s.Err, "djharden: %s\n", firstLine(e.msg))
	}
	return e.code
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
