package pysource

import (
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Truthy reports Python truthiness of a known value (false for Unknown).
func (v Value) Truthy() bool {
	switch v.Kind {
	case BoolVal:
		return v.Bool
	case IntVal:
		return v.Int != 0
	case FloatVal:
		return v.Float != 0
	case StrVal, BytesVal:
		return v.Str != ""
	case ListVal, TupleVal, SetVal, DictVal:
		return len(v.Items) > 0
	}
	return false
}

// Python renders v as Python source, the way repr() does: 'single quotes'
// unless the text holds a single quote and no double one, True/False/None,
// [1, 2], (1,), {'a': 1}, set() for an empty set. Unknown renders as "<unknown>".
func (v Value) Python() string {
	var b strings.Builder
	v.writePython(&b, 0)
	return b.String()
}

func (v Value) writePython(b *strings.Builder, depth int) {
	if depth > 100 {
		b.WriteString("...")
		return
	}
	items := func(open, close string) {
		b.WriteString(open)
		for i, it := range v.Items {
			if i > 0 {
				b.WriteString(", ")
			}
			it.writePython(b, depth+1)
		}
		if v.Kind == TupleVal && len(v.Items) == 1 {
			b.WriteString(",")
		}
		b.WriteString(close)
	}
	switch v.Kind {
	case NoneVal:
		b.WriteString("None")
	case BoolVal:
		if v.Bool {
			b.WriteString("True")
		} else {
			b.WriteString("False")
		}
	case IntVal:
		b.WriteString(strconv.FormatInt(v.Int, 10))
	case FloatVal:
		b.WriteString(pyFloat(v.Float))
	case StrVal:
		b.WriteString(pyQuote(v.Str, false))
	case BytesVal:
		b.WriteString(pyQuote(v.Str, true))
	case ListVal:
		items("[", "]")
	case TupleVal:
		items("(", ")")
	case SetVal:
		if len(v.Items) == 0 {
			b.WriteString("set()")
			return
		}
		items("{", "}")
	case DictVal:
		b.WriteString("{")
		for i := range v.Items {
			if i > 0 {
				b.WriteString(", ")
			}
			if i < len(v.Keys) {
				v.Keys[i].writePython(b, depth+1)
			}
			b.WriteString(": ")
			v.Items[i].writePython(b, depth+1)
		}
		b.WriteString("}")
	default:
		b.WriteString("<unknown>")
	}
}

// pyFloat formats like Python's float repr: shortest round-trip digits,
// exponent form below 1e-4 and from 1e16 on.
func pyFloat(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	case math.IsNaN(f):
		return "nan"
	}
	s := strconv.FormatFloat(f, 'e', -1, 64) // d.ddde±xx
	mant, expText, _ := strings.Cut(s, "e")
	exp, _ := strconv.Atoi(expText)
	if exp < -4 || exp >= 16 {
		sign := "+"
		if exp < 0 {
			sign, exp = "-", -exp
		}
		e := strconv.Itoa(exp)
		if len(e) < 2 {
			e = "0" + e
		}
		return mant + "e" + sign + e
	}
	s = strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.ContainsAny(s, ".") {
		s += ".0"
	}
	return s
}

// pyQuote renders a str or bytes literal the way repr() does.
func pyQuote(s string, isBytes bool) string {
	q := byte('\'')
	if strings.Contains(s, "'") && !strings.Contains(s, "\"") {
		q = '"'
	}
	var b strings.Builder
	if isBytes {
		b.WriteByte('b')
	}
	b.WriteByte(q)
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == q || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
			i++
			continue
		case c == '\n':
			b.WriteString(`\n`)
			i++
			continue
		case c == '\r':
			b.WriteString(`\r`)
			i++
			continue
		case c == '\t':
			b.WriteString(`\t`)
			i++
			continue
		}
		if isBytes || c < utf8.RuneSelf {
			if c >= 0x20 && c < 0x7f {
				b.WriteByte(c)
			} else {
				b.WriteString(`\x` + hex2(int(c)))
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			// Not valid UTF-8: Python would hold a surrogate escape here.
			b.WriteString(`\udc` + hex2(int(c)))
		case unicode.IsPrint(r):
			b.WriteString(s[i : i+n])
		case r <= 0xff:
			b.WriteString(`\x` + hex2(int(r)))
		case r <= 0xffff:
			b.WriteString(`\u` + hex2(int(r>>8)) + hex2(int(r&0xff)))
		default:
			b.WriteString(`\U000` + strconv.FormatInt(int64(r), 16))
		}
		i += n
	}
	b.WriteByte(q)
	return b.String()
}

func hex2(n int) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[n>>4&0xf], digits[n&0xf]})
}

// Equal reports whether v == w in Python: numbers compare by value across
// bool, int and float; lists, tuples and dicts element by element; sets
// and dicts regardless of order. Unknown equals nothing, not even itself.
func (v Value) Equal(w Value) bool {
	if vn, ok := v.number(); ok {
		wn, ok := w.number()
		if ok && v.Kind != FloatVal && w.Kind != FloatVal {
			return v.asInt() == w.asInt() // exact, beyond float precision
		}
		return ok && vn == wn
	}
	if v.Kind != w.Kind {
		return false
	}
	switch v.Kind {
	case NoneVal:
		return true
	case StrVal, BytesVal:
		return v.Str == w.Str
	case ListVal, TupleVal:
		if len(v.Items) != len(w.Items) {
			return false
		}
		for i := range v.Items {
			if !v.Items[i].Equal(w.Items[i]) {
				return false
			}
		}
		return true
	case SetVal:
		return len(v.Items) == len(w.Items) && containsAll(v.Items, w.Items) && containsAll(w.Items, v.Items)
	case DictVal:
		if len(v.Keys) != len(w.Keys) {
			return false
		}
		for i, k := range v.Keys {
			j := indexOf(w.Keys, k)
			if j < 0 || !v.Items[i].Equal(w.Items[j]) {
				return false
			}
		}
		return true
	}
	return false
}

func (v Value) number() (float64, bool) {
	switch v.Kind {
	case BoolVal:
		if v.Bool {
			return 1, true
		}
		return 0, true
	case IntVal:
		return float64(v.Int), true
	case FloatVal:
		return v.Float, true
	}
	return 0, false
}

func (v Value) asInt() int64 {
	if v.Kind == BoolVal {
		if v.Bool {
			return 1
		}
		return 0
	}
	return v.Int
}

func indexOf(list []Value, x Value) int {
	for i, y := range list {
		if y.Equal(x) {
			return i
		}
	}
	return -1
}

func containsAll(a, b []Value) bool {
	for _, x := range b {
		if indexOf(a, x) < 0 {
			return false
		}
	}
	return true
}
