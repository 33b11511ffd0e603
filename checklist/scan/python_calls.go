package scan

import (
	"bytes"
	"fmt"

	"github.com/djharden/djharden/checklist/pysource"
)

// Calls to functions defined in the same file are followed: a call to a
// module-level function f(...), or to a method self.m(...) of the class the
// call is written in, is as unsafe as the worst of the callee's return
// expressions, with the callee's parameters bound to the call's arguments.
// The callee's body is read once per file by a second scanner over its
// lines (a summary: what it returns with every parameter safe, and which
// parameters reach a return), so the main scan stays one pass.
//
// Not followed (the call stays "a call djharden cannot follow"): callees
// with a decorator that may change the result, generators, stubs (no return
// with a value, or raise NotImplementedError), one-line bodies, recursion,
// more than maxCallDepth calls deep, and a self.m() the enclosing class does
// not define. A self.m() takes the worst of every method m defined in the
// file, since a subclass here may override it; overrides in other files are
// not seen.

// maxCallDepth bounds how many calls deep a value is followed.
const maxCallDepth = 3

// pyFunc is a function or method defined in the file.
type pyFunc struct {
	name  string
	class string // the class whose body defines it, "" for a module-level function
	// nested: defined inside another function (not reachable by name from elsewhere).
	nested     bool
	start, end int // byte range: from the start of the def's line to the end of its body
	line       int // the def's line
	params     []pyParam
	follow     bool            // decorated only by decorators that keep its result, with an indented body
	static     bool            // a @staticmethod: self.m(x) binds x to the first parameter
	sum        [2]*funcSummary // for HTML sinks and for SQL sinks (sqlSink)
	inProgress bool
}

// pyParam is one parameter of a def.
type pyParam struct {
	name string
	star byte // '*' for *args, '2' for **kwargs, 0 otherwise
	// literalDefault: the default value is a literal (None, 0, "x").
	literalDefault bool
}

// funcSummary says what a function returns.
type funcSummary struct {
	ok    bool   // the returns could be judged
	own   *taint // the worst return with every parameter safe, in file lines
	flows []bool // parameter k reaches a return
}

// summaryState is what a summarizing scanner collects.
type summaryState struct {
	fn      *pyFunc
	scope   *pyScope          // the function's scope, once opened
	bind    map[string]*taint // parameter values while a return is judged
	returns int               // return statements judged
	bad     bool              // something makes the result unknown (yield, a stub)
	own     *taint
	flows   []bool
}

// reached notes that parameter name reaches a return.
func (st *summaryState) reached(name string) {
	for j, p := range st.fn.params {
		if p.name == name {
			st.flows[j] = true
		}
	}
}

// transparentDecorators keep what the function returns when it is called:
// method kinds, caching, and Django's template library and laziness
// helpers, which register the function and return it (or call it)
// unchanged. A property is not one: self.p() calls what p returns.
var transparentDecorators = map[string]bool{
	"staticmethod": true, "classmethod": true,
	"cache": true, "lru_cache": true, "wraps": true,
	"filter": true, "simple_tag": true, "tag": true, "stringfilter": true,
	"keep_lazy": true, "keep_lazy_text": true,
}

// top returns the file's scanner.
func (s *pyScanner) top() *pyScanner {
	if s.root != nil {
		return s.root
	}
	return s
}

// moduleCall follows a call to a function or method defined in the file;
// ok is false when the call is not one or cannot be followed.
func (s *pyScanner) moduleCall(e *pysource.Call, line, depth int) (*taint, bool) {
	root := s.top()
	if root.callDepth >= maxCallDepth {
		return nil, false
	}
	var cands []*pyFunc
	skip := 0 // parameters bound by the call itself: self
	label := ""
	switch fn := e.Func.(type) {
	case *pysource.Name:
		if s.isLocalName(fn.ID) || !root.mayDefine(fn.ID) {
			return nil, false
		}
		root.indexFuncs()
		for i := range root.funcs {
			if f := &root.funcs[i]; f.name == fn.ID && f.class == "" && !f.nested {
				cands = append(cands, f)
			}
		}
		label = fn.ID + "()"
	case *pysource.Attr:
		x, ok := fn.X.(*pysource.Name)
		if !ok || x.ID != "self" {
			return nil, false
		}
		class := s.enclosingClass()
		if class == "" || !root.mayDefine(fn.Name) {
			return nil, false
		}
		root.indexFuncs()
		defined := false
		for i := range root.funcs {
			if f := &root.funcs[i]; f.name == fn.Name && f.class != "" && !f.nested {
				cands = append(cands, f)
				defined = defined || f.class == class
			}
		}
		if !defined {
			return nil, false
		}
		skip = 1
		label = "self." + fn.Name + "()"
	default:
		return nil, false
	}
	if len(cands) == 0 {
		return nil, false
	}
	var t *taint
	for _, f := range cands {
		if !f.follow || f.inProgress || f.end <= f.start {
			return nil, false
		}
		sum := root.summary(f)
		if !sum.ok {
			return nil, false
		}
		k := skip
		if f.static {
			k = 0 // self.m(x) of a @staticmethod m(x)
		}
		t = worse(t, s.bindCall(f, sum, e, k, label, line, depth))
	}
	return t, true
}

