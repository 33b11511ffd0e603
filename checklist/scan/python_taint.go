package scan

import (
	"fmt"
	"sort"
	"strings"

	"github.com/djharden/djharden/checklist/pysource"
)

// taint says where an unsafe value comes from. A nil *taint is a safe value:
// a literal, a module constant, a translated literal, a number or date, or
// text that went through an escaping or quoting function.
type taint struct {
	value   string // the value as written: "term", "self.name", "get_html()"
	origin  string // "request.GET", "a function parameter", ...
	line    int    // where the value was read or assigned; 0 = at the site
	request bool   // the value is data from the HTTP request
	named   bool   // value is a local variable's name (set once followed)
	// marker: the stand-in for one parameter while a function is summarized,
	// more serious than anything so it shows whether that parameter is returned.
	marker bool
	// compiled: SQL text compiled by Django's ORM (queryset.query.where.as_sql()),
	// whose values stay in the params: worth a review note, not a risk.
	compiled bool
}

// rank orders taints by how serious they are: request data, any other
// unsafe value, SQL compiled by the ORM.
func (t *taint) rank() int {
	switch {
	case t == nil:
		return 0
	case t.marker:
		return 4
	case t.request:
		return 3
	case t.compiled:
		return 1
	}
	return 2
}

// describe renders "`term` comes from request.GET at views.py:12" or
// "`name` is a parameter of `badge()`".
func (t *taint) describe(rel string) string {
	if t.request {
		if t.line > 0 {
			return fmt.Sprintf("`%s` comes from %s at %s:%d", t.value, t.origin, rel, t.line)
		}
		return fmt.Sprintf("`%s` comes from %s", t.value, t.origin)
	}
	return fmt.Sprintf("`%s` is %s", t.value, t.origin)
}

// worse keeps the more serious of two taints: request data beats anything.
func worse(a, b *taint) *taint {
	if b.rank() > a.rank() {
		return b
	}
	return a
}

// requestAttrs are the attributes of a request that carry what the client sent.
var requestAttrs = map[string]bool{
	"GET": true, "POST": true, "data": true, "body": true, "headers": true, "META": true,
	"COOKIES": true, "FILES": true, "query_params": true, "content_params": true,
	"path": true, "path_info": true, "get_full_path": true, "build_absolute_uri": true,
	"get_host": true, "read": true, "readline": true, "readlines": true, "resolver_match": true,
}

// requestSource returns "request.GET" when e reads client data from a
// request (request.GET["q"], self.request.POST.get("x"), request.body).
func requestSource(e pysource.Expr) string {
	var chain []string // attribute names, outermost last
	for {
		switch x := e.(type) {
		case *pysource.Call:
			e = x.Func
			continue
		case *pysource.Subscript:
			e = x.X
			continue
		case *pysource.Attr:
			chain = append(chain, x.Name)
			e = x.X
			continue
		case *pysource.Name:
			chain = append(chain, x.ID)
		default:
			return ""
		}
		break
	}
	// chain is innermost-last reversed: request.GET.get -> [get GET request].
	for i := len(chain) - 1; i > 0; i-- {
		if (chain[i] == "request" || chain[i] == "req") && requestAttrs[chain[i-1]] {
			return chain[i] + "." + chain[i-1]
		}
	}
	return ""
}

// safeFuncs return text that cannot carry user HTML or SQL: escaping and
// quoting functions, number and date formatting.
var safeFuncs = map[string]bool{
	// HTML escaping: format_html escapes the arguments it fills in.
	"escape": true, "conditional_escape": true, "format_html": true, "format_html_join": true,
	"escapejs": true, "json_script": true, "render_to_string": true, "urlencode": true,
	"quote": true, "quote_plus": true, "urlquote": true, "iri_to_uri": true,
	// SQL identifier and literal quoting.
	"quote_name": true, "quote_name_unless_alias": true, "qn": true, "quote_value": true,
	// Numbers, booleans, dates.
	"int": true, "float": true, "len": true, "bool": true, "round": true, "abs": true,
	"ord": true, "hash": true, "isoformat": true, "strftime": true, "timestamp": true,
	"date_format": true, "time_format": true, "number_format": true, "localize": true,
	"floatformat": true, "intcomma": true, "filesizeformat": true, "naturaltime": true,
	"naturalday": true, "timesince": true, "timeuntil": true, "count": true,
	// Output Django or the library vouches for: template rendering (escaped by
	// the engine), __html__(), flatatt() (escapes values), URLs from reverse(),
	// slugs, Pygments style sheets, the password validators' help HTML.
	"render": true, "render_html": true, "__html__": true, "flatatt": true, "reverse": true,
	"get_absolute_url": true, "static": true, "slugify": true,
	"get_style_defs": true, "password_validators_help_text_html": true,
}

