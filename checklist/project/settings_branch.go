package project

import (
	"slices"

	"github.com/djharden/djharden/checklist/pysource"
)

// maxAlternatives bounds the values one setting may have on the paths
// through undecided branches; past it the value is unknown.
const maxAlternatives = 16

// execUndecided runs the clauses of an if whose test the evaluator cannot
// decide (clauses[0] is the first such test; an else may end them). Each
// clause starts from the state before the if, as Python runs exactly one
// of them, and the paths are joined (join): a name some path leaves
// different keeps the value of the last clause that sets it, and the
// values of the other paths (the state before, when no clause runs or a
// clause does not set it) become its Alternatives.
func (ev *evaluator) execUndecided(st *moduleState, clauses []pysource.Stmt) {
	paths := make([]func(), len(clauses))
	for k := range clauses {
		paths[k] = func() { ev.execConditional(st, clauses[k].Body) }
	}
	ev.join(st, paths, clauses[len(clauses)-1].Keyword == "else", func() Location { return ev.loc(st, clauses[0].At) })
}

// execOverValues runs a simple statement that reads a name with
// Alternatives once per value of that name, and joins the results, so a
// later `MIDDLEWARE.append(...)` or `A = [*A, x]` changes every path, not
// only the last one. A statement reading two such names makes what it
// changes unknown (the paths would multiply).
func (ev *evaluator) execOverValues(st *moduleState, s *pysource.Stmt) {
	if !st.alternatives { // no join has left a name with several values yet
		ev.execSimple(st, s)
		return
	}
	var multi []string
	read := func(e pysource.Expr) {
		pysource.Inspect(e, func(x pysource.Expr) bool {
			if n, ok := x.(*pysource.Name); ok {
				if v := st.ns[n.ID]; v != nil && len(v.Alternatives) > 0 && !slices.Contains(multi, n.ID) {
					multi = append(multi, n.ID)
				}
			}
			return true
		})
	}
	read(s.Value)
	for _, t := range s.Targets {
		if _, plain := t.(*pysource.Name); !plain || s.Kind == pysource.StmtAugAssign {
			read(t)
		}
	}
	switch {
	case len(multi) == 0:
		ev.execSimple(st, s)
		return
	case len(multi) > 1:
		for name := range st.journaled(func() { ev.execSimple(st, s) }) {
			if cur := st.ns[name]; cur != nil {
				c := *cur
				c.Value, c.Alternatives, c.Conditional = unknown, nil, true
				st.ns[name] = &c
			}
		}
		return
	}
	name := multi[0]
	orig := st.ns[name]
	values := append(append([]pysource.Value(nil), orig.Alternatives...), orig.Value) // the primary value last: join keeps the last path's
	paths := make([]func(), len(values))
	for k, v := range values {
		paths[k] = func() {
			one := *orig
			one.Value, one.Alternatives = v, nil
			st.set(name, &one)
			ev.execSimple(st, s)
		}
	}
	ev.join(st, paths, true, func() Location { return *orig.Branch })
}

// join runs each path from the same state and joins what they leave: for
// every name a path changes, the value of the last path that sets it,
// with the values the others leave (the state before for a path that does
// not set it, and for the way around every path when not exhaustive) as
// Alternatives, hung on the branch at names. An enclosing join's journal
// learns the state before.
func (ev *evaluator) join(st *moduleState, paths []func(), exhaustive bool, at func() Location) {
	// What the paths report once each (the same statement run per value
	// would say the same thing several times).
	np, nu, ni := len(ev.problems), len(ev.unread), len(ev.includes)
	defer func() {
		ev.problems = append(ev.problems[:np], uniq(ev.problems[np:])...)
		ev.unread = append(ev.unread[:nu], uniq(ev.unread[nu:])...)
		ev.includes = append(ev.includes[:ni], uniq(ev.includes[ni:])...)
	}()
	before := map[string]*Setting{} // the binding before of every name a path changes
	ends := make([]map[string]*Setting, len(paths))
	for k, run := range paths {
		changed := st.journaled(run)
		ends[k] = make(map[string]*Setting, len(changed))
		for name, old := range changed {
			ends[k][name] = st.ns[name]
			if _, seen := before[name]; !seen {
				before[name] = old
			}
			bindTo(st, name, old) // the next path starts where this one did
		}
	}
	var branch *Location
	for name, prev := range before {
		var primary *Setting
		for k := len(ends) - 1; k >= 0 && primary == nil; k-- {
			primary = ends[k][name]
		}
		if primary == nil { // every path that set it unbound it again
			bindTo(st, name, prev)
			continue
		}
		var others []*Setting // nil: unset on that path
		for k := range ends {
			if s, set := ends[k][name]; !set {
				others = append(others, prev)
			} else if s != primary {
				others = append(others, s)
			}
		}
		if !exhaustive {
			others = append(others, prev)
		}
		joined := *primary
		joined.Conditional = true
		joined.Alternatives = nil
		for _, o := range others {
			ev.addAlternatives(&joined, name, o)
		}
		if setters := countSetters(ends, name); setters > 1 {
			joined.History = joinHistory(prev, ends, name)
		} // else the one path's history already continues prev's
		if len(joined.Alternatives) > maxAlternatives {
			joined.Value, joined.Alternatives = unknown, nil
		}
		if len(joined.Alternatives) > 0 {
			st.alternatives = true
			if joined.Branch == nil {
				if branch == nil {
					l := at()
					branch = &l
				}
				joined.Branch = branch
			}
		}
		st.ns[name] = &joined
	}
}

