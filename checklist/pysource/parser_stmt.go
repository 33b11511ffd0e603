package pysource

import "strings"

// Statement parsing. Each logical line is read on its own: an error records
// one Issue and the parser resumes at the next NEWLINE, so a broken line
// never hides the rest of the file.

var augOps = map[string]bool{
	"+=": true, "-=": true, "*=": true, "/=": true, "//=": true, "%=": true, "**=": true,
	">>=": true, "<<=": true, "&=": true, "^=": true, "|=": true, "@=": true,
}

// statements reads statements up to EOF, or up to the DEDENT closing a
// block when inBlock (the DEDENT is consumed).
func (p *parser) statements(inBlock bool) []Stmt {
	var body []Stmt
	for more := true; more; {
		body, more = p.step(body, inBlock)
	}
	return body
}

// step reads the blank lines and dedents before the next statement line,
// then that line (one compound statement, or simple statements separated
// by ";"), appending it to body. more is false at the end of the file, or
// of the block when inBlock.
func (p *parser) step(body []Stmt, inBlock bool) (_ []Stmt, more bool) {
	for {
		t := p.tok()
		switch t.Kind {
		case TokEOF:
			return body, false
		case TokDedent:
			p.next()
			if inBlock {
				return body, false
			}
			continue
		case TokIndent:
			p.next()
			p.errorf(t.Start, "unexpected indentation")
			p.lineErr = false
			return append(body, p.statements(true)...), true
		case TokNewline:
			p.next()
			p.lineErr = false
			continue
		}
		p.compact()
		before := p.pos()
		body = p.statement(body)
		if p.pos() == before {
			p.next() // cannot happen by construction; guarantees progress
		}
		return body, true
	}
}

// statement reads one compound statement or one line of simple statements,
// appending them to body (no slice per statement: a large module has
// hundreds of thousands).
func (p *parser) statement(body []Stmt) []Stmt {
	t := p.tok()
	if t.Kind == TokName {
		switch kw := p.text(t); kw {
		case "if", "elif", "while", "for", "try", "else", "except", "finally", "with", "def", "class":
			return append(body, p.block(kw))
		case "async":
			if n := p.peek(1); n.Kind == TokName {
				switch p.text(n) {
				case "def", "for", "with":
					p.next()
					s := p.block(p.text(n))
					if s.Keyword == "def" {
						s.Keyword = "async def"
					}
					s.At = t.Start
					return append(body, s)
				}
			}
		case "match":
			if p.looksLikeMatch() {
				return append(body, p.block(kw))
			}
		case "case":
			if p.inMatch > 0 && !p.secondTokenIsOperator() {
				return append(body, p.block(kw))
			}
		}
	}
	if p.is("@") {
		return append(body, p.decorated())
	}
	return append(body, p.simpleLine()...)
}

// looksLikeMatch tells the soft keyword "match" from a name: the line must
// end with ":" and "match" must not be followed by an operator that makes
// it an expression (match = 1, match.x, match: int).
func (p *parser) looksLikeMatch() bool {
	if p.secondTokenIsOperator() {
		return false
	}
	level := 0
	for j := p.i; ; j++ {
		t := p.at(j)
		if t.Kind == TokNewline || t.Kind == TokEOF {
			return j > p.i+1 && level == 0 && p.toks[j-1].Kind == TokOp && p.text(p.toks[j-1]) == ":"
		}
		if t.Kind == TokOp {
			switch p.text(t) {
			case "(", "[", "{":
				level++
			case ")", "]", "}":
				level--
			}
		}
	}
}

func (p *parser) secondTokenIsOperator() bool {
	n := p.peek(1)
	if n.Kind == TokNewline || n.Kind == TokEOF {
		return true
	}
	if n.Kind != TokOp {
		return false
	}
	s := p.text(n)
	return s == "=" || s == "." || s == ":" || s == ";" || s == "," || s == ")" || s == "]" || s == "}" || augOps[s]
}

// endLine returns the last line of the last consumed token.
func (p *parser) endLine() int {
	if p.i == 0 {
		return 1
	}
	t := p.toks[p.i-1]
	line := t.Start.Line
	for j := t.Off; j < t.End; j++ {
		if n := newlineLen(p.src, j); n > 0 {
			j += n - 1
			line++
		}
	}
	return line
}

// endOfLine consumes the NEWLINE closing a line of simple statements, or
// records an issue and drops the rest of the line.
func (p *parser) endOfLine() {
	if p.tok().Kind != TokNewline && p.tok().Kind != TokEOF && p.tok().Kind != TokDedent {
		t := p.tok()
		p.errorf(t.Start, "unexpected %s", p.describe(t))
		p.skipLine()
	}
	if p.tok().Kind == TokNewline {
		p.next()
	}
	p.lineErr = false
}

