package project

import (
	"strings"
	"testing"
)

func TestHistoryScan(t *testing.T) {
	const m = "\x01djharden-commit "
	key := "Zk3-secret-value-that-is-long-enough"
	longLine := "+" + strings.Repeat("x", 3<<20) + key + strings.Repeat("y", 100) + "\n"
	tests := []struct {
		name    string
		log     string
		commits int
		scanned int
		first   string
	}{
		{"none", m + "aaa 2024-03-01\n\ndiff --git a/s.py b/s.py\n+DEBUG = True\n", 0, 1, ""},
		{"added then removed", m + "ccc 2024-03-01\n-SECRET_KEY = '" + key + "'\n+SECRET_KEY = env('K')\n" +
			m + "bbb 2024-02-01\n+SECRET_KEY = '" + key + "'\n" +
			m + "aaa 2024-01-02\n+SECRET_KEY = '" + key + "'\n+X = '" + key + "'\n", 2, 3, "2024-01-02"},
		{"context lines do not count", m + "aaa 2024-01-02\n SECRET_KEY = '" + key + "'\n", 0, 1, ""},
		{"key across buffer pieces", m + "aaa 2024-05-05\n" + longLine, 1, 1, "2024-05-05"},
	}
	for _, tt := range tests {
		h := historyScan(strings.NewReader(tt.log), []byte(key), m)
		if h.commits != tt.commits || h.scanned != tt.scanned || h.firstDate != tt.first {
			t.Errorf("%s: got %+v", tt.name, h)
		}
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