// journaled runs run with a journal of its own and returns it: what run
// changed, bound as it was before. An enclosing journal learns those
// bindings too, so the clause around this one can be undone whole.
func (st *moduleState) journaled(run func()) map[string]*Setting {
	outer := st.journal
	st.journal = map[string]*Setting{}
	run()
	changed := st.journal
	st.journal = outer
	for name, old := range changed {
		if outer != nil {
			if _, noted := outer[name]; !noted {
				outer[name] = old
			}
		}
	}
	return changed
}

// countSetters is how many paths bound name.
func countSetters(ends []map[string]*Setting, name string) int {
	n := 0
	for _, end := range ends {
		if end[name] != nil {
			n++
		}
	}
	return n
}

// joinHistory is the history before the join, then the assignments each
// path added, in path (source) order: a reader replaying a setting's
// changes (apply keeps every ALLOWED_HOSTS entry) sees every branch.
func joinHistory(prev *Setting, ends []map[string]*Setting, name string) []Location {
	var out []Location
	if prev != nil {
		out = append(out, prev.History...)
	}
	base := len(out)
	for _, end := range ends {
		s := end[name]
		if s == nil {
			continue
		}
		for _, l := range s.History {
			if !slices.Contains(out[base:], l) && !slices.Contains(out[:base], l) {
				out = append(out, l)
			}
		}
	}
	if len(out) > maxHistory {
		out = out[len(out)-maxHistory:]
	}
	return out[:len(out):len(out)]
}

// addAlternatives adds the values o has (its own alternatives too) that s
// does not have yet; o nil is the setting left unset: Django's default for
// a setting, unknown for any other name.
func (ev *evaluator) addAlternatives(s *Setting, name string, o *Setting) {
	var vals []pysource.Value
	switch {
	case o != nil:
		vals = append([]pysource.Value{o.Value}, o.Alternatives...)
	case isSettingName(name):
		v, known := Defaults(ev.p.Django.Checked())[name]
		if !known {
			v = unknown
		}
		vals = []pysource.Value{v}
	default:
		vals = []pysource.Value{unknown}
	}
	for _, v := range vals {
		if identical(v, s.Value) {
			continue
		}
		dup := false
		for _, a := range s.Alternatives {
			dup = dup || identical(a, v) || a.Kind == pysource.Unknown && v.Kind == pysource.Unknown
		}
		if !dup {
			s.Alternatives = append(s.Alternatives, v)
		}
	}
}

// bindTo restores a binding (nil: unbound).
func bindTo(st *moduleState, name string, s *Setting) {
	if s == nil {
		delete(st.ns, name)
		return
	}
	st.ns[name] = s
}

// identical reports whether two values are the same value of the same
// type (True and 1 differ: Django tests some settings with `is True`).
// Values that share their items are identical without a walk; large ones
// that do not are taken as different.
func identical(a, b pysource.Value) bool {
	if a.Kind != b.Kind || a.Kind == pysource.Unknown || a.Bool != b.Bool || a.Int != b.Int || a.Str != b.Str || len(a.Items) != len(b.Items) || len(a.Keys) != len(b.Keys) {
		return false
	}
	if a.Float != b.Float && !(a.Float != a.Float && b.Float != b.Float) {
		return false
	}
	if len(a.Items) > 0 && &a.Items[0] == &b.Items[0] && (len(a.Keys) == 0 || &a.Keys[0] == &b.Keys[0]) {
		return true
	}
	return len(a.Items)+len(a.Keys) <= 256 && sameItems(a, b, identical)
}

// uniq drops the repeats of earlier elements, keeping the order.
func uniq[T comparable](xs []T) []T {
	var out []T
	for _, x := range xs {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}
