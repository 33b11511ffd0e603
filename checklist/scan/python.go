package scan

import (
	"bytes"
	"sort"
	"sync"

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
	nameOff    int    // the target name is src[nameOff:nameEnd]
	nameEnd    int    //
	op         string // "=" or "+="
	line       int
	depth      int // indentation depth of the assignment
	start, end int // byte range of the value in the source
	expr       pysource.Expr
}

// pyScope is a function, class or module body: the assignments a site can
// follow a variable to ("through a local variable assigned in the same function").
type pyScope struct {
	bodyDepth int // indentation depth of the body (0 for the module)
	// assigns are kept in source order without a map or a string per
	// name: recording stays allocation-free and only the rare site pays
	// for a lookup.
	assigns []pyAssign
	// index maps names to assigns, built on the first lookup and extended
	// as assignments are added (indexed of them so far).
	index   map[string][]int
	indexed int
	class   bool   // a class body: not visible from its methods
	name    span   // the function or class name, for messages
	params  []span // a function's parameters
	// dedents records where blocks of this scope closed, in line order: an
	// assignment inside a block closed before a use (an if branch, a try)
	// may not have run, so it does not hide the value before it.
	dedents []dedent
	// headers are the compound statements opened in this scope, in line
	// order, so an if/elif/else chain assigning a variable on every branch
	// can be told from one that may skip it.
	headers []header
}

// scopePool recycles scopes and their slices across functions and files:
// a function body costs no allocation once the pool is warm.
var scopePool = sync.Pool{New: func() any { return new(pyScope) }}

func newScope() *pyScope { return scopePool.Get().(*pyScope) }

// releaseScope empties a scope that went out of reach and returns it to the pool.
func releaseScope(sc *pyScope) {
	clear(sc.assigns) // drop parsed values
	clear(sc.index)
	*sc = pyScope{assigns: sc.assigns[:0], params: sc.params[:0], dedents: sc.dedents[:0], headers: sc.headers[:0], index: sc.index}
	scopePool.Put(sc)
}

func (s *pyScanner) releaseScopes() {
	for _, sc := range s.scopes {
		releaseScope(sc)
	}
	if s.pending != nil {
		releaseScope(s.pending)
	}
	s.scopes, s.pending = nil, nil
}

// span is a byte range of the source: a name.
type span struct{ off, end int }

// assignsOf returns the assignments of name in sc, in line order.
func (s *pyScanner) assignsOf(sc *pyScope, name string) []*pyAssign {
	if sc.index == nil {
		sc.index = map[string][]int{}
	}
	for ; sc.indexed < len(sc.assigns); sc.indexed++ {
		a := &sc.assigns[sc.indexed]
		n := string(s.src[a.nameOff:a.nameEnd])
		sc.index[n] = append(sc.index[n], sc.indexed)
	}
	idx := sc.index[name]
	out := make([]*pyAssign, len(idx))
	for i, k := range idx {
		out[i] = &sc.assigns[k]
	}
	return out
}

// hasParam reports whether name is a parameter of sc's function.
func (s *pyScanner) hasParam(sc *pyScope, name string) bool {
	for _, p := range sc.params {
		if p.end-p.off == len(name) && string(s.src[p.off:p.end]) == name {
			return true
		}
	}
	return false
}

// paramTaint is a function parameter: unsafe until the caller is known.
// While a function is summarized its parameters take the values bound.
func (s *pyScanner) paramTaint(sc *pyScope, name string) *taint {
	if s.summ != nil && sc == s.summ.scope {
		if t, ok := s.summ.bind[name]; ok {
			if t != nil && t.marker {
				s.summ.reached(name)
			}
			return t
		}
	}
	return &taint{value: name, origin: "a parameter of " + quoteOne(string(s.src[sc.name.off:sc.name.end])+"()"), named: true}
}

// header is a compound statement's first line: "if x:", "else:", "for ...:".
type header struct {
	line, depth int
	kind        byte // 'i' if, 'e' elif, 'E' else, 'o' any other
}

// dedent is a block closing at line, back to indentation depth.
type dedent struct{ line, depth int }

