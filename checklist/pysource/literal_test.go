package pysource

import (
	"math"
	"testing"
)

func TestLiteral(t *testing.T) {
	lookup := func(name string) (Value, bool) {
		if name == "BASE" {
			return Value{Kind: StrVal, Str: "/srv"}, true
		}
		return Value{}, false
	}
	tests := []struct{ src, want string }{
		{"60 * 60 * 24 * 365", "31536000"},
		{"1_000", "1000"},
		{"0x1F + 0o17 + 0b11", "49"},
		{"-5 // 2", "-3"},
		{"-5 % 3", "1"},
		{"5 % -3", "-1"},
		{"7 // -2", "-4"},
		{"7 / 2", "3.5"},
		{"2 ** 10", "1024"},
		{"2 ** -1", "0.5"},
		{"-2 ** 2", "-4"},
		{"2 ** 64", "<unknown>"},
		{"2 ** 100000", "<unknown>"},
		{"1 / 0", "<unknown>"},
		{"1.5e3", "1500.0"},
		{"1e-7", "1e-07"},
		{"1e22", "1e+22"},
		{"0.1 + 0.2", "0.30000000000000004"},
		{"-7.5 // 2", "-4.0"},
		{"3j", "<unknown>"},
		{"True + 1", "2"},
		{"'a' 'b'", "'ab'"},
		{"'ab' * 3", "'ababab'"},
		{"3 * 'ab'", "'ababab'"},
		{"'x' * 10 ** 9", "<unknown>"},
		{"[0] * 10 ** 9", "<unknown>"},
		{"[] * 10 ** 9", "[]"},
		{"[1] + [2]", "[1, 2]"},
		{"(1,) + (2,)", "(1, 2)"},
		{"'it\\'s'", "\"it's\""},
		{"b'\\x00a'", "b'\\x00a'"},
		{"{'a': 1, 'a': 2}", "{'a': 2}"},
		{"{1: 'x', True: 'y'}", "{1: 'y'}"},
		{"{1, 1, 2}", "{1, 2}"},
		{"set()", "set()"},
		{"dict(a=1)", "{'a': 1}"},
		{"{**{'a': 1}, 'b': 2}", "{'a': 1, 'b': 2}"},
		{"[*[1], *(2,)]", "[1, 2]"},
		{"not []", "True"},
		{"None or 'x'", "'x'"},
		{"0 and unknown_name", "0"},
		{"1 < 2 < 3", "True"},
		{"'a' in ('a', 'b')", "True"},
		{"1 if True else x", "1"},
		{"[1, 2][-1]", "2"},
		{"{'k': 'v'}['k']", "'v'"},
		{"BASE + '/static'", "'/srv/static'"},
		{"OTHER", "<unknown>"},
		{"os.path.join('a', 'b')", "<unknown>"},
		{"f'x{y}'", "<unknown>"},
		{"f'plain'", "'plain'"},
		{"int('42')", "42"},
		{"str(5)", "'5'"},
		{"bool('False')", "True"},
		{"~5", "-6"},
		{"1 << 3 | 1", "9"},
		{"-(-9223372036854775807 - 1)", "<unknown>"},
		{"(1, [2])", "(1, [2])"},
		{"{[1]: 2}", "<unknown>"},
		{"'é' + 'x'", "'éx'"},
		{"'\\n\\t\\x7f'", "'\\n\\t\\x7f'"},
		{"0777", "<unknown>"},
	}
	for _, tt := range tests {
		if got := Literal(ParseExpr(tt.src), lookup).Python(); got != tt.want {
			t.Errorf("Literal(%s) = %s, want %s", tt.src, got, tt.want)
		}
	}
}

func TestValueTruthyAndEqual(t *testing.T) {
	s := func(x string) Value { return Value{Kind: StrVal, Str: x} }
	i := func(n int64) Value { return Value{Kind: IntVal, Int: n} }
	truthy := []struct {
		v    Value
		want bool
	}{
		{s("False"), true}, {s(""), false}, {i(0), false}, {i(-1), true},
		{Value{Kind: FloatVal}, false}, {Value{Kind: NoneVal}, false}, {Value{Kind: ListVal}, false},
		{Value{Kind: TupleVal, Items: []Value{i(0)}}, true}, {Value{}, false},
	}
	for _, tt := range truthy {
		if got := tt.v.Truthy(); got != tt.want {
			t.Errorf("%s.Truthy() = %v", tt.v.Python(), got)
		}
	}
	equal := []struct {
		a, b Value
		want bool
	}{
		{i(1), Value{Kind: BoolVal, Bool: true}, true},
		{i(1), Value{Kind: FloatVal, Float: 1}, true},
		{i(9007199254740993), i(9007199254740992), false},
		{s("a"), s("a"), true},
		{s("1"), i(1), false},
		{Value{Kind: ListVal, Items: []Value{i(1)}}, Value{Kind: TupleVal, Items: []Value{i(1)}}, false},
		{Value{Kind: SetVal, Items: []Value{i(1), i(2)}}, Value{Kind: SetVal, Items: []Value{i(2), i(1)}}, true},
		{Value{Kind: DictVal, Keys: []Value{s("a"), s("b")}, Items: []Value{i(1), i(2)}},
			Value{Kind: DictVal, Keys: []Value{s("b"), s("a")}, Items: []Value{i(2), i(1)}}, true},
		{Value{}, Value{}, false},
		{Value{Kind: NoneVal}, Value{Kind: NoneVal}, true},
	}
	for _, tt := range equal {
		if got := tt.a.Equal(tt.b); got != tt.want {
			t.Errorf("%s.Equal(%s) = %v", tt.a.Python(), tt.b.Python(), got)
		}
	}
}

func TestPythonRepr(t *testing.T) {
	tests := []struct {
		v    Value
		want string
	}{
		{Value{Kind: FloatVal, Float: 1e16}, "1e+16"},
		{Value{Kind: FloatVal, Float: 123456789.0}, "123456789.0"},
		{Value{Kind: FloatVal, Float: 0.0001}, "0.0001"},
		{Value{Kind: FloatVal, Float: math.Inf(1)}, "inf"},
		{Value{Kind: FloatVal, Float: math.Copysign(0, -1)}, "-0.0"},
		{Value{Kind: TupleVal, Items: []Value{{Kind: IntVal, Int: 1}}}, "(1,)"},
		{Value{Kind: StrVal, Str: "a'b\"c"}, `'a\'b"c'`},
		{Value{Kind: StrVal, Str: "\x00\u200b"}, `'\x00\u200b'`},
		{Value{Kind: StrVal, Str: "\xff"}, `'\udcff'`},
	}
	for _, tt := range tests {
		if got := tt.v.Python(); got != tt.want {
			t.Errorf("Python() = %s, want %s", got, tt.want)
		}
	}
}
