package pysource

import (
	"iter"
	"maps"
	"strings"
)

// djangoEnvironMethods maps an environ.Env method to its cast, the
// positions of its cast and default arguments (-1: none) and the variable
// it reads when called without one.
var djangoEnvironMethods = map[string]struct {
	cast            string
	castArg, defArg int
	defaultVar      string
}{
	"":           {"", 1, 2, ""},
	"get_value":  {"", 1, 2, ""},
	"str":        {"str", -1, 1, ""},
	"bool":       {"bool", -1, 1, ""},
	"int":        {"int", -1, 1, ""},
	"float":      {"float", -1, 1, ""},
	"json":       {"json", -1, 1, ""},
	"path":       {"path", -1, 1, ""},
	"list":       {"list", 1, 2, ""},
	"tuple":      {"tuple", 1, 2, ""},
	"dict":       {"dict", 1, 2, ""},
	"url":        {"url", -1, 1, ""},
	"db_url":     {"url", -1, 1, "DATABASE_URL"},
	"db":         {"url", -1, 1, "DATABASE_URL"},
	"cache_url":  {"url", -1, 1, "CACHE_URL"},
	"cache":      {"url", -1, 1, "CACHE_URL"},
	"email_url":  {"url", -1, 1, "EMAIL_URL"},
	"email":      {"url", -1, 1, "EMAIL_URL"},
	"search_url": {"url", -1, 1, "SEARCH_URL"},
}

func (r *envReader) djangoEnviron(c *Call, fn string) (readResult, bool) {
	obj, method := fn, ""
	scheme, ok := r.ctx.EnvObjects[obj]
	if !ok {
		i := strings.LastIndexByte(fn, '.')
		if i < 0 {
			return readResult{}, false
		}
		obj, method = fn[:i], fn[i+1:]
		if scheme, ok = r.ctx.EnvObjects[obj]; !ok {
			return readResult{}, false
		}
	}
	m, ok := djangoEnvironMethods[method]
	if !ok {
		return readResult{}, false
	}
	var res readResult
	if arg := argOrKeyword(c, 0, "var"); arg != nil {
		if res, ok = r.variable(arg); !ok {
			return res, false
		}
	} else if m.defaultVar != "" {
		res = readResult{varParam: -1}
		res.Var = m.defaultVar
	} else {
		return readResult{}, false
	}
	res.Library, res.Func, res.Cast = "environ", fn, m.cast
	if m.castArg >= 0 {
		if cast := argOrKeyword(c, m.castArg, "cast"); cast != nil && m.cast == "" {
			res.Cast = castName(cast)
		}
	}
	res.setDefault(argOrKeyword(c, m.defArg, "default"))
	if sch, ok := scheme[res.Var]; ok && res.Var != "" {
		if !res.HasDefault && sch.HasDefault {
			res.HasDefault, res.Default = true, sch.Default
		}
		if res.Cast == "" && method == "" {
			res.Cast = sch.Cast
		}
	}
	res.Required = !res.HasDefault
	return res, true
}

func (r *envReader) helperCall(c *Call, fn string, h EnvHelper) (readResult, bool) {
	res := readResult{varParam: -1}
	if h.VarParam >= 0 && h.VarParam < len(h.Params) {
		arg := argOrKeyword(c, h.VarParam, h.Params[h.VarParam].Name)
		var ok bool
		if res, ok = r.variable(arg); !ok || res.Var == "" {
			return res, false
		}
	} else {
		res.Var = h.Var
	}
	res.Library, res.Func, res.Cast = "custom", fn, h.Cast
	res.CompareTrue, res.TrueWords, res.TruthyString = h.CompareTrue, h.TrueWords, h.TruthyString
	res.FalseWords = h.FalseWords
	if h.DefaultParam >= 0 && h.DefaultParam < len(h.Params) {
		prm := h.Params[h.DefaultParam]
		if arg := argOrKeyword(c, h.DefaultParam, prm.Name); arg != nil {
			res.setDefault(arg)
		} else if cst, isConst := prm.Default.(*Const); prm.Default != nil && !(isConst && cst.Value == "None") {
			res.setDefault(prm.Default)
		}
	} else {
		res.setDefault(h.Default)
	}
	res.Required = h.Required && !res.HasDefault
	return res, true
}

// EnvContext works out the module's env objects, config names and helpers:
// os / os.environ / os.getenv under any name, django-environ Env objects
// and their schemes, decouple's config (imported, or AutoConfig/Config
// instances), and module-level functions that return an environment read.
func (m *Module) EnvContext() EnvContext { return outline(m.Groups()).Env }

// Outline is what a reader needs of a module before it runs the module's
// statements: how it reads the environment, its imports and its syntax
// problems.
type Outline struct {
	Env     EnvContext
	Imports []ImportAt
	Issues  []Issue
	// Calls are the dotted names of the functions called at import time
	// (outside def and class bodies) by a statement's value or a block's
	// header, and by calls in their arguments: load_dotenv, environ.Env.read_env.
	Calls map[string]bool
}