// completeChain reports, for a plain "=" in an else branch, whether every
// branch of its if/elif/else chain assigns the variable directly in its
// body; it returns the line of the chain's "if" (0 when not complete).
// Assignments from that line on then replace the value before the chain.
func (sc *pyScope) completeChain(a *pyAssign, assigns []*pyAssign) int {
	d := a.depth - 1
	k := sort.Search(len(sc.headers), func(k int) bool { return sc.headers[k].line >= a.line }) - 1
	for k >= 0 && sc.headers[k].depth != d {
		if sc.headers[k].depth < d {
			return 0
		}
		k--
	}
	if k < 0 || sc.headers[k].kind != 'E' {
		return 0
	}
	end := a.line + 1 // the else branch holds a itself
	for ; k >= 0; k-- {
		h := sc.headers[k]
		if h.depth > d {
			continue // a header nested inside a branch
		}
		if h.depth < d || (h.kind != 'i' && h.kind != 'e' && h.kind != 'E') {
			return 0
		}
		if !assignsIn(assigns, a.depth, h.line, end) {
			return 0
		}
		if h.kind == 'i' {
			return h.line
		}
		end = h.line
	}
	return 0
}

// assignsIn reports a plain "=" at depth between lines from and to.
func assignsIn(assigns []*pyAssign, depth, from, to int) bool {
	for _, x := range assigns {
		if x.op == "=" && x.depth == depth && x.line > from && x.line < to {
			return true
		}
	}
	return false
}

// overrides reports whether a plain "=" assignment surely replaced the
// variable's earlier value by line: its block is still open there.
func (sc *pyScope) overrides(a *pyAssign, line int) bool {
	k := sort.Search(len(sc.dedents), func(k int) bool { return sc.dedents[k].line > a.line })
	for ; k < len(sc.dedents) && sc.dedents[k].line <= line; k++ {
		if sc.dedents[k].depth < a.depth {
			return false
		}
	}
	return true
}

// pyScanner reads one Python file as a token stream, one logical line at a
// time, so memory stays bounded by the longest statement and time is linear.
type pyScanner struct {
	rel   string
	src   []byte
	sites []Site
	sil   silencer

	scopes   []*pyScope
	depth    int               // current indentation depth
	opensDef bool              // the last logical line was a def/class header ending in ":"
	pending  *pyScope          // the scope that header opens
	bound    map[string]*taint // comprehension variables while one is judged
	// modules are the names "import m" and "import m.n as a" bind; aliases
	// map "from m import f as g" names to the imported name (g -> f).
	modules map[string]bool
	aliases map[string]string
	// The functions and methods of the file, indexed on the first call
	// that needs them (funcsBuilt), and the state of following them: a
	// scanner reading one function's body to summarize what it returns
	// has root (the file's scanner), summ and lineBase (the line before
	// the def) set.
	// sqlSink: the site being judged takes SQL (mark_safe() vouches for HTML only).
	sqlSink    bool
	funcs      []pyFunc
	funcsBuilt bool
	callDepth  int
	root       *pyScanner
	summ       *summaryState
	lineBase   int
	cleared    []Site // sinks judged safe, with the reason (Options.Cleared)
	line       []pysource.Token
	watched    bool // the current logical line contains a watched name
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
	s.scopes = []*pyScope{newScope()}
	defer s.releaseScopes()
	s.run()
	return s.finish()
}

