package pysource

import (
	"math"
	"strconv"
	"strings"
)

// Caps that keep Literal fast on hostile input ("x" * 10**9, [0] * 10**9).
const (
	maxLiteralStr   = 1 << 20 // bytes of a computed str/bytes
	maxLiteralItems = 1 << 16 // items of a computed list/tuple
	maxLiteralDepth = 400
)

var unknown = Value{Kind: Unknown}

// Literal computes e's value when it is made only of literals and
// arithmetic on them; otherwise it returns Value{Kind: Unknown}.
// lookup, when non-nil, resolves names (e.g. earlier settings); it returns false when unknown.
//
// Handled: str/bytes (implicit concatenation, f-strings without fields),
// numbers (int with "_", hex/oct/bin, floats), True/False/None, list,
// tuple, set and dict displays (with *x and **d of known values), unary
// - + ~ not, + - * / // % ** on numbers, << >> & | ^ on ints, str + str,
// str * int, list/tuple + and *, comparisons, and/or, x if c else y,
// indexing a known list/tuple/str/dict, and the calls bool() int() str()
// float() list() tuple() set() dict(k=v) on known values. Anything else
// (os.path.join, attributes, complex numbers, %-formatting) is Unknown.
func Literal(e Expr, lookup func(name string) (Value, bool)) Value {
	ev := literalEval{lookup: lookup}
	return ev.eval(e, 0)
}

type literalEval struct {
	lookup func(string) (Value, bool)
}

func (ev *literalEval) eval(e Expr, depth int) Value {
	if depth > maxLiteralDepth {
		return unknown
	}
	d := depth + 1
	switch e := e.(type) {
	case *Const:
		switch e.Value {
		case "True":
			return Value{Kind: BoolVal, Bool: true}
		case "False":
			return Value{Kind: BoolVal}
		case "None":
			return Value{Kind: NoneVal}
		}
	case *Num:
		return parseNumber(e.Text)
	case *Str:
		if e.FString && len(e.Parts) > 0 {
			return unknown
		}
		if e.Bytes {
			return Value{Kind: BytesVal, Str: e.Value}
		}
		return Value{Kind: StrVal, Str: e.Value}
	case *Name:
		if ev.lookup != nil {
			if v, ok := ev.lookup(e.ID); ok {
				return v
			}
		}
	case *List:
		return ev.sequence(ListVal, e.Elts, d)
	case *Tuple:
		return ev.sequence(TupleVal, e.Elts, d)
	case *Set:
		v := ev.sequence(SetVal, e.Elts, d)
		if v.Kind == SetVal {
			v.Items = dedupe(v.Items)
			if !allHashable(v.Items) {
				return unknown
			}
		}
		return v
	case *Dict:
		return ev.dict(e, d)
	case *UnaryOp:
		return unaryOp(e.Op, ev.eval(e.X, d))
	case *BinOp:
		x := ev.eval(e.X, d)
		if x.Kind == Unknown {
			return unknown
		}
		return binaryOp(e.Op, x, ev.eval(e.Y, d))
	case *BoolOp:
		var v Value
		for _, x := range e.Values {
			v = ev.eval(x, d)
			if v.Kind == Unknown || v.Truthy() == (e.Op == "or") {
				return v
			}
		}
		return v
	case *Compare:
		return ev.compare(e, d)
	case *IfExp:
		test := ev.eval(e.Test, d)
		if test.Kind == Unknown {
			return unknown
		}
		if test.Truthy() {
			return ev.eval(e.Body, d)
		}
		return ev.eval(e.Else, d)
	case *Subscript:
		return index(ev.eval(e.X, d), ev.eval(e.Index, d))
	case *Call:
		return ev.call(e, d)
	}
	return unknown
}

func (ev *literalEval) sequence(kind ValueKind, elts []Expr, d int) Value {
	items := make([]Value, 0, len(elts))
	for _, x := range elts {
		if s, ok := x.(*Starred); ok {
			v := ev.eval(s.X, d)
			switch v.Kind {
			case ListVal, TupleVal, SetVal:
				items = append(items, v.Items...)
			case DictVal:
				items = append(items, v.Keys...)
			default:
				return unknown
			}
			continue
		}
		v := ev.eval(x, d)
		if v.Kind == Unknown {
			return unknown
		}
		items = append(items, v)
	}
	if len(items) > maxLiteralItems {
		return unknown
	}
	return Value{Kind: kind, Items: items}
}

func (ev *literalEval) dict(e *Dict, d int) Value {
	out := Value{Kind: DictVal}
	for i := range e.Keys {
		val := ev.eval(e.Values[i], d)
		if val.Kind == Unknown {
			return unknown
		}
		if e.Keys[i] == nil {
			if val.Kind != DictVal {
				return unknown
			}
			for j := range val.Keys {
				out = dictSet(out, val.Keys[j], val.Items[j])
			}
			continue
		}
		key := ev.eval(e.Keys[i], d)
		if key.Kind == Unknown || !hashable(key) {
			return unknown
		}
		out = dictSet(out, key, val)
	}
	return out
}

// dictSet sets key in a dict value, keeping the first position of a key as Python does.
func dictSet(dict, key, val Value) Value {
	if j := indexOf(dict.Keys, key); j >= 0 {
		dict.Items[j] = val
		return dict
	}
	dict.Keys = append(dict.Keys, key)
	dict.Items = append(dict.Items, val)
	return dict
}

