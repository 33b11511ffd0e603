package pysource

import (
	"fmt"
	"strings"
	"testing"
)

// tokenSummary renders tokens as "KIND text" for compact expectations
// (NEWLINE/NL/INDENT/DEDENT/EOF without text).
func tokenSummary(src string) string {
	var parts []string
	for _, tok := range Tokenize([]byte(src)) {
		switch tok.Kind {
		case TokNewline, TokNL, TokIndent, TokDedent, TokEOF:
			parts = append(parts, tok.Kind.testName())
		default:
			parts = append(parts, tok.Kind.testName()+" "+src[tok.Off:tok.End])
		}
	}
	return strings.Join(parts, " | ")
}

func TestTokenizeShapes(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"empty", "", "EOF"},
		{"no final newline", "x=1", "NAME x | OP = | NUMBER 1 | NEWLINE | EOF"},
		{"comment only at eof", "# c", "COMMENT # c | NL | EOF"},
		{"cr line endings", "a = 1\rb = 2\r", "NAME a | OP = | NUMBER 1 | NEWLINE | NAME b | OP = | NUMBER 2 | NEWLINE | EOF"},
		{"brackets suppress NEWLINE", "x = [\n1,\n]\n", "NAME x | OP = | OP [ | NL | NUMBER 1 | OP , | NL | OP ] | NEWLINE | EOF"},
		{"indent and dedent", "if a:\n    b\nc\n", "NAME if | NAME a | OP : | NEWLINE | INDENT | NAME b | NEWLINE | DEDENT | NAME c | NEWLINE | EOF"},
		{"dedent at eof", "if a:\n  if b:\n    c\n", "NAME if | NAME a | OP : | NEWLINE | INDENT | NAME if | NAME b | OP : | NEWLINE | INDENT | NAME c | NEWLINE | DEDENT | DEDENT | EOF"},
		{"inconsistent dedent", "if a:\n    b\n  c\n", "NAME if | NAME a | OP : | NEWLINE | INDENT | NAME b | NEWLINE | DEDENT | INDENT | NAME c | NEWLINE | DEDENT | EOF"},
		{"prefixes", `rb'x' BR"y" f'z' Rf"w" u'v' ur'q'`, `STRING rb'x' | STRING BR"y" | STRING f'z' | STRING Rf"w" | STRING u'v' | NAME ur | STRING 'q' | NEWLINE | EOF`},
		{"unterminated single", "x = 'abc\ny = 1\n", "NAME x | OP = | STRING 'abc | NEWLINE | NAME y | OP = | NUMBER 1 | NEWLINE | EOF"},
		{"unterminated triple", "x = '''abc\ny = 1\n", "NAME x | OP = | STRING '''abc\ny = 1\n | NEWLINE | EOF"},
		{"escaped newline in string", "x = 'a\\\nb'\n", "NAME x | OP = | STRING 'a\\\nb' | NEWLINE | EOF"},
		{"fstring 3.12 nested quotes", `x = f"{d["k"]}" + f'{a:">5}'`, `NAME x | OP = | STRING f"{d["k"]}" | OP + | STRING f'{a:">5}' | NEWLINE | EOF`},
		{"fstring nested fstring", `f"{f'{x}'}" y`, `STRING f"{f'{x}'}" | NAME y | NEWLINE | EOF`},
		{"fstring unterminated field", "f\"{x\nz\n", "STRING f\"{x | NEWLINE | NAME z | NEWLINE | EOF"},
		{"lone backslash", "a \\ b\n", "NAME a | ERRORTOKEN \\ | NAME b | NEWLINE | EOF"},
		{"backslash at eof", "a\\", "NAME a | ERRORTOKEN \\ | NEWLINE | EOF"},
		{"invalid bytes", "$x ? \x00", "ERRORTOKEN $ | NAME x | ERRORTOKEN ? | ERRORTOKEN \x00 | NEWLINE | EOF"},
		{"invalid utf8 in name", "a\xff\xfe = 1", "NAME a\xff\xfe | OP = | NUMBER 1 | NEWLINE | EOF"},
		{"numbers", "0x_1F 1_000 1.5e-3 .5 5. 3j 0o17 0b1 1e 1if", "NUMBER 0x_1F | NUMBER 1_000 | NUMBER 1.5e-3 | NUMBER .5 | NUMBER 5. | NUMBER 3j | NUMBER 0o17 | NUMBER 0b1 | NUMBER 1 | NAME e | NUMBER 1 | NAME if | NEWLINE | EOF"},
		{"operators", "a**=b//c->d...e:=f!=g<>h", "NAME a | OP **= | NAME b | OP // | NAME c | OP -> | NAME d | OP ... | NAME e | OP := | NAME f | OP != | NAME g | OP <> | NAME h | NEWLINE | EOF"},
		{"unclosed list recovers", "A = [\n    'x',\n\nB = 1\n", "NAME A | OP = | OP [ | NL | STRING 'x' | OP , | NL | NEWLINE | NAME B | OP = | NUMBER 1 | NEWLINE | EOF"},
		{"unclosed call recovers at def", "f(\ndef g(): pass\n", "NAME f | OP ( | NEWLINE | NAME def | NAME g | OP ( | OP ) | OP : | NAME pass | NEWLINE | EOF"},
		{"kwarg at column 0 inside call stays", "x = dict(\na=1,\n)\n", "NAME x | OP = | NAME dict | OP ( | NL | NAME a | OP = | NUMBER 1 | OP , | NL | OP ) | NEWLINE | EOF"},
		{"extra closing bracket", ")\nx\n", "OP ) | NEWLINE | NAME x | NEWLINE | EOF"},
		{"bom", "\xef\xbb\xbfx\n", "NAME x | NEWLINE | EOF"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tokenSummary(tt.src); got != tt.want {
				t.Errorf("Tokenize(%q)\n got  %s\n want %s", tt.src, got, tt.want)
			}
			checkContiguous(t, []byte(tt.src))
		})
	}
}

