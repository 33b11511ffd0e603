package pysource

import (
	"bytes"
	"regexp"
	"unicode/utf8"
)

// codingDecl is PEP 263's encoding declaration, allowed on line 1 or 2.
var codingDecl = regexp.MustCompile(`^[ \t\f]*#.*?coding[:=][ \t]*[-\w.]+`)

// DeclaresEncoding reports a PEP 263 encoding declaration on line 1 or 2
// ("# -*- coding: latin-1 -*-").
func DeclaresEncoding(src []byte) bool {
	lines := bytes.SplitN(src, []byte("\n"), 3)
	for i := 0; i < 2 && i < len(lines); i++ {
		if codingDecl.Match(lines[i]) {
			return true
		}
	}
	return false
}

// UndecodableLine is the 1-based line of the first byte that is not UTF-8
// in a file that declares no other encoding, 0 when there is none: Python
// reads such a file as UTF-8 and stops with a SyntaxError.
func UndecodableLine(src []byte) int {
	if utf8.Valid(src) || DeclaresEncoding(src) {
		return 0
	}
	for i := 0; i < len(src); {
		r, n := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && n == 1 {
			return bytes.Count(src[:i], []byte("\n")) + 1
		}
		i += n
	}
	return 0
}
