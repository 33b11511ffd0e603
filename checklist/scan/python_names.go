package scan

import (
	"strings"

	"github.com/djharden/djharden/checklist/pysource"
)

// exprNames lists the variables (dotted names) in e, in order, without repeats.
func exprNames(e pysource.Expr) []string {
	var out []string
	seen := map[string]bool{}
	var walk func(pysource.Expr)
	walk = func(e pysource.Expr) {
		if len(out) >= 3 {
			return
		}
		switch e := e.(type) {
		case *pysource.Name:
			if !seen[e.ID] {
				seen[e.ID] = true
				out = append(out, e.ID)
			}
		case *pysource.Attr:
			if d := dotted(e); d != "" {
				if !seen[d] {
					seen[d] = true
					out = append(out, d)
				}
				return
			}
			walk(e.X)
		case *pysource.Str:
			for _, p := range e.Parts {
				walk(p)
			}
		case *pysource.Call:
			for _, a := range e.Args {
				walk(a)
			}
			for _, k := range e.Keywords {
				walk(k.Value)
			}
			if len(e.Args) == 0 && len(e.Keywords) == 0 {
				if fn, ok := e.Func.(*pysource.Attr); ok {
					walk(fn.X) // self.field.errors.as_ul(): name the object
				}
			}
		case *pysource.BinOp:
			walk(e.X)
			walk(e.Y)
		case *pysource.UnaryOp:
			walk(e.X)
		case *pysource.Subscript:
			walk(e.X)
		case *pysource.Tuple:
			for _, x := range e.Elts {
				walk(x)
			}
		case *pysource.List:
			for _, x := range e.Elts {
				walk(x)
			}
		case *pysource.Dict:
			for _, x := range e.Values {
				walk(x)
			}
		case *pysource.IfExp:
			walk(e.Body)
			walk(e.Else)
		case *pysource.BoolOp:
			for _, x := range e.Values {
				walk(x)
			}
		case *pysource.Starred:
			walk(e.X)
		}
	}
	walk(e)
	return out
}

func namesOf(es []pysource.Expr) []string {
	return exprNames(&pysource.Tuple{Elts: es})
}

// dotted returns "a.b.c" for a Name/Attr chain, "" otherwise.
func dotted(e pysource.Expr) string {
	switch e := e.(type) {
	case *pysource.Name:
		return e.ID
	case *pysource.Attr:
		if x := dotted(e.X); x != "" {
			return x + "." + e.Name
		}
	}
	return ""
}

// quoteList renders names as "`a`, `b` and `c`".
func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = "`" + n + "`"
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " and " + q[len(q)-1]
}
