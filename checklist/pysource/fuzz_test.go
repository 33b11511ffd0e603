package pysource

import (
	"reflect"
	"testing"
)

// Seeds live in testdata/fuzz/Fuzz*/; run e.g. go test -fuzz FuzzParse -fuzztime 20s.

func FuzzTokenize(f *testing.F) {
	f.Add([]byte("x = 1\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		checkContiguous(t, src)
		toks := Tokenize(src)
		// Every token but EOF, the final NEWLINE/NL and DEDENTs consumes input,
		// so the stream is bounded by the input size.
		if len(toks) > 2*len(src)+8+countIndents(toks) {
			t.Fatalf("%d tokens for %d bytes", len(toks), len(src))
		}
	})
}

func countIndents(toks []Token) int {
	n := 0
	for _, t := range toks {
		if t.Kind == TokDedent || t.Kind == TokIndent {
			n++
		}
	}
	return n
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("DEBUG = os.environ.get('DEBUG', False)\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		m := Parse(src)
		checkStreamed(t, src, m)
		ctx := m.EnvContext()
		for _, a := range m.Assignments() {
			_ = Format(a.Value)
			_ = Literal(a.Value, nil).Python()
			EnvReadOf(a.Value, ctx)
		}
		m.Imports()
		Walk(m.Body, func(s *Stmt, _ []*Stmt) bool {
			for _, e := range s.Exprs() {
				Inspect(e, func(Expr) bool { return true })
			}
			return true
		})
		for _, is := range m.Issues {
			if is.At.Line < 1 {
				t.Fatalf("issue without a line: %+v", is)
			}
		}
		for i := 0; i <= m.Lines()+1; i++ {
			_ = m.Line(i)
		}
	})
}

// checkStreamed fails unless parsing src with the smallest token window
// (tokens dropped after every statement) and with every token held gives
// the tree m has.
func checkStreamed(t *testing.T, src []byte, m *Module) {
	t.Helper()
	whole := &Module{Text: NewText(src)}
	p := newParser(src, Tokenize(src), 0)
	whole.Body, whole.Issues = p.statements(false), p.issues
	for _, got := range []*Module{m, parseStream(NewText(src), 1)} {
		if !reflect.DeepEqual(got.Body, whole.Body) || !reflect.DeepEqual(got.Issues, whole.Issues) {
			t.Fatalf("streamed parse differs from the parse of all tokens:\n%q", src)
		}
	}
	// A Stream gives the same statements, one compound statement at a
	// time, cut where Groups cuts the whole body.
	var want [][]Stmt
	for g := range whole.Groups() {
		want = append(want, g)
	}
	s := NewStream(src)
	var got [][]Stmt
	for g := s.Next(); g != nil; g = s.Next() {
		got = append(got, g)
	}
	if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(s.Issues(), whole.Issues) {
		t.Fatalf("a Stream's statements differ from the module's groups:\n%q", src)
	}
}
