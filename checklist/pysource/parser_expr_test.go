package pysource

import (
	"strings"
	"testing"
)

func TestParseExpr(t *testing.T) {
	tests := []struct{ src, want string }{
		{"1 + 2 * 3", "(1 + (2 * 3))"},
		{"60 * 60 * 24 * 365", "(((60 * 60) * 24) * 365)"},
		{"-2 ** 2", "(-(2 ** 2))"},
		{"2 ** -1", "(2 ** (-1))"},
		{"2 ** 3 ** 2", "(2 ** (3 ** 2))"},
		{"a or b and not c", "(a or (b and (not c)))"},
		{"1 < 2 <= 3 != 4", "(1 < 2 <= 3 != 4)"},
		{"a is not None", "(a is not None)"},
		{"x not in y", "(x not in y)"},
		{"1 << 4 | 2 & 3 ^ 1", "((1 << 4) | ((2 & 3) ^ 1))"},
		{"a if b else c if d else e", "(a if b else (c if d else e))"},
		{"os.environ.get('X', 'y')", "os.environ.get('X', 'y')"},
		{"f(*a, k=1, **kw)", "f(*a, k=1, **kw)"},
		{"d['a']['b']", "d['a']['b']"},
		{"x[1:2]", "x[Bad(1:2)]"},
		{"x[::2]", "x[Bad(::2)]"},
		{"x[1, 2]", "x[(1, 2)]"},
		{"[1, 2, *r]", "[1, 2, *r]"},
		{"(1,)", "(1,)"},
		{"()", "()"},
		{"{}", "{}"},
		{"{1, 2}", "{1, 2}"},
		{"{'a': 1, **b}", "{'a': 1, **b}"},
		{"[i for i in x if i]", "[i for i in x if i]"},
		{"{k: v for k, v in d}", "{k: v for (k, v) in d}"},
		{"{s.strip() for s in x.split(',') if s if not s.startswith('#')}", "{s.strip() for s in x.split(',') if s if (not s.startswith('#'))}"},
		{"(x for x in y)", "(x for x in y)"},
		{"[x for y in z for x in y]", "Bad([x for y in z for x in y])"},
		{"[x async for x in y]", "Bad([x async for x in y])"},
		{"[x for x in", "Bad([x for x in)"},
		{"sum(i for i in x)", "sum(Bad(i for i in x))"},
		{"lambda x, y=1: x + y", "Bad(lambda x, y=1: x + y)"},
		{"(n := 10)", "Bad(n := 10)"},
		{"'a' 'b' \"c\"", "'abc'"},
		{"b'x' b'y'", "b'xy'"},
		{"f'{a}-{b.c!r}'", "f'{a}-{b.c!r}'"},
		{"...", "..."},
		{"await x", "(await x)"},
		{"not not x", "(not (not x))"},
		{"a.b.c(d)[e].f", "a.b.c(d)[e].f"},
		{"1, 2", "(1, 2)"},
		{"x @ y", "(x @ y)"},
		{"~x // 2 % 3", "(((~x) // 2) % 3)"},
		{"a +", "Bad(a +)"},
		{"a b", "Bad(a b)"},
	}
	for _, tt := range tests {
		if got := Format(ParseExpr(tt.src)); got != tt.want {
			t.Errorf("ParseExpr(%q) = %s, want %s", tt.src, got, tt.want)
		}
	}
}

func TestFStringParts(t *testing.T) {
	e := ParseExpr(`f"{user!r:>{width}} {a['k']} {x=}" f'{y}'`)
	s, ok := e.(*Str)
	if !ok || !s.FString {
		t.Fatalf("got %T %s", e, Format(e))
	}
	var parts []string
	for _, p := range s.Parts {
		parts = append(parts, Format(p))
	}
	if got, want := strings.Join(parts, " | "), "user | width | a['k'] | x | y"; got != want {
		t.Errorf("parts = %s, want %s", got, want)
	}
}

func TestParseDeepNestingDoesNotOverflow(t *testing.T) {
	for _, src := range []string{
		strings.Repeat("(", 100000),
		strings.Repeat("[", 100000) + strings.Repeat("]", 100000),
		"x = " + strings.Repeat("-", 100000) + "1",
		"x = " + strings.Repeat("not ", 50000) + "y",
		"x = " + strings.Repeat("f(", 50000),
		"x = " + strings.Repeat("a.", 50000) + "b",
		"x = " + strings.Repeat("1 if 2 else ", 50000) + "3",
	} {
		m := Parse([]byte(src + "\nAFTER = 1\n"))
		if len(m.Issues) == 0 && strings.Contains(src, "(") {
			t.Errorf("no issue for %.20q...", src)
		}
		found := false
		for _, a := range m.Assignments() {
			found = found || a.Name == "AFTER"
		}
		if !found && !strings.HasPrefix(src, "((") && !strings.HasPrefix(src, "[[") && !strings.Contains(src, "f(") {
			t.Errorf("lost the statement after %.20q...", src)
		}
	}
}
