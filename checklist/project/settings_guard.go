package project

import "github.com/djharden/djharden/checklist/pysource"

// failClosedGuard handles `if <test>: raise ...`, the way settings refuse
// to start without a value from the environment:
//
//	SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
//	if not SECRET_KEY and not DEBUG:
//	    raise ImproperlyConfigured("Set DJANGO_SECRET_KEY")
//
// Code after the guard runs only when the test is false. When every part
// of the test but the ones on environment-read settings is known true (so
// with DEBUG off those decide), the guard fails closed: those settings are
// marked FailClosed, their value is whatever production supplies (unknown
// unless the env file gives it), and a `not NAME` part teaches that NAME is
// truthy from here on. It reports whether it handled the statement.
func (ev *evaluator) failClosedGuard(st *moduleState, c *pysource.Stmt) bool {
	if !raises(c.Body) {
		return false
	}
	parts := []pysource.Expr{c.Header}
	if b, ok := c.Header.(*pysource.BoolOp); ok && b.Op == "and" {
		parts = b.Values
	}
	var guarded []pysource.Expr
	for _, part := range parts {
		test := missingPart(part)
		name, _ := missingTest(test)
		s := st.ns[name]
		// DEBUG is the mode the guard tests, never the value it guards.
		if name != "" && name != "DEBUG" && s != nil && s.Env != nil && !s.EnvSet {
			guarded = append(guarded, test)
			continue
		}
		v := ev.evalExpr(st, part)
		if v.Kind == pysource.Unknown || !v.Truthy() {
			// A part that is false (or unknown) on its own: the guard does
			// not fire in production, or it is not about the environment.
			return false
		}
	}
	if len(guarded) == 0 {
		return false
	}
	for _, part := range guarded {
		name, truthy := missingTest(part)
		c := *st.ns[name]
		c.FailClosed = true
		c.Value = unknown
		c.EnvResolved, c.EnvDefault = false, false
		st.set(name, &c)
		if truthy {
			if st.truthy == nil {
				st.truthy = map[string]bool{}
			}
			st.truthy[name] = true
		}
	}
	return true
}

// missingPart returns the missing-value test of a guard part: the part
// itself, or the first alternative of an `or` that refuses more values
// besides a missing one, as djharden's block does:
//
//	if not DEBUG and (not SECRET_KEY or SECRET_KEY.startswith("django-insecure-")):
//
// When such a guard does not fire, the first alternative is false too.
func missingPart(part pysource.Expr) pysource.Expr {
	if b, ok := part.(*pysource.BoolOp); ok && b.Op == "or" && len(b.Values) > 0 {
		if name, _ := missingTest(b.Values[0]); name != "" {
			return b.Values[0]
		}
	}
	return part
}

// missingTest recognises a test that a name is missing: `not NAME` (then
// NAME is truthy when the test is false), `NAME is None`, `NAME == ""`.
func missingTest(e pysource.Expr) (name string, truthyWhenFalse bool) {
	switch x := e.(type) {
	case *pysource.UnaryOp:
		if n, ok := x.X.(*pysource.Name); ok && x.Op == "not" {
			return n.ID, true
		}
	case *pysource.Compare:
		n, ok := x.X.(*pysource.Name)
		if !ok || len(x.Ops) != 1 {
			return "", false
		}
		switch y := x.Ys[0].(type) {
		case *pysource.Const:
			if x.Ops[0] == "is" && y.Value == "None" {
				return n.ID, false
			}
		case *pysource.Str:
			if x.Ops[0] == "==" && y.Value == "" {
				return n.ID, true
			}
		}
	}
	return "", false
}

// raises reports whether a block raises at its top level.
func raises(body []pysource.Stmt) bool {
	for i := range body {
		if body[i].Kind == pysource.StmtOther && body[i].Keyword == "raise" {
			return true
		}
	}
	return false
}
