package project

import (
	"fmt"
	"slices"
	"strings"

	"github.com/djharden/djharden/checklist/pysource"
)

var unknown = pysource.Value{Kind: pysource.Unknown}

// execSimple applies one assignment, augmented assignment or list method call.
func (ev *evaluator) execSimple(st *moduleState, s *pysource.Stmt) {
	defer ev.globalCalls(st, s)
	if s.Value != nil && DynaconfLoad(s.Value) {
		at := ev.loc(st, s.At)
		ev.unread = append(ev.unread, Problem{File: at.File, Line: at.Line,
			Message: "dynaconf finishes the settings here from its settings files (settings.toml, .secrets.toml) and DJANGO_* environment variables, which djharden does not read: any setting may change"})
		return
	}
	switch s.Kind {
	case pysource.StmtAssign, pysource.StmtAnnAssign:
		if s.Value == nil {
			return
		}
		if slices.ContainsFunc(s.Targets, namespaceItem) {
			// globals()[name] = value: a setting whose name is not in the code.
			at := ev.loc(st, s.At)
			ev.unread = append(ev.unread, Problem{File: at.File, Line: at.Line,
				Message: "this line sets a setting whose name is computed (an assignment into globals()): any setting may change here"})
			return
		}
		if dotted, ok := ev.importModuleCall(st, s.Value); ok && len(s.Targets) == 1 {
			if n, isName := s.Targets[0].(*pysource.Name); isName {
				st.bindModule(n.ID, dotted)
				return
			}
		}
		set := ev.evalSetting(st, s.Value)
		for _, t := range s.Targets {
			ev.assign(st, namespaceName(t), s.Value, set, s.At)
		}
	case pysource.StmtAugAssign:
		if len(s.Targets) != 1 || s.Value == nil {
			return
		}
		ev.augAssign(st, s.Targets[0], s.Op, s.Value, s.At)
	case pysource.StmtExpr:
		switch {
		case ev.execLoader(st, s):
		case ev.execInclude(st, s):
		case dynamicNamespace(s.Value):
			at := ev.loc(st, s.At)
			ev.unread = append(ev.unread, Problem{File: at.File, Line: at.Line,
				Message: "this line sets settings djharden cannot see (exec, an update of globals(), or setattr on the module): any setting may change here"})
		default:
			ev.listMethod(st, s.Value, s.At)
		}
	}
}

// evalSetting computes the value an expression assigns, with its env read.
func (ev *evaluator) evalSetting(st *moduleState, e pysource.Expr) *Setting {
	if r, ok := pysource.EnvReadOf(e, st.ctx); ok {
		v, resolved, set := ev.resolveEnv(st, r, e)
		failClosed := r.Required || (r.Library == "decouple" && !r.HasDefault)
		return &Setting{Value: v, Expr: e, Env: &r, EnvResolved: resolved, EnvSet: set, EnvDefault: resolved && !set, FailClosed: failClosed && !set}
	}
	ev.example = nil
	set := &Setting{Value: ev.evalExpr(st, e), Expr: e}
	set.Example, ev.example = ev.example, nil
	return set
}

// assign binds a target (a name, a subscript path or a tuple of names).
func (ev *evaluator) assign(st *moduleState, target, valueExpr pysource.Expr, set *Setting, at pysource.Pos) {
	switch t := target.(type) {
	case *pysource.Name:
		// Values are shared, not copied: every change (subscript store,
		// list method, +=) clones before it writes, so `A = B` in a loop
		// or in branches costs nothing per entry.
		c := *set
		st.bind(t.ID, &c, ev.loc(st, at))
	case *pysource.Subscript:
		name, path, ok := subscriptPath(t, func(e pysource.Expr) pysource.Value { return ev.evalExpr(st, e) })
		old := st.ns[name]
		if name == "" || old == nil {
			return
		}
		c := *old
		if ok {
			c.Value = setPath(cloneValue(old.Value), path, set.Value)
		} else {
			c.Value = unknown
		}
		st.bind(name, &c, ev.loc(st, at))
	case *pysource.Tuple, *pysource.List:
		targets := elements(t)
		values := elements(valueExpr)
		for i, sub := range targets {
			if len(values) == len(targets) {
				ev.assign(st, sub, values[i], ev.evalSetting(st, values[i]), at)
			} else if n, ok := sub.(*pysource.Name); ok {
				st.bind(n.ID, &Setting{Value: unknown, Expr: valueExpr}, ev.loc(st, at))
			}
		}
	}
}

