package pysource

// Compound statements: the header up to ":", then either an indented block
// or simple statements on the same line.

func (p *parser) block(kw string) Stmt {
	t := p.next()
	s := Stmt{Kind: StmtBlock, At: t.Start, Keyword: kw}
	switch kw {
	case "if", "elif", "while":
		s.Header = p.namedExpr()
	case "for":
		s.Targets = []Expr{p.targetList()}
		if p.isKw("in") {
			p.next()
			s.Header = p.exprList(true)
		} else {
			p.errorf(p.tok().Start, "expected \"in\", found %s", p.describe(p.tok()))
		}
	case "with":
		s.Header, s.Targets = p.withItems()
	case "except":
		p.accept("*")
		if !p.is(":") {
			s.Header = p.test()
			if name := p.asName(); name != "" {
				s.Targets = []Expr{&Name{At: p.toks[p.i-1].Start, ID: name}}
			}
		}
	case "def":
		s.Name = p.defName()
		s.Params = p.params()
		if p.accept("->") {
			s.Annotation = p.test()
		}
	case "class":
		s.Name = p.defName()
		if p.is("(") {
			c := p.call(&Name{At: t.Start, ID: s.Name}).(*Call)
			s.Header = &Tuple{At: c.At, Elts: c.Args}
		}
	case "match":
		s.Header = p.exprList(true)
	case "case":
		start := p.tok()
		p.skipBalanced(":")
		s.Header = p.bad(start.Start, start.Off)
	}
	if !p.is(":") {
		p.errorf(p.tok().Start, "expected \":\" after %s, found %s", kw, p.describe(p.tok()))
		p.skipLine()
	} else {
		p.next()
	}
	s.EndLine = p.endLine()
	if kw == "match" {
		p.inMatch++
		defer func() { p.inMatch-- }()
	}
	s.Body = p.blockBody()
	return s
}

// blockBody reads the statements of a block after its ":".
func (p *parser) blockBody() []Stmt {
	if p.tok().Kind != TokNewline && p.tok().Kind != TokEOF {
		return p.simpleLine()
	}
	if p.tok().Kind == TokNewline {
		p.next()
	}
	p.lineErr = false
	if p.tok().Kind != TokIndent {
		p.errorf(p.tok().Start, "expected an indented block")
		p.lineErr = false
		return nil
	}
	p.next()
	return p.statements(true)
}

func (p *parser) defName() string {
	if t := p.tok(); t.Kind == TokName {
		return p.text(p.next())
	}
	p.errorf(p.tok().Start, "expected a name, found %s", p.describe(p.tok()))
	return ""
}

// targetList parses loop targets: "a", "a, b", "(a, b), *c" without
// reading "in" as a comparison.
func (p *parser) targetList() Expr {
	first := p.tok()
	item := func() Expr {
		if p.is("*") {
			t := p.next()
			return &Starred{At: t.Start, X: p.bitOr()}
		}
		return p.bitOr()
	}
	e := item()
	if !p.is(",") {
		return e
	}
	elts := []Expr{e}
	for p.accept(",") && !p.isKw("in") && !p.atLineEnd() {
		elts = append(elts, item())
	}
	return &Tuple{At: first.Start, Elts: elts}
}

// withItems parses "a as x, b" (optionally parenthesised, 3.9+): Header is
// the single context expression or a Tuple of them, Targets the "as" names.
func (p *parser) withItems() (Expr, []Expr) {
	if p.is("(") && p.parenthesisedWith() {
		p.next()
		h, t := p.withItemList(")")
		p.expect(")")
		return h, t
	}
	return p.withItemList(":")
}

func (p *parser) withItemList(close string) (Expr, []Expr) {
	first := p.tok()
	var exprs, targets []Expr
	for !p.is(close) && !p.atLineEnd() {
		exprs = append(exprs, p.test())
		if p.isKw("as") {
			p.next()
			targets = append(targets, p.bitOr())
		}
		if !p.accept(",") {
			break
		}
	}
	if len(exprs) == 1 {
		return exprs[0], targets
	}
	return &Tuple{At: first.Start, Elts: exprs}, targets
}

// parenthesisedWith reports whether "with (" opens a parenthesised list of
// with-items (it holds "as" at depth 1 and the ")" is followed by ":").
func (p *parser) parenthesisedWith() bool {
	level, sawAs := 0, false
	for j := p.i; ; j++ {
		t := p.at(j)
		if t.Kind == TokNewline || t.Kind == TokEOF {
			return false
		}
		switch {
		case t.Kind == TokName && p.text(t) == "as" && level == 1:
			sawAs = true
		case t.Kind == TokOp:
			switch p.text(t) {
			case "(", "[", "{":
				level++
			case ")", "]", "}":
				level--
				if level == 0 {
					n := p.at(j + 1)
					return sawAs && n.Kind == TokOp && p.text(n) == ":"
				}
			}
		}
	}
}

// params parses a def's parameter list.
func (p *parser) params() []Param {
	if !p.expect("(") {
		return nil
	}
	var out []Param
	for !p.is(")") && !p.atLineEnd() {
		var prm Param
		switch {
		case p.is("/"):
			p.next()
			if !p.accept(",") {
				break
			}
			continue
		case p.is("*"), p.is("**"):
			prm.Star = p.text(p.next())
		}
		if t := p.tok(); t.Kind == TokName {
			prm.Name = p.text(p.next())
			if p.accept(":") {
				prm.Annotation = p.test()
			}
			if p.accept("=") {
				prm.Default = p.test()
			}
		} else if prm.Star == "" {
			p.errorf(t.Start, "unexpected %s in parameters", p.describe(t))
			p.skipBalanced(")")
			break
		}
		out = append(out, prm)
		if !p.accept(",") {
			break
		}
	}
	p.expect(")")
	return out
}

// decorated reads decorators and the def/class they decorate.
func (p *parser) decorated() Stmt {
	var decos []Expr
	start := p.tok().Start
	for p.is("@") {
		p.next()
		decos = append(decos, p.namedExpr())
		p.endOfLine()
	}
	t := p.tok()
	if t.Kind == TokName {
		kw := p.text(t)
		if kw == "async" && p.peek(1).Kind == TokName && p.text(p.peek(1)) == "def" {
			a := p.next()
			s := p.block("def")
			s.Keyword, s.Decorators, s.At = "async def", decos, a.Start
			return s
		}
		if kw == "def" || kw == "class" {
			s := p.block(kw)
			s.Decorators = decos
			return s
		}
	}
	p.errorf(t.Start, "expected def or class after decorator, found %s", p.describe(t))
	return Stmt{Kind: StmtOther, At: start, EndLine: p.endLine(), Decorators: decos}
}
