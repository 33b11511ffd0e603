package pysource

import "strings"

// EnvReadOf recognises e as an environment read (possibly wrapped in
// bool()/int()/.lower() == "true"/.split(",") and the like).
//
// Reads: os.environ["X"], os.environ.get("X"[, d]), os.environ.setdefault,
// os.getenv("X"[, d]) (and the names "from os import environ/getenv"
// binds), django-environ env("X", cast=, default=), env.bool/int/float/
// str/list/tuple/dict/json/url/db/cache/email/search/path(...) with the
// scheme given to environ.Env(...), decouple config("X", default=, cast=),
// and the project helpers listed in ctx.Helpers (Library "custom").
// Wrappers: bool(r) sets TruthyString on a raw string; int(r), float(r),
// str(r) set Cast; r.split(...) gives Cast "list"; .lower()/.strip()/...
// pass through; r == "true" and r in ("1", "true") set CompareTrue and
// TrueWords; the negations r != "False" and r not in (...) set FalseWords;
// both give Cast "bool". r or "fallback" counts as a read with that default.
// A raw read used as a bool is the caller's business: Cast stays "".
func EnvReadOf(e Expr, ctx EnvContext) (EnvRead, bool) {
	r := envReader{ctx: ctx}
	res, ok := r.read(e, 0)
	if !ok || res.Var == "" {
		return EnvRead{}, false
	}
	res.At = e.Pos()
	return res.EnvRead, true
}

type envReader struct {
	ctx    EnvContext
	params map[string]int  // helper analysis: parameters that may hold the variable name
	locals map[string]Expr // helper analysis: local names assigned once
}

type readResult struct {
	EnvRead
	varParam int // helper analysis: the parameter holding the variable, -1 if a literal
}

const maxEnvReadDepth = 32

var passThroughMethods = map[string]bool{
	"lower": true, "upper": true, "strip": true, "lstrip": true, "rstrip": true,
	"casefold": true, "title": true, "capitalize": true,
}

func (r *envReader) read(e Expr, depth int) (readResult, bool) {
	if depth > maxEnvReadDepth {
		return readResult{}, false
	}
	d := depth + 1
	switch e := e.(type) {
	case *Name:
		if v, ok := r.locals[e.ID]; ok {
			return r.read(v, d)
		}
	case *Subscript:
		if r.isEnviron(e.X) {
			res, ok := r.variable(e.Index)
			res.Library, res.Func, res.Required = "os", DottedName(e.X)+"[]", true
			return res, ok
		}
	case *Call:
		return r.call(e, d)
	case *Compare:
		return r.compare(e, d)
	case *Comp:
		return r.comprehension(e, d)
	case *BoolOp:
		if e.Op != "or" || len(e.Values) < 2 {
			return readResult{}, false
		}
		res, ok := r.read(e.Values[0], d)
		if !ok {
			return res, false
		}
		res.HasDefault, res.Required, res.OrFallback = true, false, true
		if len(e.Values) == 2 {
			res.Default = e.Values[1]
		} else {
			res.Default = &BoolOp{At: e.Values[1].Pos(), Op: "or", Values: e.Values[1:]}
		}
		return res, true
	}
	return readResult{}, false
}

// comprehension recognises the usual way to read a comma list without a
// library: [v.strip() for v in READ.split(",") if v.strip()] (Cast "csv":
// blanks around items stripped, empty items dropped). The plain
// [v for v in READ.split(",")] keeps Cast "list".
func (r *envReader) comprehension(c *Comp, d int) (readResult, bool) {
	target, ok := c.Target.(*Name)
	if !ok || (c.Kind != "list" && c.Kind != "gen") {
		return readResult{}, false
	}
	res, ok := r.read(c.Iter, d)
	if !ok || res.Cast != "list" {
		return readResult{}, false
	}
	isTarget := func(e Expr) bool { n, ok := e.(*Name); return ok && n.ID == target.ID }
	isStripped := func(e Expr) bool {
		call, ok := e.(*Call)
		if !ok || len(call.Args) != 0 || len(call.Keywords) != 0 {
			return false
		}
		attr, ok := call.Func.(*Attr)
		return ok && attr.Name == "strip" && isTarget(attr.X)
	}
	dropsEmpty := len(c.Ifs) > 0
	for _, cond := range c.Ifs {
		if !isTarget(cond) && !isStripped(cond) {
			return readResult{}, false
		}
	}
	switch {
	case isStripped(c.Elt) && dropsEmpty:
		res.Cast = "csv"
	case isTarget(c.Elt) && !dropsEmpty:
		// the same list as the split itself
	default:
		return readResult{}, false
	}
	return res, true
}

// variable reads the variable name argument.
func (r *envReader) variable(e Expr) (readResult, bool) {
	res := readResult{varParam: -1}
	switch v := e.(type) {
	case *Str:
		if v.FString || v.Bytes {
			return res, false
		}
		res.Var = v.Value
		return res, true
	case *Name:
		if i, ok := r.params[v.ID]; ok {
			res.varParam = i
			return res, true
		}
	}
	return res, false
}