// isLocalName reports a name bound in the enclosing functions or assigned
// at module level: calling it does not call the def of that name.
func (s *pyScanner) isLocalName(name string) bool {
	if _, ok := s.bound[name]; ok {
		return true
	}
	for _, sc := range s.scopes[1:] {
		if !sc.class && (s.hasParam(sc, name) || len(s.assignsOf(sc, name)) > 0) {
			return true
		}
	}
	root := s.top()
	return len(root.assignsOf(root.scopes[0], name)) > 0 || root.modules[name] || root.aliases[name] != ""
}

// enclosingClass returns the class whose method holds the current line
// (self is that method's first parameter), or "".
func (s *pyScanner) enclosingClass() string {
	if s.root != nil {
		if s.summ.fn.class != "" && len(s.summ.fn.params) > 0 && s.summ.fn.params[0].name == "self" {
			return s.summ.fn.class
		}
		return ""
	}
	for i := len(s.scopes) - 2; i >= 1; i-- {
		sc, m := s.scopes[i], s.scopes[i+1]
		if !sc.class {
			continue
		}
		if m.class || len(m.params) == 0 || string(s.src[m.params[0].off:m.params[0].end]) != "self" {
			return ""
		}
		return string(s.src[sc.name.off:sc.name.end])
	}
	return ""
}

// bindCall judges one call of f: what f returns on its own, and the
// arguments given to the parameters that reach a return.
func (s *pyScanner) bindCall(f *pyFunc, sum *funcSummary, e *pysource.Call, skip int, label string, line, depth int) *taint {
	var t *taint
	if sum.own != nil {
		inner := *sum.own
		if inner.line > 0 {
			inner.line -= s.lineBase // into this scanner's lines
		}
		if inner.request {
			inner.value, inner.named = label, false
			t = &inner
		} else {
			t = &taint{value: label, origin: fmt.Sprintf("what `%s()` (line %d) returns: %s", f.name, f.line, inner.describe(s.rel))}
		}
	}
	// Map the call's arguments to the parameters.
	args := make([]pysource.Expr, len(f.params))
	given := make([]bool, len(f.params))
	var spread *taint // a *args or **kwargs at the call: it may fill any parameter
	spreadSeen := false
	k := skip
	for _, a := range e.Args {
		if st, ok := a.(*pysource.Starred); ok {
			spread, spreadSeen = worse(spread, s.taintOf(st.X, line, depth+1)), true
			continue
		}
		for k < len(f.params) && f.params[k].star == '2' {
			k++
		}
		if k >= len(f.params) {
			break
		}
		if f.params[k].star == '*' {
			// *args collects the rest: its taint is the worst of them.
			given[k] = true
			if args[k] == nil {
				args[k] = &pysource.Tuple{}
			}
			args[k].(*pysource.Tuple).Elts = append(args[k].(*pysource.Tuple).Elts, a)
			continue
		}
		args[k], given[k] = a, true
		k++
	}
	for _, kw := range e.Keywords {
		if kw.Name == "" {
			spread, spreadSeen = worse(spread, s.taintOf(kw.Value, line, depth+1)), true
			continue
		}
		idx := -1
		for j, p := range f.params {
			if p.name == kw.Name && p.star == 0 {
				idx = j
			}
		}
		if idx < 0 {
			for j, p := range f.params {
				if p.star == '2' {
					idx = j
				}
			}
		}
		if idx < 0 {
			continue
		}
		if f.params[idx].star == '2' {
			if args[idx] == nil {
				args[idx] = &pysource.Tuple{}
			}
			args[idx].(*pysource.Tuple).Elts = append(args[idx].(*pysource.Tuple).Elts, kw.Value)
		} else {
			args[idx] = kw.Value
		}
		given[idx] = true
	}
	for j, p := range f.params {
		if j < skip || j >= len(sum.flows) || !sum.flows[j] {
			continue
		}
		var a *taint
		switch {
		case given[j]:
			a = s.taintOf(args[j], line, depth+1)
		case spreadSeen:
			a = spread
		case p.star != 0 || p.literalDefault:
			a = nil // nothing collected, or a literal default
		default:
			a = &taint{value: p.name, origin: fmt.Sprintf("a parameter of `%s()` left to its default", f.name), named: true}
		}
		if spreadSeen {
			a = worse(a, spread)
		}
		t = worse(t, a)
	}
	return t
}

