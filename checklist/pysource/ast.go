package pysource

// Expr is a parsed Python expression. Constructs the parser does not model
// (lambda, comprehensions, walrus, star-args it cannot place) become *Bad,
// which keeps the source text.
type Expr interface {
	Pos() Pos
	exprNode()
}

type (
	// Name is an identifier (True, False and None are *Const).
	Name struct {
		At Pos
		ID string
	}
	// Const is True, False, None or Ellipsis ("...").
	Const struct {
		At    Pos
		Value string
	}
	// Num is a numeric literal, as written.
	Num struct {
		At   Pos
		Text string
	}
	// Str is one string literal or an implicit concatenation of several.
	// Value holds the decoded text (escapes processed unless raw; f-string
	// replacement fields kept as written). Parts holds the expressions inside
	// f-string replacement fields, parsed.
	Str struct {
		At      Pos
		Value   string
		Bytes   bool
		FString bool   // any piece was an f-string
		Parts   []Expr // expressions of f-string replacement fields
	}
	// Attr is X.Name.
	Attr struct {
		At   Pos
		X    Expr
		Name string
	}
	// Call is Func(Args..., Keywords...). End is the position of the closing paren.
	Call struct {
		At       Pos
		Func     Expr
		Args     []Expr // *Starred for *args
		Keywords []Keyword
		End      Pos
	}
	// Keyword is name=value; Name is "" for **mapping.
	Keyword struct {
		Name  string
		Value Expr
	}
	// Subscript is X[Index]; a slice index is *Bad.
	Subscript struct {
		At    Pos
		X     Expr
		Index Expr
	}
	// List, Tuple and Set displays.
	List struct {
		At   Pos
		Elts []Expr
	}
	Tuple struct {
		At   Pos
		Elts []Expr
	}
	Set struct {
		At   Pos
		Elts []Expr
	}
	// Dict is a dict display; a nil key is a **spread of the value.
	Dict struct {
		At     Pos
		Keys   []Expr
		Values []Expr
	}
	// BinOp is X Op Y for + - * / // % ** @ << >> & | ^.
	BinOp struct {
		At Pos
		Op string
		X  Expr
		Y  Expr
	}
	// UnaryOp is Op X for - + ~ not.
	UnaryOp struct {
		At Pos
		Op string
		X  Expr
	}
	// BoolOp is Values[0] Op Values[1] ... for "and" / "or".
	BoolOp struct {
		At     Pos
		Op     string
		Values []Expr
	}
	// Compare is X Ops[0] Ys[0] Ops[1] Ys[1] ...; ops include "in", "not in", "is", "is not".
	Compare struct {
		At  Pos
		X   Expr
		Ops []string
		Ys  []Expr
	}
	// IfExp is Body if Test else Else.
	IfExp struct {
		At   Pos
		Body Expr
		Test Expr
		Else Expr
	}
	// Starred is *X inside a display or call.
	Starred struct {
		At Pos
		X  Expr
	}
	// Comp is a comprehension with one for clause:
	// [Elt for Target in Iter if Ifs[0] if Ifs[1] ...]. Kind is "list", "set",
	// "dict" (Key: Elt) or "gen". Several for clauses stay *Bad.
	Comp struct {
		At     Pos
		Kind   string
		Key    Expr // dict comprehensions only
		Elt    Expr
		Target Expr
		Iter   Expr
		Ifs    []Expr
	}
	// Bad is source the parser kept but did not model.
	Bad struct {
		At   Pos
		Text string
	}
)

func (e *Name) Pos() Pos      { return e.At }
func (e *Const) Pos() Pos     { return e.At }
func (e *Num) Pos() Pos       { return e.At }
func (e *Str) Pos() Pos       { return e.At }
func (e *Attr) Pos() Pos      { return e.At }
func (e *Call) Pos() Pos      { return e.At }
func (e *Subscript) Pos() Pos { return e.At }
func (e *List) Pos() Pos      { return e.At }
func (e *Tuple) Pos() Pos     { return e.At }
func (e *Set) Pos() Pos       { return e.At }
func (e *Dict) Pos() Pos      { return e.At }
func (e *BinOp) Pos() Pos     { return e.At }
func (e *UnaryOp) Pos() Pos   { return e.At }
func (e *BoolOp) Pos() Pos    { return e.At }
func (e *Compare) Pos() Pos   { return e.At }
func (e *IfExp) Pos() Pos     { return e.At }
func (e *Starred) Pos() Pos   { return e.At }
func (e *Bad) Pos() Pos       { return e.At }
func (e *Comp) Pos() Pos      { return e.At }