// simpleLine reads "a; b; c" up to the end of the logical line.
func (p *parser) simpleLine() []Stmt {
	var out []Stmt
	for {
		out = append(out, p.simple())
		if !p.accept(";") || p.atLineEnd() {
			break
		}
	}
	p.endOfLine()
	return out
}

// simple reads one simple statement.
func (p *parser) simple() (s Stmt) {
	t := p.tok()
	s = Stmt{At: t.Start}
	defer func() { s.EndLine = p.endLine() }()
	if t.Kind == TokName {
		switch kw := p.text(t); kw {
		case "pass", "break", "continue":
			p.next()
			s.Keyword = kw
			return s
		case "return", "raise", "del", "assert":
			p.next()
			s.Keyword = kw
			if !p.atLineEnd() && !p.is(";") {
				s.Value = p.exprList(true)
			}
			if kw == "raise" && p.isKw("from") {
				p.next()
				p.test()
			}
			return s
		case "global", "nonlocal":
			p.next()
			s.Keyword = kw
			for p.tok().Kind == TokName { // the names, as Targets
				t := p.next()
				s.Targets = append(s.Targets, &Name{At: t.Start, ID: p.ident(t)})
				if !p.accept(",") {
					break
				}
			}
			p.skipBalanced(";")
			return s
		case "import":
			return p.importStmt(s)
		case "from":
			return p.fromImport(s)
		}
	}
	e := p.exprList(true)
	switch {
	case p.is("="):
		s.Kind, s.Op = StmtAssign, "="
		targets := []Expr{e}
		for p.accept("=") {
			targets = append(targets, p.exprList(true))
		}
		s.Targets, s.Value = targets[:len(targets)-1], targets[len(targets)-1]
	case p.tok().Kind == TokOp && augOps[p.text(p.tok())]:
		s.Kind, s.Op, s.Targets = StmtAugAssign, p.text(p.next()), []Expr{e}
		s.Value = p.exprList(true)
	case p.is(":"):
		p.next()
		s.Kind, s.Targets, s.Annotation = StmtAnnAssign, []Expr{e}, p.test()
		if p.accept("=") {
			s.Op, s.Value = "=", p.exprList(true)
		}
	default:
		s.Kind, s.Value = StmtExpr, e
	}
	return s
}

// dottedName reads a.b.c.
func (p *parser) dottedName() string {
	var parts []string
	for {
		t := p.tok()
		if t.Kind != TokName {
			p.errorf(t.Start, "expected a module name, found %s", p.describe(t))
			break
		}
		parts = append(parts, p.text(p.next()))
		if !p.accept(".") {
			break
		}
	}
	return strings.Join(parts, ".")
}

func (p *parser) asName() string {
	if p.isKw("as") {
		p.next()
		if t := p.tok(); t.Kind == TokName {
			return p.text(p.next())
		}
		p.errorf(p.tok().Start, "expected a name after \"as\"")
	}
	return ""
}

func (p *parser) importStmt(s Stmt) Stmt {
	p.next()
	s.Kind = StmtImport
	imp := &Import{}
	for {
		name := p.dottedName()
		imp.Names = append(imp.Names, ImportName{Name: name, Alias: p.asName()})
		if !p.accept(",") {
			break
		}
	}
	if len(imp.Names) > 0 {
		imp.Module = imp.Names[0].Name
	}
	s.Import = imp
	return s
}

func (p *parser) fromImport(s Stmt) Stmt {
	p.next()
	s.Kind = StmtFromImport
	imp := &Import{}
	for p.is(".") || p.is("...") {
		imp.Level += len(p.text(p.next()))
	}
	if !p.isKw("import") {
		imp.Module = p.dottedName()
	}
	s.Import = imp
	if !p.isKw("import") {
		p.errorf(p.tok().Start, "expected \"import\", found %s", p.describe(p.tok()))
		p.skipLine()
		return s
	}
	p.next()
	if p.accept("*") {
		imp.Star = true
		return s
	}
	paren := p.accept("(")
	for p.tok().Kind == TokName {
		name := p.text(p.next())
		imp.Names = append(imp.Names, ImportName{Name: name, Alias: p.asName()})
		if !p.accept(",") {
			break
		}
	}
	if paren {
		p.expect(")")
	}
	if len(imp.Names) == 0 {
		p.errorf(p.tok().Start, "expected names to import")
	}
	return s
}