func elements(e pysource.Expr) []pysource.Expr {
	switch e := e.(type) {
	case *pysource.Tuple:
		return e.Elts
	case *pysource.List:
		return e.Elts
	}
	return nil
}

// subscriptPath splits X["a"]["b"] into "X" and the keys ["a", "b"].
func subscriptPath(e pysource.Expr, eval func(pysource.Expr) pysource.Value) (string, []pysource.Value, bool) {
	var keys []pysource.Value
	ok := true
	for {
		switch x := e.(type) {
		case *pysource.Subscript:
			k := eval(x.Index)
			if k.Kind == pysource.Unknown {
				ok = false
			}
			keys = append([]pysource.Value{k}, keys...)
			e = x.X
			continue
		case *pysource.Name:
			return x.ID, keys, ok
		}
		return "", nil, false
	}
}

// setPath stores v at path inside container (dicts by key, lists by index).
func setPath(container pysource.Value, path []pysource.Value, v pysource.Value) pysource.Value {
	if len(path) == 0 {
		return v
	}
	key := path[0]
	switch container.Kind {
	case pysource.DictVal:
		for i, k := range container.Keys {
			if valueEqual(k, key) {
				container.Items[i] = setPath(container.Items[i], path[1:], v)
				return container
			}
		}
		if len(path) > 1 {
			return unknown // KeyError in Python
		}
		container.Keys = append(container.Keys, key)
		container.Items = append(container.Items, v)
		return container
	case pysource.ListVal:
		if key.Kind == pysource.IntVal {
			i := int(key.Int)
			if i < 0 {
				i += len(container.Items)
			}
			if i >= 0 && i < len(container.Items) {
				container.Items[i] = setPath(container.Items[i], path[1:], v)
				return container
			}
		}
	}
	return unknown
}

// augAssign applies X += v (and the other augmented operators).
func (ev *evaluator) augAssign(st *moduleState, target pysource.Expr, op string, valueExpr pysource.Expr, at pysource.Pos) {
	name, path, ok := subscriptPath(target, func(e pysource.Expr) pysource.Value { return ev.evalExpr(st, e) })
	old := st.ns[name]
	if name == "" || old == nil {
		return
	}
	c := *old
	c.Value = cloneValue(old.Value)
	rhs := ev.evalExpr(st, valueExpr)
	if !ok {
		c.Value = unknown
	} else if len(path) == 0 {
		c.Value = ev.binary(st, old.Value, op[:len(op)-1], rhs, true)
	} else {
		cur := getPath(c.Value, path)
		c.Value = setPath(c.Value, path, ev.binary(st, cur, op[:len(op)-1], rhs, true))
	}
	st.bind(name, &c, ev.loc(st, at))
}

func getPath(v pysource.Value, path []pysource.Value) pysource.Value {
	for _, k := range path {
		v = index(v, k)
	}
	return v
}

// listMethod applies X.append(v), X.insert(i, v), X.extend(vs), X.remove(v).
func (ev *evaluator) listMethod(st *moduleState, e pysource.Expr, at pysource.Pos) {
	call, ok := e.(*pysource.Call)
	if !ok {
		return
	}
	attr, ok := call.Func.(*pysource.Attr)
	if !ok {
		return
	}
	name, path, pathOK := subscriptPath(attr.X, func(e pysource.Expr) pysource.Value { return ev.evalExpr(st, e) })
	old := st.ns[name]
	if name == "" || old == nil {
		return
	}
	switch attr.Name {
	case "append", "insert", "extend", "remove", "update", "setdefault", "pop", "clear":
	default:
		return
	}
	c := *old
	c.Value = cloneValue(old.Value)
	target := getPath(c.Value, path)
	args := make([]pysource.Value, len(call.Args))
	for i, a := range call.Args {
		args[i] = ev.evalExpr(st, a)
	}
	var changed pysource.Value
	if !pathOK {
		changed = unknown
	} else {
		var problem string
		changed, problem = applyMethod(target, attr.Name, args, len(call.Keywords) > 0)
		if problem != "" {
			ev.problems = append(ev.problems, Problem{File: st.file.Path, Line: at.Line, Message: fmt.Sprintf("%s.%s: %s", name, attr.Name, problem)})
		}
	}
	c.Value = setPath(c.Value, path, changed)
	st.bind(name, &c, ev.loc(st, at))
}

