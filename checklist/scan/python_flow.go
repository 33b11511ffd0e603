package scan

import (
	"fmt"
	"sort"
	"strings"

	"github.com/djharden/djharden/checklist/pysource"
)

// How a string was built from non-constant values.
const (
	buildFString = "f-string"
	buildFormat  = ".format()"
	buildPercent = "% formatting"
	buildConcat  = "+ concatenation"
	buildJoin    = "join()"
)

// builtString says how a string expression mixes in unsafe values.
type builtString struct {
	how   string   // one of the build* constants
	names []string // the variables that flow in, as written
	via   string   // the local variable that carries it, "" when direct
	line  int      // where the string was built
	// through lists intermediate variables: sql = base + where; where = f"..."
	through []string
	src     *taint // the worst unsafe value in it
}

func (b *builtString) sqlRule() string {
	switch b.how {
	case buildFString:
		return RuleSQLFString
	case buildFormat:
		return RuleSQLFormat
	case buildPercent:
		return RuleSQLPercent
	}
	return RuleSQLConcat
}

// describe renders "an f-string with `user_id`" or, through a variable,
// "`sql` (built with an f-string from `user_id` on line 12)".
func (b *builtString) describe() string {
	what := "a non-constant value"
	if len(b.names) > 0 {
		what = quoteList(b.names)
	}
	how := b.how
	switch how {
	case buildFString:
		how = "an " + how
	case buildFormat, buildJoin:
		how = "a " + how
	}
	if b.via != "" {
		from := ""
		if len(b.through) > 0 {
			from = "via " + quoteList(b.through) + ", "
		}
		return fmt.Sprintf("`%s` (%sbuilt with %s from %s on line %d)", b.via, from, how, what, b.line)
	}
	return fmt.Sprintf("%s with %s", how, what)
}

// maxFlowDepth bounds how many local variables a value is followed through,
// maxFlowSteps how many assignments of one variable are looked at, so a
// generated file with thousands of "sql += ..." stays linear.
const (
	maxFlowDepth = 4
	maxFlowSteps = 64
)

// built reports whether e is a string built from unsafe values, directly
// or through a local variable assigned earlier (before line) in the same scope.
func (s *pyScanner) built(e pysource.Expr, line, depth int) *builtString {
	switch e := e.(type) {
	case *pysource.Str:
		if e.FString {
			if t := s.worstOf(e.Parts, line, depth); t != nil {
				return &builtString{how: buildFString, names: exprNames(e), src: t}
			}
		}
	case *pysource.Call:
		fn, ok := e.Func.(*pysource.Attr)
		if !ok || (fn.Name != "format" && fn.Name != "join") {
			return nil
		}
		args := append([]pysource.Expr(nil), e.Args...)
		for _, k := range e.Keywords {
			args = append(args, k.Value)
		}
		how := buildFormat
		if fn.Name == "join" {
			how = buildJoin
			args = append(args, fn.X)
		}
		if t := s.worstOf(args, line, depth); t != nil {
			return &builtString{how: how, names: namesOf(args), src: t}
		}
	case *pysource.BinOp:
		switch e.Op {
		case "%":
			if inner := s.built(e.X, line, depth); inner != nil {
				return inner
			}
			if t := s.taintOf(e.Y, line, depth); t != nil {
				return &builtString{how: buildPercent, names: exprNames(e.Y), src: t}
			}
		case "+":
			for _, side := range []pysource.Expr{e.X, e.Y} {
				if inner := s.built(side, line, depth); inner != nil {
					return inner
				}
			}
			if t := worse(s.taintOf(e.X, line, depth), s.taintOf(e.Y, line, depth)); t != nil {
				return &builtString{how: buildConcat, names: exprNames(e), src: t}
			}
		}
	case *pysource.IfExp:
		if b := s.built(e.Body, line, depth); b != nil {
			return b
		}
		return s.built(e.Else, line, depth)
	case *pysource.Name:
		return s.builtVia(e.ID, line, depth)
	case *pysource.Comp:
		// Each item of a comprehension is built like its element.
		if e.Key != nil {
			if b := s.built(e.Key, line, depth); b != nil {
				return b
			}
		}
		return s.built(e.Elt, line, depth)
	case *pysource.Bad:
		if c := bareGenerator(e); c != nil {
			return s.built(c, line, depth)
		}
		if b := badBuilt(e.Text); b != nil {
			b.src = &taint{value: exprLabel(e), origin: "an expression djharden does not follow"}
			return b
		}
	}
	return nil
}

