package pysource

import "fmt"

// maxDepth bounds expression nesting so "((((..." cannot exhaust the stack.
const maxDepth = 200

// parser reads statements and expressions from the significant tokens of a
// file (comments and NL tokens dropped).
//
// Parse streams: the tokenizer runs only as far ahead as the parser looks,
// and consumed tokens are dropped between statements, so a large module
// never holds all its tokens at once.
type parser struct {
	src     []byte
	toks    []Token           // significant tokens from toks[0] (absolute index base)
	i       int               // current token, an index into toks
	base    int               // absolute index of toks[0]
	lex     *Tokenizer        // the rest of the input; nil when toks is complete
	window  int               // compact once this many tokens are consumed
	keep    int               // absolute index of the oldest token a lookahead may return to (-1: none)
	names   map[string]string // identifiers read so far: one string per distinct name
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
	return &parser{src: src, toks: sig, depth: depth, keep: -1}
}

// streamParser reads significant tokens from lex as the parser needs them,
// dropping them once window are consumed.
func streamParser(src []byte, lex *Tokenizer, window int) *parser {
	return &parser{src: src, toks: make([]Token, 0, window+64), lex: lex, window: max(window, 1), keep: -1}
}

// at returns the token at index j of toks, reading ahead as far as needed;
// past the end it is the final TokEOF.
func (p *parser) at(j int) Token {
	if j < len(p.toks) {
		return p.toks[j]
	}
	return p.fill(j)
}

// fill reads significant tokens until toks holds index j or the input ends.
func (p *parser) fill(j int) Token {
	for p.lex != nil && j >= len(p.toks) {
		t := p.lex.Next()
		if t.Kind == TokComment || t.Kind == TokNL {
			continue
		}
		p.toks = append(p.toks, t)
		if t.Kind == TokEOF {
			p.lex = nil
		}
	}
	if j < len(p.toks) {
		return p.toks[j]
	}
	return p.toks[len(p.toks)-1]
}

// pos is the absolute index of the current token, for progress checks
// that outlive a compact.
func (p *parser) pos() int { return p.base + p.i }

// compact drops the tokens consumed before the previous one (prevEnd and
// endLine still read it), keeping any a lookahead may return to (mark) and
// the one before that. Called between statements and between the items of
// a display, where no caller holds an index into toks.
func (p *parser) compact() {
	from := p.i - 1
	if p.keep >= 0 {
		from = min(from, p.keep-p.base-1)
	}
	if p.lex == nil || from < p.window {
		return
	}
	n := copy(p.toks, p.toks[from:])
	p.toks = p.toks[:n]
	p.base += from
	p.i -= from
}

// mark notes the current token as one a lookahead may return to with
// reset; until then compact keeps it. The result is for reset.
func (p *parser) mark() (at, prevKeep int) {
	at, prevKeep = p.pos(), p.keep
	if p.keep < 0 || at < p.keep {
		p.keep = at
	}
	return at, prevKeep
}

// unmark ends a mark, returning to its token when back is set.
func (p *parser) unmark(at, prevKeep int, back bool) {
	if back {
		p.i = at - p.base
	}
	p.keep = prevKeep
}

func (p *parser) tok() Token { return p.at(p.i) }

func (p *parser) peek(n int) Token { return p.at(p.i + n) }

func (p *parser) text(t Token) string { return string(p.src[t.Off:t.End]) }

// ident is the text of a name token, shared by every use of that name (a
// settings module names INSTALLED_APPS hundreds of times).
func (p *parser) ident(t Token) string {
	b := p.src[t.Off:t.End]
	if s, ok := p.names[string(b)]; ok {
		return s
	}
	if p.names == nil {
		p.names = make(map[string]string)
	}
	s := string(b)
	p.names[s] = s
	return s
}

// next consumes the current token (never past EOF).
func (p *parser) next() Token {
	t := p.at(p.i)
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
	t := p.at(p.i)
	return t.Kind == TokOp && t.End-t.Off == len(op) && string(p.src[t.Off:t.End]) == op
}

// isKw reports whether the current token is the name kw.
func (p *parser) isKw(kw string) bool {
	t := p.at(p.i)
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
func Parse(src []byte) *Module { return parseStream(NewText(src), 512) }

// ParseText is Parse of a Text whose lines are already indexed.
func ParseText(t Text) *Module { return parseStream(t, 512) }

func parseStream(t Text, window int) *Module {
	src := t.Src
	p := streamParser(src, NewTokenizer(src), window)
	m := &Module{Text: t}
	m.Body = p.statements(false)
	m.Issues = p.issues
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
