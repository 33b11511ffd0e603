package generator

import (
	"sort"
	"strings"

	"github.com/djharden/djharden/checklist/pysource"
)

// span is a byte range of the source and its replacement.
type span struct {
	off, end int
	text     string
}

// srcIndex maps parser positions to byte offsets through the tokens.
type srcIndex struct {
	src   string
	toks  []pysource.Token
	byPos map[pysource.Pos]int // token index by start position
	text  pysource.Text        // the line index
}

func newSrcIndex(src string) *srcIndex {
	x := &srcIndex{src: src, toks: pysource.Tokenize([]byte(src)), byPos: map[pysource.Pos]int{}, text: pysource.NewText([]byte(src))}
	for i, t := range x.toks {
		x.byPos[t.Start] = i
	}
	return x
}

// stringSpan is the byte range of the string literal (or implicit
// concatenation of literals) starting at pos, and its quote character.
func (x *srcIndex) stringSpan(pos pysource.Pos) (off, end int, quote string, ok bool) {
	i, found := x.byPos[pos]
	if !found || x.toks[i].Kind != pysource.TokString {
		return 0, 0, "", false
	}
	off, end = x.toks[i].Off, x.toks[i].End
	for j := i + 1; j < len(x.toks); j++ {
		switch x.toks[j].Kind {
		case pysource.TokString:
			end = x.toks[j].End
			continue
		case pysource.TokNL, pysource.TokComment:
			continue
		}
		break
	}
	lit := x.src[off:end]
	q := strings.TrimLeft(lit, "uUrRbBfF")
	if q == "" || (q[0] != '\'' && q[0] != '"') {
		return 0, 0, "", false
	}
	return off, end, q[:1], true
}

// valueSpan is the byte range of an assignment's value: from the token
// after the statement's "=" to the last token before its end of line
// (comments excluded).
func (x *srcIndex) valueSpan(s *pysource.Stmt) (off, end int, ok bool) {
	i, found := x.byPos[s.At]
	if !found {
		return 0, 0, false
	}
	depth, start := 0, -1
	for j := i; j < len(x.toks); j++ {
		t := x.toks[j]
		text := x.src[t.Off:t.End]
		switch t.Kind {
		case pysource.TokNewline, pysource.TokEOF:
			if start < 0 {
				return 0, 0, false
			}
			return start, end, true
		case pysource.TokComment, pysource.TokNL:
			continue
		case pysource.TokOp:
			switch text {
			case "(", "[", "{":
				depth++
			case ")", "]", "}":
				depth--
			case "=":
				if depth == 0 && start < 0 {
					if j+1 < len(x.toks) {
						start = -2 // the next token starts the value
					}
					continue
				}
			}
		}
		if start == -2 {
			start = t.Off
		}
		if start >= 0 {
			end = t.End
		}
	}
	return 0, 0, false
}

// lineStart is the byte offset of the start of 1-based line n.
func (x *srcIndex) lineStart(n int) int { return x.text.LineStart(n) }

// secretSettings are the top-level names whose literal values move.
var secretSettings = map[string]bool{"SECRET_KEY": true, "EMAIL_HOST_PASSWORD": true}

