package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/djharden/djharden/tui"
)

type wizardOptions struct {
	Dir        string
	Settings   string
	EnvFile    string
	Accessible bool
}

func addWizardFlags(cmd *cobra.Command, o *wizardOptions) {
	cmd.Flags().StringVar(&o.Settings, "settings", "", "settings module to harden (default: detected production module)")
	cmd.Flags().StringVar(&o.EnvFile, "env-file", "", "env file whose values resolve environment reads")
	cmd.Flags().BoolVar(&o.Accessible, "accessible", false, "plain prompts a screen reader can follow (also ACCESSIBLE=1)")
}

// needTTY is the one-line answer for scripts and pipes.
func needTTY(s *ioStreams) error {
	if s.InTTY && s.OutTTY {
		return nil
	}
	return usageErr("the wizard needs a terminal; use `djharden check` to audit or `djharden apply --domain example.com --yes` to write without one")
}

func runWizard(ctx context.Context, o *wizardOptions, s *ioStreams) error {
	if err := needTTY(s); err != nil {
		return err
	}
	return startWizard(ctx, o, s, false)
}

func startWizard(ctx context.Context, o *wizardOptions, s *ioStreams, demo bool) error {
	if ctx == nil {
		ctx = context.Background()
	}
	// TERM=dumb cannot draw the full-screen UI: the plain prompts can.
	accessible := o.Accessible || truthyEnv(s.Getenv("ACCESSIBLE")) || s.Getenv("TERM") == "dumb"
	err := tui.Run(ctx, tui.Options{
		Dir: o.Dir, Settings: o.Settings, EnvFile: o.EnvFile,
		Accessible: accessible, In: s.In, Out: s.Out, Demo: demo,
	})
	if errors.Is(err, tui.ErrInterrupted) {
		return err
	}
	if err != nil {
		return usageErr("%v", err)
	}
	return nil
}

// removeUnusedDemo deletes the demo copy when the run wrote nothing into it
// (no apply backups), so quitting at once leaves no temporary folder; a
// written copy stays for the user to look at.
func removeUnusedDemo(dir string, s *ioStreams) {
	if _, err := os.Stat(filepath.Join(dir, ".djharden")); err == nil {
		fmt.Fprintf(s.Err, "The hardened demo project stays in %s\n", dir)
		return
	}
	_ = os.RemoveAll(filepath.Dir(dir)) // DemoProject made the parent for it alone
}

func truthyEnv(v string) bool {
	switch v {
	case "", "0", "false", "False", "no":
		return false
	}
	return true
}

func newDemoCmd(s *ioStreams) *cobra.Command {
	o := &wizardOptions{}
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Run the wizard on a sample project copied to a temporary folder",
		Long: `Copy a small sample Django project with typical beginner mistakes (a
hardcoded key, DEBUG = True, an f-string SQL query, a |safe template) to a
temporary folder and run the wizard there. Your own files are not touched.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := needTTY(s); err != nil {
				return err
			}
			dir, err := tui.DemoProject()
			if err != nil {
				return usageErr("could not copy the demo project: %v", err)
			}
			fmt.Fprintf(s.Err, "The demo project is in %s\n", dir)
			o.Dir = dir
			err = startWizard(cmd.Context(), o, s, true)
			removeUnusedDemo(dir, s)
			return err
		},
	}
	cmd.Flags().BoolVar(&o.Accessible, "accessible", false, "plain prompts a screen reader can follow (also ACCESSIBLE=1)")
	return cmd
}
