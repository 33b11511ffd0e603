package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/charmbracelet/lipgloss"
	"github.com/mattn/go-isatty"
)

// ioStreams is everything a command reads from or writes to, so tests can
// drive commands with buffers.
type ioStreams struct {
	In     io.Reader
	Out    io.Writer
	Err    io.Writer
	InTTY  bool // stdin is a terminal
	OutTTY bool // stdout is a terminal
	Getenv func(string) string
}

func systemIO() *ioStreams {
	return &ioStreams{
		In:     os.Stdin,
		Out:    os.Stdout,
		Err:    os.Stderr,
		InTTY:  isTerminal(os.Stdin),
		OutTTY: isTerminal(os.Stdout),
		Getenv: os.Getenv,
	}
}

func isTerminal(f *os.File) bool {
	return isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd())
}

// renderer styles output for Out: colour only on a terminal without NO_COLOR.
func (s *ioStreams) renderer() *lipgloss.Renderer {
	return lipgloss.NewRenderer(s.Out)
}

// Exit codes (contract): 0 fine, 1 findings at or above the fail level,
// 2 usage or I/O error.
const (
	exitOK       = 0
	exitFindings = 1
	exitError    = 2
)

// exitErr carries an exit code with a one-line reason for stderr.
type exitErr struct {
	code int
	msg  string
}

func (e *exitErr) Error() string { return e.msg }

func usageErr(format string, a ...any) error {
	return &exitErr{code: exitError, msg: fmt.Sprintf(format, a...)}
}

// findingsErr ends a run with exit 1 and nothing more on stderr: the
// report already said it.
var findingsErr = &exitErr{code: exitFindings}

func exitCode(err error) int {
	if err == nil {
		return exitOK
	}
	var e *exitErr
	if errors.As(err, &e) {
		return e.code
	}
	return exitError
}