// applyMethod computes the list (or dict) after a mutating method call.
func applyMethod(target pysource.Value, method string, args []pysource.Value, keywords bool) (pysource.Value, string) {
	if target.Kind == pysource.DictVal {
		if method == "update" && len(args) == 1 && args[0].Kind == pysource.DictVal && !keywords {
			for i, k := range args[0].Keys {
				target = setPath(target, []pysource.Value{k}, args[0].Items[i])
			}
			return target, ""
		}
		return unknown, ""
	}
	if target.Kind != pysource.ListVal || keywords {
		return unknown, ""
	}
	switch {
	case method == "append" && len(args) == 1:
		target.Items = append(target.Items, args[0])
	case len(target.Items) >= maxItems:
		return unknown, ""
	case method == "extend" && len(args) == 1:
		if !isSequence(args[0]) {
			return unknown, ""
		}
		target.Items = append(target.Items, args[0].Items...)
	case method == "insert" && len(args) == 2:
		if args[0].Kind != pysource.IntVal {
			return unknown, ""
		}
		i := int(args[0].Int)
		n := len(target.Items)
		if i < 0 {
			i = max(i+n, 0)
		}
		i = min(i, n)
		target.Items = append(target.Items[:i], append([]pysource.Value{args[1]}, target.Items[i:]...)...)
	case method == "remove" && len(args) == 1:
		if args[0].Kind == pysource.Unknown {
			return unknown, ""
		}
		for i, it := range target.Items {
			if it.Kind == pysource.Unknown {
				return unknown, ""
			}
			if valueEqual(it, args[0]) {
				target.Items = append(target.Items[:i], target.Items[i+1:]...)
				return target, ""
			}
		}
		return unknown, fmt.Sprintf("%s is not in the list: Python raises ValueError here", args[0].Python())
	default:
		return unknown, ""
	}
	return target, ""
}

func isSequence(v pysource.Value) bool {
	return v.Kind == pysource.ListVal || v.Kind == pysource.TupleVal
}

// cloneValue deep-copies a value so later changes do not alias.
func cloneValue(v pysource.Value) pysource.Value {
	if v.Items != nil {
		items := make([]pysource.Value, len(v.Items))
		for i, it := range v.Items {
			items[i] = cloneValue(it)
		}
		v.Items = items
	}
	if v.Keys != nil {
		v.Keys = append([]pysource.Value(nil), v.Keys...)
	}
	return v
}

// valueEqual is Python's == on known values (1 == True == 1.0, containers
// element by element).
func valueEqual(a, b pysource.Value) bool {
	if num, ok := numeric(a); ok {
		if other, ok := numeric(b); ok {
			return num == other
		}
		return false
	}
	if a.Kind != b.Kind || a.Kind == pysource.Unknown {
		return false
	}
	switch a.Kind {
	case pysource.NoneVal:
		return true
	case pysource.StrVal, pysource.BytesVal:
		return a.Str == b.Str
	}
	return sameItems(a, b, valueEqual)
}

// sameItems reports whether two containers hold items and keys that eq
// finds equal, pairwise.
func sameItems(a, b pysource.Value, eq func(x, y pysource.Value) bool) bool {
	if len(a.Items) != len(b.Items) || len(a.Keys) != len(b.Keys) {
		return false
	}
	for i := range a.Items {
		if !eq(a.Items[i], b.Items[i]) {
			return false
		}
	}
	for i := range a.Keys {
		if !eq(a.Keys[i], b.Keys[i]) {
			return false
		}
	}
	return true
}

func numeric(v pysource.Value) (float64, bool) {
	switch v.Kind {
	case pysource.BoolVal:
		if v.Bool {
			return 1, true
		}
		return 0, true
	case pysource.IntVal:
		return float64(v.Int), true
	case pysource.FloatVal:
		return v.Float, true
	}
	return 0, false
}

// DynaconfLoad recognises dynaconf's Django extension, which rewrites the
// module's settings from its own files and variables:
// settings = dynaconf.DjangoDynaconf(__name__). Check reads such settings
// as unread; apply refuses them.
func DynaconfLoad(e pysource.Expr) bool {
	call, ok := e.(*pysource.Call)
	if !ok {
		return false
	}
	name := pysource.DottedName(call.Func)
	return name == "DjangoDynaconf" || strings.HasSuffix(name, ".DjangoDynaconf")
}

// moduleNamespace recognises the settings module's own namespace:
// globals(), vars() and locals() at module level, and the __dict__ (or
// vars()) of sys.modules[...].
func moduleNamespace(e pysource.Expr) bool {
	switch x := e.(type) {
	case *pysource.Call:
		switch pysource.DottedName(x.Func) {
		case "globals", "vars", "locals":
			return len(x.Args) == 0 || len(x.Args) == 1 && moduleObject(x.Args[0])
		}
	case *pysource.Attr:
		return x.Name == "__dict__" && moduleObject(x.X)
	}
	return false
}

