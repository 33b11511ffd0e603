package project

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/djharden/djharden/checklist/pysource"
	"github.com/djharden/djharden/internal/redact"
)

// envFileGiven reports whether an env file gives the production
// environment: without one a read is judged by its default, and a read with
// no default is unknown.
func (p *Project) envFileGiven() bool {
	return p.EnvFile != "" || p.EnvValues != nil
}

// resolveEnv computes an environment read's value with the reading
// library's own rules. resolved is false when the value stays unknown; set
// says the variable is in the env file. A resolved read that is not set
// took its default.
func (ev *evaluator) resolveEnv(st *moduleState, r pysource.EnvRead, e pysource.Expr) (v pysource.Value, resolved, set bool) {
	fold := caseFold(e, r)
	if !ev.p.envFileGiven() {
		// The evaluation policy: a read with a default is judged by its
		// default (what production gets unless the variable is set); a
		// read without one is unknown.
		if !r.HasDefault {
			return unknown, false, false
		}
		def := ev.evalExpr(st, r.Default)
		if def.Kind == pysource.Unknown {
			return unknown, false, false
		}
		return castDefault(r, def, fold), true, false
	}
	raw, set := ev.p.EnvValues[r.Var]
	if set {
		v, problem := castEnv(r, raw, fold)
		if problem != "" {
			ev.problems = append(ev.problems, Problem{File: st.file.Path, Line: r.At.Line, Message: problem})
		}
		if r.OrFallback && v.Kind != pysource.Unknown && !v.Truthy() {
			// os.environ.get("X") or None with X empty: the or's default.
			def := ev.evalExpr(st, r.Default)
			if def.Kind == pysource.Unknown {
				return unknown, false, true
			}
			return castDefault(r, def, fold), true, true
		}
		return v, v.Kind != pysource.Unknown, true
	}
	if !r.HasDefault {
		if r.Required || r.Library != "os" {
			ev.problems = append(ev.problems, Problem{File: st.file.Path, Line: r.At.Line,
				Message: fmt.Sprintf("%s is not in the env file and has no default: the settings would fail to import", r.Var)})
			return unknown, false, false
		}
		// os.environ.get / os.getenv without a default return None.
		return castDefault(r, pysource.Value{Kind: pysource.NoneVal}, fold), true, false
	}
	def := ev.evalExpr(st, r.Default)
	if def.Kind == pysource.Unknown {
		return unknown, false, false
	}
	return castDefault(r, def, fold), true, false
}

// castDefault applies what happens to a default when the variable is
// absent: os wrappers (bool(), int(), .split(), == "true") apply to it as to
// any value; decouple casts it too; django-environ returns it as given.
func castDefault(r pysource.EnvRead, def pysource.Value, fold func(string) string) pysource.Value {
	if r.Library == "environ" {
		return def
	}
	if def.Kind == pysource.StrVal {
		v, _ := castEnv(r, def.Str, fold)
		return v
	}
	if r.Library == "custom" && (r.CompareTrue || len(r.FalseWords) > 0) {
		// Helpers pass the default through str() before comparing: str(True) is "True".
		switch def.Kind {
		case pysource.BoolVal, pysource.IntVal, pysource.NoneVal:
			v, _ := castEnv(r, def.Python(), fold)
			return v
		}
	}
	switch {
	case r.TruthyString:
		return pysource.Value{Kind: pysource.BoolVal, Bool: def.Kind != pysource.Unknown && def.Truthy()}
	case r.CompareTrue:
		return pysource.Value{Kind: pysource.BoolVal, Bool: false}
	case len(r.FalseWords) > 0: // None != "False" is True
		return pysource.Value{Kind: pysource.BoolVal, Bool: true}
	case r.Library == "decouple" && r.Cast == "bool" && def.Kind == pysource.BoolVal:
		return def
	case r.Cast == "":
		return def
	}
	if r.Library == "decouple" || r.Library == "custom" {
		return def
	}
	return castNonString(r.Cast, def)
}

// castNonString is int(), float() or str() applied to a default that is
// not a string, as in int(os.environ.get("SECURE_HSTS_SECONDS", 3600)):
// Python converts it like any value. Anything else (None, .split() on a
// number) raises when the variable is missing, and stays unknown.
func castNonString(cast string, def pysource.Value) pysource.Value {
	switch cast {
	case "int", "float", "str":
		return pysource.Convert(cast, def)
	}
	return unknown
}

// environTrue are django-environ's true words (bool cast, after int()).
var environTrue = map[string]bool{"true": true, "on": true, "ok": true, "y": true, "yes": true, "1": true}

// decoupleBool is python-decouple's strtobool; other words raise ValueError.
var decoupleBool = map[string]bool{"y": true, "yes": true, "t": true, "true": true, "on": true, "1": true,
	"n": false, "no": false, "f": false, "false": false, "off": false, "0": false}

