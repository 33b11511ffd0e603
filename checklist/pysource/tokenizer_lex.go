package pysource

// Lexical helpers of the tokenizer: character classes, numbers, operators,
// and the recovery rule for unclosed brackets.

// statementOnlyKeywords can never appear at the start of a line inside
// brackets in valid code.
var statementOnlyKeywords = map[string]bool{
	"def": true, "class": true, "import": true, "return": true, "pass": true, "try": true,
	"except": true, "finally": true, "while": true, "with": true, "del": true, "global": true,
	"nonlocal": true, "assert": true, "raise": true, "break": true, "continue": true, "elif": true,
}

// bracketsLookBroken reports whether the line starting at t.pos, read while
// brackets are open, can only be the start of a new statement: it starts
// with a statement keyword, or, inside a list/dict/set display, it is
// "NAME =" at or left of the indentation of the statement that opened the
// bracket. Valid code never matches, so CPython's behaviour is kept there.
func (t *Tokenizer) bracketsLookBroken() bool {
	src, p, col := t.src[:t.limit], t.pos, 0
	for p < len(src) && (src[p] == ' ' || src[p] == '\t' || src[p] == '\f') {
		if src[p] == '\t' {
			col = (col/tabSize + 1) * tabSize
		} else {
			col++
		}
		p++
	}
	start := p
	for p < len(src) && isNameByte(src[p]) {
		p++
	}
	if p == start || !isNameStart(src[start]) {
		return false
	}
	word := src[start:p]
	if p < len(src) && (src[p] == ' ' || src[p] == ':' || src[p] == '\n' || src[p] == '\r' || src[p] == '(') &&
		statementOnlyKeywords[string(word)] {
		return true
	}
	inner := byte('(')
	if t.depth <= maxBracketStack {
		inner = t.brackets[t.depth-1]
	}
	if inner == '(' || col > t.stmtIndent {
		return false
	}
	for p < len(src) && (src[p] == ' ' || src[p] == '\t') {
		p++
	}
	return p+1 < len(src) && src[p] == '=' && src[p+1] != '='
}

func newlineLen(src []byte, i int) int {
	if i >= len(src) {
		return 0
	}
	switch src[i] {
	case '\n':
		return 1
	case '\r':
		if i+1 < len(src) && src[i+1] == '\n' {
			return 2
		}
		return 1
	}
	return 0
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// isNameStart accepts ASCII letters, "_" and every non-ASCII byte: valid
// UTF-8 identifiers and stray invalid bytes alike stay inside names.
func isNameStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c >= 0x80
}

func isNameByte(c byte) bool { return isNameStart(c) || isDigit(c) }

// isStringPrefix reports whether p is one of Python 3's string prefixes
// (r, u, b, f, br, rb, fr, rf in any case).
func isStringPrefix(p []byte) bool {
	switch len(p) {
	case 1:
		switch p[0] | 0x20 {
		case 'r', 'u', 'b', 'f':
			return true
		}
	case 2:
		a, b := p[0]|0x20, p[1]|0x20
		return (a == 'r' && (b == 'b' || b == 'f')) || (b == 'r' && (a == 'b' || a == 'f'))
	}
	return false
}

// scanNumber returns the end of the number starting at i.
func scanNumber(src []byte, i int) int {
	n := len(src)
	digitsFrom := func(j int, ok func(byte) bool) int {
		for j < n {
			if ok(src[j]) {
				j++
			} else if src[j] == '_' && j+1 < n && ok(src[j+1]) {
				j += 2
			} else {
				break
			}
		}
		return j
	}
	if src[i] == '0' && i+1 < n {
		var ok func(byte) bool
		switch src[i+1] | 0x20 {
		case 'x':
			ok = func(c byte) bool { return isDigit(c) || (c|0x20) >= 'a' && (c|0x20) <= 'f' }
		case 'o':
			ok = func(c byte) bool { return c >= '0' && c <= '7' }
		case 'b':
			ok = func(c byte) bool { return c == '0' || c == '1' }
		}
		if ok != nil {
			j := i + 2
			if j < n && src[j] == '_' {
				j++
			}
			return digitsFrom(j, ok)
		}
	}
	j := digitsFrom(i, isDigit)
	if j < n && src[j] == '.' {
		j = digitsFrom(j+1, isDigit)
	}
	if j < n && (src[j]|0x20) == 'e' {
		k := j + 1
		if k < n && (src[k] == '+' || src[k] == '-') {
			k++
		}
		if k < n && isDigit(src[k]) {
			j = digitsFrom(k, isDigit)
		}
	}
	if j < n && (src[j]|0x20) == 'j' {
		j++
	}
	return j
}

// operatorLen returns the length of the operator at the start of b, 0 if none.
func operatorLen(b []byte) int {
	if len(b) >= 3 {
		switch string(b[:3]) {
		case "**=", "//=", ">>=", "<<=", "...":
			return 3
		}
	}
	if len(b) >= 2 {
		switch string(b[:2]) {
		case "!=", "%=", "&=", "**", "*=", "+=", "-=", "->", "//", "/=", ":=",
			"<<", "<=", "<>", "==", ">=", ">>", "@=", "^=", "|=":
			return 2
		}
	}
	switch b[0] {
	case '~', '%', '&', '*', '(', ')', '-', '+', '=', '[', ']', '{', '}',
		'|', ':', ';', '<', '>', ',', '.', '/', '@', '^':
		return 1
	}
	return 0
}
