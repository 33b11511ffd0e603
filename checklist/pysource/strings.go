package pysource

import (
	"strings"
	"unicode/utf8"
)

// StringLiteral decodes one string token's text (prefix and quotes included).
// Escapes are processed unless the string is raw; in an f-string, "{{" and
// "}}" become single braces and replacement fields are kept as written.
// ok is false for an unterminated string (the value then holds what was
// there) or text that is no string literal.
func StringLiteral(text string) (value string, isBytes, isF, ok bool) {
	src := []byte(text)
	p := readPrefix(src, 0)
	j := p.n
	if j >= len(src) || (src[j] != '"' && src[j] != '\'') {
		return "", false, false, false
	}
	q := src[j]
	triple := j+2 < len(src) && src[j+1] == q && src[j+2] == q
	open := 1
	if triple {
		open = 3
	}
	end, terminated := scanString(src, 0, 0, nil)
	bodyEnd := end
	if terminated {
		bodyEnd = end - open
	}
	ok = terminated && end == len(src)
	body := src[j+open : max(bodyEnd, j+open)]
	if !p.f {
		v, good := decodeBody(body, p.raw, p.bytes)
		return v, p.bytes, false, ok && good
	}
	// f-string: decode the literal runs, keep the fields as written.
	s := strScan{src: src, q: q, triple: triple, raw: p.raw}
	var b strings.Builder
	good := true
	run := j + open
	flush := func(to int) {
		v, g := decodeBody(src[run:to], p.raw, false)
		b.WriteString(v)
		good = good && g
	}
	for k := j + open; k < bodyEnd; {
		switch c := src[k]; {
		case c == '\\':
			k = s.escape(k)
		case (c == '{' || c == '}') && k+1 < bodyEnd && src[k+1] == c:
			flush(k)
			b.WriteByte(c)
			k += 2
			run = k
		case c == '{':
			flush(k)
			fend, _ := s.field(k+1, 0)
			fend = min(fend, bodyEnd)
			b.Write(src[k:fend])
			k = fend
			run = k
		default:
			k++
		}
	}
	if run < bodyEnd {
		flush(bodyEnd)
	}
	return b.String(), false, true, ok && good
}

// decodeBody processes the escapes of a string body. ok is false for an
// escape Python rejects (\x with too few hex digits, an unknown \N{name}).
func decodeBody(body []byte, raw, isBytes bool) (string, bool) {
	if raw || !containsByte(body, '\\') && !containsByte(body, '\r') {
		return normalizeNewlines(body), true
	}
	var b strings.Builder
	b.Grow(len(body))
	ok := true
	for i := 0; i < len(body); {
		c := body[i]
		if c == '\r' {
			// Python reads every line ending in source as "\n".
			b.WriteByte('\n')
			i += newlineLen(body, i)
			continue
		}
		if c != '\\' || i+1 >= len(body) {
			b.WriteByte(c)
			i++
			continue
		}
		e := body[i+1]
		i += 2
		switch e {
		case '\n':
		case '\r':
			if i < len(body) && body[i] == '\n' {
				i++
			}
		case '\\', '\'', '"':
			b.WriteByte(e)
		case 'a':
			b.WriteByte('\a')
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'v':
			b.WriteByte('\v')
		case '0', '1', '2', '3', '4', '5', '6', '7':
			v := int(e - '0')
			for n := 1; n < 3 && i < len(body) && body[i] >= '0' && body[i] <= '7'; n++ {
				v = v*8 + int(body[i]-'0')
				i++
			}
			writeCode(&b, v, isBytes)
		case 'x', 'u', 'U':
			n := map[byte]int{'x': 2, 'u': 4, 'U': 8}[e]
			if e != 'x' && isBytes {
				b.WriteByte('\\')
				b.WriteByte(e)
				continue
			}
			v, good := hexValue(body, i, n)
			if !good || v > utf8.MaxRune {
				ok = false
				b.WriteByte('\\')
				b.WriteByte(e)
				continue
			}
			i += n
			writeCode(&b, v, isBytes)
		case 'N':
			if isBytes {
				b.WriteString("\\N")
				continue
			}
			if i < len(body) && body[i] == '{' {
				if end := indexByteFrom(body, i, '}'); end > 0 {
					if r, found := lookupRuneName(string(body[i+1 : end])); found {
						b.WriteRune(r)
						i = end + 1
						continue
					}
				}
			}
			ok = false
			b.WriteString("\\N")
		default:
			b.WriteByte('\\')
			b.WriteByte(e)
		}
	}
	return b.String(), ok
}

func writeCode(b *strings.Builder, v int, isBytes bool) {
	if isBytes {
		b.WriteByte(byte(v))
		return
	}
	b.WriteRune(rune(v))
}

func hexValue(body []byte, i, n int) (int, bool) {
	if i+n > len(body) {
		return 0, false
	}
	v := 0
	for _, c := range body[i : i+n] {
		var d int
		switch {
		case c >= '0' && c <= '9':
			d = int(c - '0')
		case c|0x20 >= 'a' && c|0x20 <= 'f':
			d = int(c|0x20-'a') + 10
		default:
			return 0, false
		}
		v = v*16 + d
	}
	return v, true
}

func normalizeNewlines(body []byte) string {
	if !containsByte(body, '\r') {
		return string(body)
	}
	s := strings.ReplaceAll(string(body), "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}

func containsByte(b []byte, c byte) bool {
	for _, x := range b {
		if x == c {
			return true
		}
	}
	return false
}

func indexByteFrom(b []byte, from int, c byte) int {
	for i := from; i < len(b); i++ {
		if b[i] == c {
			return i
		}
	}
	return -1
}
