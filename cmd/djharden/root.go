package main

import (
	"errors"
	"fmt"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
)

// version is set at build time with -ldflags "-X main.version=v1.2.3";
// otherwise it comes from the module's build info.
var version = ""

func versionString() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
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
			return runWizard(cmd.Context(), wiz, s)
		},
	}
	root.SetIn(s.In)
	root.SetOut(s.Out)
	root.SetErr(s.Err)
	root.SetVersionTemplate("djharden {{.Version}}\n")
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

// execute runs the command line and turns errors into exit codes, with a
// one-line reason on stderr.
func execute(args []string, s *ioStreams) int {
	root := newRootCmd(s)
	root.SetArgs(args)
	err := root.Execute()
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
