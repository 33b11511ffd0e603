package scan

import (
	"bytes"

	"github.com/djharden/djharden/checklist/pysource"
)

// pyNeedles: a .py file without any of these cannot hold a site, so it is
// never tokenized. This keeps the scan close to a plain byte search.
var pyNeedles = [][]byte{
	[]byte("execute"), []byte("raw"), []byte("extra"), []byte("RawSQL"),
	[]byte("mark_safe"), []byte("SafeString"), []byte("format_html"),
	[]byte("is_safe"), []byte("csrf_exempt"),
}

// watchedNames are the identifiers that make a logical line worth a closer look.
var watchedNames = map[string]bool{
	"execute": true, "executemany": true, "raw": true, "extra": true, "RawSQL": true,
	"mark_safe": true, "SafeString": true, "format_html": true,
	"is_safe": true, "csrf_exempt": true,
}

var watchedFirstByte = func() (set [256]bool) {
	for name := range watchedNames {
		set[name[0]] = true
	}
	return set
}()

// pyAssign is one "name = value" or "name += value" in a scope; the value is
// parsed only when a site asks about the name.
type pyAssign struct {
	op         string // "=" or "+="
	line       int
	start, end int // byte range of the value in the source
	expr       pysource.Expr
}

// pyScope is a function, class or module body: the assignments a site can
// follow a variable to ("through a local variable assigned in the same function").
type pyScope struct {
	bodyDepth int // indentation depth of the body (0 for the module)
	assigns   map[string][]*pyAssign
}

// pyScanner reads one Python file as a token stream, one logical line at a
// time, so memory stays bounded by the longest statement and time is linear.
type pyScanner struct {
	rel   string
	src   []byte
	sites []Site
	sil   silencer

	scopes   []*pyScope
	depth    int  // current indentation depth
	opensDef bool // the last logical line was a def/class header ending in ":"
	line     []pysource.Token
	watched  bool // the current logical line contains a watched name
	// first and second are the logical line's first two tokens (kept apart
	// because a very long line is processed in pieces).
	first, second pysource.Token
	lineTokens    int  // tokens in the logical line so far
	visitedUpTo   int  // tokens of s.line before this index were already visited
	long          bool // the line was processed in pieces: no assignment recorded
	lastCode      int  // line of the last code token, to tell a standalone comment
	lineIndex     *lineIndex
}

// scanPython reports the Python rules' sites in one file.
func scanPython(rel string, src []byte) fileResult {
	if !containsAny(src, pyNeedles) {
		return fileResult{}
	}
	s := &pyScanner{rel: rel, src: src, sil: silencer{}}
	s.scopes = []*pyScope{{bodyDepth: 0}}
	tz := pysource.NewTokenizer(src)
	for {
		tok := tz.Next()
		switch tok.Kind {
		case pysource.TokEOF:
			s.endLine()
			return s.finish()
		case pysource.TokComment:
			s.comment(tok)
		case pysource.TokNL:
		case pysource.TokNewline:
			s.endLine()
		case pysource.TokIndent:
			s.depth++
			if s.opensDef {
				s.scopes = append(s.scopes, &pyScope{bodyDepth: s.depth})
				s.opensDef = false
			}
		case pysource.TokDedent:
			s.depth--
			for len(s.scopes) > 1 && s.depth < s.scopes[len(s.scopes)-1].bodyDepth {
				s.scopes = s.scopes[:len(s.scopes)-1]
			}
		default:
			s.opensDef = false
			s.lastCode = tok.Start.Line
			if tok.Kind == pysource.TokName && s.isWatched(tok) {
				s.watched = true
			}
			switch s.lineTokens {
			case 0:
				s.first = tok
			case 1:
				s.second = tok
			}
			s.lineTokens++
			s.line = append(s.line, tok)
			if len(s.line) >= maxLineTokens {
				s.flushLongLine()
			}
		}
	}
}

func (s *pyScanner) text(t pysource.Token) string { return string(s.src[t.Off:t.End]) }

// tokIs compares a token's text without allocating.
func (s *pyScanner) tokIs(t pysource.Token, text string) bool {
	return t.End-t.Off == len(text) && string(s.src[t.Off:t.End]) == text
}

// isWatched reports whether a name token is one of watchedNames; the length
// and first-byte tests keep the common case (any other name) cheap.
func (s *pyScanner) isWatched(t pysource.Token) bool {
	n := t.End - t.Off
	if n < 3 || n > 11 || !watchedFirstByte[s.src[t.Off]] {
		return false
	}
	return watchedNames[string(s.src[t.Off:t.End])]
}

// is reports whether token i of the current line exists with that kind and text.
func (s *pyScanner) is(i int, kind pysource.Kind, text string) bool {
	if i < 0 || i >= len(s.line) {
		return false
	}
	t := s.line[i]
	return t.Kind == kind && string(s.src[t.Off:t.End]) == text
}