// run reads the file's tokens to the end.
func (s *pyScanner) run() {
	tz := pysource.NewTokenizer(s.src)
	for {
		tok := tz.Next()
		switch tok.Kind {
		case pysource.TokEOF:
			s.endLine()
			return
		case pysource.TokComment:
			s.comment(tok)
		case pysource.TokNL:
		case pysource.TokNewline:
			s.endLine()
		case pysource.TokIndent:
			s.depth++
			if s.opensDef {
				sc := s.pending
				if sc == nil {
					sc = newScope()
				}
				sc.bodyDepth = s.depth
				s.scopes = append(s.scopes, sc)
				s.opensDef, s.pending = false, nil
				if s.summ != nil && s.summ.scope == nil && len(s.scopes) == 2 {
					s.summ.scope = sc // the function being summarized
				}
			}
		case pysource.TokDedent:
			s.depth--
			for len(s.scopes) > 1 && s.depth < s.scopes[len(s.scopes)-1].bodyDepth {
				releaseScope(s.scopes[len(s.scopes)-1])
				s.scopes = s.scopes[:len(s.scopes)-1]
			}
			sc := s.scopes[len(s.scopes)-1]
			sc.dedents = append(sc.dedents, dedent{line: tok.Start.Line, depth: s.depth})
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

// opByte returns the character of a one-character operator token, else 0.
func (s *pyScanner) opByte(t pysource.Token) byte {
	if t.Kind != pysource.TokOp || t.End-t.Off != 1 {
		return 0
	}
	return s.src[t.Off]
}

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
	if s.first.Kind == pysource.TokName && s.is(len(toks)-1, pysource.TokOp, ":") && !s.long {
		kind := byte('o')
		switch {
		case s.tokIs(s.first, "if"):
			kind = 'i'
		case s.tokIs(s.first, "elif"):
			kind = 'e'
		case s.tokIs(s.first, "else"):
			kind = 'E'
		}
		sc := s.scopes[len(s.scopes)-1]
		sc.headers = append(sc.headers, header{line: s.first.Start.Line, depth: s.depth, kind: kind})
	}
	if s.tokIs(s.first, "def") || s.tokIs(s.first, "class") || (s.tokIs(s.first, "async") && s.tokIs(s.second, "def")) {
		s.opensDef = s.is(len(toks)-1, pysource.TokOp, ":")
		if s.opensDef {
			s.pending = s.headerScope()
		}
	}
	if !s.long {
		if s.tokIs(s.first, "import") || s.tokIs(s.first, "from") {
			s.recordImport()
		} else {
			s.recordAssignment()
		}
	}
	if s.summ != nil {
		s.summaryLine()
	}
	s.visitWatched(len(toks))
	s.line = s.line[:0]
	s.watched, s.long = false, false
	s.lineTokens, s.visitedUpTo = 0, 0
	s.first, s.second = pysource.Token{}, pysource.Token{}
}

// visitWatched applies the rules to the watched names of s.line[visitedUpTo:end].
func (s *pyScanner) visitWatched(end int) {
	if s.watched && s.summ == nil && !s.tokIs(s.first, "import") && !s.tokIs(s.first, "from") {
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

// headerScope reads a def or class header: its name and, for a function,
// its parameter names.
func (s *pyScanner) headerScope() *pyScope {
	toks := s.line
	i := 0
	if s.tokIs(toks[0], "async") {
		i = 1
	}
	sc := newScope()
	sc.class = s.tokIs(toks[i], "class")
	if i+1 < len(toks) && toks[i+1].Kind == pysource.TokName {
		sc.name = span{toks[i+1].Off, toks[i+1].End}
	}
	if sc.class || !s.is(i+2, pysource.TokOp, "(") {
		return sc
	}
	depth := 0
	for j := i + 2; j < len(toks); j++ {
		t := toks[j]
		if t.Kind == pysource.TokOp {
			switch s.opByte(t) {
			case '(', '[', '{':
				depth++
			case ')', ']', '}':
				depth--
			}
			if depth == 0 {
				break
			}
			continue
		}
		if t.Kind == pysource.TokName && depth == 1 && j > 0 {
			if p := toks[j-1]; p.Kind == pysource.TokOp && (s.tokIs(p, "(") || s.tokIs(p, ",") || s.tokIs(p, "*") || s.tokIs(p, "**")) {
				sc.params = append(sc.params, span{t.Off, t.End})
			}
		}
	}
	return sc
}

// recordAssignment remembers what the current logical line assigns in the
// current scope: "name = value", "a, b = value", "name: T = value",
// "name += value", "name[k] = value" and "name.append(value)" (the last three
// add to the name's value), and "for name in value:".
func (s *pyScanner) recordAssignment() {
	toks := s.line
	if len(toks) < 3 || toks[0].Kind != pysource.TokName {
		return
	}
	if s.tokIs(toks[0], "for") {
		s.recordFor()
		return
	}
	if toks[1].Kind != pysource.TokOp {
		return
	}
	switch op := s.text(toks[1]); op {
	case "=", "+=":
		s.assign(toks[0], op, s.valueStart(2), len(toks))
	case ":", ",":
		// name: T = value, or a, b = value: the value follows the first "=" at depth 0.
		eq := s.topLevelEq(1)
		if eq < 0 {
			return
		}
		for j := 0; j < eq; j++ {
			if toks[j].Kind == pysource.TokName && (j == 0 || s.tokIs(toks[j-1], ",")) {
				s.assign(toks[j], "=", s.valueStart(eq+1), len(toks))
			}
			if op == ":" {
				break
			}
		}
	case "[":
		if eq := s.topLevelEq(1); eq > 0 && s.tokIs(toks[eq-1], "]") {
			s.assign(toks[0], "+=", eq+1, len(toks))
		}
	case ".":
		if len(toks) >= 5 && toks[2].Kind == pysource.TokName && s.tokIs(toks[3], "(") &&
			(s.tokIs(toks[2], "append") || s.tokIs(toks[2], "extend") || s.tokIs(toks[2], "insert")) &&
			s.tokIs(toks[len(toks)-1], ")") && len(toks) > 5 {
			s.assign(toks[0], "+=", 4, len(toks)-1)
		}
	}
}

// recordImport remembers the names an import binds: modules for "import
// a.b" (a) and "import a.b as c" (c), aliases for "from m import f as g".
func (s *pyScanner) recordImport() {
	toks := s.line
	from := s.tokIs(toks[0], "from")
	i := 1
	if from {
		for i < len(toks) && !(toks[i].Kind == pysource.TokName && s.tokIs(toks[i], "import")) {
			i++
		}
		i++
	}
	for i < len(toks) {
		if toks[i].Kind != pysource.TokName {
			i++
			continue
		}
		j := i + 1
		for j+1 < len(toks) && s.tokIs(toks[j], ".") && toks[j+1].Kind == pysource.TokName {
			j += 2 // a dotted module name: import a.b.c
		}
		bound, orig := toks[i], toks[j-1]
		alias := false
		if j+1 < len(toks) && toks[j].Kind == pysource.TokName && s.tokIs(toks[j], "as") && toks[j+1].Kind == pysource.TokName {
			bound, alias = toks[j+1], true
			j += 2
		}
		switch {
		case !from:
			if s.modules == nil {
				s.modules = map[string]bool{}
			}
			s.modules[s.text(bound)] = true
		case alias:
			if s.aliases == nil {
				s.aliases = map[string]string{}
			}
			s.aliases[s.text(bound)] = s.text(orig)
		}
		i = j
	}
}

// recordFor remembers "for a, b in value:" as a and b assigned value.
func (s *pyScanner) recordFor() {
	toks := s.line
	in := -1
	for j := 1; j < len(toks); j++ {
		if toks[j].Kind == pysource.TokName && s.tokIs(toks[j], "in") {
			in = j
			break
		}
	}
	end := len(toks) - 1
	if in < 0 || in+1 >= end || !s.tokIs(toks[end], ":") {
		return
	}
	for j := 1; j < in; j++ {
		if toks[j].Kind == pysource.TokName {
			s.assign(toks[j], "=", in+1, end)
		}
	}
}

// topLevelEqs returns the indexes of the first and the last "=" outside
// brackets from token i (-1 when there is none).
func (s *pyScanner) topLevelEqs(i int) (first, last int) {
	first, last = -1, -1
	depth := 0
	for j := i; j < len(s.line); j++ {
		t := s.line[j]
		if t.Kind != pysource.TokOp {
			continue
		}
		switch s.opByte(t) {
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			depth--
		case '=':
			if depth == 0 {
				if first < 0 {
					first = j
				}
				last = j
			}
		}
	}
	return first, last
}

// topLevelEq returns the index of the first "=" outside brackets from token i, or -1.
func (s *pyScanner) topLevelEq(i int) int {
	first, _ := s.topLevelEqs(i)
	return first
}

// valueStart skips chained targets: in "a = b = value" the value starts
// after the last "=".
func (s *pyScanner) valueStart(i int) int {
	if _, last := s.topLevelEqs(i); last >= 0 {
		return last + 1
	}
	return i
}

// assign records target = tokens [from, to) of the current line.
func (s *pyScanner) assign(target pysource.Token, op string, from, to int) {
	if from >= to {
		return
	}
	scope := s.scopes[len(s.scopes)-1]
	scope.assigns = append(scope.assigns, pyAssign{
		nameOff: target.Off, nameEnd: target.End,
		op: op, line: target.Start.Line, depth: s.depth, start: s.line[from].Off, end: s.line[to-1].End,
	})
}

func (s *pyScanner) finish() fileResult {
	if len(s.sites) == 0 {
		return fileResult{cleared: s.cleared}
	}
	li := s.lines()
	for i := range s.sites {
		s.sites[i].Source = li.text(s.sites[i].Line)
	}
	fr := s.sil.apply(s.sites)
	fr.cleared = s.cleared
	return fr
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
