package pysource

import "strconv"

// blockCtx is where a statement sits for Assignments and Imports.
type blockCtx struct {
	block       string
	conditional bool
}

// walkModuleLevel visits the statements that run at import time: every
// block except def and class bodies, with the innermost block keyword and
// whether reaching the statement depends on a condition.
func walkModuleLevel(body []Stmt, ctx blockCtx, fn func(s *Stmt, ctx blockCtx)) {
	chain := "" // the head of the current if/for/while/try chain, to place "else"
	for i := range body {
		s := &body[i]
		if s.Kind != StmtBlock {
			fn(s, ctx)
			continue
		}
		switch s.Keyword {
		case "if", "for", "while", "try", "with", "match":
			chain = s.Keyword
		}
		if s.Keyword == "def" || s.Keyword == "async def" || s.Keyword == "class" {
			fn(s, ctx)
			continue
		}
		inner := blockCtx{block: s.Keyword, conditional: ctx.conditional}
		switch s.Keyword {
		case "try", "finally":
		case "else":
			// try's else runs whenever the try body did not fail.
			inner.conditional = ctx.conditional || chain != "try"
		default:
			inner.conditional = true
		}
		fn(s, ctx)
		walkModuleLevel(s.Body, inner, fn)
	}
}

// Assignments flattens the module's changes to names, in source order,
// descending into if/elif/else/try/except/finally/with/for/while/match blocks
// but not into def/class bodies.
//
// Conditional is false at top level and in try, finally and try-else
// bodies; true inside if/elif/else/for/while/with/match/case and except.
// A tuple target "a, b = v" gives one Assignment per name: with the
// matching element when v is a tuple or list display of the same length,
// otherwise v[i] (a Subscript of v by position). A subscript target keeps
// its keys in Path (string keys as their value, other keys as Format text).
func (m *Module) Assignments() []Assignment {
	var out []Assignment
	walkModuleLevel(m.Body, blockCtx{}, func(s *Stmt, ctx blockCtx) {
		mk := func(target Expr, op string, value Expr) {
			flattenTarget(target, value, func(name string, path []string, v Expr, at Pos) {
				out = append(out, Assignment{Name: name, Path: path, Op: op, Value: v, At: at,
					Conditional: ctx.conditional, Block: ctx.block})
			})
		}
		switch s.Kind {
		case StmtAssign:
			for _, t := range s.Targets {
				mk(t, "=", s.Value)
			}
		case StmtAnnAssign:
			if s.Value != nil && len(s.Targets) == 1 {
				mk(s.Targets[0], "=", s.Value)
			}
		case StmtAugAssign:
			if len(s.Targets) == 1 {
				mk(s.Targets[0], s.Op, s.Value)
			}
		case StmtExpr:
			if a, ok := listMethodCall(s.Value); ok {
				a.Conditional, a.Block = ctx.conditional, ctx.block
				out = append(out, a)
			}
		}
	})
	return out
}

// flattenTarget reports each name a target binds with its value.
func flattenTarget(target, value Expr, emit func(name string, path []string, v Expr, at Pos)) {
	switch t := target.(type) {
	case *Name:
		emit(t.ID, nil, value, t.At)
	case *Attr:
		if name := DottedName(t); name != "" {
			emit(name, nil, value, t.At)
		}
	case *Subscript:
		if name, path := subscriptPath(t); name != "" {
			emit(name, path, value, t.At)
		}
	case *Tuple:
		flattenSequence(t.Elts, value, emit)
	case *List:
		flattenSequence(t.Elts, value, emit)
	}
}

func flattenSequence(targets []Expr, value Expr, emit func(string, []string, Expr, Pos)) {
	var values []Expr
	switch v := value.(type) {
	case *Tuple:
		values = v.Elts
	case *List:
		values = v.Elts
	}
	starred := false
	for _, x := range append(append([]Expr{}, targets...), values...) {
		if _, ok := x.(*Starred); ok {
			starred = true
		}
	}
	for i, t := range targets {
		if _, ok := t.(*Starred); ok {
			continue
		}
		var v Expr
		switch {
		case !starred && len(values) == len(targets):
			v = values[i]
		case starred:
			v = &Bad{At: value.Pos(), Text: "<unpacked with a starred item>"}
		default:
			v = &Subscript{At: value.Pos(), X: value, Index: &Num{At: value.Pos(), Text: strconv.Itoa(i)}}
		}
		flattenTarget(t, v, emit)
	}
}

// subscriptPath turns A["x"]["y"] into ("A", ["x", "y"]).
func subscriptPath(t *Subscript) (string, []string) {
	var rev []string
	var e Expr = t
	for {
		s, ok := e.(*Subscript)
		if !ok {
			break
		}
		rev = append(rev, indexKey(s.Index))
		e = s.X
	}
	name := DottedName(e)
	path := make([]string, len(rev))
	for i := range rev {
		path[i] = rev[len(rev)-1-i]
	}
	return name, path
}

func indexKey(e Expr) string {
	if s, ok := e.(*Str); ok && !s.FString {
		return s.Value
	}
	return Format(e)
}

// listMethodCall recognises X.append(v), X.insert(i, v), X.extend(v) and X.remove(v).
func listMethodCall(e Expr) (Assignment, bool) {
	c, ok := e.(*Call)
	if !ok || len(c.Keywords) > 0 {
		return Assignment{}, false
	}
	attr, ok := c.Func.(*Attr)
	if !ok {
		return Assignment{}, false
	}
	var name string
	var path []string
	switch x := attr.X.(type) {
	case *Subscript:
		name, path = subscriptPath(x)
	default:
		name = DottedName(x)
	}
	if name == "" {
		return Assignment{}, false
	}
	a := Assignment{Name: name, Path: path, Op: attr.Name, At: attr.X.Pos()}
	switch attr.Name {
	case "append", "extend", "remove":
		if len(c.Args) != 1 {
			return Assignment{}, false
		}
		a.Value = c.Args[0]
	case "insert":
		if len(c.Args) != 2 {
			return Assignment{}, false
		}
		a.Index, a.Value = c.Args[0], c.Args[1]
	default:
		return Assignment{}, false
	}
	return a, true
}

// Imports returns every import in source order with the innermost block
// keyword it sits in; imports inside def/class bodies are left out (they
// do not run when the module is imported).
func (m *Module) Imports() []ImportAt { return outline(m.Groups()).Imports }

// ImportAt is an import with where it sits.
type ImportAt struct {
	Import
	At    Pos
	Block string // "" at top level, "try", "except", "if", ...
}
