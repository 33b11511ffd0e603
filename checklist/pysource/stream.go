package pysource

import "iter"

// Stream reads a module one top-level statement at a time. A reader that
// runs the statements once, in order (the settings evaluator), never holds
// the whole tree: each statement can be dropped once it has run.
type Stream struct {
	p       *parser
	pending []Stmt // statements read but not returned yet
	done    bool   // the parser reached the end of the file
}

// NewStream starts reading src.
func NewStream(src []byte) *Stream {
	return &Stream{p: streamParser(src, NewTokenizer(src), 512)}
}

// Next returns the next top-level statement with the clauses that
// continue it (an if with its elif and else, a try with its handlers), as
// Groups cuts a parsed body, or nil at the end of the file. The stream
// keeps no reference to what it returned.
func (s *Stream) Next() []Stmt {
	for {
		n := ClauseCount(s.pending)
		if n > 0 && (n < len(s.pending) || s.done || !continuable(&s.pending[0])) {
			g := s.pending[:n:n]
			s.pending = s.pending[n:]
			if len(s.pending) == 0 {
				s.pending = nil // the next line starts a new array, so g does not keep it alive
			}
			return g
		}
		if s.done {
			return nil
		}
		var more bool
		s.pending, more = s.p.step(s.pending, false)
		s.done = !more
	}
}

// All yields what Next returns, to the end of the file or until the loop
// stops.
func (s *Stream) All() iter.Seq[[]Stmt] {
	return func(yield func([]Stmt) bool) {
		for g := s.Next(); g != nil && yield(g); g = s.Next() {
		}
	}
}

// Issues are the syntax problems read so far: all of them once Next has
// returned nil.
func (s *Stream) Issues() []Issue { return s.p.issues }

// Groups yields the module's top-level statements one compound statement
// (with its clauses) at a time, as a Stream would read them.
func (m *Module) Groups() iter.Seq[[]Stmt] {
	return func(yield func([]Stmt) bool) {
		for body := m.Body; len(body) > 0; {
			n := ClauseCount(body)
			if !yield(body[:n:n]) {
				return
			}
			body = body[n:]
		}
	}
}

// ClauseCount is how many statements at the start of body make one
// statement: an if/elif/else chain, try/except/else/finally, a loop and
// its else, a match and its cases; 1 for anything else, 0 for an empty body.
func ClauseCount(body []Stmt) int {
	if len(body) == 0 {
		return 0
	}
	n := 1
	for n < len(body) && body[n].Kind == StmtBlock && ContinuesClause(body[0].Keyword, body[n].Keyword) {
		n++
	}
	return n
}

// ContinuesClause reports whether a clause with keyword next is a further
// clause of a compound statement that started with first.
func ContinuesClause(first, next string) bool {
	switch first {
	case "if":
		return next == "elif" || next == "else"
	case "try":
		return next == "except" || next == "else" || next == "finally"
	case "for", "while":
		return next == "else"
	case "match":
		return next == "case"
	}
	return false
}

// continuable reports whether a following statement may still be a
// clause of s.
func continuable(s *Stmt) bool {
	if s.Kind != StmtBlock {
		return false
	}
	switch s.Keyword {
	case "if", "try", "for", "while", "match":
		return true
	}
	return false
}