func (r *envReader) call(c *Call, d int) (readResult, bool) {
	fn := DottedName(c.Func)
	switch fn {
	case "bool", "int", "float", "str":
		if len(c.Args) != 1 || len(c.Keywords) > 0 {
			return readResult{}, false
		}
		res, ok := r.read(c.Args[0], d)
		if !ok {
			return res, false
		}
		switch {
		case fn == "bool" && res.Cast == "":
			res.TruthyString = true
		case fn != "bool" && (res.Cast == "" || res.Cast == "str"):
			res.Cast = fn
		}
		return res, true
	case "ast.literal_eval", "literal_eval":
		// get_bool_from_env's parse: the variable holds a Python literal.
		if len(c.Args) == 1 {
			res, ok := r.read(c.Args[0], d)
			if ok && res.Cast == "" {
				res.Cast = "literal"
			}
			return res, ok
		}
	case "json.loads":
		if len(c.Args) == 1 {
			res, ok := r.read(c.Args[0], d)
			if ok && res.Cast == "" {
				res.Cast = "json"
			}
			return res, ok
		}
	}
	if attr, ok := c.Func.(*Attr); ok {
		if attr.Name == "split" || passThroughMethods[attr.Name] {
			if res, ok := r.read(attr.X, d); ok {
				if res.Cast != "" && res.Cast != "str" {
					return readResult{}, false
				}
				if attr.Name == "split" {
					res.Cast = "list"
				}
				return res, true
			}
		}
		if (attr.Name == "get" || attr.Name == "setdefault") && r.isEnviron(attr.X) {
			return r.osGet(c, fn)
		}
	}
	if r.isGetenv(fn) {
		return r.osGet(c, fn)
	}
	if res, ok := r.djangoEnviron(c, fn); ok {
		return res, true
	}
	if r.isDecouple(fn) {
		res, ok := r.argVar(c, 0, "option")
		if !ok {
			return res, false
		}
		res.Library, res.Func = "decouple", fn
		res.setDefault(argOrKeyword(c, 1, "default"))
		if cast := argOrKeyword(c, 2, "cast"); cast != nil {
			res.Cast = castName(cast)
		}
		res.Required = !res.HasDefault
		return res, true
	}
	if h, ok := r.ctx.Helpers[fn]; ok {
		return r.helperCall(c, fn, h)
	}
	return readResult{}, false
}

func (r *envReader) osGet(c *Call, fn string) (readResult, bool) {
	res, ok := r.argVar(c, 0, "key")
	if !ok {
		return res, false
	}
	res.Library, res.Func = "os", fn
	res.setDefault(argOrKeyword(c, 1, "default"))
	return res, true
}

func (r *envReader) argVar(c *Call, i int, kw string) (readResult, bool) {
	arg := argOrKeyword(c, i, kw)
	if arg == nil {
		return readResult{}, false
	}
	return r.variable(arg)
}

func (res *readResult) setDefault(e Expr) {
	if e != nil {
		res.HasDefault, res.Default = true, e
	}
}

// argOrKeyword returns positional argument i, or the keyword argument kw.
func argOrKeyword(c *Call, i int, kw string) Expr {
	if i >= 0 && i < len(c.Args) {
		if _, star := c.Args[i].(*Starred); !star {
			return c.Args[i]
		}
		return nil
	}
	for _, k := range c.Keywords {
		if k.Name == kw && kw != "" {
			return k.Value
		}
	}
	return nil
}

// compare handles r == "true", r in (...), and their negations.
func (r *envReader) compare(c *Compare, d int) (readResult, bool) {
	if len(c.Ops) != 1 {
		return readResult{}, false
	}
	op := c.Ops[0]
	side, other := c.X, c.Ys[0]
	res, ok := r.read(side, d)
	if !ok && (op == "==" || op == "!=") {
		side, other = other, side
		res, ok = r.read(side, d)
	}
	if !ok || (res.Cast != "" && res.Cast != "str") {
		return readResult{}, false
	}
	words, ok := stringWords(Literal(other, nil))
	if !ok {
		return readResult{}, false
	}
	switch op {
	case "==", "in":
		res.CompareTrue, res.TrueWords = true, words
	case "!=", "not in":
		res.FalseWords = words
	default:
		return readResult{}, false
	}
	res.Cast, res.TruthyString = "bool", false
	return res, true
}

func stringWords(v Value) ([]string, bool) {
	switch v.Kind {
	case StrVal:
		return []string{v.Str}, true
	case ListVal, TupleVal, SetVal:
		var words []string
		for _, it := range v.Items {
			if it.Kind != StrVal {
				return nil, false
			}
			words = append(words, it.Str)
		}
		return words, true
	}
	return nil, false
}

// castName names the type a cast= argument converts to.
func castName(e Expr) string {
	switch e := e.(type) {
	case *Name:
		switch e.ID {
		case "bool", "int", "float", "str", "list", "tuple", "dict":
			return e.ID
		}
		if strings.Contains(strings.ToLower(e.ID), "url") {
			return "url"
		}
	case *List:
		return "list"
	case *Tuple:
		return "tuple"
	case *Dict:
		return "dict"
	case *Call:
		name := DottedName(e.Func)
		if name == "Csv" || strings.HasSuffix(name, ".Csv") {
			return "csv"
		}
	case *Attr:
		switch DottedName(e) {
		case "json.loads":
			return "json"
		}
		if strings.Contains(strings.ToLower(e.Name), "url") {
			return "url"
		}
	}
	return "other"
}

func (r *envReader) isEnviron(e Expr) bool {
	name := DottedName(e)
	if name == "" {
		return false
	}
	if r.ctx.Environ[name] {
		return true
	}
	mod, rest, ok := strings.Cut(name, ".")
	return ok && rest == "environ" && r.osModule(mod)
}

func (r *envReader) osModule(name string) bool {
	if r.ctx.OSModules == nil {
		return name == "os"
	}
	return r.ctx.OSModules[name]
}

func (r *envReader) isGetenv(fn string) bool {
	if r.ctx.Getenv[fn] {
		return true
	}
	mod, rest, ok := strings.Cut(fn, ".")
	return ok && rest == "getenv" && r.osModule(mod)
}

func (r *envReader) isDecouple(fn string) bool {
	if r.ctx.Config[fn] {
		return true
	}
	mod, rest, ok := strings.Cut(fn, ".")
	return ok && rest == "config" && r.ctx.Decouple[mod]
}
