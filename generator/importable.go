package generator

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/djharden/djharden/checklist/project"
)

// refuseUnimportable refuses a plan that would write into a Python module
// Python cannot import as it is (a NUL byte, bytes that are not UTF-8, a
// syntax error discovery found, a file too large to be a settings module):
// the block would land in a file that fails anyway, and the diff would
// hide why. The error names the file and line.
func refuseUnimportable(p *project.Project, pl *Plan) error {
	for _, c := range pl.Changes {
		if !strings.HasSuffix(c.Path, ".py") || c.Old == nil {
			continue
		}
		if len(c.Old) > MaxFileSize {
			return fmt.Errorf("%w: %s is %d bytes: djharden edits settings modules of at most 1 MiB (a hand-written one is far smaller); nothing was changed", ErrCannotEdit, c.Path, len(c.Old))
		}
		if i := bytes.IndexByte(c.Old, 0); i >= 0 {
			return fmt.Errorf("%w: %s:%d: a NUL byte: Python cannot import this module, so djharden will not write into it; remove it and run again", ErrCannotEdit, c.Path, lineAt(c.Old, i))
		}
		if !utf8.Valid(c.Old) && !declaresEncoding(c.Old) {
			return fmt.Errorf("%w: %s:%d: bytes that are not UTF-8, and the file declares no encoding: Python cannot import this module, so djharden will not write into it; save it as UTF-8 and run again", ErrCannotEdit, c.Path, firstInvalidLine(c.Old))
		}
		for _, pr := range p.Problems {
			if pr.Blocking && pr.File == c.Path {
				where := c.Path
				if pr.Line > 0 {
					where = fmt.Sprintf("%s:%d", c.Path, pr.Line)
				}
				return fmt.Errorf("%w: %s: %s; djharden will not write into a module Python cannot import: fix it and run again", ErrCannotEdit, where, pr.Message)
			}
		}
	}
	return nil
}

// refuseLarge refuses, before any work, settings files past MaxFileSize:
// a hand-written settings module is a few kilobytes, and apply's edits
// should stay instant.
func refuseLarge(p *project.Project) error {
	for _, f := range p.SettingsFiles {
		st, err := os.Stat(filepath.Join(p.Root, filepath.FromSlash(f)))
		if err == nil && st.Size() > MaxFileSize {
			return fmt.Errorf("%w: %s is %d bytes: djharden edits settings modules of at most 1 MiB (a hand-written one is far smaller, and a larger one is generated or not what it seems); nothing was changed", ErrCannotEdit, f, st.Size())
		}
	}
	return nil
}

// lineAt is the 1-based line of byte offset i.
func lineAt(b []byte, i int) int { return bytes.Count(b[:i], []byte("\n")) + 1 }

func firstInvalidLine(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return lineAt(b, i)
		}
		i += n
	}
	return 0
}

// declaresEncoding reports a PEP 263 coding declaration on line 1 or 2.
func declaresEncoding(b []byte) bool {
	for n, line := range bytes.SplitN(b, []byte("\n"), 3) {
		if n == 2 {
			break
		}
		if bytes.HasPrefix(bytes.TrimSpace(line), []byte("#")) && bytes.Contains(line, []byte("coding")) {
			return true
		}
	}
	return false
}