// moduleObject recognises sys.modules[...]: with __name__ the settings
// module itself, and with a computed name possibly so.
func moduleObject(e pysource.Expr) bool {
	sub, ok := e.(*pysource.Subscript)
	return ok && pysource.DottedName(sub.X) == "sys.modules"
}

// namespaceName turns globals()["DEBUG"] (or sys.modules[__name__].DEBUG)
// into the name DEBUG it assigns; other targets are returned as they are.
func namespaceName(t pysource.Expr) pysource.Expr {
	if attr, ok := t.(*pysource.Attr); ok && moduleObject(attr.X) {
		return &pysource.Name{At: t.Pos(), ID: attr.Name}
	}
	sub, ok := t.(*pysource.Subscript)
	if !ok {
		return t
	}
	key, literal := sub.Index.(*pysource.Str)
	if !literal || key.FString || key.Bytes || !moduleNamespace(sub.X) {
		return t
	}
	return &pysource.Name{At: t.Pos(), ID: key.Value}
}

// namespaceItem recognises globals()[NAME] (and the other namespaces of
// moduleNamespace) as an assignment target with a name that is not a
// literal.
func namespaceItem(t pysource.Expr) bool {
	sub, ok := t.(*pysource.Subscript)
	if !ok {
		return false
	}
	if key, literal := sub.Index.(*pysource.Str); literal && !key.FString {
		return false
	}
	return moduleNamespace(sub.X)
}

// dynamicNamespace recognises statements that set module names in ways
// the evaluator cannot follow: exec(...), execfile(...), an update of the
// module's namespace (globals().update(...), sys.modules[__name__].__dict__.update(...)),
// setattr(sys.modules[...], ...).
func dynamicNamespace(e pysource.Expr) bool {
	call, ok := e.(*pysource.Call)
	if !ok {
		return false
	}
	switch pysource.DottedName(call.Func) {
	case "exec", "execfile", "builtins.exec":
		return true
	case "setattr":
		return len(call.Args) == 3 && moduleObject(call.Args[0])
	}
	attr, ok := call.Func.(*pysource.Attr)
	if !ok || (attr.Name != "update" && attr.Name != "setdefault" && attr.Name != "__setitem__") {
		return false
	}
	return moduleNamespace(attr.X)
}

// noteGlobals records the names a function declares global in its body
// (nested defs and classes aside): calling it may rebind them.
func (st *moduleState) noteGlobals(def *pysource.Stmt) {
	var names []string
	pysource.Walk(def.Body, func(s *pysource.Stmt, _ []*pysource.Stmt) bool {
		if s.Kind == pysource.StmtBlock && (s.Keyword == "def" || s.Keyword == "async def" || s.Keyword == "class") {
			return false
		}
		if s.Kind == pysource.StmtOther && s.Keyword == "global" {
			for _, t := range s.Targets {
				if n, ok := t.(*pysource.Name); ok && !slices.Contains(names, n.ID) {
					names = append(names, n.ID)
				}
			}
		}
		return true
	})
	if st.globalWrites == nil {
		st.globalWrites = map[string][]string{}
	}
	st.globalWrites[def.Name] = names // a redefinition replaces the old one
}

// globalCalls makes unknown, after s ran, the module names a function it
// calls declares global: djharden does not run function bodies, and a
// `def configure(): global DEBUG; DEBUG = True` called here would change them.
func (ev *evaluator) globalCalls(st *moduleState, s *pysource.Stmt) {
	if len(st.globalWrites) == 0 || s.Value == nil {
		return
	}
	pysource.Inspect(s.Value, func(e pysource.Expr) bool {
		c, ok := e.(*pysource.Call)
		if !ok {
			return true
		}
		fn, ok := c.Func.(*pysource.Name)
		if !ok || len(st.globalWrites[fn.ID]) == 0 {
			return true
		}
		at := ev.loc(st, c.At)
		names := st.globalWrites[fn.ID]
		for _, name := range names {
			st.bind(name, &Setting{Value: unknown, Expr: c}, at)
		}
		ev.problems = append(ev.problems, Problem{File: at.File, Line: at.Line,
			Message: fmt.Sprintf("%s() sets %s through a global statement, and djharden does not run functions: %s unknown from here", fn.ID, strings.Join(names, ", "), map[bool]string{true: "its value is", false: "their values are"}[len(names) == 1])})
		return true
	})
}