// builtVia follows a local variable: the latest assignments before line,
// back to the last plain "=" (an earlier value was overwritten).
func (s *pyScanner) builtVia(name string, line, depth int) *builtString {
	if depth >= maxFlowDepth {
		return nil
	}
	sc := s.scopes[len(s.scopes)-1]
	assigns := s.assignsOf(sc, name)
	k := sort.Search(len(assigns), func(k int) bool { return assigns[k].line >= line }) - 1
	for steps := 0; k >= 0 && steps < maxFlowSteps; k, steps = k-1, steps+1 {
		a := assigns[k]
		v := s.assignValue(a)
		b := s.built(v, a.line, depth+1)
		if b == nil && a.op == "+=" {
			if t := s.taintOf(v, a.line, depth+1); t != nil {
				b = &builtString{how: buildConcat, names: exprNames(v), src: t}
			}
		}
		if b != nil {
			if b.via == "" {
				b.line = a.line
			} else {
				b.through = append([]string{b.via}, b.through...)
			}
			b.via = name
			return b
		}
		if a.op == "=" && sc.overrides(a, line) {
			return nil
		}
	}
	return nil
}

func (s *pyScanner) assignValue(a *pyAssign) pysource.Expr {
	if a.expr == nil {
		a.expr = s.parseRange(a.start, a.end)
	}
	return a.expr
}

// translationFuncs mark a literal for translation; the result is still text
// the author wrote: _("Saved.") is as constant as "Saved.".
var translationFuncs = map[string]bool{
	"_": true, "gettext": true, "gettext_lazy": true, "ugettext": true, "ugettext_lazy": true,
	"pgettext": true, "pgettext_lazy": true, "ngettext": true, "ngettext_lazy": true,
}

// isTranslatedLiteral reports whether e is _("literal") or a sibling.
func isTranslatedLiteral(e *pysource.Call) bool {
	fn, ok := e.Func.(*pysource.Name)
	if !ok || !translationFuncs[fn.ID] || len(e.Args) == 0 || len(e.Keywords) > 0 {
		return false
	}
	for _, a := range e.Args {
		if !isLiteral(a) {
			return false
		}
	}
	return true
}

// isLiteral reports whether e is made only of constants written in the source.
func isLiteral(e pysource.Expr) bool {
	switch e := e.(type) {
	case *pysource.Call:
		return isTranslatedLiteral(e)
	case *pysource.Const, *pysource.Num:
		return true
	case *pysource.Str:
		return !e.FString || len(e.Parts) == 0
	case *pysource.BinOp:
		return isLiteral(e.X) && isLiteral(e.Y)
	case *pysource.IfExp:
		return isLiteral(e.Body) && isLiteral(e.Else)
	case *pysource.BoolOp:
		for _, v := range e.Values {
			if !isLiteral(v) {
				return false
			}
		}
		return true
	case *pysource.Tuple:
		return allLiteral(e.Elts)
	case *pysource.List:
		return allLiteral(e.Elts)
	case *pysource.Set:
		return allLiteral(e.Elts)
	case *pysource.Dict:
		for _, k := range e.Keys {
			if k == nil { // a **spread
				return false
			}
		}
		return allLiteral(e.Keys) && allLiteral(e.Values)
	}
	return false
}

func allLiteral(es []pysource.Expr) bool {
	for _, v := range es {
		if !isLiteral(v) {
			return false
		}
	}
	return true
}

// badBuilt looks at the tokens of an expression the parser did not model
// (a comprehension, a lambda) for string formatting, so a dict comprehension
// of '%s' % x inside .extra(select=...) is still seen.
func badBuilt(text string) *builtString {
	src := []byte(text)
	toks := pysource.Tokenize(src)
	for k, t := range toks {
		tt := string(src[t.Off:t.End])
		switch t.Kind {
		case pysource.TokString:
			prefix := strings.ToLower(tt[:strings.IndexAny(tt, `'"`)+1])
			if strings.Contains(prefix, "f") && strings.Contains(tt, "{") {
				return &builtString{how: buildFString}
			}
			if k+1 < len(toks) && toks[k+1].Kind == pysource.TokOp && string(src[toks[k+1].Off:toks[k+1].End]) == "%" {
				return &builtString{how: buildPercent}
			}
		case pysource.TokName:
			if tt == "format" && k > 0 && k+1 < len(toks) &&
				string(src[toks[k-1].Off:toks[k-1].End]) == "." && string(src[toks[k+1].Off:toks[k+1].End]) == "(" {
				return &builtString{how: buildFormat}
			}
		}
	}
	return nil
}
