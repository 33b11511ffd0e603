package scan

import (
	"fmt"

	"github.com/djharden/djharden/checklist/pysource"
)

// callArg is one argument of a call in the current logical line: token
// indexes [from, to) of its value, and its keyword ("" when positional).
type callArg struct {
	keyword  string
	from, to int
	starred  bool
}

// maxCallTokens bounds how far a call's arguments are read: a site inside
// megabytes of nested calls costs at most this much, keeping the scan linear.
const maxCallTokens = 4096

// callArgs splits the arguments of the call whose "(" is token open.
func (s *pyScanner) callArgs(open int) []callArg {
	var args []callArg
	depth := 0
	start := open + 1
	flush := func(end int) {
		if end <= start {
			return
		}
		a := callArg{from: start, to: end}
		if s.line[start].Kind == pysource.TokOp {
			if op := s.text(s.line[start]); op == "*" || op == "**" {
				a.starred = true
			}
		}
		if end-start >= 2 && s.line[start].Kind == pysource.TokName && s.is(start+1, pysource.TokOp, "=") {
			a.keyword = s.text(s.line[start])
			a.from = start + 2
		}
		if a.from < a.to {
			args = append(args, a)
		}
	}
	end := min(len(s.line), open+maxCallTokens)
	for i := open; i < end; i++ {
		t := s.line[i]
		if t.Kind != pysource.TokOp {
			continue
		}
		switch s.text(t) {
		case "(", "[", "{":
			depth++
		case ")", "]", "}":
			depth--
			if depth == 0 {
				flush(i)
				return args
			}
		case ",":
			if depth == 1 {
				flush(i)
				start = i + 1
			}
		}
	}
	flush(end) // unclosed call in broken code, or a huge one: take what is there
	return args
}

// argExpr parses the tokens [from, to) as one expression.
func (s *pyScanner) argExpr(a callArg) pysource.Expr {
	return s.parseRange(s.line[a.from].Off, s.line[a.to-1].End)
}

// parseRange parses src[start:end] as an expression; the brackets let it
// span lines the way it does inside the call.
func (s *pyScanner) parseRange(start, end int) pysource.Expr {
	return pysource.ParseExpr("(" + string(s.src[start:end]) + "\n)")
}

// sqlArg picks the SQL argument: the first positional one, or the keyword.
func sqlArg(args []callArg, keywords ...string) (callArg, bool) {
	for _, a := range args {
		for _, k := range keywords {
			if a.keyword == k {
				return a, true
			}
		}
	}
	if len(args) > 0 && args[0].keyword == "" && !args[0].starred {
		return args[0], true
	}
	return callArg{}, false
}

// calleeLabel names a called method for messages: "cursor.execute", "objects.raw".
func (s *pyScanner) calleeLabel(i int) string {
	name := s.text(s.line[i])
	if !s.is(i-1, pysource.TokOp, ".") {
		return name
	}
	if i >= 2 {
		switch t := s.line[i-2]; t.Kind {
		case pysource.TokName:
			return s.text(t) + "." + name
		case pysource.TokOp:
			if s.text(t) == ")" {
				// connection.cursor().execute: name the call before.
				for j := i - 3; j >= 0; j-- {
					if s.line[j].Kind == pysource.TokName && s.is(j+1, pysource.TokOp, "(") {
						return s.text(s.line[j]) + "()." + name
					}
				}
			}
		}
	}
	return "." + name
}

// visitName applies the rules to the watched name at token i.
func (s *pyScanner) visitName(i int) {
	name := s.text(s.line[i])
	attr := s.is(i-1, pysource.TokOp, ".")
	call := s.is(i+1, pysource.TokOp, "(")
	if s.is(i-1, pysource.TokName, "def") || s.is(i-1, pysource.TokName, "class") {
		return // the definition of a function with that name, not a use
	}
	switch name {
	case "execute", "executemany", "raw":
		if attr && call {
			keywords := []string{"sql", "query"}
			if name == "raw" {
				keywords = []string{"raw_query", "sql"}
			}
			if a, ok := sqlArg(s.callArgs(i+1), keywords...); ok {
				s.sqlSite(i, s.argExpr(a), s.calleeLabel(i))
			}
		}
	case "RawSQL":
		if call {
			if a, ok := sqlArg(s.callArgs(i+1), "sql"); ok {
				s.sqlSite(i, s.argExpr(a), "RawSQL")
			}
		}
	case "extra":
		if attr && call {
			s.extraSite(i)
		}
	case "mark_safe", "SafeString":
		if call {
			s.markSafeSite(i, name)
		}
	case "format_html":
		if call {
			if a, ok := sqlArg(s.callArgs(i+1), "format_string"); ok {
				s.formatHTMLSite(i, s.argExpr(a))
			}
		}
	case "csrf_exempt":
		s.csrfSite(i, attr, call)
	case "is_safe":
		s.isSafeSite(i, attr)
	}
}