// edit rewrites the literal secrets of one settings file at the parser's
// positions: a literal SECRET_KEY or EMAIL_HOST_PASSWORD becomes an
// environment read, a literal fallback of such a read is taken out, and a
// literal PASSWORD of a DATABASES entry becomes a read. It returns the new
// source and what was moved. Lines of the managed block are left alone.
func (e *secretEditor) edit(path, src string, m *pysource.Module) (string, []movedSecret) {
	e.names = bindingsOf(m)
	x := newSrcIndex(src)
	blockStart, blockEnd, hasBlock := findBlock(src)
	inBlock := func(off int) bool { return hasBlock && off >= blockStart && off < blockEnd }
	var edits []span
	var moved []movedSecret
	importLine, hashLine := 0, 0 // statement lines that need an import above them (0 = none)
	ctx := m.EnvContext()

	pysource.Walk(m.Body, func(s *pysource.Stmt, parents []*pysource.Stmt) bool {
		for _, p := range parents {
			if p.Keyword == "def" || p.Keyword == "async def" || p.Keyword == "class" {
				return false
			}
		}
		if s.Kind != pysource.StmtAssign || s.Op != "=" || len(s.Targets) != 1 {
			return true
		}
		n, ok := s.Targets[0].(*pysource.Name)
		if !ok {
			return true
		}
		if stmtOff := x.lineStart(s.At.Line); inBlock(stmtOff) {
			return true
		}
		switch {
		case secretSettings[n.ID]:
			if mv, ed, imp, hash, ok := e.editSecret(path, n.ID, s, x, ctx); ok {
				edits = append(edits, ed)
				moved = append(moved, mv)
				if imp && importLine == 0 {
					importLine = s.At.Line
				}
				if hash && hashLine == 0 {
					hashLine = s.At.Line
				}
			}
		case n.ID == "DATABASES" && !e.keyOnly:
			d, ok := s.Value.(*pysource.Dict)
			if !ok {
				return true
			}
			for i, k := range d.Keys {
				alias := pysource.Literal(k, nil)
				inner, ok := d.Values[i].(*pysource.Dict)
				if alias.Kind != pysource.StrVal || !ok {
					continue
				}
				for j, ik := range inner.Keys {
					key := pysource.Literal(ik, nil)
					val := pysource.Literal(inner.Values[j], nil)
					if key.Kind != pysource.StrVal || key.Str != "PASSWORD" || val.Kind != pysource.StrVal || val.Str == "" {
						continue
					}
					off, end, q, ok := x.stringSpan(inner.Values[j].Pos())
					if !ok {
						continue
					}
					setting := "DATABASES[" + alias.Str + "].PASSWORD"
					line := inner.Values[j].Pos().Line
					if !e.storable(path, line, setting, val.Str) {
						continue
					}
					v := e.varFor(setting)
					read, imp := e.read(s.At.Line, v, q)
					edits = append(edits, span{off, end, read})
					moved = append(moved, movedSecret{File: path, Line: line, Setting: setting, Var: v, Value: val.Str})
					if imp && importLine == 0 {
						importLine = s.At.Line
					}
				}
			}
		}
		return true
	})
	if len(edits) == 0 {
		return src, nil
	}
	out := apply(src, edits)
	// Imports go right above the first statement that needs them, with its
	// indentation (inside an if/try block, too).
	if importLine > 0 || hashLine > 0 {
		eol := "\n"
		if isCRLF(src) {
			eol = "\r\n"
		}
		var ins []span
		if importLine > 0 {
			at := x.lineStart(importLine)
			ins = append(ins, span{at, at, indentAt(src, at) + e.importLine() + eol})
		}
		if hashLine > 0 {
			at := x.lineStart(hashLine)
			ins = append(ins, span{at, at, indentAt(src, at) + "import hashlib  # djharden: derives the development-only key" + eol})
		}
		// Offsets are of src: apply the insertions and the edits together.
		out = apply(src, append(edits, ins...))
	}
	sort.Slice(moved, func(i, j int) bool { return moved[i].Line < moved[j].Line })
	return out, moved
}

// editSecret handles SECRET_KEY / EMAIL_HOST_PASSWORD = <literal or read
// with a literal fallback>.
func (e *secretEditor) editSecret(path, setting string, s *pysource.Stmt, x *srcIndex, ctx pysource.EnvContext) (movedSecret, span, bool, bool, bool) {
	var none movedSecret
	if v := pysource.Literal(s.Value, nil); v.Kind == pysource.StrVal {
		if setting != "SECRET_KEY" && (v.Str == "" || e.keyOnly || !e.storable(path, s.At.Line, setting, v.Str)) {
			return none, span{}, false, false, false
		}
		off, end, ok := x.valueSpan(s)
		if !ok {
			return none, span{}, false, false, false
		}
		q := "'"
		if _, _, sq, ok := x.stringSpan(firstString(s.Value)); ok {
			q = sq
		}
		v2 := e.varFor(setting)
		read, imp := e.read(s.At.Line, v2, q)
		hash := false
		if setting == "SECRET_KEY" && e.dev {
			read += " or " + devKeyExpr(q)
			if !strings.Contains(x.src[end:lineEnd(x.src, end)], "#") {
				read += "  " + devKeyComment
			}
			hash = e.names.before(e.names.hashlib, s.At.Line) == ""
		}
		return movedSecret{File: path, Line: s.At.Line, Setting: setting, Var: v2, Value: v.Str}, span{off, end, read}, imp, hash, true
	}
	r, ok := pysource.EnvReadOf(s.Value, ctx)
	if !ok || !r.HasDefault || r.Default == nil {
		return none, span{}, false, false, false
	}
	def := pysource.Literal(r.Default, nil)
	if setting == "SECRET_KEY" && def.Kind != pysource.StrVal {
		// A random fallback (secrets.token_urlsafe()) is a new key at each
		// start and in each worker: it goes like a literal one.
		return e.dropRandomKey(path, s, r, x)
	}
	if def.Kind != pysource.StrVal || def.Str == "" {
		return none, span{}, false, false, false
	}
	off, end, q, ok := x.stringSpan(r.Default.Pos())
	if !ok {
		return none, span{}, false, false, false
	}
	if setting != "SECRET_KEY" {
		// A password fallback moves to the env file under the variable the
		// line reads, so production sees the same value.
		if e.keyOnly || !e.storable(path, s.At.Line, setting, def.Str) {
			return none, span{}, false, false, false
		}
		return movedSecret{File: path, Line: s.At.Line, Setting: setting, Var: r.Var, Value: def.Str}, span{off, end, q + q}, false, false, true
	}
	// Only the fallback changes: the line keeps reading its variable
	// through its own helper; in a shared base module it falls back to the
	// development-only key, which production refuses.
	text := q + q
	hash := false
	if e.dev {
		text = devKeyExpr(q)
		hash = e.names.before(e.names.hashlib, s.At.Line) == ""
		if _, vend, ok := x.valueSpan(s); ok && !strings.Contains(x.src[vend:lineEnd(x.src, vend)], "#") {
			return movedSecret{File: path, Line: s.At.Line, Setting: setting, Var: e.varFor(setting), Value: def.Str},
				span{off, vend, text + x.src[end:vend] + "  " + devKeyComment}, false, hash, true
		}
	}
	return movedSecret{File: path, Line: s.At.Line, Setting: setting, Var: e.varFor(setting), Value: def.Str}, span{off, end, text}, false, hash, true
}

