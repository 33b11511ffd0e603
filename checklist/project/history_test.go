package project

import (
	"strings"
	"testing"
)

func TestKeySearchAcrossPieces(t *testing.T) {
	t.Parallel()
	key := []byte("Zk3-secret-value-that-is-long-enough")
	s := newKeySearch([][]byte{[]byte("another-key-0123456789"), key})
	for _, tt := range []struct {
		name string
		text string
		want bool
	}{
		{"absent", strings.Repeat("x", 1<<20), false},
		{"at the start", string(key) + strings.Repeat("y", 10), true},
		// The buffer holds 256 KiB: put the key across its edge.
		{"across the buffer edge", strings.Repeat("x", 256<<10-10) + string(key) + "z", true},
		{"far in a large blob", strings.Repeat("x", 3<<20) + string(key), true},
		{"a prefix only", strings.Repeat("x", 100) + string(key[:20]), false},
	} {
		got, err := s.search(strings.NewReader(tt.text))
		if err != nil || got != tt.want {
			t.Errorf("%s: %v, %v; want %v", tt.name, got, err, tt.want)
		}
	}
}

func TestParseRawLog(t *testing.T) {
	t.Parallel()
	const a, b, z = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "0000000000000000000000000000000000000000"
	log := "\x01c3 2024-03-01\n\n:100644 000000 " + b + " " + z + " D\tmysite/settings.py\n" +
		"\x01c2 2024-02-01\n\n:100644 100644 " + a + " " + b + " M\tmysite/settings.py\n:100644 100644 " + a + " " + b + " M\tREADME.md\n" +
		"\x01c1 2024-01-02\n\n:000000 100644 " + z + " " + a + " A\t.env\n:000000 100644 " + z + " " + b + " A\t\"odd\\tname.py\"\n"
	order, uses, commits, err := parseRawLog(strings.NewReader(log), nil)
	if err != nil || commits != 3 {
		t.Fatalf("commits %d, err %v", commits, err)
	}
	if len(order) != 2 || order[0] != b || order[1] != a {
		t.Fatalf("order %v", order)
	}
	if uses[b].commits != 2 || uses[b].oldest != "2024-01-02" || uses[a].commits != 1 {
		t.Errorf("uses b %+v a %+v", *uses[b], *uses[a])
	}
}

func TestReadTOML(t *testing.T) {
	src := `# comment
title = "x # not a comment"
[tool.poetry.dependencies]
python = "^3.11"
"Django" = { version = "^4.2", extras = ["argon2"] } # web
[[package]]
name = "a"
[[package]]
name = "django"
list = [
  "one", # first
  'two',
]
broken line without equals
unterminated = [ "x",
`
	entries := readTOML([]byte(src))
	var got []string
	for _, e := range entries {
		got = append(got, e.Table+"|"+itoaTest(e.Index)+"|"+e.Key+"|"+strings.Join(tomlStrings(e.Value), ",")+"|"+itoaTest(e.Line))
	}
	want := []string{
		"|-1|title|x # not a comment|2",
		"tool.poetry.dependencies|-1|python|^3.11|4",
		"tool.poetry.dependencies|-1|Django|^4.2,argon2|5",
		"package|0|name|a|7",
		"package|1|name|django|9",
		"package|1|list|one,two|10",
		"package|1|unterminated|x|15",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if v, ok := tomlInlineField(entries[2].Value, "version"); !ok || v != "^4.2" {
		t.Errorf("inline version = %q %v", v, ok)
	}
}
