package project

import (
	"strconv"
	"strings"

	"github.com/djharden/djharden/checklist/pysource"
)

// String formatting of known values, as settings build paths and names:
// "environments/{0}.py".format(ENV), "{name}.py".format(name=X) and
// f"environments/{ENV}.py". Only plain fields are filled in (no
// conversions, format specs, attribute or index lookups); anything else
// stays unknown.

// formatCall evaluates TEMPLATE.format(args...); ok is false when e is not
// a .format call.
func (ev *evaluator) formatCall(st *moduleState, e pysource.Expr) (pysource.Value, bool) {
	call, isCall := e.(*pysource.Call)
	if !isCall {
		return unknown, false
	}
	attr, isAttr := call.Func.(*pysource.Attr)
	if !isAttr || attr.Name != "format" {
		return unknown, false
	}
	tmpl := ev.evalExpr(st, attr.X)
	if tmpl.Kind != pysource.StrVal {
		return unknown, true
	}
	var args []string
	for _, a := range call.Args {
		s, ok := ev.strOf(st, a)
		if !ok {
			return unknown, true
		}
		args = append(args, s)
	}
	kw := map[string]string{}
	for _, k := range call.Keywords {
		s, ok := ev.strOf(st, k.Value)
		if !ok || k.Name == "" {
			return unknown, true
		}
		kw[k.Name] = s
	}
	next := 0
	out, ok := fillFields(tmpl.Str, func(field string) (string, bool) {
		switch {
		case field == "":
			if next >= len(args) {
				return "", false
			}
			next++
			return args[next-1], true
		case field[0] >= '0' && field[0] <= '9':
			i, err := strconv.Atoi(field)
			if err != nil || i >= len(args) {
				return "", false
			}
			return args[i], true
		}
		s, ok := kw[field]
		return s, ok
	})
	if !ok {
		return unknown, true
	}
	return pysource.Value{Kind: pysource.StrVal, Str: out}, true
}

// fString evaluates an f-string whose fields are plain expressions.
func (ev *evaluator) fString(st *moduleState, s *pysource.Str) pysource.Value {
	i := 0
	out, ok := fillFields(s.Value, func(string) (string, bool) {
		if i >= len(s.Parts) {
			return "", false
		}
		i++
		return ev.strOf(st, s.Parts[i-1])
	})
	if !ok || i != len(s.Parts) {
		return unknown
	}
	return pysource.Value{Kind: pysource.StrVal, Str: out}
}

// strOf is str(e) for a known string, number, bool or None.
func (ev *evaluator) strOf(st *moduleState, e pysource.Expr) (string, bool) {
	v := pysource.Convert("str", ev.evalExpr(st, e))
	return v.Str, v.Kind == pysource.StrVal
}

// fillFields replaces each {field} of tmpl with fill(field); {{ and }}
// are literal braces. A field with a conversion, a format spec or a
// nested brace is not filled (ok false).
func fillFields(tmpl string, fill func(field string) (string, bool)) (string, bool) {
	var b strings.Builder
	for i := 0; i < len(tmpl); i++ {
		c := tmpl[i]
		switch {
		case c == '{' && i+1 < len(tmpl) && tmpl[i+1] == '{', c == '}' && i+1 < len(tmpl) && tmpl[i+1] == '}':
			b.WriteByte(c)
			i++
		case c == '{':
			end := strings.IndexByte(tmpl[i+1:], '}')
			if end < 0 {
				return "", false
			}
			field := tmpl[i+1 : i+1+end]
			if strings.ContainsAny(field, "!:{[.") {
				return "", false
			}
			s, ok := fill(strings.TrimSpace(field))
			if !ok {
				return "", false
			}
			b.WriteString(s)
			i += end + 1
		case c == '}':
			return "", false
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), true
}