func TestTokenPositions(t *testing.T) {
	src := "a = 1\r\nif a:\n\tb = '''x\ny'''; c\n"
	var got []string
	for _, tok := range Tokenize([]byte(src)) {
		got = append(got, fmt.Sprintf("%d:%d", tok.Start.Line, tok.Start.Col))
	}
	want := "1:1 1:3 1:5 1:6 2:1 2:4 2:5 2:6 3:1 3:2 3:4 3:6 4:5 4:7 4:8 5:1 5:1"
	if s := strings.Join(got, " "); s != want {
		t.Errorf("positions\n got  %s\n want %s", s, want)
	}
}

// checkContiguous asserts that tokens are ordered, do not overlap, and that
// every byte outside them is a blank, a backslash continuation or the BOM;
// and that the stream ends with exactly one EOF at len(src).
func checkContiguous(t testing.TB, src []byte) {
	t.Helper()
	toks := Tokenize(src)
	pos := 0
	if hasBOM(src) {
		pos = 3
	}
	for i, tok := range toks {
		if tok.Off < pos || tok.End < tok.Off || tok.End > len(src) {
			t.Fatalf("token %d %v [%d,%d) out of order (pos %d) in %q", i, tok.Kind.testName(), tok.Off, tok.End, pos, src)
		}
		for j := pos; j < tok.Off; j++ {
			c := src[j]
			if c == ' ' || c == '\t' || c == '\f' {
				continue
			}
			if c == '\\' && newlineLen(src, j+1) > 0 {
				j += newlineLen(src, j+1)
				continue
			}
			t.Fatalf("byte %d (%q) is in no token of %q", j, c, src)
		}
		pos = tok.End
		if tok.Kind == TokEOF {
			if i != len(toks)-1 || tok.Off != len(src) {
				t.Fatalf("EOF at %d (token %d of %d), len %d", tok.Off, i, len(toks), len(src))
			}
		}
	}
	if toks[len(toks)-1].Kind != TokEOF {
		t.Fatalf("no EOF")
	}
}

func TestTokenizerKeepsReturningEOF(t *testing.T) {
	tk := NewTokenizer([]byte("if x:\n  y"))
	for i := 0; i < 20; i++ {
		tk.Next()
	}
	if tok := tk.Next(); tok.Kind != TokEOF {
		t.Fatalf("after the end got %v", tok.Kind.testName())
	}
}

func TestTokenizerAllocatesNothingPerToken(t *testing.T) {
	src := []byte(strings.Repeat("X = f'{a}' + \"b\"  # c\nif X:\n    Y = [1, 2.5, 0x1f]\n", 50))
	allocs := testing.AllocsPerRun(20, func() {
		tk := NewTokenizer(src)
		for tk.Next().Kind != TokEOF {
		}
	})
	if allocs > 1 {
		t.Fatalf("streaming tokenizer made %.0f allocations per run, want at most 1 (the Tokenizer)", allocs)
	}
}

func TestStringLiteral(t *testing.T) {
	tests := []struct {
		text         string
		want         string
		isBytes, isF bool
		ok           bool
	}{
		{`'abc'`, "abc", false, false, true},
		{`"a\tb\n"`, "a\tb\n", false, false, true},
		{`'it\'s'`, "it's", false, false, true},
		{`r'\d\n'`, `\d\n`, false, false, true},
		{`b'\x00\xff'`, "\x00\xff", true, false, true},
		{`'\xe9\u00e9\U0001F600\101'`, "ééA😀"[0:0] + "éé😀A", false, false, true},
		{`'''a
b'''`, "a\nb", false, false, true},
		{"'a\\\nb'", "ab", false, false, true},
		{`'\q'`, `\q`, false, false, true},
		{`'\x4'`, `\x4'`[:3], false, false, false},
		{`f'{x!r} {{y}} {z:>{w}}'`, "{x!r} {y} {z:>{w}}", false, true, true},
		{`'unterminated`, "unterminated", false, false, false},
		{`b'\u00e9'`, `\u00e9`, true, false, true},
		{`Rb"\x"`, `\x`, true, false, true},
		{`'\N{BULLET}\N{latin small letter e with acute}'`, "\u2022é", false, false, true},
		{`'\N{NO SUCH NAME}'`, `\N{NO SUCH NAME}`, false, false, false},
		{`b'\N{BULLET}'`, `\N{BULLET}`, true, false, true},
		{`notastring`, "", false, false, false},
		{"'a\r\nb'", "a", false, false, false},
		{"'''a\r\nb'''", "a\nb", false, false, true},
	}
	for _, tt := range tests {
		v, b, f, ok := StringLiteral(tt.text)
		if v != tt.want || b != tt.isBytes || f != tt.isF || ok != tt.ok {
			t.Errorf("StringLiteral(%q) = %q,%v,%v,%v; want %q,%v,%v,%v", tt.text, v, b, f, ok, tt.want, tt.isBytes, tt.isF, tt.ok)
		}
	}
}
