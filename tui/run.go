// Package tui is djharden's wizard: a Bubble Tea program with one model per
// screen (welcome, one screen per checklist item, questions, the key, the
// review of every file change, done), and the same flow as plain prompts
// for screen readers (--accessible).
package tui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	tea "github.com/charmbracelet/bubbletea"
)

// ErrInterrupted is returned when the user pressed ctrl+c (or the context
// ended): nothing more was written; the command exits 130.
var ErrInterrupted = errors.New("interrupted")

// Options configure a wizard run.
type Options struct {
	Dir        string // project dir
	Settings   string // --settings
	EnvFile    string // --env-file (values used to resolve env reads)
	Accessible bool   // --accessible or ACCESSIBLE=1
	In         io.Reader
	Out        io.Writer // the terminal (os.Stdin/os.Stdout from cmd)
	Demo       bool      // running on the demo copy: say so on the welcome screen
	// ShowDir, when set, is how screens name the project folder (tests pin
	// it so screens do not depend on where a temporary copy lives).
	ShowDir string
}

// Run discovers the project, runs the checklist and drives the screens.
// It returns nil on completion or a clean quit, an error only on real
// failures. The caller has checked that In and Out are terminals.
func Run(ctx context.Context, opts Options) error {
	return RunWith(ctx, NewEngine(), opts)
}

// RunWith is Run with another engine.
func RunWith(ctx context.Context, eng Engine, opts Options) error {
	opts, err := normalise(opts)
	if err != nil {
		return err
	}
	if opts.Accessible {
		return runAccessible(ctx, eng, opts)
	}
	setupColour(opts.Out)
	a := newApp(eng, opts)
	a.base = ctx
	prog := tea.NewProgram(a, tea.WithContext(ctx), tea.WithInput(opts.In), tea.WithOutput(opts.Out), tea.WithAltScreen())
	final, err := prog.Run()
	if errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
		fmt.Fprintln(opts.Out, "djharden: stopped; nothing was written.")
		return ErrInterrupted
	}
	if err != nil {
		return err
	}
	fa := final.(*app)
	if fa.err != nil {
		return fa.err
	}
	fmt.Fprintln(opts.Out, fa.farewell())
	if fa.interrupted {
		return ErrInterrupted
	}
	return nil
}

func normalise(opts Options) (Options, error) {
	if opts.Dir == "" {
		opts.Dir = "."
	}
	dir, err := filepath.Abs(opts.Dir)
	if err != nil {
		return opts, err
	}
	opts.Dir = dir
	if opts.In == nil {
		opts.In = os.Stdin
	}
	if opts.Out == nil {
		opts.Out = os.Stdout
	}
	return opts, nil
}

// farewell is the line left on the terminal once the alt screen is gone.
func (a *app) farewell() string {
	w := a.done.written
	switch {
	case a.screen != scrDone || w == nil:
		return "djharden: left without writing anything."
	case len(w.Files) == 0:
		return "djharden: nothing needed writing."
	}
	return fmt.Sprintf("djharden: wrote %d file(s) in %s; `djharden undo` puts them back.", len(w.Files), a.rootText())
}
