package pysource

// The tokenizer follows CPython 3.11's tokenize module for valid code
// (INDENT/DEDENT, NEWLINE vs NL, comments, the implicit NEWLINE at the end of
// a file without a final line break) and stays tolerant on anything else:
// every byte of the input ends up inside a token or in skipped whitespace, it
// never panics, and it allocates nothing per token.

// tabSize is the tab width CPython's tokenize uses to measure indentation.
const tabSize = 8

// maxBracketStack is how many open brackets the tokenizer remembers by kind;
// deeper nesting is still counted, only its kind is forgotten.
const maxBracketStack = 64

// Tokenizer yields tokens one by one.
type Tokenizer struct {
	src       []byte
	pos       int
	limit     int // end of the region being tokenized (len(src) normally)
	line      int // current 1-based line
	lineStart int // offset of the first byte of the current line

	atLineStart bool // the next token starts a logical line: measure indentation
	blankLine   bool // the current line holds only whitespace and a comment
	commentNL   bool // a comment was seen on a blank line (at EOF it still gets an NL)
	pending     bool // a token of the current logical line was emitted (NEWLINE owed)
	stmtIndent  int  // indentation column of the current logical line

	depth    int // bracket depth
	brackets [maxBracketStack]byte

	indentBuf [16]int
	indents   []int // indentation stack, starting at 0

	dedents   int   // DEDENT tokens still to emit
	dedentAt  Token // where they sit
	indentNow bool  // after the DEDENTs, an INDENT (inconsistent dedent) is owed
	indentTok Token

	done bool // EOF reached and final NEWLINE/DEDENTs emitted
}

// NewTokenizer returns a streaming tokenizer over src. It never fails.
func NewTokenizer(src []byte) *Tokenizer {
	t := &Tokenizer{}
	t.reset(src, 0, len(src), 1, 0, false)
	return t
}

// reset prepares t to tokenize src[off:limit], off being at the given line
// whose first byte is at lineStart. inBrackets tokenizes the region as if it
// were inside brackets (no indentation, newlines are NL): used for f-string
// replacement fields.
func (t *Tokenizer) reset(src []byte, off, limit, line, lineStart int, inBrackets bool) {
	*t = Tokenizer{src: src, pos: off, limit: limit, line: line, lineStart: lineStart}
	t.indents = t.indentBuf[:1]
	if inBrackets {
		t.depth = 1
		t.brackets[0] = '('
	} else {
		t.atLineStart = true
		// A UTF-8 byte order mark is not part of the code.
		if off == 0 && limit >= 3 && hasBOM(src) {
			t.pos = 3
		}
	}
}

// Tokenize returns every token of src, ending with TokEOF.
func Tokenize(src []byte) []Token {
	t := NewTokenizer(src)
	toks := make([]Token, 0, len(src)/4+8)
	for {
		tok := t.Next()
		toks = append(toks, tok)
		if tok.Kind == TokEOF {
			return toks
		}
	}
}

func (t *Tokenizer) at(off int) Pos { return Pos{Line: t.line, Col: off - t.lineStart + 1} }

func (t *Tokenizer) make(kind Kind, off, end int) Token {
	return Token{Kind: kind, Off: off, End: end, Start: t.at(off)}
}

// Next returns the next token; after the end it keeps returning TokEOF.
func (t *Tokenizer) Next() Token {
	if t.dedents > 0 {
		t.dedents--
		return t.dedentAt
	}
	if t.indentNow {
		t.indentNow = false
		return t.indentTok
	}
	if t.done {
		return t.eofToken()
	}
	if t.atLineStart {
		t.atLineStart = false
		if tok, ok := t.lineStartToken(); ok {
			return tok
		}
	}
	t.skipSpace()
	if t.pos >= t.limit {
		return t.endOfInput()
	}
	src, i := t.src, t.pos
	c := src[i]
	switch {
	case c == '\n' || c == '\r':
		return t.newline()
	case c == '#':
		end := i
		for end < t.limit && src[end] != '\n' && src[end] != '\r' {
			end++
		}
		t.pos = end
		if t.blankLine {
			t.commentNL = true
		}
		return t.make(TokComment, i, end)
	case c == '"' || c == '\'':
		return t.stringToken(i)
	case isNameStart(c):
		end := i + 1
		for end < t.limit && isNameByte(src[end]) {
			end++
		}
		if end < t.limit && (src[end] == '"' || src[end] == '\'') && isStringPrefix(src[i:end]) {
			return t.stringToken(i)
		}
		t.pos = end
		t.pending = true
		return t.make(TokName, i, end)
	case isDigit(c) || (c == '.' && i+1 < t.limit && isDigit(src[i+1])):
		end := scanNumber(src[:t.limit], i)
		t.pos = end
		t.pending = true
		return t.make(TokNumber, i, end)
	}
	if n := operatorLen(src[i:t.limit]); n > 0 {
		t.pos = i + n
		t.pending = true
		t.trackBracket(c)
		return t.make(TokOp, i, i+n)
	}
	// A byte that starts no token: "$", "?", "!", a lone backslash, NUL...
	t.pos = i + 1
	t.pending = true
	return t.make(TokInvalid, i, i+1)
}

