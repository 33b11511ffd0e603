package envfile

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Format returns value as it must be written after "KEY=" so that
// python-dotenv, django-environ (0.4.4 through 0.12) and python-decouple
// all read it back unchanged.
//
// The rules, each proved by the tests against the real libraries:
//   - unquoted when every character is safe everywhere: no whitespace at
//     the ends, no quote, backslash, '$' or '#';
//   - single-quoted when the value starts with a double quote or has
//     blanks at either end, which the readers would trim;
//   - an error otherwise: '$' (django-environ takes a leading '$' as a
//     reference to another variable even inside quotes, python-dotenv and
//     Docker Compose expand ${VAR}), '#' (inline-comment rules changed
//     between django-environ 0.11 and 0.12), a single quote or a backslash
//     (escaping rules differ), and control characters or line breaks.
func Format(value string) (string, error) {
	if !utf8.ValidString(value) {
		return "", fmt.Errorf("the value is not valid UTF-8")
	}
	for _, r := range value {
		switch {
		case r == '\n' || r == '\r':
			return "", fmt.Errorf("the value spans several lines, which the env libraries read differently")
		case r == '$':
			return "", fmt.Errorf("the value contains '$', which django-environ and python-dotenv may expand as a variable reference")
		case r == '#':
			return "", fmt.Errorf("the value contains '#', which some env libraries read as the start of a comment")
		case r == '\'' || r == '\\':
			return "", fmt.Errorf("the value contains %q, which the env libraries unescape differently", r)
		case r == '\ufeff' || (unicode.IsControl(r) && r != '\t'):
			return "", fmt.Errorf("the value contains a control character")
		}
	}
	if len(value) >= 2 && value[0] == '"' && value[len(value)-1] == '"' {
		// django-environ 0.4.4 strips a second pair of double quotes
		// after removing the single ones.
		return "", fmt.Errorf("the value starts and ends with a double quote, which django-environ strips")
	}
	if unquotedSafe(value) {
		return value, nil
	}
	return "'" + value + "'", nil
}

// unquotedSafe reports whether value can be written bare.
func unquotedSafe(value string) bool {
	if value == "" {
		return true
	}
	// A leading quote would start a quoted value; blanks at the ends are
	// trimmed by every reader.
	first, _ := utf8.DecodeRuneInString(value)
	last, _ := utf8.DecodeLastRuneInString(value)
	return first != '"' && !unicode.IsSpace(first) && !unicode.IsSpace(last)
}

// Set writes key=value: the last line that sets key is rewritten (its
// "export " prefix kept), or a new line is appended; every other line is
// kept byte for byte. It reports whether anything changed. A value Format
// rejects leaves the file unchanged: use SetValue to see the error.
func (f *File) Set(key, value string) (changed bool) {
	changed, _ = f.SetValue(key, value, "")
	return changed
}

// SetValue is Set with an error for values Format rejects and an optional
// comment line written above the variable when it is appended.
func (f *File) SetValue(key, value, comment string) (changed bool, err error) {
	if !validKey(key) {
		return false, fmt.Errorf("%q is not a valid variable name", key)
	}
	formatted, err := Format(value)
	if err != nil {
		return false, fmt.Errorf("%s: %w", key, err)
	}
	for i := len(f.Lines) - 1; i >= 0; i-- {
		l := &f.Lines[i]
		if l.Key != key {
			continue
		}
		if l.Value == value {
			return false, nil
		}
		prefix := ""
		if i == 0 && f.BOM {
			prefix = utf8BOM
		}
		if l.Export {
			prefix += "export "
		}
		l.Raw = prefix + key + "=" + formatted
		l.Value = value
		return true, nil
	}
	if comment != "" {
		f.appendRaw(Line{Raw: "# " + comment})
	}
	f.appendRaw(Line{Raw: key + "=" + formatted, Key: key, Value: value})
	return true, nil
}

// AppendComment adds a comment line at the end (blank text adds a blank line).
func (f *File) AppendComment(text string) {
	if text == "" {
		f.appendRaw(Line{})
		return
	}
	f.appendRaw(Line{Raw: "# " + text})
}

// appendRaw adds a line, ending the previous last line first if it had no
// line ending, and using the file's line-ending style.
func (f *File) appendRaw(l Line) {
	eol := "\n"
	if f.CRLF {
		eol = "\r\n"
	}
	if n := len(f.Lines); n > 0 && f.Lines[n-1].eol == "" {
		f.Lines[n-1].eol = eol
	}
	l.Num = len(f.Lines) + 1
	l.eol = eol
	f.Lines = append(f.Lines, l)
}

// validKey accepts the names all three libraries read: django-environ 0.4.4
// only takes [A-Za-z_0-9]+.
func validKey(key string) bool {
	if key == "" || (key[0] >= '0' && key[0] <= '9') {
		return false
	}
	return strings.Trim(key, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_") == ""
}
