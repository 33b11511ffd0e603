package pysource

import (
	"math"
	"strconv"
	"strings"
)

// Calls of builtins on known values: bool() int() str() float() list()
// tuple() set() dict(k=v).

func (ev *literalEval) call(c *Call, d int) Value {
	name, ok := c.Func.(*Name)
	if !ok || (ev.lookup != nil && shadowed(ev.lookup, name.ID)) {
		return unknown
	}
	for _, a := range c.Args {
		if _, star := a.(*Starred); star {
			return unknown
		}
	}
	if name.ID == "dict" {
		if len(c.Args) > 0 {
			return unknown
		}
		out := Value{Kind: DictVal}
		for _, k := range c.Keywords {
			v := ev.eval(k.Value, d)
			if v.Kind == Unknown || k.Name == "" {
				return unknown
			}
			out = dictSet(out, Value{Kind: StrVal, Str: k.Name}, v)
		}
		return out
	}
	if len(c.Keywords) > 0 || len(c.Args) > 1 {
		return unknown
	}
	if len(c.Args) == 0 {
		switch name.ID {
		case "list":
			return Value{Kind: ListVal}
		case "tuple":
			return Value{Kind: TupleVal}
		case "set":
			return Value{Kind: SetVal}
		case "str":
			return Value{Kind: StrVal}
		case "int":
			return Value{Kind: IntVal}
		case "float":
			return Value{Kind: FloatVal}
		case "bool":
			return Value{Kind: BoolVal}
		}
		return unknown
	}
	return convert(name.ID, ev.eval(c.Args[0], d))
}

// shadowed reports whether the module rebinds a builtin name.
func shadowed(lookup func(string) (Value, bool), name string) bool {
	_, ok := lookup(name)
	return ok
}

// Convert is bool(v), str(v), int(v), float(v), list(v), tuple(v) or
// set(v) of a known value, as Python computes it (unknown when Python
// would raise, or for other fn).
func Convert(fn string, v Value) Value { return convert(fn, v) }

// convert applies a builtin type to a known value.
func convert(fn string, v Value) Value {
	if v.Kind == Unknown {
		return unknown
	}
	switch fn {
	case "bool":
		return Value{Kind: BoolVal, Bool: v.Truthy()}
	case "str":
		switch v.Kind {
		case StrVal:
			return v
		case NoneVal, BoolVal, IntVal, FloatVal:
			return Value{Kind: StrVal, Str: v.Python()}
		}
	case "int":
		switch v.Kind {
		case BoolVal, IntVal:
			return Value{Kind: IntVal, Int: v.asInt()}
		case FloatVal:
			if math.Abs(v.Float) < 9e18 {
				return Value{Kind: IntVal, Int: int64(v.Float)}
			}
		case StrVal:
			s := strings.ReplaceAll(strings.TrimSpace(v.Str), "_", "")
			if n, err := strconv.ParseInt(s, 10, 64); err == nil {
				return Value{Kind: IntVal, Int: n}
			}
		}
	case "float":
		switch v.Kind {
		case BoolVal, IntVal, FloatVal:
			n, _ := v.number()
			return Value{Kind: FloatVal, Float: n}
		case StrVal:
			if f, err := strconv.ParseFloat(strings.TrimSpace(v.Str), 64); err == nil {
				return Value{Kind: FloatVal, Float: f}
			}
		}
	case "list", "tuple", "set":
		kind := map[string]ValueKind{"list": ListVal, "tuple": TupleVal, "set": SetVal}[fn]
		switch v.Kind {
		case ListVal, TupleVal, SetVal:
			out := Value{Kind: kind, Items: append([]Value(nil), v.Items...)}
			if kind == SetVal {
				if !allHashable(out.Items) {
					return unknown
				}
				out.Items = dedupe(out.Items)
			}
			return out
		}
	}
	return unknown
}
