package pysource

// API to be implemented (placeholders replaced by the real implementation).

// NewTokenizer returns a streaming tokenizer over src. It never fails.
func NewTokenizer(src []byte) *Tokenizer { panic("todo") }

// Tokenizer yields tokens one by one.
type Tokenizer struct{}

// Next returns the next token; after the end it keeps returning TokEOF.
func (t *Tokenizer) Next() Token { panic("todo") }

// Tokenize returns every token of src, ending with TokEOF.
func Tokenize(src []byte) []Token { panic("todo") }

// StringLiteral decodes one string token's text (prefix and quotes included).
func StringLiteral(text string) (value string, isBytes, isF, ok bool) { panic("todo") }

// Parse reads a module. It never fails; problems are listed in Module.Issues.
func Parse(src []byte) *Module { panic("todo") }

// ParseExpr parses one expression (used by tests and template-free callers).
func ParseExpr(src string) Expr { panic("todo") }

// Line returns the text of 1-based line n without its line ending ("" when out of range).
func (m *Module) Line(n int) string { panic("todo") }

// Assignments flattens the module's changes to names, in source order,
// descending into if/elif/else/try/except/finally/with/for/while/match blocks
// but not into def/class bodies.
func (m *Module) Assignments() []Assignment { panic("todo") }

// Imports returns every import in source order with the innermost block keyword it sits in.
func (m *Module) Imports() []ImportAt { panic("todo") }

// ImportAt is an import with where it sits.
type ImportAt struct {
	Import
	At    Pos
	Block string // "" at top level, "try", "except", "if", ...
}

// EnvContext works out the module's env objects, config names and helpers.
func (m *Module) EnvContext() EnvContext { panic("todo") }

// Literal computes e's value when it is made only of literals and
// arithmetic on them; otherwise it returns Value{Kind: Unknown}.
// lookup, when non-nil, resolves names (e.g. earlier settings); it returns false when unknown.
func Literal(e Expr, lookup func(name string) (Value, bool)) Value { panic("todo") }

// EnvReadOf recognises e as an environment read (possibly wrapped in
// bool()/int()/.lower() == "true"/.split(",") and the like).
func EnvReadOf(e Expr, ctx EnvContext) (EnvRead, bool) { panic("todo") }

// DottedName returns "a.b.c" for a Name/Attr chain, "" otherwise.
func DottedName(e Expr) string { panic("todo") }

// Truthy reports Python truthiness of a known value.
func (v Value) Truthy() bool { panic("todo") }

// Python renders v as Python source (repr-like), for messages and tests.
func (v Value) Python() string { panic("todo") }