// passFuncs return a value as unsafe as their receiver and arguments:
// str(x), x.strip(), "".join(parts), dict(a=x).
var passFuncs = map[string]bool{
	"str": true, "join": true, "format": true, "dict": true, "list": true, "tuple": true,
	"sorted": true, "reversed": true, "upper": true, "lower": true, "strip": true, "lstrip": true,
	"rstrip": true, "title": true, "capitalize": true, "replace": true, "encode": true, "decode": true,
	"get": true, "copy": true, "items": true, "values": true, "keys": true,
	"capfirst": true, "removeprefix": true, "removesuffix": true, "zfill": true,
	"sub": true, // re.sub(pattern, repl, text): made of its arguments
}

// taintOf reports whether e may hold an unsafe value at line and where it
// comes from; nil means safe. Locals are followed through the assignments
// recorded in the enclosing scopes, depth bounds how far.
func (s *pyScanner) taintOf(e pysource.Expr, line, depth int) *taint {
	switch e := e.(type) {
	case nil, *pysource.Const, *pysource.Num, *pysource.Compare:
		return nil
	case *pysource.Str:
		if !e.FString {
			return nil
		}
		return s.worstOf(e.Parts, line, depth)
	case *pysource.Tuple:
		return s.worstOf(e.Elts, line, depth)
	case *pysource.List:
		return s.worstOf(e.Elts, line, depth)
	case *pysource.Set:
		return s.worstOf(e.Elts, line, depth)
	case *pysource.Dict:
		return worse(s.worstOf(e.Values, line, depth), s.worstOf(e.Keys, line, depth))
	case *pysource.BinOp:
		if strRepeat(e) {
			return nil // "&nbsp;" * depth: a literal repeated (str * str is a TypeError)
		}
		return worse(s.taintOf(e.X, line, depth), s.taintOf(e.Y, line, depth))
	case *pysource.UnaryOp:
		return s.taintOf(e.X, line, depth)
	case *pysource.BoolOp:
		return s.worstOf(e.Values, line, depth)
	case *pysource.IfExp:
		return worse(s.taintOf(e.Body, line, depth), s.taintOf(e.Else, line, depth))
	case *pysource.Starred:
		return s.taintOf(e.X, line, depth)
	case *pysource.Name:
		return s.nameTaint(e.ID, line, depth)
	case *pysource.Attr, *pysource.Subscript:
		if src := requestSource(e); src != "" {
			return &taint{value: exprLabel(e), origin: src, request: true, line: line}
		}
		if a, ok := e.(*pysource.Attr); ok {
			if metaAttr(a) {
				return nil // Model._meta.db_table and friends: schema names from the code
			}
			if keyAttr(a.Name) {
				return nil // user.id, obj.pk: database keys
			}
			return &taint{value: exprLabel(e), origin: "an attribute (a form or model field?)"}
		}
		sub := e.(*pysource.Subscript)
		return s.taintOf(sub.X, line, depth)
	case *pysource.Call:
		return s.callTaint(e, line, depth)
	case *pysource.Comp:
		return s.compTaint(e, line, depth)
	case *pysource.Bad:
		if c := bareGenerator(e); c != nil {
			return s.compTaint(c, line, depth)
		}
	}
	return &taint{value: exprLabel(e), origin: "an expression djharden does not follow"}
}

// bareGenerator reads a generator passed as a call's only argument,
// "".join(x for x in xs), which the parser keeps as *Bad.
func bareGenerator(b *pysource.Bad) *pysource.Comp {
	if !strings.Contains(b.Text, " for ") {
		return nil
	}
	c, _ := pysource.ParseExpr("((" + b.Text + ")\n)").(*pysource.Comp)
	return c
}

func (s *pyScanner) worstOf(es []pysource.Expr, line, depth int) *taint {
	var w *taint
	for _, e := range es {
		if w = worse(w, s.taintOf(e, line, depth)); w != nil && w.request {
			return w
		}
	}
	return w
}

