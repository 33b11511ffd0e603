package generator

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/djharden/djharden/checklist/project"
)

// refuseUnimportable refuses a plan that would write into a settings
// module discovery found Python cannot import (a syntax error, and what
// else it marked blocking): the block would land in a file that fails
// anyway, and the diff would hide why. The bytes themselves (NUL, not
// UTF-8, too large) were refused when the file was read (refuseLayout).
// The error names the file and line.
func refuseUnimportable(p *project.Project, pl *Plan) error {
	for _, c := range pl.Changes {
		if !strings.HasSuffix(c.Path, ".py") || c.Old == nil {
			continue
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

// lineAt is the 1-based line of byte offset i.
func lineAt(b []byte, i int) int { return bytes.Count(b[:i], []byte("\n")) + 1 }
