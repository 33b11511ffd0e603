package pysource

// Expression parsing: precedence climbing over Python's grammar, from the
// loosest (lambda, conditional) to the tightest (calls, subscripts, atoms).

// binaryPrec gives the binding power of binary operators (higher binds tighter).
var binaryPrec = map[string]int{
	"|": 1, "^": 2, "&": 3, "<<": 4, ">>": 4, "+": 5, "-": 5,
	"*": 6, "/": 6, "//": 6, "%": 6, "@": 6,
}

var keywords = map[string]bool{
	"False": true, "None": true, "True": true, "and": true, "as": true, "assert": true,
	"async": true, "await": true, "break": true, "class": true, "continue": true, "def": true,
	"del": true, "elif": true, "else": true, "except": true, "finally": true, "for": true,
	"from": true, "global": true, "if": true, "import": true, "in": true, "is": true,
	"lambda": true, "nonlocal": true, "not": true, "or": true, "pass": true, "raise": true,
	"return": true, "try": true, "while": true, "with": true, "yield": true,
}

// enter guards recursion; when too deep it drops the rest of the line.
func (p *parser) enter() (Expr, bool) {
	p.depth++
	if p.depth <= maxDepth {
		return nil, true
	}
	t := p.tok()
	p.errorf(t.Start, "expression nested too deeply")
	p.skipLine()
	return p.bad(t.Start, t.Off), false
}

func (p *parser) leave() { p.depth-- }

// exprList parses "a, *b, c" (a Tuple when there is a comma). With star,
// starred items are allowed.
func (p *parser) exprList(star bool) Expr {
	first := p.tok()
	if p.isKw("yield") {
		return p.yieldExpr()
	}
	e := p.listItem(star)
	if !p.is(",") {
		return e
	}
	elts := []Expr{e}
	for p.accept(",") {
		if p.atLineEnd() || p.endsList() {
			break
		}
		elts = append(elts, p.listItem(star))
	}
	return &Tuple{At: first.Start, Elts: elts}
}

// endsList reports whether the current token cannot start a list item.
func (p *parser) endsList() bool {
	for _, op := range []string{")", "]", "}", "=", ":", ";"} {
		if p.is(op) {
			return true
		}
	}
	t := p.tok()
	if t.Kind == TokOp && len(p.text(t)) >= 2 && p.text(t)[len(p.text(t))-1] == '=' && p.text(t) != "==" {
		return true // augmented assignment
	}
	return p.isKw("in")
}

func (p *parser) listItem(star bool) Expr {
	if star && p.is("*") {
		t := p.next()
		return &Starred{At: t.Start, X: p.bitOr()}
	}
	return p.namedExpr()
}

func (p *parser) yieldExpr() Expr {
	t := p.next()
	if p.isKw("from") {
		p.next()
		return &UnaryOp{At: t.Start, Op: "yield from", X: p.test()}
	}
	if p.atLineEnd() || p.is(")") || p.is("=") || p.is(";") {
		return &UnaryOp{At: t.Start, Op: "yield", X: &Const{At: t.Start, Value: "None"}}
	}
	return &UnaryOp{At: t.Start, Op: "yield", X: p.exprList(true)}
}

// namedExpr parses test [":=" test]; the walrus becomes Bad.
func (p *parser) namedExpr() Expr {
	start := p.tok()
	e := p.test()
	if p.is(":=") {
		p.next()
		p.test()
		return p.bad(start.Start, start.Off)
	}
	return e
}

// test parses a conditional expression or a lambda.
func (p *parser) test() Expr {
	if bad, ok := p.enter(); !ok {
		return bad
	}
	defer p.leave()
	start := p.tok()
	if p.isKw("lambda") {
		p.next()
		p.skipBalanced(":")
		p.accept(":")
		p.test()
		return p.bad(start.Start, start.Off)
	}
	e := p.orTest()
	if p.isKw("if") {
		// "x if c else y"; in a comprehension "if" belongs to the clause,
		// recognised by the missing "else" (the caller then sees "if").
		at, keep := p.mark()
		p.next()
		cond := p.orTest()
		if !p.isKw("else") {
			p.unmark(at, keep, true)
			return e
		}
		p.unmark(at, keep, false)
		p.next()
		return &IfExp{At: e.Pos(), Body: e, Test: cond, Else: p.test()}
	}
	return e
}

func (p *parser) orTest() Expr  { return p.boolOp("or", p.andTest) }
func (p *parser) andTest() Expr { return p.boolOp("and", p.notTest) }

func (p *parser) boolOp(op string, operand func() Expr) Expr {
	e := operand()
	if !p.isKw(op) {
		return e
	}
	b := &BoolOp{At: e.Pos(), Op: op, Values: []Expr{e}}
	for p.isKw(op) {
		p.next()
		b.Values = append(b.Values, operand())
	}
	return b
}