// Outline is the module's outline, from its tree.
func (m *Module) Outline() Outline {
	o := outline(m.Groups())
	o.Issues = m.Issues
	return o
}

// ReadOutline is the outline of src, read in one streamed pass that keeps
// only what the outline needs (the defs that may be environment helpers).
func ReadOutline(src []byte) Outline {
	s := NewStream(src)
	o := outline(s.All())
	o.Issues = s.Issues()
	return o
}

// outline gathers the outline of a module's top-level statement groups in
// one pass over them.
func outline(groups iter.Seq[[]Stmt]) Outline {
	var imports []ImportAt
	calls := map[string]bool{}
	ctx := EnvContext{
		EnvObjects: map[string]map[string]EnvScheme{},
		Config:     map[string]bool{},
		Helpers:    map[string]EnvHelper{},
		OSModules:  map[string]bool{},
		Environ:    map[string]bool{},
		Getenv:     map[string]bool{},
		Decouple:   map[string]bool{},
	}
	environMods := map[string]bool{}   // names bound to the django-environ module
	envClasses := map[string]bool{}    // names bound to environ.Env / FileAwareEnv
	configClasses := map[string]bool{} // names bound to decouple.AutoConfig / Config
	var defs []*Stmt
	visit := func(s *Stmt, bctx blockCtx) {
		if s.Import != nil {
			imports = append(imports, ImportAt{Import: *s.Import, At: s.At, Block: bctx.block})
		}
		switch s.Kind {
		case StmtExpr, StmtAssign, StmtAnnAssign, StmtAugAssign:
			calledNames(s.Value, calls)
		case StmtBlock:
			if s.Keyword != "def" && s.Keyword != "async def" && s.Keyword != "class" {
				calledNames(s.Header, calls)
			}
		}
		switch {
		case s.Kind == StmtImport && s.Import != nil:
			for _, n := range s.Import.Names {
				bound := n.Alias
				top := strings.SplitN(n.Name, ".", 2)[0]
				if bound == "" {
					bound = top
				} else {
					top = n.Name
				}
				switch top {
				case "os":
					ctx.OSModules[bound] = true
				case "environ":
					environMods[bound] = true
				case "decouple":
					ctx.Decouple[bound] = true
				}
				if bound == "environ" && top != "os.environ" {
					delete(ctx.Environ, bound)
				}
			}
		case s.Kind == StmtFromImport && s.Import != nil && s.Import.Level == 0:
			for _, n := range s.Import.Names {
				bound := n.Alias
				if bound == "" {
					bound = n.Name
				}
				switch s.Import.Module + "." + n.Name {
				case "os.environ":
					ctx.Environ[bound] = true
				case "os.getenv":
					ctx.Getenv[bound] = true
				case "environ.Env", "environ.FileAwareEnv", "environ.environ.Env":
					envClasses[bound] = true
				case "decouple.config":
					ctx.Config[bound] = true
				case "decouple.AutoConfig", "decouple.Config":
					configClasses[bound] = true
				}
			}
		case s.Kind == StmtAssign:
			for _, t := range s.Targets {
				name, ok := t.(*Name)
				if !ok {
					continue
				}
				call, _ := s.Value.(*Call)
				fn := ""
				if call != nil {
					fn = DottedName(call.Func)
				}
				mod, class, _ := strings.Cut(fn, ".")
				switch {
				case call != nil && (envClasses[fn] || environMods[mod] && (class == "Env" || class == "FileAwareEnv")):
					ctx.EnvObjects[name.ID] = envScheme(call)
				case call != nil && (configClasses[fn] || ctx.Decouple[mod] && (class == "AutoConfig" || class == "Config")):
					ctx.Config[name.ID] = true
				case s.Value != nil && (&envReader{ctx: ctx}).isEnviron(s.Value):
					ctx.Environ[name.ID] = true
				}
			}
		case s.Kind == StmtBlock && (s.Keyword == "def" || s.Keyword == "async def"):
			defs = append(defs, s)
		}
	}
	for g := range groups {
		walkModuleLevel(g, blockCtx{}, visit)
	}
	// Helpers may call each other: a few passes settle chains of them.
	for pass := 0; pass < 3; pass++ {
		for _, d := range defs {
			if _, done := ctx.Helpers[d.Name]; done {
				continue
			}
			if h, ok := helperOf(d, ctx); ok {
				ctx.Helpers[d.Name] = h
			}
		}
	}
	return Outline{Env: ctx, Imports: imports, Calls: calls}
}

// calledNames adds the dotted name of e when e is a call, and those of the
// calls among its arguments.
func calledNames(e Expr, names map[string]bool) {
	call, ok := e.(*Call)
	if !ok {
		return
	}
	if name := DottedName(call.Func); name != "" {
		names[name] = true
	}
	for _, a := range call.Args {
		calledNames(a, names)
	}
	for _, k := range call.Keywords {
		calledNames(k.Value, names)
	}
}