// strRepeat reports a literal repeated: "&nbsp;" * 4 * depth.
func strRepeat(e pysource.Expr) bool {
	b, ok := e.(*pysource.BinOp)
	if !ok || b.Op != "*" {
		return false
	}
	return isPlainStr(b.X) || isPlainStr(b.Y) || strRepeat(b.X) || strRepeat(b.Y)
}

// isPlainStr reports a string literal that is not an f-string.
func isPlainStr(e pysource.Expr) bool {
	st, ok := e.(*pysource.Str)
	return ok && !st.FString
}

// keyAttr reports an attribute holding a database key: id or pk. Names
// ending in _id are not trusted: a CharField such as external_id holds text.
func keyAttr(name string) bool {
	return name == "id" || name == "pk"
}

// metaAttr reports an attribute chain through _meta (opts.db_table,
// self.model._meta.pk.column): table and column names defined by models.
func metaAttr(a *pysource.Attr) bool {
	for e := pysource.Expr(a); ; {
		switch x := e.(type) {
		case *pysource.Attr:
			if x.Name == "_meta" {
				return true
			}
			e = x.X
		case *pysource.Name:
			return x.ID == "_meta" || x.ID == "opts"
		default:
			return false
		}
	}
}

// callTaint judges a call's result.
func (s *pyScanner) callTaint(e *pysource.Call, line, depth int) *taint {
	if src := requestSource(e); src != "" {
		return &taint{value: exprLabel(e), origin: src, request: true, line: line}
	}
	if isTranslatedLiteral(e) {
		return nil
	}
	var name string
	var recv pysource.Expr
	switch fn := e.Func.(type) {
	case *pysource.Name:
		name = fn.ID
		if orig, ok := s.aliases[name]; ok {
			name = orig // from django.utils.text import slugify as slugify_base
		}
	case *pysource.Attr:
		name, recv = fn.Name, fn.X
	}
	if safeFuncs[name] || (name == "highlight" && len(e.Args) == 3 && len(e.Keywords) == 0) {
		// highlight(code, lexer, formatter) is Pygments', which escapes the code;
		// other functions named highlight are not trusted.
		return nil
	}
	if name == "as_sql" || name == "sql_with_params" || (name == "compile" && strings.HasSuffix(exprLabel(recv), "compiler")) {
		return &taint{value: exprLabel(e), origin: "SQL compiled by the ORM, its values passed as params", compiled: true}
	}
	if passFuncs[name] {
		t := s.taintOf(recv, line, depth)
		t = worse(t, s.worstOf(e.Args, line, depth))
		for _, k := range e.Keywords {
			t = worse(t, s.taintOf(k.Value, line, depth))
		}
		return t
	}
	if name == "mark_safe" || name == "SafeString" {
		if s.top().sqlSink {
			return s.worstOf(e.Args, line, depth) // it vouches for HTML, not SQL
		}
		// Marked safe here, and judged at that mark_safe() as a site of its
		// own: what it returns is not reported again where HTML is built from it.
		return nil
	}
	if t, ok := s.moduleCall(e, line, depth); ok {
		return t
	}
	return &taint{value: exprLabel(e), origin: "a call djharden cannot follow"}
}

// compTaint judges a comprehension: its element, with the loop variables
// as unsafe as what they iterate over.
func (s *pyScanner) compTaint(e *pysource.Comp, line, depth int) *taint {
	it := s.taintOf(e.Iter, line, depth)
	var names []string
	collectTargets(e.Target, &names)
	saved := s.bound
	s.bound = map[string]*taint{}
	for k, v := range saved {
		s.bound[k] = v
	}
	for _, n := range names {
		if it != nil {
			c := *it
			if !c.request {
				c = taint{value: n, origin: "a loop over " + quoteOne(it.value)}
			}
			s.bound[n] = &c
		} else {
			s.bound[n] = nil
		}
	}
	t := worse(s.taintOf(e.Key, line, depth), s.taintOf(e.Elt, line, depth))
	s.bound = saved
	return t
}

func collectTargets(e pysource.Expr, out *[]string) {
	switch e := e.(type) {
	case *pysource.Name:
		*out = append(*out, e.ID)
	case *pysource.Tuple:
		for _, x := range e.Elts {
			collectTargets(x, out)
		}
	case *pysource.List:
		for _, x := range e.Elts {
			collectTargets(x, out)
		}
	}
}