// dropRandomKey takes out a SECRET_KEY read's random fallback: the read
// then gives "" (the development-only key in a shared module) when its
// variable is missing, which the block's guard refuses in production.
func (e *secretEditor) dropRandomKey(path string, s *pysource.Stmt, r pysource.EnvRead, x *srcIndex) (movedSecret, span, bool, bool, bool) {
	call, isCall := r.Default.(*pysource.Call)
	fn := pysource.RandomCall(r.Default)
	if !isCall || fn == "" {
		return movedSecret{}, span{}, false, false, false
	}
	off, end, ok := x.callSpan(call)
	if !ok {
		return movedSecret{}, span{}, false, false, false
	}
	q := "'"
	pysource.Inspect(s.Value, func(e pysource.Expr) bool {
		if str, ok := e.(*pysource.Str); ok && q == "'" {
			if _, _, sq, ok := x.stringSpan(str.At); ok {
				q = sq // the quotes of the variable's name
			}
			return false
		}
		return true
	})
	moved := movedSecret{File: path, Line: s.At.Line, Setting: "SECRET_KEY", Var: r.Var, Random: fn}
	if !e.dev {
		return moved, span{off, end, q + q}, false, false, true
	}
	text := devKeyExpr(q)
	hash := e.names.before(e.names.hashlib, s.At.Line) == ""
	if _, vend, ok := x.valueSpan(s); ok && !strings.Contains(x.src[vend:lineEnd(x.src, vend)], "#") {
		return moved, span{off, vend, text + x.src[end:vend] + "  " + devKeyComment}, false, hash, true
	}
	return moved, span{off, end, text}, false, hash, true
}

// callSpan is the byte range of a call, from its first token to its
// closing parenthesis.
func (x *srcIndex) callSpan(c *pysource.Call) (off, end int, ok bool) {
	i, found := x.byPos[c.At]
	j, foundEnd := x.byPos[c.End]
	if !found || !foundEnd || j < i || x.src[x.toks[j].Off:x.toks[j].End] != ")" {
		return 0, 0, false
	}
	return x.toks[i].Off, x.toks[j].End, true
}

// firstString is the position of the first string literal of e.
func firstString(e pysource.Expr) pysource.Pos {
	if s, ok := e.(*pysource.Str); ok {
		return s.At
	}
	return e.Pos()
}

// apply makes the non-overlapping replacements (offsets of src).
func apply(src string, edits []span) string {
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].off < edits[j].off })
	var b strings.Builder
	last := 0
	for _, ed := range edits {
		if ed.off < last {
			continue
		}
		b.WriteString(src[last:ed.off])
		b.WriteString(ed.text)
		last = ed.end
	}
	b.WriteString(src[last:])
	return b.String()
}

// indentAt is the indentation of the line starting at off.
func indentAt(src string, off int) string {
	line := src[off:lineEnd(src, off)]
	return line[:len(line)-len(strings.TrimLeft(line, " \t"))]
}

// lineEnd is the offset of the end of the line holding off (before "\r\n" or "\n").
func lineEnd(src string, off int) int {
	i := strings.IndexByte(src[off:], '\n')
	if i < 0 {
		return len(src)
	}
	end := off + i
	if end > off && src[end-1] == '\r' {
		end--
	}
	return end
}
