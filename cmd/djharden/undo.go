package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/djharden/djharden/checklist/project"
	"github.com/djharden/djharden/generator"
)

type undoOptions struct {
	Dir string
	Yes bool
}

func newUndoCmd(s *ioStreams) *cobra.Command {
	opts := &undoOptions{}
	cmd := &cobra.Command{
		Use:   "undo [DIR]",
		Short: "Restore the files the last apply changed, byte for byte",
		Long: `Restore the files the last apply changed, byte for byte, after showing which
ones and asking (or with --yes). Only backups this user's djharden made for
this project are trusted: a backup that came with a repository is refused.
With nothing to undo it says so and exits 0.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Dir = dirArg(args)
			return runUndo(opts, s)
		},
	}
	cmd.Flags().BoolVarP(&opts.Yes, "yes", "y", false, "restore without asking")
	return cmd
}

func runUndo(opts *undoOptions, s *ioStreams) error {
	root, err := backupRoot(opts.Dir)
	if errors.Is(err, generator.ErrNothingToUndo) {
		fmt.Fprintln(s.Out, "Nothing to undo: no djharden backup here or above.")
		return nil
	}
	if err != nil {
		return err
	}
	u, err := generator.PlanUndo(root)
	if errors.Is(err, generator.ErrNothingToUndo) {
		fmt.Fprintln(s.Out, "Nothing to undo: every apply here was already undone.")
		return nil
	}
	if err != nil {
		return usageErr("%v", err)
	}
	from := relOrAbs(root, u.BackupDir)
	if u.Empty() {
		if !opts.Yes && !s.InTTY {
			fmt.Fprintf(s.Out, "The last apply (%s) wrote no file; nothing to restore.\n", from)
			return nil
		}
		if _, err := u.Run(); err != nil {
			return usageErr("%v", err)
		}
		fmt.Fprintf(s.Out, "The last apply (%s) wrote no file; nothing was restored. Marked it undone.\n", from)
		return nil
	}
	fmt.Fprintf(s.Out, "Undo the apply of %s (backup in %s):\n", u.Created, from)
	for _, f := range u.Restore {
		fmt.Fprintf(s.Out, "  restore %s\n", f)
	}
	for _, f := range u.Remove {
		fmt.Fprintf(s.Out, "  remove  %s (the apply created it)\n", f)
	}
	for _, f := range u.Untouched {
		fmt.Fprintf(s.Out, "  keep    %s (the apply never wrote it)\n", f)
	}
	if !opts.Yes {
		if !s.InTTY {
			return usageErr("undo needs a terminal to confirm, or --yes; nothing was restored")
		}
		ok, err := confirm(s, "Restore these files? [y/N] ")
		if err != nil {
			return usageErr("reading the answer: %v", err)
		}
		if !ok {
			fmt.Fprintln(s.Err, "Nothing was restored.")
			return nil
		}
	}
	done, err := u.Run()
	if err != nil {
		return usageErr("%v", err)
	}
	var parts []string
	if n := len(u.Restore); n > 0 {
		parts = append(parts, "restored "+strings.Join(u.Restore, ", "))
	}
	if n := len(u.Remove); n > 0 {
		parts = append(parts, "removed "+strings.Join(u.Remove, ", "))
	}
	if len(done.Files) != len(u.Restore)+len(u.Remove) {
		return usageErr("undo stopped part-way")
	}
	msg := strings.Join(parts, "; ")
	fmt.Fprintf(s.Out, "%s%s.\n", strings.ToUpper(msg[:1]), msg[1:])
	return nil
}

// backupRoot finds the project root that holds .djharden/backups: the
// nearest such directory at or above dir, else the discovered project
// root; ErrNothingToUndo when there is none.
func backupRoot(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", usageErr("%v", err)
	}
	for d := abs; ; d = filepath.Dir(d) {
		if st, err := os.Lstat(filepath.Join(d, generator.StateDir)); err == nil && (st.IsDir() || st.Mode()&os.ModeSymlink != 0) {
			if _, err := os.Lstat(filepath.Join(d, filepath.FromSlash(generator.BackupRoot))); err == nil {
				return d, nil
			}
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	p, err := project.Discover(project.Options{Dir: dir, NoGit: true, NoScan: true})
	if err != nil {
		return "", generator.ErrNothingToUndo
	}
	return p.Root, nil
}