// castEnv turns the raw string of a variable into what the settings get.
func castEnv(r pysource.EnvRead, raw string, fold func(string) string) (pysource.Value, string) {
	switch {
	case r.TruthyString:
		return pysource.Value{Kind: pysource.BoolVal, Bool: raw != ""}, ""
	case r.CompareTrue:
		return pysource.Value{Kind: pysource.BoolVal, Bool: slices.Contains(r.TrueWords, fold(raw))}, ""
	case len(r.FalseWords) > 0:
		return pysource.Value{Kind: pysource.BoolVal, Bool: !slices.Contains(r.FalseWords, fold(raw))}, ""
	}
	switch r.Cast {
	case "", "str":
		return pysource.Value{Kind: pysource.StrVal, Str: raw}, ""
	case "bool":
		return castBool(r, raw)
	case "int":
		n, err := strconv.ParseInt(strings.ReplaceAll(strings.TrimSpace(raw), "_", ""), 10, 64)
		if err != nil {
			return unknown, fmt.Sprintf("%s=%s is not an integer: the settings would fail to import", r.Var, maskValue(raw))
		}
		return pysource.Value{Kind: pysource.IntVal, Int: n}, ""
	case "float":
		f, err := strconv.ParseFloat(strings.TrimSpace(raw), 64)
		if err != nil {
			return unknown, ""
		}
		return pysource.Value{Kind: pysource.FloatVal, Float: f}, ""
	case "list", "tuple", "csv":
		return castList(r, raw), ""
	case "literal":
		// ast.literal_eval: "True" is True, "1" is 1, "'x'" is 'x'.
		m := pysource.Parse([]byte("_ = " + strings.TrimSpace(raw) + "\n"))
		if len(m.Issues) > 0 || len(m.Body) != 1 || m.Body[0].Value == nil {
			return unknown, fmt.Sprintf("%s=%s is not a Python literal: ast.literal_eval raises ValueError and the settings would fail to import", r.Var, maskValue(raw))
		}
		return pysource.Literal(m.Body[0].Value, nil), ""
	}
	return unknown, ""
}

func castBool(r pysource.EnvRead, raw string) (pysource.Value, string) {
	low := strings.ToLower(raw)
	switch r.Library {
	case "environ":
		if n, err := strconv.ParseInt(strings.TrimSpace(raw), 10, 64); err == nil {
			return pysource.Value{Kind: pysource.BoolVal, Bool: n != 0}, ""
		}
		return pysource.Value{Kind: pysource.BoolVal, Bool: environTrue[low]}, ""
	case "decouple":
		if raw == "" {
			return pysource.Value{Kind: pysource.BoolVal}, ""
		}
		b, ok := decoupleBool[low]
		if !ok {
			return unknown, fmt.Sprintf("%s=%s is not a boolean python-decouple accepts: it raises ValueError", r.Var, maskValue(raw))
		}
		return pysource.Value{Kind: pysource.BoolVal, Bool: b}, ""
	}
	// A project helper recognised as a correct bool parse.
	b := low == "true" || low == "1" || low == "yes" || low == "on" || low == "y" || low == "t"
	return pysource.Value{Kind: pysource.BoolVal, Bool: b}, ""
}

// castList splits like the library does: django-environ splits on commas
// and drops empty items without stripping spaces; decouple's Csv strips;
// a plain str.split(",") keeps everything, empty strings included.
func castList(r pysource.EnvRead, raw string) pysource.Value {
	kind := pysource.ListVal
	if r.Cast == "tuple" {
		kind = pysource.TupleVal
	}
	out := pysource.Value{Kind: kind, Items: []pysource.Value{}}
	if r.Cast == "tuple" && r.Library == "environ" {
		raw = strings.Trim(raw, "()")
	}
	for _, part := range strings.Split(raw, ",") {
		if r.Cast == "csv" {
			// Csv() and [v.strip() for v in ... if v.strip()] both strip
			// blanks and drop empty items.
			if part = strings.TrimSpace(part); part == "" {
				continue
			}
		}
		switch r.Library {
		case "environ":
			if part == "" {
				continue
			}
		case "decouple":
			part = strings.TrimSpace(part)
			if part == "" {
				continue
			}
		}
		out.Items = append(out.Items, pysource.Value{Kind: pysource.StrVal, Str: part})
	}
	return out
}

// maskValue shows a value without revealing it (internal/redact, the one
// masking function).
func maskValue(s string) string { return redact.Value(s) }

// evalContext is a module's env context as the evaluator uses it: its own
// copy, where the name os is the os module even when the module does not
// import it (a star import the evaluator could not follow usually brings it).
func evalContext(c pysource.EnvContext) pysource.EnvContext {
	out := c.Clone()
	if out.OSModules == nil {
		out.OSModules = map[string]bool{}
	}
	out.OSModules["os"] = true
	return out
}

// caseFold is what the code does to the raw string before comparing it
// with words: .lower() / .casefold() / .upper() in the expression, or, for
// a project helper whose body we do not see here, lower-casing (what such
// helpers nearly always do).
func caseFold(e pysource.Expr, r pysource.EnvRead) func(string) string {
	if r.Library == "custom" {
		return strings.ToLower
	}
	fold := func(s string) string { return s }
	var walk func(pysource.Expr)
	walk = func(e pysource.Expr) {
		switch x := e.(type) {
		case *pysource.Call:
			if a, ok := x.Func.(*pysource.Attr); ok {
				switch a.Name {
				case "lower", "casefold":
					fold = strings.ToLower
				case "upper":
					fold = strings.ToUpper
				}
			}
			walk(x.Func)
		case *pysource.Attr:
			walk(x.X)
		case *pysource.Compare:
			walk(x.X)
			for _, y := range x.Ys {
				walk(y)
			}
		case *pysource.UnaryOp:
			walk(x.X)
		}
	}
	walk(e)
	return fold
}