func (s *pyScanner) comment(tok pysource.Token) {
	c := s.src[tok.Off:tok.End]
	if !bytes.Contains(c, []byte("djharden")) {
		return
	}
	if ids, ok := ignoreDirective(string(c)); ok {
		s.sil.add(tok.Start.Line, ids, s.lastCode != tok.Start.Line)
	}
}

// maxLineTokens bounds the tokens kept for one logical line: a generated
// file holding one giant expression is processed in windows instead.
const maxLineTokens = 1 << 16

// endLine processes the logical line just completed.
func (s *pyScanner) endLine() {
	toks := s.line
	if len(toks) == 0 {
		return
	}
	if s.tokIs(s.first, "def") || s.tokIs(s.first, "class") || (s.tokIs(s.first, "async") && s.tokIs(s.second, "def")) {
		s.opensDef = s.is(len(toks)-1, pysource.TokOp, ":")
	}
	if !s.long {
		s.recordAssignment()
	}
	s.visitWatched(len(toks))
	s.line = s.line[:0]
	s.watched, s.long = false, false
	s.lineTokens, s.visitedUpTo = 0, 0
	s.first, s.second = pysource.Token{}, pysource.Token{}
}

// visitWatched applies the rules to the watched names of s.line[visitedUpTo:end].
func (s *pyScanner) visitWatched(end int) {
	if s.watched && !s.tokIs(s.first, "import") && !s.tokIs(s.first, "from") {
		for i := s.visitedUpTo; i < end; i++ {
			if t := s.line[i]; t.Kind == pysource.TokName && s.isWatched(t) {
				s.visitName(i)
			}
		}
	}
	s.visitedUpTo = end
}

// flushLongLine visits the names of a huge logical line that have a full
// argument window after them, then keeps only that window (plus a little
// look-behind), so memory stays bounded whatever the line's length.
func (s *pyScanner) flushLongLine() {
	const lookBehind = 64
	s.long = true
	cut := len(s.line) - maxCallTokens
	s.visitWatched(cut)
	keep := copy(s.line, s.line[cut-lookBehind:])
	s.line = s.line[:keep]
	s.visitedUpTo = lookBehind
}

// recordAssignment remembers "name = value" / "name += value" lines of the
// current scope when the value could build a string.
func (s *pyScanner) recordAssignment() {
	toks := s.line
	if len(toks) < 3 || toks[0].Kind != pysource.TokName || toks[1].Kind != pysource.TokOp {
		return
	}
	var op string
	switch {
	case s.tokIs(toks[1], "="):
		op = "="
	case s.tokIs(toks[1], "+="):
		op = "+="
	default:
		return
	}
	scope := s.scopes[len(s.scopes)-1]
	_, known := scope.assigns[string(s.src[toks[0].Off:toks[0].End])]
	if !known && !s.mayBuildString(toks[2:]) {
		return
	}
	if scope.assigns == nil {
		scope.assigns = map[string][]*pyAssign{}
	}
	// "a = b = value": the value starts after the last "=".
	start := 2
	for i := 2; i < len(toks); i++ {
		if toks[i].Kind == pysource.TokOp && s.tokIs(toks[i], "=") {
			start = i + 1
		}
	}
	if start >= len(toks) {
		return
	}
	name := s.text(toks[0])
	scope.assigns[name] = append(scope.assigns[name], &pyAssign{
		op: op, line: toks[0].Start.Line, start: toks[start].Off, end: toks[len(toks)-1].End,
	})
}

// mayBuildString is a cheap filter on a value's tokens: only values with a
// string literal, or an operator or call that formats strings, are kept.
func (s *pyScanner) mayBuildString(toks []pysource.Token) bool {
	for _, t := range toks {
		switch t.Kind {
		case pysource.TokString:
			return true
		case pysource.TokOp:
			if s.tokIs(t, "%") || s.tokIs(t, "+") {
				return true
			}
		case pysource.TokName:
			if s.tokIs(t, "format") {
				return true
			}
		}
	}
	return false
}

func (s *pyScanner) finish() fileResult {
	if len(s.sites) == 0 {
		return fileResult{}
	}
	li := s.lines()
	for i := range s.sites {
		s.sites[i].Source = li.text(s.sites[i].Line)
	}
	return s.sil.apply(s.sites)
}

func (s *pyScanner) lines() *lineIndex {
	if s.lineIndex == nil {
		s.lineIndex = newLineIndex(s.src)
	}
	return s.lineIndex
}

func (s *pyScanner) add(rule string, at pysource.Token, msg string, review bool) {
	s.sites = append(s.sites, Site{
		Rule: rule, Item: itemOf(rule), File: s.rel,
		Line: at.Start.Line, Col: at.Start.Col, Message: msg, Review: review,
	})
}
