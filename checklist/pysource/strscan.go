package pysource

// String scanning: finds where a string literal ends, including f-strings
// whose replacement fields hold nested strings (Python 3.12 allows the
// same quote inside them). An unterminated single-quoted string ends at the
// end of its line, an unterminated triple-quoted one at the end of input.

// maxFStringDepth bounds nesting of f-strings inside replacement fields;
// deeper braces are read as plain text so scanning stays iterative enough.
const maxFStringDepth = 8

// stringPrefix describes the prefix of a string literal.
type stringPrefix struct {
	raw, bytes, f bool
	n             int // prefix length
}

func readPrefix(src []byte, i int) stringPrefix {
	var p stringPrefix
	for j := i; j < len(src) && j < i+2; j++ {
		switch src[j] | 0x20 {
		case 'r':
			p.raw = true
		case 'b':
			p.bytes = true
		case 'f':
			p.f = true
		case 'u':
		default:
			return p
		}
		p.n++
	}
	return p
}

// scanString returns the end of the string literal starting at i (at its
// prefix or quote) and whether it was terminated. onField, when non-nil, is
// called with the span of the expression of every replacement field of an
// f-string (without "!r", ":spec" or a trailing "=").
func scanString(src []byte, i, depth int, onField func(start, end int)) (int, bool) {
	p := readPrefix(src, i)
	j := i + p.n
	if j >= len(src) {
		return len(src), false
	}
	q := src[j]
	triple := j+2 < len(src) && src[j+1] == q && src[j+2] == q
	if triple {
		j += 3
	} else {
		j++
	}
	s := strScan{src: src, q: q, triple: triple, raw: p.raw, onField: onField}
	if p.f && depth < maxFStringDepth {
		return s.fbody(j, depth)
	}
	return s.body(j)
}

type strScan struct {
	src     []byte
	q       byte
	triple  bool
	raw     bool
	onField func(start, end int)
}

// closesAt reports whether the closing quote(s) start at j.
func (s *strScan) closesAt(j int) bool {
	if s.src[j] != s.q {
		return false
	}
	return !s.triple || (j+2 < len(s.src) && s.src[j+1] == s.q && s.src[j+2] == s.q)
}

func (s *strScan) closeLen() int {
	if s.triple {
		return 3
	}
	return 1
}

// escape skips a backslash and what it escapes (a line break counts as one).
func (s *strScan) escape(j int) int {
	if n := newlineLen(s.src, j+1); n > 0 {
		return j + 1 + n
	}
	if j+1 < len(s.src) {
		return j + 2
	}
	return j + 1
}

// body scans a plain string body from j.
func (s *strScan) body(j int) (int, bool) {
	src := s.src
	for j < len(src) {
		switch c := src[j]; {
		case c == '\\':
			j = s.escape(j)
		case c == s.q && s.closesAt(j):
			return j + s.closeLen(), true
		case (c == '\n' || c == '\r') && !s.triple:
			return j, false
		default:
			j++
		}
	}
	return len(src), false
}

// fbody scans an f-string body from j: literal text with {{ }} escapes and
// replacement fields.
func (s *strScan) fbody(j, depth int) (int, bool) {
	src := s.src
	for j < len(src) {
		switch c := src[j]; {
		case c == '\\':
			j = s.escape(j)
		case c == s.q && s.closesAt(j):
			return j + s.closeLen(), true
		case (c == '\n' || c == '\r') && !s.triple:
			return j, false
		case c == '{':
			if j+1 < len(src) && src[j+1] == '{' {
				j += 2
				continue
			}
			end, ok := s.field(j+1, depth)
			if !ok {
				return end, false
			}
			j = end
		default:
			j++
		}
	}
	return len(src), false
}

// field scans a replacement field whose expression starts at j; it returns
// the position after its closing "}". ok is false when the string ends
// (or its line does) inside the field.
func (s *strScan) field(j, depth int) (int, bool) {
	src := s.src
	start, level := j, 0
	exprEnd := -1
	report := func(end int) {
		if s.onField != nil && exprEnd < 0 {
			exprEnd = end
			s.onField(start, trimDebugEquals(src, start, end))
		}
	}
	for j < len(src) {
		c := src[j]
		switch {
		case (c == '\n' || c == '\r') && !s.triple:
			return j, false
		case c == '\\':
			j = s.escape(j)
		case c == '"' || c == '\'':
			end, ok := scanString(src, j, depth+1, nil)
			if !ok {
				return end, false
			}
			j = end
		case isNameStart(c):
			k := j
			for k < len(src) && isNameByte(src[k]) {
				k++
			}
			if k < len(src) && (src[k] == '"' || src[k] == '\'') && isStringPrefix(src[j:k]) {
				end, ok := scanString(src, j, depth+1, nil)
				if !ok {
					return end, false
				}
				j = end
			} else {
				j = k
			}
		case c == '(' || c == '[' || c == '{':
			level++
			j++
		case (c == ')' || c == ']') && level > 0:
			level--
			j++
		case c == '}':
			if level > 0 {
				level--
				j++
				continue
			}
			report(j)
			return j + 1, true
		case c == '!' && level == 0 && !(j+1 < len(src) && src[j+1] == '='):
			report(j)
			j++
		case c == ':' && level == 0:
			report(j)
			return s.formatSpec(j+1, depth)
		default:
			j++
		}
	}
	return len(src), false
}

// formatSpec scans the format spec after ":" up to the field's closing "}".
// Quotes are plain text here; nested {fields} are allowed.
func (s *strScan) formatSpec(j, depth int) (int, bool) {
	src := s.src
	for j < len(src) {
		switch c := src[j]; {
		case (c == '\n' || c == '\r') && !s.triple:
			return j, false
		case c == s.q && s.closesAt(j):
			return j, false
		case c == '\\':
			j = s.escape(j)
		case c == '{':
			if depth+1 >= maxFStringDepth {
				j++
				continue
			}
			end, ok := s.field(j+1, depth+1)
			if !ok {
				return end, false
			}
			j = end
		case c == '}':
			return j + 1, true
		default:
			j++
		}
	}
	return len(src), false
}

// trimDebugEquals drops the "=" of a self-documenting field ("{x=}") and
// trailing blanks from the expression span [start, end).
func trimDebugEquals(src []byte, start, end int) int {
	for end > start && isBlank(src[end-1]) {
		end--
	}
	if end > start && src[end-1] == '=' {
		if end-1 == start || !(src[end-2] == '=' || src[end-2] == '!' || src[end-2] == '<' || src[end-2] == '>') {
			end--
			for end > start && isBlank(src[end-1]) {
				end--
			}
		}
	}
	return end
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\f' || c == '\n' || c == '\r' }