func (p *parser) notTest() Expr {
	if p.isKw("not") {
		if bad, ok := p.enter(); !ok {
			return bad
		}
		defer p.leave()
		t := p.next()
		return &UnaryOp{At: t.Start, Op: "not", X: p.notTest()}
	}
	return p.comparison()
}

// compareOp returns the comparison operator at the current token ("" if none)
// and how many tokens it spans.
func (p *parser) compareOp() (string, int) {
	t := p.tok()
	switch t.Kind {
	case TokOp:
		switch s := p.text(t); s {
		case "<", ">", "==", ">=", "<=", "!=", "<>":
			return s, 1
		}
	case TokName:
		switch p.text(t) {
		case "in":
			return "in", 1
		case "is":
			if n := p.peek(1); n.Kind == TokName && p.text(n) == "not" {
				return "is not", 2
			}
			return "is", 1
		case "not":
			if n := p.peek(1); n.Kind == TokName && p.text(n) == "in" {
				return "not in", 2
			}
		}
	}
	return "", 0
}

func (p *parser) comparison() Expr {
	e := p.bitOr()
	op, n := p.compareOp()
	if op == "" {
		return e
	}
	c := &Compare{At: e.Pos(), X: e}
	for op != "" {
		p.i += n
		c.Ops = append(c.Ops, op)
		c.Ys = append(c.Ys, p.bitOr())
		op, n = p.compareOp()
	}
	return c
}

func (p *parser) bitOr() Expr { return p.binary(1) }

// binary parses binary operators binding at least as tightly as minPrec.
func (p *parser) binary(minPrec int) Expr {
	x := p.unary()
	for {
		t := p.tok()
		if t.Kind != TokOp {
			return x
		}
		op := p.text(t)
		prec, ok := binaryPrec[op]
		if !ok || prec < minPrec {
			return x
		}
		p.next()
		y := p.binary(prec + 1)
		x = &BinOp{At: x.Pos(), Op: op, X: x, Y: y}
	}
}

func (p *parser) unary() Expr {
	if p.is("-") || p.is("+") || p.is("~") {
		if bad, ok := p.enter(); !ok {
			return bad
		}
		defer p.leave()
		t := p.next()
		return &UnaryOp{At: t.Start, Op: p.text(t), X: p.unary()}
	}
	return p.power()
}

func (p *parser) power() Expr {
	var await *Token
	if p.isKw("await") {
		t := p.next()
		await = &t
	}
	x := p.primary()
	if p.is("**") {
		p.next()
		x = &BinOp{At: x.Pos(), Op: "**", X: x, Y: p.unary()}
	}
	if await != nil {
		x = &UnaryOp{At: await.Start, Op: "await", X: x}
	}
	return x
}

// primary parses an atom followed by calls, subscripts and attributes.
func (p *parser) primary() Expr {
	x := p.atom()
	for {
		switch {
		case p.is("."):
			p.next()
			t := p.tok()
			if t.Kind != TokName {
				p.errorf(t.Start, "expected a name after \".\", found %s", p.describe(t))
				return x
			}
			p.next()
			x = &Attr{At: x.Pos(), X: x, Name: p.ident(t)}
		case p.is("("):
			x = p.call(x)
		case p.is("["):
			x = p.subscript(x)
		default:
			return x
		}
	}
}

func (p *parser) call(fn Expr) Expr {
	p.next()
	c := &Call{At: fn.Pos(), Func: fn}
	for !p.is(")") && !p.atLineEnd() {
		start := p.tok()
		switch {
		case p.is("*"):
			p.next()
			c.Args = append(c.Args, &Starred{At: start.Start, X: p.test()})
		case p.is("**"):
			p.next()
			c.Keywords = append(c.Keywords, Keyword{Value: p.test()})
		case start.Kind == TokName && p.peek(1).Kind == TokOp && p.text(p.peek(1)) == "=":
			p.i += 2
			c.Keywords = append(c.Keywords, Keyword{Name: p.text(start), Value: p.test()})
		default:
			arg := p.namedExpr()
			if p.isKw("for") || p.isKw("async") {
				p.skipBalanced(",")
				arg = p.bad(start.Start, start.Off)
			}
			c.Args = append(c.Args, arg)
		}
		if !p.accept(",") {
			break
		}
	}
	c.End = p.tok().Start
	p.expect(")")
	return c
}

func (p *parser) subscript(x Expr) Expr {
	p.next()
	start := p.tok()
	var index Expr
	if p.is(":") {
		p.skipBalanced("]")
		index = p.bad(start.Start, start.Off)
	} else {
		index = p.exprList(true)
		if p.is(":") {
			p.skipBalanced("]")
			index = p.bad(start.Start, start.Off)
		}
	}
	p.expect("]")
	return &Subscript{At: x.Pos(), X: x, Index: index}
}