// envScheme reads environ.Env(VAR=(cast, default), VAR=cast).
func envScheme(c *Call) map[string]EnvScheme {
	scheme := map[string]EnvScheme{}
	for _, k := range c.Keywords {
		if k.Name == "" {
			continue
		}
		switch v := k.Value.(type) {
		case *Tuple:
			s := EnvScheme{}
			if len(v.Elts) > 0 {
				s.Cast = castName(v.Elts[0])
			}
			if len(v.Elts) > 1 {
				s.HasDefault, s.Default = true, v.Elts[1]
			}
			scheme[k.Name] = s
		default:
			scheme[k.Name] = EnvScheme{Cast: castName(v)}
		}
	}
	return scheme
}

// helperOf recognises a function whose return value is an environment read
// of its parameter (or of a fixed variable), looking through local
// variables assigned once in its body.
func helperOf(def *Stmt, ctx EnvContext) (EnvHelper, bool) {
	r := envReader{ctx: ctx, params: map[string]int{}, locals: map[string]Expr{}}
	for i, p := range def.Params {
		if p.Star == "" && p.Name != "" {
			r.params[p.Name] = i
		}
	}
	assigned := map[string]int{}
	var returns []Expr
	Walk(def.Body, func(s *Stmt, _ []*Stmt) bool {
		switch {
		case s.Kind == StmtBlock && (s.Keyword == "def" || s.Keyword == "async def" || s.Keyword == "class"):
			return false
		case s.Kind == StmtAssign && len(s.Targets) == 1:
			if n, ok := s.Targets[0].(*Name); ok {
				assigned[n.ID]++
				r.locals[n.ID] = s.Value
			}
		case s.Kind == StmtOther && s.Keyword == "return" && s.Value != nil:
			returns = append(returns, s.Value)
		}
		return true
	})
	for name, n := range assigned {
		if n > 1 {
			delete(r.locals, name) // reassigned: no single value to look through
		}
	}
	for name := range r.params {
		delete(r.locals, name)
	}
	for _, ret := range returns {
		res, ok := r.read(ret, 0)
		if !ok || (res.Var == "" && res.varParam < 0) {
			continue
		}
		h := EnvHelper{Name: def.Name, Cast: res.Cast, Library: res.Library, Var: res.Var,
			VarParam: res.varParam, DefaultParam: -1, Params: def.Params, Required: res.Required,
			CompareTrue: res.CompareTrue, TrueWords: res.TrueWords, TruthyString: res.TruthyString, FalseWords: res.FalseWords, At: def.At}
		if res.HasDefault {
			Inspect(res.Default, func(e Expr) bool {
				if n, ok := e.(*Name); ok && h.DefaultParam < 0 {
					if i, isParam := r.params[n.ID]; isParam && i != res.varParam {
						h.DefaultParam = i
					}
				}
				return true
			})
			if h.DefaultParam < 0 {
				h.Default = res.Default
			}
		}
		if h.DefaultParam < 0 {
			if i, ok := r.params["default"]; ok && i != res.varParam {
				h.DefaultParam = i
			}
		}
		// `if name in os.environ: return parse(os.environ[name])` then
		// `return default_value`: the bare parameter returned is the default,
		// and the read inside does not fail when the variable is unset.
		for _, other := range returns {
			if n, ok := other.(*Name); ok {
				if i, isParam := r.params[n.ID]; isParam && i != res.varParam {
					h.DefaultParam, h.Required = i, false
				}
			}
		}
		return h, true
	}
	return EnvHelper{}, false
}

// Clone returns a copy of c whose maps can change without touching c's.
func (c EnvContext) Clone() EnvContext {
	var out EnvContext
	out.Merge(c)
	if c.OSModules == nil {
		out.OSModules = nil // still "only os"
	}
	return out
}

// Merge adds to c what src binds and c does not. A star import brings the
// imported module's env objects, decouple config, helpers and its names for
// os, os.environ, os.getenv and decouple into the importing namespace,
// where the importing module's own bindings win.
func (c *EnvContext) Merge(src EnvContext) {
	if c.EnvObjects == nil {
		c.EnvObjects = map[string]map[string]EnvScheme{}
	}
	for k, v := range src.EnvObjects {
		if _, ok := c.EnvObjects[k]; !ok {
			c.EnvObjects[k] = maps.Clone(v)
		}
	}
	if c.Helpers == nil {
		c.Helpers = map[string]EnvHelper{}
	}
	for k, v := range src.Helpers {
		if _, ok := c.Helpers[k]; !ok {
			c.Helpers[k] = v
		}
	}
	for _, m := range []struct {
		dst *map[string]bool
		src map[string]bool
	}{
		{&c.Config, src.Config}, {&c.OSModules, src.OSModules}, {&c.Environ, src.Environ},
		{&c.Getenv, src.Getenv}, {&c.Decouple, src.Decouple},
	} {
		if *m.dst == nil {
			*m.dst = map[string]bool{}
		}
		for k, v := range m.src {
			if _, ok := (*m.dst)[k]; !ok {
				(*m.dst)[k] = v
			}
		}
	}
}