// lineStartToken measures the indentation of a new logical line and returns
// an INDENT or DEDENT token when it changes. Blank and comment-only lines do
// not count, as in CPython.
func (t *Tokenizer) lineStartToken() (Token, bool) {
	src, p, col := t.src, t.pos, 0
	for p < t.limit {
		switch src[p] {
		case ' ':
			col++
		case '\t':
			col = (col/tabSize + 1) * tabSize
		case '\f':
			col = 0
		default:
			goto measured
		}
		p++
	}
measured:
	t.pos = p
	if p >= t.limit {
		return Token{}, false
	}
	if c := src[p]; c == '#' || c == '\n' || c == '\r' {
		t.blankLine = true
		return Token{}, false
	}
	t.stmtIndent = col
	top := t.indents[len(t.indents)-1]
	if col > top {
		t.indents = append(t.indents, col)
		from := t.lineStart
		if from == 0 && hasBOM(src[:t.limit]) {
			from = 3
		}
		return Token{Kind: TokIndent, Off: from, End: p, Start: t.at(from)}, true
	}
	if col == top {
		return Token{}, false
	}
	n := 0
	for len(t.indents) > 1 && col < t.indents[len(t.indents)-1] {
		t.indents = t.indents[:len(t.indents)-1]
		n++
	}
	t.dedentAt = t.make(TokDedent, p, p)
	if col > t.indents[len(t.indents)-1] {
		// The dedent lands between two levels (an IndentationError in
		// CPython): treat the line as a new, unexpected indentation level.
		t.indents = append(t.indents, col)
		t.indentNow = true
		t.indentTok = t.make(TokIndent, p, p)
	}
	t.dedents = n - 1
	return t.dedentAt, true
}

// skipSpace skips blanks and backslash continuations.
func (t *Tokenizer) skipSpace() {
	src := t.src
	for t.pos < t.limit {
		switch c := src[t.pos]; c {
		case ' ', '\t', '\f':
			t.pos++
		case '\\':
			n := newlineLen(src[:t.limit], t.pos+1)
			if n == 0 {
				return
			}
			t.pos += 1 + n
			t.line++
			t.lineStart = t.pos
		default:
			return
		}
	}
}

// newline emits NEWLINE, or NL on a blank line or inside brackets.
func (t *Tokenizer) newline() Token {
	i := t.pos
	n := newlineLen(t.src[:t.limit], i)
	kind := TokNewline
	if t.blankLine || t.depth > 0 {
		kind = TokNL
	}
	tok := t.make(kind, i, i+n)
	t.pos = i + n
	t.line++
	t.lineStart = t.pos
	t.blankLine, t.commentNL = false, false
	if kind == TokNewline {
		t.pending = false
		t.atLineStart = true
	} else if t.depth > 0 && t.bracketsLookBroken() {
		// An unclosed bracket followed by a line that can only start a
		// statement: end the broken logical line here instead of swallowing
		// the rest of the file.
		t.depth = 0
		t.pending = false
		t.atLineStart = true
		tok.Kind = TokNewline
	} else if t.depth == 0 {
		t.atLineStart = true
	}
	return tok
}

// endOfInput emits the implicit NEWLINE of an unfinished logical line (as
// CPython's tokenize does for a file without a final line break), the NL of
// a final comment-only line, then the DEDENTs, then EOF.
func (t *Tokenizer) endOfInput() Token {
	i := t.limit
	if t.pending {
		t.pending = false
		return t.make(TokNewline, i, i)
	}
	if t.commentNL {
		t.commentNL = false
		return t.make(TokNL, i, i)
	}
	t.done = true
	if t.lastLineHasCode() {
		// The last line has no line break: EOF sits on the line after it.
		t.line++
		t.lineStart = i
	}
	if n := len(t.indents) - 1; n > 0 {
		t.indents = t.indents[:1]
		t.dedentAt = t.make(TokDedent, i, i)
		t.dedents = n - 1
		return t.dedentAt
	}
	return t.eofToken()
}

// lastLineHasCode reports whether the current (last) line holds more than
// blanks and a byte order mark.
func (t *Tokenizer) lastLineHasCode() bool {
	for j := t.lineStart; j < t.limit; j++ {
		switch c := t.src[j]; {
		case c == ' ' || c == '\t' || c == '\f':
		case j < 3 && j == t.lineStart && t.lineStart == 0 && hasBOM(t.src):
			j = 2
		default:
			return true
		}
	}
	return false
}

func hasBOM(src []byte) bool {
	return len(src) >= 3 && src[0] == 0xEF && src[1] == 0xBB && src[2] == 0xBF
}

func (t *Tokenizer) eofToken() Token { return t.make(TokEOF, t.limit, t.limit) }

func (t *Tokenizer) stringToken(i int) Token {
	end, _ := scanString(t.src[:t.limit], i, 0, nil)
	tok := t.make(TokString, i, end)
	t.advanceLines(i, end)
	t.pos = end
	t.pending = true
	return tok
}

// advanceLines moves the line counters past the line breaks in src[from:to].
func (t *Tokenizer) advanceLines(from, to int) {
	src := t.src
	for j := from; j < to; j++ {
		switch src[j] {
		case '\n':
			t.line++
			t.lineStart = j + 1
		case '\r':
			if j+1 < to && src[j+1] == '\n' {
				j++
			}
			t.line++
			t.lineStart = j + 1
		}
	}
}

func (t *Tokenizer) trackBracket(c byte) {
	switch c {
	case '(', '[', '{':
		if t.depth < maxBracketStack {
			t.brackets[t.depth] = c
		}
		t.depth++
	case ')', ']', '}':
		if t.depth > 0 {
			t.depth--
		}
	}
}
