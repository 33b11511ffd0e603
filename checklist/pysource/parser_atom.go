package pysource

// Atoms: names, constants, numbers, strings (with f-string fields) and
// parenthesised expressions and displays.

// atom parses names, constants, numbers, strings and displays.
func (p *parser) atom() Expr {
	t := p.tok()
	switch t.Kind {
	case TokName:
		s := p.ident(t)
		switch s {
		case "True", "False", "None":
			p.next()
			return &Const{At: t.Start, Value: s}
		}
		if keywords[s] {
			p.errorf(t.Start, "unexpected keyword %q", s)
			if s == "lambda" || s == "not" || s == "await" || s == "yield" {
				return p.test()
			}
			return &Bad{At: t.Start}
		}
		p.next()
		return &Name{At: t.Start, ID: s}
	case TokNumber:
		p.next()
		return &Num{At: t.Start, Text: p.text(t)}
	case TokString:
		return p.strings()
	case TokOp:
		switch p.text(t) {
		case "(":
			return p.paren()
		case "[":
			return p.display("]")
		case "{":
			return p.display("}")
		case "...":
			p.next()
			return &Const{At: t.Start, Value: "..."}
		}
	}
	p.errorf(t.Start, "unexpected %s", p.describe(t))
	if t.Kind == TokInvalid || (t.Kind == TokOp && !p.endsList() && !p.is(")") && !p.is(",")) {
		p.next()
		return p.bad(t.Start, t.Off)
	}
	return &Bad{At: t.Start}
}

// paren parses (), (x), (x,), (x, y), (yield x) and (x for ...).
func (p *parser) paren() Expr {
	open := p.next()
	if p.accept(")") {
		return &Tuple{At: open.Start}
	}
	if p.isKw("yield") {
		e := p.yieldExpr()
		p.expect(")")
		return e
	}
	first := p.listItem(true)
	if p.isKw("for") || p.isKw("async") {
		return p.comprehension(open, ")", "gen", nil, first)
	}
	if !p.is(",") {
		p.expect(")")
		return first
	}
	elts := []Expr{first}
	for p.accept(",") && !p.is(")") && !p.atLineEnd() {
		elts = append(elts, p.listItem(true))
	}
	p.expect(")")
	return &Tuple{At: open.Start, Elts: elts}
}

// display parses a list ("]") or a dict/set ("}") display; comprehensions
// become Bad.
func (p *parser) display(close string) Expr {
	open := p.next()
	var elts, keys, values []Expr
	isDict := false
	for i := 0; !p.is(close) && !p.atLineEnd(); i++ {
		if close == "}" && p.is("**") && (i == 0 || isDict) {
			p.next()
			isDict = true
			keys = append(keys, nil)
			values = append(values, p.bitOr())
		} else {
			item := p.listItem(true)
			if close == "}" && p.is(":") && (i == 0 || isDict) {
				p.next()
				isDict = true
				keys = append(keys, item)
				values = append(values, p.test())
			} else {
				elts = append(elts, item)
			}
		}
		if i == 0 && (p.isKw("for") || p.isKw("async")) {
			kind, key, elt := "list", Expr(nil), Expr(nil)
			switch {
			case isDict:
				kind, key, elt = "dict", keys[0], values[0]
			case close == "}":
				kind, elt = "set", elts[0]
			default:
				elt = elts[0]
			}
			return p.comprehension(open, close, kind, key, elt)
		}
		if !p.accept(",") {
			break
		}
		p.compact() // a display can be a whole file long
	}
	p.expect(close)
	switch {
	case close == "]":
		return &List{At: open.Start, Elts: elts}
	case isDict || len(elts) == 0:
		return &Dict{At: open.Start, Keys: keys, Values: values}
	}
	return &Set{At: open.Start, Elts: elts}
}

// comprehension parses "for Target in Iter [if Cond]..." up to close, the
// parser standing on "for". Anything richer (async, a second for clause)
// is kept as *Bad with its text, as before.
func (p *parser) comprehension(open Token, close, kind string, key, elt Expr) Expr {
	bad := func() Expr {
		p.skipBalanced()
		p.expect(close)
		return p.bad(open.Start, open.Off)
	}
	if !p.isKw("for") {
		return bad()
	}
	p.next()
	target := p.bitOr()
	if p.is(",") {
		elts := []Expr{target}
		for p.accept(",") && !p.isKw("in") && !p.atLineEnd() {
			elts = append(elts, p.bitOr())
		}
		target = &Tuple{At: target.Pos(), Elts: elts}
	}
	if !p.isKw("in") {
		return bad()
	}
	p.next()
	iter := p.orTest()
	var ifs []Expr
	for p.isKw("if") {
		p.next()
		ifs = append(ifs, p.orTest())
	}
	if !p.is(close) {
		return bad()
	}
	p.next()
	return &Comp{At: open.Start, Kind: kind, Key: key, Elt: elt, Target: target, Iter: iter, Ifs: ifs}
}

// strings joins adjacent string tokens into one Str.
func (p *parser) strings() Expr {
	first := p.tok()
	s := &Str{At: first.Start}
	var value []byte
	for i := 0; p.tok().Kind == TokString; i++ {
		t := p.next()
		v, isBytes, isF, ok := StringLiteral(p.text(t))
		if !ok {
			p.errorf(t.Start, "unterminated or malformed string")
		}
		if i == 0 {
			s.Bytes = isBytes
		} else if isBytes != s.Bytes {
			p.errorf(t.Start, "cannot mix bytes and str literals")
		}
		value = append(value, v...)
		if isF {
			s.FString = true
			s.Parts = append(s.Parts, p.fieldExprs(t)...)
		}
	}
	s.Value = string(value)
	return s
}

// fieldExprs parses the expressions of an f-string token's replacement fields.
func (p *parser) fieldExprs(t Token) []Expr {
	var spans [][2]int
	scanString(p.src[:t.End], t.Off, 0, func(start, end int) {
		spans = append(spans, [2]int{start, end})
	})
	var parts []Expr
	for _, sp := range spans {
		line, lineStart := t.Start.Line, t.Off-(t.Start.Col-1)
		for j := t.Off; j < sp[0]; j++ {
			if n := newlineLen(p.src, j); n > 0 {
				j += n - 1
				line++
				lineStart = j + 1
			}
		}
		tk := &Tokenizer{}
		tk.reset(p.src, sp[0], sp[1], line, lineStart, true)
		var toks []Token
		for {
			tok := tk.Next()
			toks = append(toks, tok)
			if tok.Kind == TokEOF {
				break
			}
		}
		sub := newParser(p.src, toks, p.depth+8)
		e := sub.exprList(true)
		if !sub.atLineEnd() {
			e = &Bad{At: Pos{line, sp[0] - lineStart + 1}, Text: string(p.src[sp[0]:sp[1]])}
		}
		if !p.lineErr {
			p.issues = append(p.issues, sub.issues...)
		}
		parts = append(parts, e)
	}
	return parts
}