// sqlSite reports raw SQL built from unsafe values flowing into fn.
func (s *pyScanner) sqlSite(i int, e pysource.Expr, fn string) {
	s.sqlSink = true
	defer func() { s.sqlSink = false }()
	line := s.line[i].Start.Line
	b := s.built(e, line, 0)
	if b == nil {
		// Judged safe only when the value itself is; SQL text passed in from
		// elsewhere is not built here, which is not the same as safe.
		if t := s.taintOf(e, line, 0); t == nil {
			s.clear(i, ClearedSQL, "the SQL text is a constant or built only from safe values")
		} else {
			s.clear(i, ClearedSQLNotBuilt, "the SQL text is not built here: "+t.describe(s.rel))
		}
		return
	}
	if b.src != nil && b.src.compiled {
		s.add(b.sqlRule(), s.line[i], "review: "+b.describe()+" flows into "+fn+"; "+b.src.describe(s.rel)+
			": make sure nothing raw went into that queryset", true)
		return
	}
	s.addTainted(b.sqlRule(), s.line[i], b.describe()+" flows into "+fn, b.src,
		"pass values as query parameters instead")
}

// formatHTMLSite reports format_html() given a string already formatted
// with unsafe values.
func (s *pyScanner) formatHTMLSite(i int, e pysource.Expr) {
	b := s.built(e, s.line[i].Start.Line, 0)
	if b == nil {
		return
	}
	s.addTainted(RuleXSSFormatHTML, s.line[i], "format_html is given "+b.describe()+", pasted in unescaped", b.src,
		"pass the values as arguments to {} placeholders")
}

// addTainted adds a site whose message says where the unsafe value comes
// from; request data makes it a failure, anything else a "review this".
func (s *pyScanner) addTainted(rule string, at pysource.Token, what string, src *taint, fix string) {
	msg := what + ": " + fix
	if src != nil {
		if src.request {
			msg = what + "; " + src.describe(s.rel) + ": " + fix
		} else {
			msg = "review this: " + what + "; " + src.describe(s.rel) + ": " + fix
		}
	}
	s.add(rule, at, msg, false)
	if src != nil && src.request {
		s.sites[len(s.sites)-1].FromRequest = true
	}
}

// clear records a sink judged safe, so a measurement can tell "looked and
// found safe" from "never looked" (Options.Cleared).
func (s *pyScanner) clear(i int, kind, why string) {
	s.cleared = append(s.cleared, Site{Rule: kind, File: s.rel, Line: s.line[i].Start.Line, Col: s.line[i].Start.Col, Message: why})
}

// extraSite reports .extra(): a finding when any SQL piece is built from
// unsafe values, otherwise a review note because extra() is deprecated.
func (s *pyScanner) extraSite(i int) {
	s.sqlSink = true
	defer func() { s.sqlSink = false }()
	line := s.line[i].Start.Line
	for _, a := range s.callArgs(i + 1) {
		if a.keyword == "params" || a.keyword == "select_params" {
			continue
		}
		for _, e := range flattenSQLPieces(s.argExpr(a)) {
			if b := s.built(e, line, 0); b != nil {
				s.addTainted(b.sqlRule(), s.line[i], b.describe()+" flows into .extra()", b.src, "pass values through params")
				return
			}
		}
	}
	s.add(RuleSQLExtraReview, s.line[i], ".extra() is deprecated: review it and move to annotate()/filter() or RawSQL with params", true)
}

