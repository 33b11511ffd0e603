package envfile

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseLines(t *testing.T) {
	tests := []struct {
		name    string
		line    string
		key     string
		value   string
		export  bool
		problem bool
	}{
		{"plain", "A=1", "A", "1", false, false},
		{"spaces around equals", "A = 1", "A", "1", false, false},
		{"empty", "A=", "A", "", false, false},
		{"export", "export A=x", "A", "x", true, false},
		{"inline comment", "A=x # note", "A", "x", false, false},
		{"hash without space", "A=x#y", "A", "x#y", false, false},
		{"single quoted", "A='x # y'", "A", "x # y", false, false},
		{"single quoted escape", `A='it\'s'`, "A", "it's", false, false},
		{"double quoted escapes", `A="a\nb\"c"`, "A", "a\nb\"c", false, false},
		{"double quoted then comment", `A="x" # c`, "A", "x", false, false},
		{"trailing blanks", "A=x   ", "A", "x", false, false},
		{"comment", "# A=1", "", "", false, false},
		{"indented comment", "   # A=1", "", "", false, false},
		{"blank", "   ", "", "", false, false},
		{"no equals", "JUSTAKEY", "", "", false, true},
		{"unclosed quote", `A="abc`, "", "", false, true},
		{"junk after quote", `A="abc"def`, "", "", false, true},
		{"no key", "=value", "", "", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := Parse([]byte(tt.line + "\n"))
			if len(f.Lines) != 1 {
				t.Fatalf("got %d lines", len(f.Lines))
			}
			l := f.Lines[0]
			if l.Key != tt.key || l.Value != tt.value || l.Export != tt.export || (l.Problem != "") != tt.problem {
				t.Errorf("Parse(%q) = key %q value %q export %v problem %q", tt.line, l.Key, l.Value, l.Export, l.Problem)
			}
			if l.Raw != tt.line || l.Num != 1 {
				t.Errorf("Raw = %q, Num = %d", l.Raw, l.Num)
			}
		})
	}
}

func TestValuesKeysGet(t *testing.T) {
	f := Parse([]byte("B=1\nA=2\n# c\nB=3\nbad line\n"))
	if got, want := f.Keys(), []string{"B", "A"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Keys = %v, want %v", got, want)
	}
	if got, want := f.Values(), map[string]string{"A": "2", "B": "3"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Values = %v, want %v", got, want)
	}
	if v, ok := f.Get("B"); !ok || v != "3" {
		t.Errorf("Get(B) = %q, %v", v, ok)
	}
	if _, ok := f.Get("C"); ok {
		t.Error("Get(C) found a missing key")
	}
	if f.Lines[4].Problem == "" || f.Lines[4].Num != 5 {
		t.Errorf("line 5 = %+v, want a problem", f.Lines[4])
	}
}

func TestBytesRoundTrip(t *testing.T) {
	inputs := []string{
		"", "A=1", "A=1\n", "A=1\r\nB=2\r\n", "\ufeffA=1\n", "A=1\rB=2", "x\n\n\n# y\r\n  export Z = 'q' # c",
		"A=\"unclosed\nB=2\n",
	}
	for _, in := range inputs {
		if got := string(Parse([]byte(in)).Bytes()); got != in {
			t.Errorf("Bytes(Parse(%q)) = %q", in, got)
		}
	}
}