func (*Name) exprNode()      {}
func (*Const) exprNode()     {}
func (*Num) exprNode()       {}
func (*Str) exprNode()       {}
func (*Attr) exprNode()      {}
func (*Call) exprNode()      {}
func (*Subscript) exprNode() {}
func (*List) exprNode()      {}
func (*Tuple) exprNode()     {}
func (*Set) exprNode()       {}
func (*Dict) exprNode()      {}
func (*BinOp) exprNode()     {}
func (*UnaryOp) exprNode()   {}
func (*BoolOp) exprNode()    {}
func (*Compare) exprNode()   {}
func (*IfExp) exprNode()     {}
func (*Starred) exprNode()   {}
func (*Bad) exprNode()       {}
func (*Comp) exprNode()      {}

// StmtKind says what a statement is.
type StmtKind uint8

const (
	StmtOther      StmtKind = iota // anything not modelled (pass, return, del, raise, ...)
	StmtAssign                     // Targets = Value (a = b = 1 has two targets)
	StmtAugAssign                  // Targets[0] Op Value, Op like "+="
	StmtAnnAssign                  // Targets[0]: annotation = Value (Value nil without a value)
	StmtExpr                       // an expression statement (a bare call, a docstring)
	StmtImport                     // import a.b as c
	StmtFromImport                 // from .x import *, from a import b as c
	StmtBlock                      // a compound statement: if/elif/else/try/except/finally/with/for/while/def/class/match/case
)

// Stmt is one statement. Compound statements are StmtBlock with Keyword set
// ("if", "elif", "else", "try", "except", "finally", "with", "for", "while",
// "def", "async def", "class", "match", "case"); an elif/else/except/finally
// clause is its own StmtBlock following its sibling, so a reader can tell
// "inside try" from "inside except".
type Stmt struct {
	Kind    StmtKind
	At      Pos
	EndLine int // last line of the statement (for blocks, of the header line)

	Targets []Expr // assignment targets; the loop target of for; the "as" targets of with/except; the names of global/nonlocal
	Op      string // "=", "+=", "-=", ... for assignments
	Value   Expr   // assigned value, the expression of StmtExpr, or what follows return/raise/del/assert

	Import *Import // for StmtImport / StmtFromImport

	Keyword    string // for StmtBlock; for StmtOther the leading keyword: "pass", "return", "raise", "del", "assert", "global", "break", ...
	Header     Expr   // the test of if/elif/while, the iterable of for, the context of with (a Tuple for several), the subject of match, the exception of except, the bases of class (a Tuple), the pattern of case (a Bad)
	Name       string // def/class name
	Decorators []Expr // for def/class
	Body       []Stmt // statements of the block

	// Annotation is the annotation of StmtAnnAssign, or a def's return annotation.
	Annotation Expr
	// Params are a def's parameters, in order.
	Params []Param
}

// Param is one parameter of a def. Star is "*" for *args (and for a bare
// "*", whose Name is ""), "**" for **kwargs.
type Param struct {
	Name       string
	Star       string
	Annotation Expr
	Default    Expr
}

// Import is an import statement.
type Import struct {
	Module string       // dotted module ("" for "from . import x")
	Level  int          // number of leading dots in a from-import
	Names  []ImportName // imported names; empty with Star
	Star   bool         // from m import *
}

// ImportName is one "name as alias".
type ImportName struct {
	Name  string
	Alias string
}

// Issue is a piece of source the reader could not make sense of.
type Issue struct {
	At      Pos
	Message string
}

// Module is a read Python file.
type Module struct {
	Text   // the source and its lines
	Body   []Stmt
	Issues []Issue
}

// Assignment is a flattened view of one change to a module-level name: a
// plain or augmented assignment, or a list method call (X.append(v) ...).
type Assignment struct {
	Name        string // the target name: "DEBUG"; subscripts keep their path, e.g. DATABASES["default"]["PASSWORD"] -> Name "DATABASES", Path ["default","PASSWORD"]
	Path        []string
	Op          string // "=", "+=", "append", "insert", "extend", "remove"
	Value       Expr   // the value (for insert: the inserted element)
	Index       Expr   // for insert: the index
	At          Pos
	Conditional bool   // inside if/elif/else/for/while/with/match
	Block       string // innermost enclosing block keyword ("" at top level; "try", "except", "if", ...)
}
