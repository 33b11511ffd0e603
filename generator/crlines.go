package generator

import (
	"fmt"
	"regexp"
	"strings"
)

// literalKey finds a SECRET_KEY assigned a string literal.
var literalKey = regexp.MustCompile(`(?m)(^|\r)[ \t]*SECRET_KEY[ \t]*(:[^=\r]*)?=[ \t]*[rRbBuU]?['"]`)

// keepCROnly keeps old-Mac line endings (CR only) in the files the plan
// edits: what djharden adds uses the file's own line ending. The reader
// sees such a file as one line, so a literal key in it could not be
// replaced: a note says so.
func keepCROnly(pl *Plan) {
	for i := range pl.Changes {
		c := &pl.Changes[i]
		if c.Old == nil || !isCROnly(string(c.Old)) {
			continue
		}
		c.New = []byte(strings.ReplaceAll(string(c.New), "\n", "\r"))
		if strings.HasSuffix(c.Path, ".py") && literalKey.Match(c.New) {
			pl.Notes = append(pl.Notes, fmt.Sprintf("%s uses old Mac line endings (CR only): djharden could not read its lines one by one, so the literal SECRET_KEY in it was not replaced. The block overrides it, but remove that line by hand and rotate the key, which git may hold.", c.Path))
		}
	}
}

// isCROnly reports whether text ends its lines with CR alone.
func isCROnly(text string) bool {
	return strings.Contains(text, "\r") && !strings.Contains(text, "\n")
}
