package pysource

import "strings"

// Walk calls fn for every statement of body in source order, descending
// into every block, def and class bodies included. parents holds the
// enclosing block statements, outermost first (the slice is reused: copy it
// to keep it). When fn returns false the statement's body is skipped.
//
// The code scanner uses it to see calls inside functions together with the
// function's own statements (the innermost "def" parent).
func Walk(body []Stmt, fn func(s *Stmt, parents []*Stmt) bool) {
	walk(body, fn, make([]*Stmt, 0, 8))
}

func walk(body []Stmt, fn func(*Stmt, []*Stmt) bool, parents []*Stmt) {
	for i := range body {
		s := &body[i]
		if fn(s, parents) && len(s.Body) > 0 {
			walk(s.Body, fn, append(parents, s))
		}
	}
}

// Inspect calls fn for e and every expression inside it, depth first, in
// source order (f-string replacement fields included). When fn returns
// false the children of that expression are skipped. nil is ignored.
func Inspect(e Expr, fn func(Expr) bool) {
	inspect(e, fn, 0)
}

func inspect(e Expr, fn func(Expr) bool, depth int) {
	if e == nil || depth > 4*maxDepth || !fn(e) {
		return
	}
	d := depth + 1
	all := func(list []Expr) {
		for _, x := range list {
			inspect(x, fn, d)
		}
	}
	switch e := e.(type) {
	case *Str:
		all(e.Parts)
	case *Attr:
		inspect(e.X, fn, d)
	case *Call:
		inspect(e.Func, fn, d)
		all(e.Args)
		for _, k := range e.Keywords {
			inspect(k.Value, fn, d)
		}
	case *Subscript:
		inspect(e.X, fn, d)
		inspect(e.Index, fn, d)
	case *List:
		all(e.Elts)
	case *Tuple:
		all(e.Elts)
	case *Set:
		all(e.Elts)
	case *Dict:
		for i := range e.Keys {
			inspect(e.Keys[i], fn, d)
			inspect(e.Values[i], fn, d)
		}
	case *BinOp:
		inspect(e.X, fn, d)
		inspect(e.Y, fn, d)
	case *UnaryOp:
		inspect(e.X, fn, d)
	case *BoolOp:
		all(e.Values)
	case *Compare:
		inspect(e.X, fn, d)
		all(e.Ys)
	case *IfExp:
		inspect(e.Body, fn, d)
		inspect(e.Test, fn, d)
		inspect(e.Else, fn, d)
	case *Comp:
		inspect(e.Key, fn, d)
		inspect(e.Elt, fn, d)
		inspect(e.Target, fn, d)
		inspect(e.Iter, fn, d)
		all(e.Ifs)
	case *Starred:
		inspect(e.X, fn, d)
	}
}

// Exprs returns the expressions held directly by the statement (not by
// its body): decorators, parameter defaults and annotations, targets,
// header, value and annotation, in source order.
func (s *Stmt) Exprs() []Expr {
	var out []Expr
	add := func(e Expr) {
		if e != nil {
			out = append(out, e)
		}
	}
	for _, d := range s.Decorators {
		add(d)
	}
	for _, p := range s.Params {
		add(p.Annotation)
		add(p.Default)
	}
	if s.Kind == StmtBlock && (s.Keyword == "for" || s.Keyword == "with" || s.Keyword == "except") {
		add(s.Header)
		for _, t := range s.Targets {
			add(t)
		}
	} else {
		for _, t := range s.Targets {
			add(t)
		}
		add(s.Header)
	}
	add(s.Annotation)
	add(s.Value)
	return out
}

// DottedName returns "a.b.c" for a Name/Attr chain, "" otherwise.
func DottedName(e Expr) string {
	var parts []string
	for {
		switch x := e.(type) {
		case *Name:
			parts = append(parts, x.ID)
			for i, j := 0, len(parts)-1; i < j; i, j = i+1, j-1 {
				parts[i], parts[j] = parts[j], parts[i]
			}
			return strings.Join(parts, ".")
		case *Attr:
			parts = append(parts, x.Name)
			e = x.X
		default:
			return ""
		}
	}
}

// SequenceElts returns the elements of a list or tuple display, and
// whether e is one.
func SequenceElts(e Expr) ([]Expr, bool) {
	switch x := e.(type) {
	case *List:
		return x.Elts, true
	case *Tuple:
		return x.Elts, true
	}
	return nil, false
}