// summary judges what f returns, once per file.
func (s *pyScanner) summary(f *pyFunc) *funcSummary {
	kind := 0
	if s.sqlSink {
		kind = 1
	}
	if f.sum[kind] != nil {
		return f.sum[kind]
	}
	f.inProgress = true
	s.callDepth++
	sub := &pyScanner{
		rel: s.rel, src: s.src[f.start:f.end], sil: silencer{},
		root: s, lineBase: f.line - 1, modules: s.modules, aliases: s.aliases,
		summ: &summaryState{fn: f, flows: make([]bool, len(f.params))},
	}
	sub.scopes = []*pyScope{newScope()}
	sub.run()
	sub.releaseScopes()
	s.callDepth--
	f.inProgress = false
	st := sub.summ
	sum := &funcSummary{ok: st.scope != nil && !st.bad && st.returns > 0, flows: st.flows}
	if st.own != nil {
		own := *st.own
		if own.line > 0 {
			own.line += sub.lineBase // into file lines
		}
		sum.own = &own
	}
	f.sum[kind] = sum
	return sum
}

// summaryLine judges a logical line of the function being summarized: a
// return statement in its own body (not in a nested def), a yield, or a
// raise NotImplementedError.
func (s *pyScanner) summaryLine() {
	st := s.summ
	if st.scope == nil || len(s.scopes) != 2 || s.scopes[1] != st.scope || st.bad {
		return
	}
	toks := s.line
	for _, t := range toks {
		if t.Kind == pysource.TokName && (s.tokIs(t, "yield") || s.tokIs(t, "NotImplementedError")) {
			st.bad = true
			return
		}
	}
	if !s.tokIs(s.first, "return") {
		return
	}
	if s.long {
		st.bad = true
		return
	}
	if len(toks) == 1 {
		return // a bare return: None
	}
	st.returns++
	e := s.parseRange(toks[1].Off, toks[len(toks)-1].End)
	line := toks[0].Start.Line
	fn := st.fn
	st.bind = make(map[string]*taint, len(fn.params))
	self := -1
	if fn.class != "" && !fn.static && len(fn.params) > 0 && (fn.params[0].name == "self" || fn.params[0].name == "cls") {
		self = 0
	}
	for j, p := range fn.params {
		if j == self {
			// The object itself: str(self) is whatever __str__ makes of it.
			st.bind[p.name] = &taint{value: p.name, origin: "the object itself", named: true}
		} else {
			st.bind[p.name] = nil
		}
	}
	st.own = worse(st.own, s.taintOf(e, line, 0))
	// Then with each parameter a marker: the parameters whose value is
	// looked up while judging the return reach it (paramTaint notes them).
	// Judging skips what cannot carry a value (escape(p), int(p), p == 1,
	// x[p]), so a parameter looked up is one the result is made of.
	for j, p := range fn.params {
		if j != self {
			st.bind[p.name] = &taint{value: p.name, origin: "a parameter", marker: true, named: true}
		}
	}
	s.taintOf(e, line, 0)
	st.bind = nil
}

// mayDefine reports whether the file may hold "def name(": without it
// there is nothing to follow, and no index is built (most calls are to
// imported functions).
func (s *pyScanner) mayDefine(name string) bool {
	for off := 0; ; {
		i := bytes.Index(s.src[off:], []byte("def "+name))
		if i < 0 {
			return false
		}
		off += i + 4 + len(name)
		if off < len(s.src) && (s.src[off] == '(' || s.src[off] == ' ') {
			return true
		}
	}
}

// indexFuncs finds the file's defs on first use: one pass of the tokenizer.
func (s *pyScanner) indexFuncs() {
	if s.funcsBuilt {
		return
	}
	s.funcsBuilt = true
	s.funcs = buildFuncIndex(s.src)
}