func hashable(v Value) bool {
	switch v.Kind {
	case ListVal, SetVal, DictVal, Unknown:
		return false
	case TupleVal:
		return allHashable(v.Items)
	}
	return true
}

func allHashable(items []Value) bool {
	for _, it := range items {
		if !hashable(it) {
			return false
		}
	}
	return true
}

func dedupe(items []Value) []Value {
	out := items[:0:0]
	for _, it := range items {
		if indexOf(out, it) < 0 {
			out = append(out, it)
		}
	}
	return out
}

// parseNumber reads a Python numeric literal; complex numbers, ints beyond
// int64 and malformed text are Unknown.
func parseNumber(text string) Value {
	s := strings.ReplaceAll(text, "_", "")
	if s == "" || strings.HasSuffix(s, "j") || strings.HasSuffix(s, "J") {
		return unknown
	}
	lower := strings.ToLower(s)
	if strings.HasPrefix(lower, "0x") || strings.HasPrefix(lower, "0o") || strings.HasPrefix(lower, "0b") {
		n, err := strconv.ParseInt(lower[2:], map[byte]int{'x': 16, 'o': 8, 'b': 2}[lower[1]], 64)
		if err != nil {
			return unknown
		}
		return Value{Kind: IntVal, Int: n}
	}
	if strings.ContainsAny(lower, ".e") {
		f, err := strconv.ParseFloat(lower, 64)
		if err != nil && !math.IsInf(f, 0) {
			return unknown
		}
		return Value{Kind: FloatVal, Float: f}
	}
	if len(s) > 1 && s[0] == '0' && strings.Trim(s, "0") != "" {
		return unknown // "0777" is a syntax error in Python 3
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return unknown
	}
	return Value{Kind: IntVal, Int: n}
}

func (ev *literalEval) compare(e *Compare, d int) Value {
	left := ev.eval(e.X, d)
	if left.Kind == Unknown {
		return unknown
	}
	for i, op := range e.Ops {
		right := ev.eval(e.Ys[i], d)
		if right.Kind == Unknown {
			return unknown
		}
		r, ok := compareValues(op, left, right)
		if !ok {
			return unknown
		}
		if !r {
			return Value{Kind: BoolVal}
		}
		left = right
	}
	return Value{Kind: BoolVal, Bool: true}
}

func compareValues(op string, x, y Value) (bool, bool) {
	switch op {
	case "==":
		return x.Equal(y), true
	case "!=", "<>":
		return !x.Equal(y), true
	case "is", "is not":
		// Identity is only certain for the singletons.
		if !isSingleton(x) || !isSingleton(y) {
			return false, false
		}
		same := x.Kind == y.Kind && x.Bool == y.Bool
		return same == (op == "is"), true
	case "in", "not in":
		found, ok := contains(y, x)
		return found == (op == "in"), ok
	}
	c, ok := order(x, y)
	if !ok {
		return false, false
	}
	switch op {
	case "<":
		return c < 0, true
	case "<=":
		return c <= 0, true
	case ">":
		return c > 0, true
	case ">=":
		return c >= 0, true
	}
	return false, false
}

func isSingleton(v Value) bool { return v.Kind == NoneVal || v.Kind == BoolVal }

func contains(container, x Value) (bool, bool) {
	switch container.Kind {
	case StrVal, BytesVal:
		if x.Kind != container.Kind {
			return false, false
		}
		return strings.Contains(container.Str, x.Str), true
	case ListVal, TupleVal, SetVal:
		return indexOf(container.Items, x) >= 0, true
	case DictVal:
		return indexOf(container.Keys, x) >= 0, true
	}
	return false, false
}

// order compares numbers or strings; ok is false for other types.
func order(x, y Value) (int, bool) {
	if xn, ok := x.number(); ok {
		yn, ok := y.number()
		if !ok {
			return 0, false
		}
		switch {
		case xn < yn:
			return -1, true
		case xn > yn:
			return 1, true
		}
		return 0, true
	}
	if (x.Kind == StrVal || x.Kind == BytesVal) && x.Kind == y.Kind {
		return strings.Compare(x.Str, y.Str), true
	}
	return 0, false
}

func index(x, i Value) Value {
	switch x.Kind {
	case ListVal, TupleVal, StrVal, BytesVal:
		if i.Kind != IntVal && i.Kind != BoolVal {
			return unknown
		}
		n := int64(len(x.Items))
		if x.Kind == StrVal || x.Kind == BytesVal {
			if x.Kind == StrVal && !isASCII(x.Str) {
				return unknown // indexes count characters, not bytes
			}
			n = int64(len(x.Str))
		}
		k := i.asInt()
		if k < 0 {
			k += n
		}
		if k < 0 || k >= n {
			return unknown
		}
		switch x.Kind {
		case StrVal:
			return Value{Kind: StrVal, Str: x.Str[k : k+1]}
		case BytesVal:
			return Value{Kind: IntVal, Int: int64(x.Str[k])}
		}
		return x.Items[k]
	case DictVal:
		if j := indexOf(x.Keys, i); j >= 0 {
			return x.Items[j]
		}
	}
	return unknown
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
