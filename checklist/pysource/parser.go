package pysource

import "fmt"

// maxDepth bounds expression nesting so "((((..." cannot exhaust the stack.
const maxDepth = 200

// parser reads statements and expressions from the significant tokens of a
// file (comments and NL tokens dropped).
type parser struct {
	src     []byte
	toks    []Token
	i       int
	issues  []Issue
	depth   int
	lineErr bool // an issue was already recorded on this logical line
	inMatch int  // inside a match block: "case" is a keyword
}

// newParser filters toks in place (the caller hands the slice over).
func newParser(src []byte, toks []Token, depth int) *parser {
	sig := toks[:0]
	for _, t := range toks {
		if t.Kind != TokComment && t.Kind != TokNL {
			sig = append(sig, t)
		}
	}
	return &parser{src: src, toks: sig, depth: depth}
}

func (p *parser) tok() Token { return p.toks[p.i] }

func (p *parser) peek(n int) Token {
	if p.i+n < len(p.toks) {
		return p.toks[p.i+n]
	}
	return p.toks[len(p.toks)-1]
}

func (p *parser) text(t Token) string { return string(p.src[t.Off:t.End]) }

// next consumes the current token (never past EOF).
func (p *parser) next() Token {
	t := p.toks[p.i]
	if t.Kind != TokEOF {
		p.i++
	}
	return t
}

func (p *parser) prevEnd() int {
	if p.i == 0 {
		return 0
	}
	return p.toks[p.i-1].End
}

// is reports whether the current token is the operator op.
func (p *parser) is(op string) bool {
	t := p.toks[p.i]
	return t.Kind == TokOp && t.End-t.Off == len(op) && string(p.src[t.Off:t.End]) == op
}

// isKw reports whether the current token is the name kw.
func (p *parser) isKw(kw string) bool {
	t := p.toks[p.i]
	return t.Kind == TokName && t.End-t.Off == len(kw) && string(p.src[t.Off:t.End]) == kw
}

func (p *parser) accept(op string) bool {
	if p.is(op) {
		p.next()
		return true
	}
	return false
}

func (p *parser) atLineEnd() bool {
	k := p.tok().Kind
	return k == TokNewline || k == TokEOF || k == TokDedent || k == TokIndent
}

func (p *parser) errorf(at Pos, format string, args ...any) {
	if p.lineErr {
		return
	}
	p.lineErr = true
	p.issues = append(p.issues, Issue{At: at, Message: fmt.Sprintf(format, args...)})
}

// expect consumes op or records an issue.
func (p *parser) expect(op string) bool {
	if p.accept(op) {
		return true
	}
	t := p.tok()
	p.errorf(t.Start, "expected %q, found %s", op, p.describe(t))
	return false
}

func (p *parser) describe(t Token) string {
	switch t.Kind {
	case TokNewline:
		return "end of line"
	case TokEOF:
		return "end of file"
	case TokIndent:
		return "indentation"
	case TokDedent:
		return "dedent"
	}
	s := p.text(t)
	if len(s) > 20 {
		s = s[:20] + "..."
	}
	return fmt.Sprintf("%q", s)
}

// skipLine drops the rest of the logical line (not its NEWLINE).
func (p *parser) skipLine() {
	for !p.atLineEnd() {
		p.next()
	}
}

// skipBalanced consumes tokens up to (not including) the first of stops
// found outside nested brackets, or the end of the line.
func (p *parser) skipBalanced(stops ...string) {
	level := 0
	for !p.atLineEnd() {
		t := p.tok()
		if t.Kind == TokOp {
			s := p.text(t)
			if level == 0 {
				for _, stop := range stops {
					if s == stop {
						return
					}
				}
			}
			switch s {
			case "(", "[", "{":
				level++
			case ")", "]", "}":
				if level == 0 {
					return
				}
				level--
			}
		}
		p.next()
	}
}

// bad returns a Bad node for the source from start to the last consumed token.
func (p *parser) bad(at Pos, start int) *Bad {
	end := p.prevEnd()
	if end < start {
		end = start
	}
	return &Bad{At: at, Text: string(p.src[start:end])}
}

// Parse reads a module. It never fails; problems are listed in Module.Issues.
func Parse(src []byte) *Module {
	m := &Module{Src: src}
	p := newParser(src, Tokenize(src), 0)
	m.Body = p.statements(false)
	m.Issues = p.issues
	m.lines = lineStarts(src)
	return m
}

// ParseExpr parses one expression (used by tests and template-free callers).
// Text after the expression, or any syntax error, yields a *Bad for the whole.
func ParseExpr(src string) Expr {
	b := []byte(src)
	t := &Tokenizer{}
	t.reset(b, 0, len(b), 1, 0, true)
	var toks []Token
	for {
		tok := t.Next()
		toks = append(toks, tok)
		if tok.Kind == TokEOF {
			break
		}
	}
	p := newParser(b, toks, 0)
	e := p.exprList(true)
	if !p.atLineEnd() || len(p.issues) > 0 {
		return &Bad{At: Pos{1, 1}, Text: src}
	}
	return e
}

func lineStarts(src []byte) []int {
	starts := []int{0}
	for i := 0; i < len(src); i++ {
		switch src[i] {
		case '\n':
			starts = append(starts, i+1)
		case '\r':
			if i+1 < len(src) && src[i+1] == '\n' {
				i++
			}
			starts = append(starts, i+1)
		}
	}
	return starts
}

// Line returns the text of 1-based line n without its line ending ("" when out of range).
func (m *Module) Line(n int) string {
	if m.lines == nil {
		m.lines = lineStarts(m.Src)
	}
	if n < 1 || n > len(m.lines) {
		return ""
	}
	start, end := m.lines[n-1], len(m.Src)
	if n < len(m.lines) {
		end = m.lines[n]
	}
	for end > start && (m.Src[end-1] == '\n' || m.Src[end-1] == '\r') {
		end--
	}
	if n == 1 && hasBOM(m.Src) {
		start = min(3, end)
	}
	return string(m.Src[start:end])
}