// buildFuncIndex lists the defs of a file with their byte ranges,
// enclosing class, parameters and whether their decorators keep the result.
func buildFuncIndex(src []byte) []pyFunc {
	type block struct {
		fn        int    // index into funcs, -1 for a class
		class     string // the class name for a class
		bodyDepth int
	}
	var funcs []pyFunc
	var stack []block
	var line []pysource.Token
	depth := 0
	opaque := false // a decorator before the next def may change its result
	static := false // @staticmethod before the next def
	pendingFn, pendingClass := -1, ""
	pendingOpen := false // a def or class header ended: its body may follow
	text := func(t pysource.Token) string { return string(src[t.Off:t.End]) }
	closeTo := func(d, end int) {
		for len(stack) > 0 && stack[len(stack)-1].bodyDepth > d {
			if b := stack[len(stack)-1]; b.fn >= 0 {
				funcs[b.fn].end = end
			}
			stack = stack[:len(stack)-1]
		}
	}
	tz := pysource.NewTokenizer(src)
	for {
		tok := tz.Next()
		if pendingOpen && tok.Kind != pysource.TokNL && tok.Kind != pysource.TokComment {
			pendingOpen = false
			if tok.Kind == pysource.TokIndent {
				stack = append(stack, block{fn: pendingFn, class: pendingClass, bodyDepth: depth + 1})
			} else if pendingFn >= 0 {
				funcs[pendingFn].follow = false // a one-line body
				funcs[pendingFn].end = tok.Off
			}
		}
		switch tok.Kind {
		case pysource.TokEOF:
			closeTo(-1, len(src))
			return funcs
		case pysource.TokIndent:
			depth++
		case pysource.TokDedent:
			depth--
			closeTo(depth, tok.Off)
		case pysource.TokNL, pysource.TokComment:
		case pysource.TokNewline:
			if len(line) == 0 {
				continue
			}
			first := text(line[0])
			switch {
			case first == "@":
				name := ""
				for _, t := range line[1:] {
					if t.Kind == pysource.TokName {
						name = text(t)
					} else if text(t) == "(" {
						break
					}
				}
				if !transparentDecorators[name] {
					opaque = true
				}
				static = static || name == "staticmethod"
			case first == "def" || (first == "async" && len(line) > 1 && text(line[1]) == "def"):
				i := 1
				if first == "async" {
					i = 2
				}
				f := pyFunc{line: line[0].Start.Line, start: line[0].Off - (line[0].Start.Col - 1), end: len(src), follow: !opaque, static: static}
				if i >= len(line) {
					line = line[:0]
					continue // "def" alone: broken code
				}
				f.name = text(line[i])
				if n := len(stack); n > 0 {
					if b := stack[n-1]; b.fn < 0 {
						f.class = b.class
					} else {
						f.nested = true
					}
				}
				f.params = defParams(src, line[i+1:])
				funcs = append(funcs, f)
				pendingFn, pendingClass, pendingOpen = len(funcs)-1, "", true
				opaque, static = false, false
			case first == "class":
				name := ""
				if len(line) > 1 {
					name = text(line[1])
				}
				pendingFn, pendingClass, pendingOpen = -1, name, true
				opaque, static = false, false
			default:
				opaque, static = false, false
			}
			line = line[:0]
		default:
			line = append(line, tok)
		}
	}
}

// defParams reads the parameters of a def header from the tokens after its name.
func defParams(src []byte, toks []pysource.Token) []pyParam {
	var out []pyParam
	depth := 0
	for j, t := range toks {
		tt := string(src[t.Off:t.End])
		if t.Kind == pysource.TokOp {
			switch tt {
			case "(", "[", "{":
				depth++
			case ")", "]", "}":
				depth--
				if depth == 0 {
					return out
				}
			}
			continue
		}
		if t.Kind != pysource.TokName || depth != 1 || j == 0 {
			continue
		}
		prev := string(src[toks[j-1].Off:toks[j-1].End])
		var star byte
		switch prev {
		case "(", ",":
		case "*":
			star = '*'
		case "**":
			star = '2'
		default:
			continue
		}
		p := pyParam{name: tt, star: star}
		if j+2 < len(toks) && string(src[toks[j+1].Off:toks[j+1].End]) == "=" {
			d := toks[j+2]
			end := j + 3
			closes := end >= len(toks) || string(src[toks[end].Off:toks[end].End]) == "," || string(src[toks[end].Off:toks[end].End]) == ")"
			if closes && (d.Kind == pysource.TokString || d.Kind == pysource.TokNumber ||
				(d.Kind == pysource.TokName && (string(src[d.Off:d.End]) == "None" || string(src[d.Off:d.End]) == "True" || string(src[d.Off:d.End]) == "False"))) {
				p.literalDefault = true
			}
		}
		out = append(out, p)
	}
	return out
}
