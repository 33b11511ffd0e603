package pysource

import (
	"strings"
)

// Format renders an expression back as Python source, normalised (one
// space around binary operators, repr-style string quotes, Bad text as
// kept). It is meant for messages and tests, not for rewriting files.
func Format(e Expr) string {
	var b strings.Builder
	formatTo(&b, e, 0)
	return b.String()
}

func formatTo(b *strings.Builder, e Expr, depth int) {
	if depth > maxDepth*2 {
		b.WriteString("...")
		return
	}
	d := depth + 1
	list := func(elts []Expr) {
		for i, x := range elts {
			if i > 0 {
				b.WriteString(", ")
			}
			formatTo(b, x, d)
		}
	}
	switch e := e.(type) {
	case nil:
		b.WriteString("<nil>")
	case *Name:
		b.WriteString(e.ID)
	case *Const:
		b.WriteString(e.Value)
	case *Num:
		b.WriteString(e.Text)
	case *Str:
		if e.FString {
			b.WriteString("f")
		}
		v := Value{Kind: StrVal, Str: e.Value}
		if e.Bytes {
			v.Kind = BytesVal
		}
		b.WriteString(v.Python())
	case *Attr:
		formatTo(b, e.X, d)
		b.WriteString(".")
		b.WriteString(e.Name)
	case *Call:
		formatTo(b, e.Func, d)
		b.WriteString("(")
		list(e.Args)
		for i, k := range e.Keywords {
			if i > 0 || len(e.Args) > 0 {
				b.WriteString(", ")
			}
			if k.Name == "" {
				b.WriteString("**")
			} else {
				b.WriteString(k.Name + "=")
			}
			formatTo(b, k.Value, d)
		}
		b.WriteString(")")
	case *Subscript:
		formatTo(b, e.X, d)
		b.WriteString("[")
		formatTo(b, e.Index, d)
		b.WriteString("]")
	case *List:
		b.WriteString("[")
		list(e.Elts)
		b.WriteString("]")
	case *Tuple:
		b.WriteString("(")
		list(e.Elts)
		if len(e.Elts) == 1 {
			b.WriteString(",")
		}
		b.WriteString(")")
	case *Set:
		b.WriteString("{")
		list(e.Elts)
		b.WriteString("}")
	case *Dict:
		b.WriteString("{")
		for i := range e.Keys {
			if i > 0 {
				b.WriteString(", ")
			}
			if e.Keys[i] == nil {
				b.WriteString("**")
			} else {
				formatTo(b, e.Keys[i], d)
				b.WriteString(": ")
			}
			formatTo(b, e.Values[i], d)
		}
		b.WriteString("}")
	case *BinOp:
		b.WriteString("(")
		formatTo(b, e.X, d)
		b.WriteString(" " + e.Op + " ")
		formatTo(b, e.Y, d)
		b.WriteString(")")
	case *UnaryOp:
		b.WriteString("(" + e.Op)
		if e.Op == "not" || e.Op == "await" || strings.HasPrefix(e.Op, "yield") {
			b.WriteString(" ")
		}
		formatTo(b, e.X, d)
		b.WriteString(")")
	case *BoolOp:
		b.WriteString("(")
		for i, x := range e.Values {
			if i > 0 {
				b.WriteString(" " + e.Op + " ")
			}
			formatTo(b, x, d)
		}
		b.WriteString(")")
	case *Compare:
		b.WriteString("(")
		formatTo(b, e.X, d)
		for i, op := range e.Ops {
			b.WriteString(" " + op + " ")
			formatTo(b, e.Ys[i], d)
		}
		b.WriteString(")")
	case *IfExp:
		b.WriteString("(")
		formatTo(b, e.Body, d)
		b.WriteString(" if ")
		formatTo(b, e.Test, d)
		b.WriteString(" else ")
		formatTo(b, e.Else, d)
		b.WriteString(")")
	case *Starred:
		b.WriteString("*")
		formatTo(b, e.X, d)
	case *Comp:
		open, close := map[string]string{"list": "[", "set": "{", "dict": "{", "gen": "("}[e.Kind], map[string]string{"list": "]", "set": "}", "dict": "}", "gen": ")"}[e.Kind]
		b.WriteString(open)
		if e.Key != nil {
			formatTo(b, e.Key, d)
			b.WriteString(": ")
		}
		formatTo(b, e.Elt, d)
		b.WriteString(" for ")
		formatTo(b, e.Target, d)
		b.WriteString(" in ")
		formatTo(b, e.Iter, d)
		for _, c := range e.Ifs {
			b.WriteString(" if ")
			formatTo(b, c, d)
		}
		b.WriteString(close)
	case *Bad:
		b.WriteString("Bad(" + e.Text + ")")
	}
}
