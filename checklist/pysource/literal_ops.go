package pysource

import (
	"math"
	"math/big"
	"strings"
)

func unaryOp(op string, x Value) Value {
	if x.Kind == Unknown {
		return unknown
	}
	switch op {
	case "not":
		return Value{Kind: BoolVal, Bool: !x.Truthy()}
	case "+", "-":
		switch x.Kind {
		case BoolVal, IntVal:
			n := x.asInt()
			if op == "-" {
				if n == math.MinInt64 {
					return unknown
				}
				n = -n
			}
			return Value{Kind: IntVal, Int: n}
		case FloatVal:
			if op == "-" {
				return Value{Kind: FloatVal, Float: -x.Float}
			}
			return x
		}
	case "~":
		if x.Kind == IntVal || x.Kind == BoolVal {
			return Value{Kind: IntVal, Int: ^x.asInt()}
		}
	}
	return unknown
}

func isIntLike(v Value) bool { return v.Kind == IntVal || v.Kind == BoolVal }

func binaryOp(op string, x, y Value) Value {
	if x.Kind == Unknown || y.Kind == Unknown {
		return unknown
	}
	if isIntLike(x) && isIntLike(y) {
		return intOp(op, x.asInt(), y.asInt())
	}
	if xf, ok := x.number(); ok {
		if yf, ok := y.number(); ok {
			return floatOp(op, xf, yf)
		}
	}
	switch op {
	case "+":
		if x.Kind == y.Kind {
			switch x.Kind {
			case StrVal, BytesVal:
				if len(x.Str)+len(y.Str) > maxLiteralStr {
					return unknown
				}
				return Value{Kind: x.Kind, Str: x.Str + y.Str}
			case ListVal, TupleVal:
				if len(x.Items)+len(y.Items) > maxLiteralItems {
					return unknown
				}
				items := append(append([]Value(nil), x.Items...), y.Items...)
				return Value{Kind: x.Kind, Items: items}
			}
		}
	case "*":
		if isIntLike(x) {
			x, y = y, x
		}
		if !isIntLike(y) {
			return unknown
		}
		n := y.asInt()
		if n < 0 {
			n = 0
		}
		switch x.Kind {
		case StrVal, BytesVal:
			if n > 0 && int64(len(x.Str)) > maxLiteralStr/n {
				return unknown
			}
			return Value{Kind: x.Kind, Str: strings.Repeat(x.Str, int(n))}
		case ListVal, TupleVal:
			if n > 0 && int64(len(x.Items)) > maxLiteralItems/n {
				return unknown
			}
			var items []Value
			for i := int64(0); i < n && len(x.Items) > 0; i++ {
				items = append(items, x.Items...)
			}
			return Value{Kind: x.Kind, Items: items}
		}
	}
	return unknown
}

// intOp computes integer arithmetic exactly, Unknown beyond int64.
func intOp(op string, a, b int64) Value {
	x, y := big.NewInt(a), big.NewInt(b)
	r := new(big.Int)
	switch op {
	case "+":
		r.Add(x, y)
	case "-":
		r.Sub(x, y)
	case "*":
		r.Mul(x, y)
	case "/":
		if b == 0 {
			return unknown
		}
		return Value{Kind: FloatVal, Float: float64(a) / float64(b)}
	case "//", "%":
		if b == 0 {
			return unknown
		}
		// Python floors; big.Int's DivMod is Euclidean, so adjust for b < 0.
		q, m := new(big.Int), new(big.Int)
		q.DivMod(x, y, m)
		if b < 0 && m.Sign() != 0 {
			q.Sub(q, big.NewInt(1))
			m.Add(m, y)
		}
		if op == "//" {
			r = q
		} else {
			r = m
		}
	case "**":
		if b < 0 {
			if a == 0 {
				return unknown
			}
			return Value{Kind: FloatVal, Float: math.Pow(float64(a), float64(b))}
		}
		if b > 64 && (a > 1 || a < -1) {
			return unknown // cannot fit in int64
		}
		r.Exp(x, y, nil)
	case "<<":
		if b < 0 || b > 64 {
			if a == 0 && b >= 0 {
				return Value{Kind: IntVal}
			}
			return unknown
		}
		r.Lsh(x, uint(b))
	case ">>":
		if b < 0 {
			return unknown
		}
		r.Rsh(x, uint(min(b, 64)))
	case "&":
		r.And(x, y)
	case "|":
		r.Or(x, y)
	case "^":
		r.Xor(x, y)
	default:
		return unknown
	}
	if !r.IsInt64() {
		return unknown
	}
	return Value{Kind: IntVal, Int: r.Int64()}
}

func floatOp(op string, a, b float64) Value {
	var r float64
	switch op {
	case "+":
		r = a + b
	case "-":
		r = a - b
	case "*":
		r = a * b
	case "/":
		if b == 0 {
			return unknown
		}
		r = a / b
	case "//", "%":
		if b == 0 {
			return unknown
		}
		m := math.Mod(a, b)
		if m != 0 && (m < 0) != (b < 0) {
			m += b
		}
		if op == "%" {
			r = m
		} else {
			r = math.Floor((a - m) / b)
		}
	case "**":
		if a == 0 && b < 0 {
			return unknown
		}
		if a < 0 && b != math.Trunc(b) {
			return unknown // a complex result
		}
		r = math.Pow(a, b)
	default:
		return unknown
	}
	if math.IsInf(r, 0) && !math.IsInf(a, 0) && !math.IsInf(b, 0) {
		return unknown // OverflowError in Python
	}
	return Value{Kind: FloatVal, Float: r}
}
