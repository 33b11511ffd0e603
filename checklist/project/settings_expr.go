package project

import "github.com/djharden/djharden/checklist/pysource"

// evalExpr computes an expression's value over the namespace so far. It
// walks displays, "+", and/or, not, conditional expressions and subscripts
// itself so environment reads nested in them are resolved; everything
// else goes to pysource.Literal with a lookup over the names set so far.
func (ev *evaluator) evalExpr(st *moduleState, e pysource.Expr) pysource.Value {
	if n, ok := e.(*pysource.Name); ok {
		// A name's value was bounded when it was built: counting it
		// again on every use would make reassignments quadratic.
		if s := st.ns[n.ID]; s != nil {
			return s.Value
		}
	}
	v := ev.evalExprUncapped(st, e)
	if nodes(v, maxItems) > maxItems {
		return unknown
	}
	return v
}

// nodes counts the values inside v, stopping once past limit.
func nodes(v pysource.Value, limit int) int {
	n := 1
	for _, it := range v.Items {
		if n > limit {
			break
		}
		n += nodes(it, limit-n)
	}
	return n + len(v.Keys)
}

func (ev *evaluator) evalExprUncapped(st *moduleState, e pysource.Expr) pysource.Value {
	if e == nil {
		return unknown
	}
	if r, ok := pysource.EnvReadOf(e, st.ctx); ok {
		v, _, _ := ev.resolveEnv(st, r, e)
		return v
	}
	if v, ok := ev.moduleAttr(st, e); ok {
		return v
	}
	switch x := e.(type) {
	case *pysource.Name:
		if s := st.ns[x.ID]; s != nil {
			return s.Value // shared: every change clones before it writes
		}
		return unknown
	case *pysource.List:
		return ev.sequence(st, pysource.ListVal, x.Elts)
	case *pysource.Tuple:
		return ev.sequence(st, pysource.TupleVal, x.Elts)
	case *pysource.Set:
		return ev.sequence(st, pysource.SetVal, x.Elts)
	case *pysource.Dict:
		out := pysource.Value{Kind: pysource.DictVal}
		for i, k := range x.Keys {
			if k == nil { // **spread
				spread := ev.evalExpr(st, x.Values[i])
				if spread.Kind != pysource.DictVal {
					return unknown
				}
				for j, sk := range spread.Keys {
					out = setPath(out, []pysource.Value{sk}, spread.Items[j])
				}
				continue
			}
			key := ev.evalExpr(st, k)
			if key.Kind == pysource.Unknown {
				return unknown
			}
			out = setPath(out, []pysource.Value{key}, ev.evalExpr(st, x.Values[i]))
		}
		return out
	case *pysource.BinOp:
		if x.Op == "+" {
			return ev.binary(st, ev.evalExpr(st, x.X), "+", ev.evalExpr(st, x.Y), false)
		}
	case *pysource.BoolOp:
		return ev.boolOp(st, x)
	case *pysource.UnaryOp:
		if x.Op == "not" {
			if n, ok := x.X.(*pysource.Name); ok && st.truthy[n.ID] {
				return pysource.Value{Kind: pysource.BoolVal, Bool: false}
			}
			v := ev.evalExpr(st, x.X)
			if v.Kind == pysource.Unknown {
				return unknown
			}
			return pysource.Value{Kind: pysource.BoolVal, Bool: !v.Truthy()}
		}
	case *pysource.IfExp:
		test := ev.evalExpr(st, x.Test)
		if test.Kind == pysource.Unknown {
			return unknown
		}
		if test.Truthy() {
			return ev.evalExpr(st, x.Body)
		}
		return ev.evalExpr(st, x.Else)
	case *pysource.Subscript:
		return index(ev.evalExpr(st, x.X), ev.evalExpr(st, x.Index))
	case *pysource.Call:
		if v, ok := ev.formatCall(st, x); ok {
			return v
		}
	case *pysource.Str:
		if x.FString && len(x.Parts) > 0 && !x.Bytes {
			return ev.fString(st, x)
		}
	}
	return pysource.Literal(e, st.lookup)
}