// flattenSQLPieces returns the SQL strings of an .extra() argument: the
// keys and values of select={...}, the elements of where=[...].
func flattenSQLPieces(e pysource.Expr) []pysource.Expr {
	switch e := e.(type) {
	case *pysource.Dict:
		out := append([]pysource.Expr(nil), e.Values...)
		for _, k := range e.Keys {
			if k != nil {
				out = append(out, k)
			}
		}
		return out
	case *pysource.List:
		return e.Elts
	case *pysource.Tuple:
		return e.Elts
	case *pysource.Comp:
		// select={"v_%s" % c: "%s.%s" % (t, c) for c in cols}
		if e.Key != nil {
			return []pysource.Expr{e.Key, e.Elt}
		}
		return []pysource.Expr{e.Elt}
	}
	return []pysource.Expr{e}
}

func (s *pyScanner) markSafeSite(i int, fn string) {
	a, ok := sqlArg(s.callArgs(i+1), "s", "value")
	if !ok {
		return
	}
	e := s.argExpr(a)
	if isLiteral(e) {
		s.clear(i, ClearedMarkSafe, "a literal the author wrote")
		return
	}
	line := s.line[i].Start.Line
	t := s.taintOf(e, line, 0)
	if t == nil {
		s.clear(i, ClearedMarkSafe, "built only from literals, constants, translations, numbers or escaped values")
		return
	}
	var what string
	if b := s.built(e, line, 0); b != nil {
		what = fmt.Sprintf("%s on %s, nothing in it escaped", fn, b.describe())
		t = b.src
	} else {
		what = fmt.Sprintf("%s on %s, output unescaped", fn, quoteOne(t.value))
	}
	s.addTainted(RuleXSSMarkSafe, s.line[i], what, t, "build it with format_html() or escape() what is not yours")
}

// csrfSite reports @csrf_exempt, csrf_exempt(view), method_decorator(csrf_exempt)
// and view.csrf_exempt = True.
func (s *pyScanner) csrfSite(i int, attr, call bool) {
	at := s.line[i]
	switch {
	case attr && s.is(i+1, pysource.TokOp, "="):
		s.add(RuleCSRFExempt, at, "setting .csrf_exempt on a view turns CSRF protection off for it", false)
	case s.is(i-1, pysource.TokOp, "@") || (attr && s.is(0, pysource.TokOp, "@") && !call):
		s.add(RuleCSRFExempt, at, "@csrf_exempt: this view accepts form posts from any website", false)
	case attr && !call:
		return // reading the attribute, e.g. getattr-style checks
	case call:
		view := "the view"
		if args := s.callArgs(i + 1); len(args) > 0 {
			if names := exprNames(s.argExpr(args[0])); len(names) > 0 {
				view = "`" + names[0] + "`"
			}
		}
		s.add(RuleCSRFExempt, at, "csrf_exempt wraps "+view+": it accepts form posts from any website", false)
	default:
		s.add(RuleCSRFExempt, at, "csrf_exempt is applied here: the view accepts form posts from any website", false)
	}
}

// isSafeSite reports filter(..., is_safe=True) and func.is_safe = True.
func (s *pyScanner) isSafeSite(i int, attr bool) {
	if !s.is(i+1, pysource.TokOp, "=") || !s.is(i+2, pysource.TokName, "True") {
		return
	}
	if attr {
		if s.line[0].Off < s.line[i].Off && s.is(len(s.line)-1, pysource.TokName, "True") && i+3 == len(s.line) {
			s.add(RuleXSSFilterIsSafe, s.line[i], "is_safe = True: the filter's output stays marked safe; make sure it escapes what it adds", false)
		}
		return
	}
	// A keyword argument: find the call it belongs to.
	depth := 0
	for j := i - 1; j > 0; j-- {
		t := s.line[j]
		if t.Kind != pysource.TokOp {
			continue
		}
		switch s.text(t) {
		case ")", "]", "}":
			depth++
		case "[", "{":
			depth--
		case "(":
			if depth > 0 {
				depth--
				continue
			}
			if s.is(j-1, pysource.TokName, "filter") {
				s.add(RuleXSSFilterIsSafe, s.line[j-1], "filter registered with is_safe=True: its output stays marked safe; make sure it escapes what it adds", false)
			}
			return
		}
	}
}
