// Package pysource reads Python source the way djharden needs it: a
// tolerant tokenizer, an expression parser, a statement reader that keeps
// positions, a literal evaluator and recognition of environment reads.
//
// Nothing here executes Python, and nothing here ever panics or hangs on
// bad input: broken code yields Bad nodes and Issues, never an error that
// loses the rest of the file.
package pysource

// Pos is a position in a source file: 1-based line, 1-based column in bytes.
type Pos struct {
	Line int
	Col  int
}

// Kind is the kind of a token.
type Kind uint8

const (
	TokEOF     Kind = iota
	TokName         // identifiers and keywords
	TokNumber       // 1, 0x1f, 1_000, 1.5e3, 3j
	TokString       // any string literal incl. prefix and quotes: '', "", ''' ''', r"", b"", f"", rb"" ...
	TokOp           // operators and delimiters: ( ) [ ] { } , : . ; @ = += == ...
	TokNewline      // end of a logical line
	TokNL           // a non-logical newline (blank line, inside brackets)
	TokComment      // # ... up to, not including, the newline
	TokIndent       // indentation increased
	TokDedent       // indentation decreased
	TokInvalid      // bytes that form no token (kept so nothing is lost)
)

// Token is one token. Its text is src[Off:End].
type Token struct {
	Kind  Kind
	Off   int // byte offset of the first byte
	End   int // byte offset just past the last byte
	Start Pos // position of the first byte
}