// lookup resolves names for pysource.Literal: known values only.
func (st *moduleState) lookup(name string) (pysource.Value, bool) {
	s := st.ns[name]
	if s == nil || s.Value.Kind == pysource.Unknown {
		return unknown, false
	}
	return s.Value, true
}

// sequence evaluates a list, tuple or set display; *starred elements splice.
func (ev *evaluator) sequence(st *moduleState, kind pysource.ValueKind, elts []pysource.Expr) pysource.Value {
	out := pysource.Value{Kind: kind, Items: []pysource.Value{}}
	for _, el := range elts {
		if star, ok := el.(*pysource.Starred); ok {
			v := ev.evalExpr(st, star.X)
			if !isSequence(v) && v.Kind != pysource.SetVal {
				return unknown
			}
			out.Items = append(out.Items, v.Items...)
			if len(out.Items) > maxItems {
				return unknown
			}
			continue
		}
		if out.Items = append(out.Items, ev.evalExpr(st, el)); len(out.Items) > maxItems {
			return unknown
		}
	}
	return out
}

// maxItems bounds the containers the evaluator builds: settings hold a
// few dozen entries, and `A = [*A, *A]` repeated must not eat the memory.
const maxItems = 10000

// boolOp is Python's and/or: the first operand that decides, as is.
func (ev *evaluator) boolOp(st *moduleState, x *pysource.BoolOp) pysource.Value {
	var v pysource.Value
	for i, operand := range x.Values {
		v = ev.evalExpr(st, operand)
		if v.Kind == pysource.Unknown {
			return unknown
		}
		last := i == len(x.Values)-1
		if !last && v.Truthy() == (x.Op == "or") {
			return v
		}
	}
	return v
}

// binary computes a op b for values already computed. inPlace is "+=",
// where a list also accepts a tuple on the right (list.extend).
func (ev *evaluator) binary(st *moduleState, a pysource.Value, op string, b pysource.Value, inPlace bool) pysource.Value {
	if a.Kind == pysource.Unknown || b.Kind == pysource.Unknown {
		return unknown
	}
	if op == "+" {
		switch {
		case (a.Kind == pysource.ListVal || a.Kind == pysource.TupleVal) && a.Kind == b.Kind,
			inPlace && a.Kind == pysource.ListVal && b.Kind == pysource.TupleVal:
			if len(a.Items)+len(b.Items) > maxItems {
				return unknown
			}
			out := cloneValue(a)
			out.Items = append(out.Items, cloneValue(b).Items...)
			return out
		case a.Kind == pysource.StrVal && b.Kind == pysource.StrVal:
			return pysource.Value{Kind: pysource.StrVal, Str: a.Str + b.Str}
		}
	}
	if op == "|" && a.Kind == pysource.DictVal && b.Kind == pysource.DictVal {
		out := cloneValue(a)
		for i, k := range b.Keys {
			out = setPath(out, []pysource.Value{k}, b.Items[i])
		}
		return out
	}
	// Numbers and the rest: let the literal evaluator do the arithmetic
	// on two placeholders bound to the computed values.
	lookup := func(name string) (pysource.Value, bool) {
		switch name {
		case "__djharden_a":
			return a, true
		case "__djharden_b":
			return b, true
		}
		return unknown, false
	}
	return pysource.Literal(&pysource.BinOp{Op: op, X: &pysource.Name{ID: "__djharden_a"}, Y: &pysource.Name{ID: "__djharden_b"}}, lookup)
}

// index is v[k] for dicts (by key), lists and tuples (by int).
func index(v, k pysource.Value) pysource.Value {
	switch v.Kind {
	case pysource.DictVal:
		for i, key := range v.Keys {
			if valueEqual(key, k) {
				return v.Items[i]
			}
		}
	case pysource.ListVal, pysource.TupleVal:
		if k.Kind == pysource.IntVal {
			i := int(k.Int)
			if i < 0 {
				i += len(v.Items)
			}
			if i >= 0 && i < len(v.Items) {
				return v.Items[i]
			}
		}
	}
	return unknown
}