// nameTaint follows a variable: comprehension variables first, then the
// assignments of the innermost function that has any, its parameters, and
// finally module constants (assigned once, to a literal).
func (s *pyScanner) nameTaint(name string, line, depth int) *taint {
	if t, ok := s.bound[name]; ok {
		return t
	}
	for i := len(s.scopes) - 1; i >= 0; i-- {
		sc := s.scopes[i]
		if sc.class && i != len(s.scopes)-1 {
			continue // class bodies are not visible from their methods
		}
		if i == 0 && len(s.scopes) > 1 {
			return s.moduleName(name)
		}
		assigns := s.assignsOf(sc, name)
		if len(assigns) > 0 {
			if t, ok := s.followLocal(sc, name, assigns, line, depth); ok {
				return t
			}
		}
		if s.hasParam(sc, name) {
			return s.paramTaint(sc, name)
		}
		if len(assigns) > 0 {
			break // assigned only after line here: a global or an earlier loop value
		}
	}
	if s.modules[name] && len(s.assignsOf(s.scopes[0], name)) == 0 {
		return nil // an imported module, at module level
	}
	return &taint{value: name, origin: "a name djharden cannot follow", named: true}
}

// followLocal reads a variable's value at line: every assignment before it
// back to a plain "=" that surely replaced what came before (one whose block
// is still open at line); "+=", .append, item assignments and "=" in a
// closed branch add to the value. ok is false when nothing was assigned
// before line.
func (s *pyScanner) followLocal(sc *pyScope, name string, assigns []*pyAssign, line, depth int) (*taint, bool) {
	k := sort.Search(len(assigns), func(k int) bool { return assigns[k].line >= line }) - 1
	if k < 0 {
		return nil, false
	}
	if depth >= maxFlowDepth {
		return &taint{value: name, origin: "a variable followed too far", named: true}, true
	}
	var t *taint
	chainStart := 0 // an if/elif/else chain assigning on every branch starts here
	for steps := 0; k >= 0; k, steps = k-1, steps+1 {
		if steps >= maxFlowSteps {
			return worse(t, &taint{value: name, origin: "a variable built in too many steps", named: true}), true
		}
		a := assigns[k]
		if chainStart > 0 && a.line < chainStart {
			return t, true
		}
		v := s.taintOf(s.assignValue(a), a.line, depth+1)
		if v != nil && !v.named {
			c := *v
			c.value, c.named = name, true
			if c.line == 0 || c.request {
				c.line = a.line
			}
			v = &c
		}
		if t = worse(t, v); t != nil && t.request {
			return t, true
		}
		if a.op == "=" && sc.overrides(a, line) {
			return t, true
		}
		if a.op == "=" && chainStart == 0 {
			chainStart = sc.completeChain(a, assigns)
		}
	}
	if chainStart > 0 {
		return t, true
	}
	// No assignment surely ran: a parameter keeps its value on the other paths.
	if s.hasParam(sc, name) {
		return worse(t, s.paramTaint(sc, name)), true
	}
	return t, true
}

// moduleName judges a module-level name seen from inside a function: a
// constant when assigned exactly once, to a literal.
func (s *pyScanner) moduleName(name string) *taint {
	if s.root != nil {
		return s.root.moduleName(name) // a summarized function sees the file's module
	}
	assigns := s.assignsOf(s.scopes[0], name)
	if len(assigns) == 1 && assigns[0].op == "=" && isLiteral(s.assignValue(assigns[0])) {
		return nil
	}
	if len(assigns) == 0 {
		if s.modules[name] {
			return nil // an imported module: re in re.sub(...) carries no text
		}
		return &taint{value: name, origin: "a name djharden cannot follow", named: true}
	}
	return &taint{value: name, origin: "a module variable that is not a constant", named: true}
}

// exprLabel renders a short label for a value in messages.
func exprLabel(e pysource.Expr) string {
	switch e := e.(type) {
	case *pysource.Name:
		return e.ID
	case *pysource.Attr:
		if d := dotted(e); d != "" {
			return d
		}
		return exprLabel(e.X) + "." + e.Name
	case *pysource.Subscript:
		idx := "…"
		if st, ok := e.Index.(*pysource.Str); ok && !st.FString && len(st.Value) <= 40 {
			idx = fmt.Sprintf("%q", st.Value)
		}
		return exprLabel(e.X) + "[" + idx + "]"
	case *pysource.Call:
		return exprLabel(e.Func) + "()"
	case *pysource.Bad:
		t := strings.TrimSpace(e.Text)
		if len(t) > 40 {
			t = t[:40] + "…"
		}
		return t
	}
	return "a computed value"
}

func quoteOne(s string) string { return "`" + s + "`" }
