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
)

// builtString says how a string expression mixes in non-constant values.
type builtString struct {
	how   string   // one of the build* constants
	names []string // the variables that flow in, as written
	via   string   // the local variable that carries it, "" when direct
	line  int      // where the string was built
	// through lists intermediate variables: sql = base + where; where = f"..."
	through []string
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
	case buildFormat:
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
	maxFlowDepth = 3
	maxFlowSteps = 64
)

// built reports whether e is a string built from non-constant values, directly
// or through a local variable assigned earlier (before line) in the same scope.
func (s *pyScanner) built(e pysource.Expr, line, depth int) *builtString {
	switch e := e.(type) {
	case *pysource.Str:
		if e.FString && s.anyDynamic(e.Parts, line, depth) {
			return &builtString{how: buildFString, names: exprNames(e)}
		}
	case *pysource.Call:
		if fn, ok := e.Func.(*pysource.Attr); ok && fn.Name == "format" {
			args := append([]pysource.Expr(nil), e.Args...)
			for _, k := range e.Keywords {
				args = append(args, k.Value)
			}
			if s.anyDynamic(args, line, depth) {
				return &builtString{how: buildFormat, names: namesOf(args)}
			}
		}
	case *pysource.BinOp:
		switch e.Op {
		case "%":
			if inner := s.built(e.X, line, depth); inner != nil {
				return inner
			}
			if s.dynamic(e.Y, line, depth) {
				return &builtString{how: buildPercent, names: exprNames(e.Y)}
			}
		case "+":
			for _, side := range []pysource.Expr{e.X, e.Y} {
				if inner := s.built(side, line, depth); inner != nil {
					return inner
				}
			}
			if s.dynamic(e.X, line, depth) || s.dynamic(e.Y, line, depth) {
				return &builtString{how: buildConcat, names: exprNames(e)}
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
		return badBuilt(e.Text)
	}
	return nil
}

// builtVia follows a local variable: the latest assignments before line,
// back to the last plain "=" (an earlier value was overwritten).
func (s *pyScanner) builtVia(name string, line, depth int) *builtString {
	if depth >= maxFlowDepth {
		return nil
	}
	assigns := s.scopes[len(s.scopes)-1].assigns[name]
	k := sort.Search(len(assigns), func(k int) bool { return assigns[k].line >= line }) - 1
	for steps := 0; k >= 0 && steps < maxFlowSteps; k, steps = k-1, steps+1 {
		a := assigns[k]
		v := s.assignValue(a)
		b := s.built(v, a.line, depth+1)
		if b == nil && a.op == "+=" && s.dynamic(v, a.line, depth+1) {
			b = &builtString{how: buildConcat, names: exprNames(v)}
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
		if a.op == "=" {
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

func (s *pyScanner) anyDynamic(es []pysource.Expr, line, depth int) bool {
	for _, e := range es {
		if s.dynamic(e, line, depth) {
			return true
		}
	}
	return false
}

// dynamic reports whether e may hold a value not written in the source: a
// variable, a call, an attribute. A local variable only ever assigned a
// literal before line counts as constant.
func (s *pyScanner) dynamic(e pysource.Expr, line, depth int) bool {
	switch e := e.(type) {
	case nil:
		return false
	case *pysource.Const, *pysource.Num:
		return false
	case *pysource.Str:
		return e.FString && s.anyDynamic(e.Parts, line, depth)
	case *pysource.Tuple:
		return s.anyDynamic(e.Elts, line, depth)
	case *pysource.List:
		return s.anyDynamic(e.Elts, line, depth)
	case *pysource.BinOp:
		return s.dynamic(e.X, line, depth) || s.dynamic(e.Y, line, depth)
	case *pysource.UnaryOp:
		return s.dynamic(e.X, line, depth)
	case *pysource.IfExp:
		return s.dynamic(e.Body, line, depth) || s.dynamic(e.Else, line, depth)
	case *pysource.Dict:
		return s.anyDynamic(e.Values, line, depth) || s.anyDynamic(e.Keys, line, depth)
	case *pysource.Name:
		return !s.constantVar(e.ID, line, depth)
	case *pysource.Call:
		return !isTranslatedLiteral(e)
	}
	return true
}

// constantVar reports whether a local variable's value at line comes only
// from literals (table = "app_user"; ... % table is not an injection): the
// latest plain "=" before line and the "+=" after it.
func (s *pyScanner) constantVar(name string, line, depth int) bool {
	if depth >= maxFlowDepth {
		return false
	}
	assigns := s.scopes[len(s.scopes)-1].assigns[name]
	k := sort.Search(len(assigns), func(k int) bool { return assigns[k].line >= line }) - 1
	for steps := 0; k >= 0 && steps < maxFlowSteps; k, steps = k-1, steps+1 {
		a := assigns[k]
		if !isLiteral(s.assignValue(a)) {
			return false
		}
		if a.op == "=" {
			return true
		}
	}
	return false
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
		for _, v := range e.Elts {
			if !isLiteral(v) {
				return false
			}
		}
		return true
	}
	return false
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