func TestBOMAndCRLF(t *testing.T) {
	f := Parse([]byte("\ufeffA=1\r\nB=2\r\n"))
	if !f.BOM || !f.CRLF {
		t.Fatalf("BOM %v CRLF %v, want both", f.BOM, f.CRLF)
	}
	if f.Lines[0].Key != "A" {
		t.Fatalf("first key %q, want A (BOM skipped)", f.Lines[0].Key)
	}
	f.Set("A", "9")
	f.Set("C", "3")
	if got, want := string(f.Bytes()), "\ufeffA=9\r\nB=2\r\nC=3\r\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestSet(t *testing.T) {
	tests := []struct {
		name, in, key, value, want string
		changed                    bool
	}{
		{"append", "A=1\n", "B", "2", "A=1\nB=2\n", true},
		{"append to file without final newline", "A=1", "B", "2", "A=1\nB=2\n", true},
		{"append to empty file", "", "B", "2", "B=2\n", true},
		{"replace in place", "# top\nA=1 # old\nC=3\n", "A", "2", "# top\nA=2\nC=3\n", true},
		{"same value keeps the line", "A='1' # keep\n", "A", "1", "A='1' # keep\n", false},
		{"export kept", "export A=1\n", "A", "2", "export A=2\n", true},
		{"last duplicate wins", "A=1\nA=2\n", "A", "3", "A=1\nA=3\n", true},
		{"quoted when blanks at the ends", "", "A", " x ", "A=' x '\n", true},
		{"CRLF kept", "A=1\r\nB=2\r\n", "C", "3", "A=1\r\nB=2\r\nC=3\r\n", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := Parse([]byte(tt.in))
			if changed := f.Set(tt.key, tt.value); changed != tt.changed {
				t.Errorf("changed = %v, want %v", changed, tt.changed)
			}
			if got := string(f.Bytes()); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if v, _ := Parse(f.Bytes()).Get(tt.key); v != tt.value {
				t.Errorf("read back %q, want %q", v, tt.value)
			}
		})
	}
}

func TestSetValueRejects(t *testing.T) {
	f := Parse([]byte("A=1\n"))
	for _, tc := range []struct{ key, value string }{
		{"A", "x$y"}, {"A", "a#b"}, {"A", "a\nb"}, {"A", `a\b`}, {"A", "it's"}, {"A", `"q"`},
		{"1A", "x"}, {"A-B", "x"}, {"", "x"},
	} {
		if changed, err := f.SetValue(tc.key, tc.value, ""); err == nil || changed {
			t.Errorf("SetValue(%q, %q) = %v, %v; want an error", tc.key, tc.value, changed, err)
		}
	}
	if got := string(f.Bytes()); got != "A=1\n" {
		t.Errorf("file changed to %q", got)
	}
}

func TestSetValueComment(t *testing.T) {
	f := Parse(nil)
	if _, err := f.SetValue("K", "v", "why K matters"); err != nil {
		t.Fatal(err)
	}
	f.AppendComment("")
	if got, want := string(f.Bytes()), "# why K matters\nK=v\n\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestFormat(t *testing.T) {
	tests := []struct{ in, want string }{
		{"abc", "abc"},
		{"", ""},
		{"a b", "a b"},
		{" a", "' a'"},
		{"a ", "'a '"},
		{`"a`, `'"a'`},
		{`a"b`, `a"b`},
		{"example.com,www.example.com", "example.com,www.example.com"},
		{"p@ss%w0rd!", "p@ss%w0rd!"},
		{"héllo", "héllo"},
	}
	for _, tt := range tests {
		got, err := Format(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("Format(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"$x", "a${B}", "#", "a\\b", "'", "a\rb", "\x00", `""`, "\xff"} {
		if got, err := Format(bad); err == nil {
			t.Errorf("Format(%q) = %q, want an error", bad, got)
		} else if strings.Contains(err.Error(), bad) && len(bad) > 1 {
			t.Errorf("error %q repeats the value", err)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"A=1\n", "export B='x'\r\n", "\ufeffC=\"a\\nb\" # c\n", "bad\n=x\n", "A='unterminated"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p := Parse(data)
		if got := p.Bytes(); string(got) != string(data) {
			t.Fatalf("round trip changed %q into %q", data, got)
		}
		for i, l := range p.Lines {
			if l.Num != i+1 {
				t.Fatalf("line %d numbered %d", i+1, l.Num)
			}
		}
		p.Keys()
		p.Values()
	})
}

func FuzzFormat(f *testing.F) {
	for _, s := range []string{"abc", " a ", `"x`, "a$b", "é"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, value string) {
		formatted, err := Format(value)
		if err != nil {
			return
		}
		p := Parse([]byte("K=" + formatted + "\n"))
		if got, ok := p.Get("K"); !ok || got != value {
			t.Fatalf("Format(%q) = %q reads back as %q (%v)", value, formatted, got, ok)
		}
	})
}
