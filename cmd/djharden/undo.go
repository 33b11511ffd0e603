package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/djharden/djharden/checklist/project"
	"github.com/djharden/djharden/generator"
)

func newUndoCmd(s *ioStreams) *cobra.Command {
	return &cobra.Command{
		Use:   "undo [DIR]",
		Short: "Restore the files the last apply changed, byte for byte",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runUndo(dirArg(args), s)
		},
	}
}

func runUndo(dir string, s *ioStreams) error {
	root, err := backupRoot(dir)
	if err != nil {
		return err
	}
	restored, err := generator.Undo(root)
	if err != nil {
		return usageErr("%v", err)
	}
	fmt.Fprintf(s.Out, "Restored %s from %s.\n", strings.Join(restored.Files, ", "), relOrAbs(root, restored.BackupDir))
	return nil
}

// backupRoot finds the project root that holds .djharden/backups: the
// nearest such directory at or above dir, else the discovered project root.
func backupRoot(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", usageErr("%v", err)
	}
	for d := abs; ; d = filepath.Dir(d) {
		if st, err := os.Stat(filepath.Join(d, ".djharden", "backups")); err == nil && st.IsDir() {
			return d, nil
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	p, err := project.Discover(project.Options{Dir: dir, NoGit: true, NoScan: true})
	if err != nil {
		return "", usageErr("nothing to undo: no .djharden/backups found at or above %s", dir)
	}
	return p.Root, nil
}
