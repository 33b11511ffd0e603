package project

import (
	"regexp"
	"strings"
)

// tomlEntry is one "key = value" of a TOML file, read line by line: enough
// for pyproject.toml, poetry.lock, uv.lock, Pipfile and fly.toml, without a
// TOML module. Multi-line arrays are joined into one Value.
type tomlEntry struct {
	Table string // "tool.poetry.dependencies"; "package" for [[package]]
	Index int    // for array tables ([[package]]): which one, 0-based; -1 otherwise
	Key   string // unquoted
	Value string // raw value text, comments stripped
	Line  int    // 1-based line of the key
}

var tomlKeyLine = regexp.MustCompile(`^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_.-]+)\s*=\s*(.*)$`)

// readTOML returns the entries of data in order. It never fails: lines it
// does not understand are skipped.
func readTOML(data []byte) []tomlEntry {
	lines := splitLines(data)
	var out []tomlEntry
	table, index := "", -1
	arrayCount := map[string]int{}
	for i := 0; i < len(lines); i++ {
		line := strings.TrimSpace(lines[i])
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
			continue
		case strings.HasPrefix(line, "[["):
			table = strings.TrimSpace(strings.Trim(stripTOMLComment(line), "[] \t"))
			index = arrayCount[table]
			arrayCount[table]++
			continue
		case strings.HasPrefix(line, "["):
			table = strings.TrimSpace(strings.Trim(stripTOMLComment(line), "[] \t"))
			index = -1
			continue
		}
		m := tomlKeyLine.FindStringSubmatch(lines[i])
		if m == nil {
			continue
		}
		e := tomlEntry{Table: table, Index: index, Key: strings.Trim(m[1], `"'`), Line: i + 1}
		value := stripTOMLComment(m[2])
		// Join continuation lines while brackets or braces are open, or a
		// triple-quoted string is (bounded, so a broken file cannot make
		// us swallow the rest).
		for j := 0; j < 500 && (bracketDepth(value) > 0 || strings.Count(value, `"""`)%2 == 1) && i+1 < len(lines); j++ {
			i++
			value += "\n" + stripTOMLComment(lines[i])
		}
		e.Value = strings.TrimSpace(value)
		out = append(out, e)
	}
	return out
}

// eachOutsideStrings calls fn with each byte of s that is not inside a
// TOML string ('...' or "..." with backslash escapes); fn returns false to stop.
func eachOutsideStrings(s string, fn func(i int, c byte) bool) {
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == '\\' && quote == '"' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		default:
			if !fn(i, c) {
				return
			}
		}
	}
}

// stripTOMLComment removes a # comment that is not inside a string.
func stripTOMLComment(s string) string {
	out := s
	eachOutsideStrings(s, func(i int, c byte) bool {
		if c == '#' {
			out = strings.TrimRight(s[:i], " \t")
			return false
		}
		return true
	})
	return out
}

// bracketDepth counts unclosed [ and { outside strings.
func bracketDepth(s string) int {
	depth := 0
	eachOutsideStrings(s, func(_ int, c byte) bool {
		switch c {
		case '[', '{':
			depth++
		case ']', '}':
			depth--
		}
		return true
	})
	return depth
}

var tomlString = regexp.MustCompile(`"((?:[^"\\]|\\.)*)"|'([^']*)'`)

// tomlStrings returns the string literals in a raw value, in order (the
// elements of an array, or the one string).
func tomlStrings(value string) []string {
	var out []string
	for _, m := range tomlString.FindAllStringSubmatch(value, -1) {
		if m[1] != "" || strings.HasPrefix(m[0], `"`) {
			out = append(out, strings.ReplaceAll(m[1], `\"`, `"`))
		} else {
			out = append(out, m[2])
		}
	}
	return out
}

// tomlInlineField returns field's string value from an inline table
// {version = "^4.2", extras = [...]}.
func tomlInlineField(value, field string) (string, bool) {
	re := regexp.MustCompile(`(?:^|[{,\s])` + regexp.QuoteMeta(field) + `\s*=\s*("(?:[^"\\]|\\.)*"|'[^']*')`)
	m := re.FindStringSubmatch(value)
	if m == nil {
		return "", false
	}
	return m[1][1 : len(m[1])-1], true
}
