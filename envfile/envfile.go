// Package envfile reads and edits .env files the way Python projects use
// them (python-dotenv, django-environ, python-decouple): a tolerant line
// parser that keeps line numbers and never fails the whole file, and an
// editor that changes one line at a time and keeps every other byte.
package envfile

import (
	"bytes"
	"strings"
)

// Line is one line of an env file.
type Line struct {
	Num     int    // 1-based
	Raw     string // the line as written, without its line ending
	Key     string // "" for blank lines, comments and lines that could not be parsed
	Value   string // the value as the libraries would read it
	Export  bool   // "export KEY=..."
	Problem string // why a non-blank, non-comment line was not understood

	eol string // the line ending as found: "\n", "\r\n", "\r" or "" (last line without one)
}

// File is a parsed env file.
type File struct {
	Lines []Line
	CRLF  bool
	BOM   bool // the file starts with a UTF-8 byte order mark (kept in Lines[0].Raw)
}

const utf8BOM = "\ufeff"

// Parse reads data; it never fails.
func Parse(data []byte) *File {
	f := &File{}
	s := string(data)
	f.BOM = strings.HasPrefix(s, utf8BOM)
	firstEOL := true
	for num := 1; s != ""; num++ {
		raw, eol := s, ""
		if i := strings.IndexAny(s, "\r\n"); i >= 0 {
			raw = s[:i]
			eol = s[i : i+1]
			if s[i] == '\r' && i+1 < len(s) && s[i+1] == '\n' {
				eol = "\r\n"
			}
		}
		s = s[len(raw)+len(eol):]
		if eol != "" && firstEOL {
			f.CRLF = eol == "\r\n"
			firstEOL = false
		}
		text := raw
		if num == 1 {
			text = strings.TrimPrefix(text, utf8BOM)
		}
		line := parseLine(text)
		line.Num, line.Raw, line.eol = num, raw, eol
		f.Lines = append(f.Lines, line)
	}
	return f
}

// parseLine reads one line the way python-dotenv does (minus multi-line
// values and ${VAR} interpolation, which the libraries disagree on).
func parseLine(text string) Line {
	rest := strings.TrimLeft(text, " \t\f\v")
	if rest == "" || rest[0] == '#' {
		return Line{}
	}
	var l Line
	if after, ok := cutExport(rest); ok {
		l.Export, rest = true, after
	}
	key, rest := readKey(rest)
	if key == "" {
		l.Problem = "no variable name before '='"
		return l
	}
	rest = strings.TrimLeft(rest, " \t")
	if !strings.HasPrefix(rest, "=") {
		l.Problem = "no '=' after " + key
		return l
	}
	rest = strings.TrimLeft(rest[1:], " \t")
	value, tail, problem := readValue(rest)
	if problem == "" {
		tail = strings.TrimLeft(tail, " \t")
		if tail != "" && tail[0] != '#' {
			problem = "unexpected text after the closing quote"
		}
	}
	if problem != "" {
		l.Problem = problem
		return l
	}
	l.Key, l.Value = key, value
	return l
}

func cutExport(s string) (string, bool) {
	if !strings.HasPrefix(s, "export") || len(s) < 7 || (s[6] != ' ' && s[6] != '\t') {
		return s, false
	}
	return strings.TrimLeft(s[6:], " \t"), true
}

// readKey reads an unquoted key (anything up to '=', '#' or a space, as
// python-dotenv does) or a single-quoted one.
func readKey(s string) (key, rest string) {
	if strings.HasPrefix(s, "'") {
		if end := strings.IndexByte(s[1:], '\''); end > 0 {
			return s[1 : 1+end], s[2+end:]
		}
		return "", s
	}
	i := strings.IndexAny(s, "=# \t")
	if i < 0 {
		return s, ""
	}
	return s[:i], s[i:]
}

// readValue reads a quoted or unquoted value and returns what follows it.
func readValue(s string) (value, tail, problem string) {
	if s == "" {
		return "", "", ""
	}
	switch q := s[0]; q {
	case '\'', '"':
		var b strings.Builder
		for i := 1; i < len(s); i++ {
			c := s[i]
			if c == '\\' && i+1 < len(s) {
				if r, ok := unescape(q, s[i+1]); ok {
					b.WriteString(r)
					i++
					continue
				}
			}
			if c == q {
				return b.String(), s[i+1:], ""
			}
			b.WriteByte(c)
		}
		return "", "", "the quoted value is not closed on this line"
	default:
		// An inline comment needs whitespace before '#'.
		v := s
		for i := 1; i < len(v); i++ {
			if v[i] == '#' && (v[i-1] == ' ' || v[i-1] == '\t') {
				v = v[:i]
				break
			}
		}
		return strings.TrimRight(v, " \t"), "", ""
	}
}

// unescape decodes the escapes python-dotenv decodes inside quotes.
func unescape(quote, c byte) (string, bool) {
	if quote == '\'' {
		if c == '\\' || c == '\'' {
			return string(c), true
		}
		return "", false
	}
	switch c {
	case '\\', '\'', '"':
		return string(c), true
	case 'a':
		return "\a", true
	case 'b':
		return "\b", true
	case 'f':
		return "\f", true
	case 'n':
		return "\n", true
	case 'r':
		return "\r", true
	case 't':
		return "\t", true
	case 'v':
		return "\v", true
	}
	return "", false
}

// Values returns the variables (a later line wins, as in python-dotenv).
func (f *File) Values() map[string]string {
	m := make(map[string]string)
	for _, l := range f.Lines {
		if l.Key != "" {
			m[l.Key] = l.Value
		}
	}
	return m
}

// Keys returns the variable names in file order, without repeats.
func (f *File) Keys() []string {
	seen := make(map[string]bool)
	var keys []string
	for _, l := range f.Lines {
		if l.Key != "" && !seen[l.Key] {
			seen[l.Key] = true
			keys = append(keys, l.Key)
		}
	}
	return keys
}

// Get returns the value the file gives key (the last line wins).
func (f *File) Get(key string) (string, bool) {
	for i := len(f.Lines) - 1; i >= 0; i-- {
		if f.Lines[i].Key == key {
			return f.Lines[i].Value, true
		}
	}
	return "", false
}

// Bytes renders the file: unchanged lines come back byte for byte.
func (f *File) Bytes() []byte {
	var b bytes.Buffer
	for _, l := range f.Lines {
		b.WriteString(l.Raw)
		b.WriteString(l.eol)
	}
	return b.Bytes()
}
