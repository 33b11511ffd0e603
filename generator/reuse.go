package generator

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/djharden/djharden/checklist/project"
	"github.com/djharden/djharden/checklist/pysource"
)

// reuse is what the block leaves to the project: settings it already
// reads from the environment in a safe way keep their variable, helper,
// default and secret-file support; the block then writes only what is
// insecure about them.
type reuse struct {
	Debug   bool // DEBUG is read as a real bool with a false (or no) default
	Key     bool // SECRET_KEY is read from the environment (a literal fallback is taken out at its line)
	Hosts   bool // ALLOWED_HOSTS is read from the environment without a "*" default
	Origins bool // CSRF_TRUSTED_ORIGINS is read from the environment

	HostsKept   []string // literal ALLOWED_HOSTS entries to keep (merged with the typed domains)
	OriginsKept []string // literal CSRF_TRUSTED_ORIGINS entries to keep
	Notes       []string
}

// reuseFor works out what the block can leave as it is, from the
// project's own last assignment of each setting (the managed block's
// lines never count). When a managed block is already there, what it
// assigns decides what it writes again, so a second apply is a no-op.
func (b *builder) reuseFor(sameModule bool) reuse {
	var r reuse
	if b.p == nil || b.p.Settings == nil || !sameModule {
		return r
	}
	inBlock := b.blockAssigns()
	read := func(name string) (*pysource.EnvRead, project.Location, bool) {
		st, loc := b.priorAssignment(name)
		if st == nil || st.conditional {
			return nil, loc, st != nil
		}
		if er, ok := pysource.EnvReadOf(st.value, st.ctx); ok {
			return &er, loc, true
		}
		return nil, loc, true
	}
	if er, loc, _ := read("DEBUG"); er != nil && safeDebugRead(er) && (inBlock == nil || !inBlock["DEBUG"]) {
		r.Debug = true
		r.Notes = append(r.Notes, fmt.Sprintf("%s:%d: DEBUG keeps its own read of %s: it is already off unless set.", loc.File, loc.Line, er.Var))
	}
	if er, loc, _ := read("SECRET_KEY"); er != nil && (inBlock == nil || !inBlock["SECRET_KEY"]) {
		r.Key = true
		r.Notes = append(r.Notes, fmt.Sprintf("%s:%d: SECRET_KEY keeps its own read of %s; the block only refuses a production start without a real key.", loc.File, loc.Line, er.Var))
	}
	if er, _, _ := read("ALLOWED_HOSTS"); er != nil && !hasStar(er) && (inBlock == nil || !inBlock["ALLOWED_HOSTS"]) {
		r.Hosts = true
	} else {
		r.HostsKept = b.projectList("ALLOWED_HOSTS", "*")
	}
	if er, _, _ := read("CSRF_TRUSTED_ORIGINS"); er != nil && (inBlock == nil || !inBlock["CSRF_TRUSTED_ORIGINS"]) {
		r.Origins = true
	} else {
		r.OriginsKept = b.projectList("CSRF_TRUSTED_ORIGINS", "")
	}
	return r
}

// assignment is one statement assigning a setting.
type assignment struct {
	value       pysource.Expr
	ctx         pysource.EnvContext
	conditional bool // inside an if/try block
}

// priorAssignment finds the project's last plain assignment of name in
// the chain, skipping the managed block; nil when the setting is not
// assigned (or last changed in a way that is not a plain assignment).
func (b *builder) priorAssignment(name string) (*assignment, project.Location) {
	s := b.p.Settings.Get(name)
	if s == nil || s.Default {
		return nil, project.Location{}
	}
	for i := len(s.History) - 1; i >= 0; i-- {
		loc := s.History[i]
		src, ok := b.sources[loc.File]
		if !ok {
			return nil, loc // assigned in a file outside the chain (a local override): left alone
		}
		if start, end, has := findBlock(src); has {
			first := strings.Count(src[:start], "\n") + 1
			last := strings.Count(src[:end], "\n")
			if loc.Line >= first && loc.Line <= last {
				continue
			}
		}
		if loc.File == b.target && b.includeLine > 0 && loc.Line >= b.includeLine {
			// Set below the local-override include, where the block goes:
			// the block cannot build on it, so it writes its own.
			return nil, loc
		}
		m := b.modules[loc.File]
		if b.chainCtx == nil {
			var mods []*pysource.Module
			for _, f := range b.chainFiles() {
				mods = append(mods, b.modules[f])
			}
			ctx := chainContext(mods)
			b.chainCtx = &ctx
		}
		var found *assignment
		pysource.Walk(m.Body, func(st *pysource.Stmt, parents []*pysource.Stmt) bool {
			if found != nil {
				return false
			}
			if st.At.Line != loc.Line || st.Kind != pysource.StmtAssign || st.Op != "=" {
				return true
			}
			for _, t := range st.Targets {
				if n, ok := t.(*pysource.Name); ok && n.ID == name {
					found = &assignment{value: st.Value, ctx: *b.chainCtx, conditional: len(parents) > 0}
				}
			}
			return true
		})
		return found, loc
	}
	return nil, project.Location{}
}

// blockAssigns lists the settings an existing managed block in the target
// assigns at its top level (nil when there is no block).
func (b *builder) blockAssigns() map[string]bool {
	src := b.sources[b.target]
	start, end, ok := findBlock(src)
	if !ok {
		return nil
	}
	out := map[string]bool{}
	m := pysource.Parse([]byte(src[start:end]))
	for i := range m.Body {
		st := &m.Body[i]
		if st.Kind != pysource.StmtAssign {
			continue
		}
		for _, t := range st.Targets {
			if n, ok := t.(*pysource.Name); ok {
				out[n.ID] = true
			}
		}
	}
	return out
}

// safeDebugRead reports whether a DEBUG read is a real boolean parse that
// is off when the variable is unset.
func safeDebugRead(r *pysource.EnvRead) bool {
	if r.TruthyString || len(r.FalseWords) > 0 || (r.Cast != "bool" && !r.CompareTrue) {
		return false
	}
	if !r.HasDefault {
		// os.environ.get without a default gives None; a project helper's
		// own default is not known (it may fall back to True).
		return r.Library != "custom"
	}
	def := pysource.Literal(r.Default, nil)
	switch def.Kind {
	case pysource.NoneVal:
		return true
	case pysource.BoolVal:
		return !def.Bool
	case pysource.IntVal:
		return def.Int == 0
	case pysource.StrVal:
		w := strings.ToLower(strings.TrimSpace(def.Str))
		if r.CompareTrue {
			for _, t := range r.TrueWords {
				if strings.ToLower(t) == w {
					return false
				}
			}
			return true
		}
		switch w {
		case "", "false", "0", "no", "off", "n", "f":
			return true
		}
	}
	return false
}

// hasStar reports whether a hosts read falls back to "*" (or to a default
// djharden cannot read).
func hasStar(r *pysource.EnvRead) bool {
	if !r.HasDefault {
		return false
	}
	def := pysource.Literal(r.Default, nil)
	switch def.Kind {
	case pysource.StrVal:
		for _, h := range strings.Split(def.Str, ",") {
			if strings.TrimSpace(h) == "*" {
				return true
			}
		}
		return false
	case pysource.ListVal, pysource.TupleVal:
		for _, it := range def.Items {
			if it.Kind != pysource.StrVal || it.Str == "*" {
				return true
			}
		}
		return false
	case pysource.NoneVal:
		return false
	}
	return true
}

// literalStrings returns the string items of a list or tuple value, in
// order, without drop and without empty strings.
func literalStrings(v pysource.Value, drop string) []string {
	if v.Kind != pysource.ListVal && v.Kind != pysource.TupleVal {
		return nil
	}
	var out []string
	for _, it := range v.Items {
		if it.Kind == pysource.StrVal && it.Str != "" && it.Str != drop {
			out = append(out, it.Str)
		}
	}
	return out
}

// merge appends the entries of add missing from kept, keeping kept's order.
func merge(kept, add []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, l := range [][]string{kept, add} {
		for _, v := range l {
			if !seen[v] {
				seen[v] = true
				out = append(out, v)
			}
		}
	}
	return out
}

// projectSecure reports whether the project's own last assignment of name
// (outside the managed block) is already secure by secure: a literal, or
// an environment read whose default is. A block that already writes the
// setting keeps writing it, so a second apply decides the same way.
func (b *builder) projectSecure(name string, secure func(pysource.Value) bool) bool {
	v, ok := b.priorValue(name, false)
	return ok && secure(v)
}

// projectValue is the value the project's own last assignment of name
// gives (outside the managed block, not inside a branch): the evaluated
// value when that assignment is the final one, so env defaults and module
// constants count (int(os.environ.get("SECURE_HSTS_SECONDS", DEFAULT))),
// else as priorValue reads it.
func (b *builder) projectValue(name string) (pysource.Value, bool) {
	return b.priorValue(name, true)
}

// priorValue reads the project's own last plain assignment of name: with
// evaluated, the evaluator's value when that assignment is the final one;
// else its literal, else an environment read's literal default, cast as
// the read casts it (bool words, int). A block that already writes the
// setting, a branch, or a read whose default is judged by truthiness give
// nothing.
func (b *builder) priorValue(name string, evaluated bool) (pysource.Value, bool) {
	if b.p == nil || b.p.Settings == nil || (b.a.Settings != "" && b.a.Settings != b.p.SettingsModule) {
		return pysource.Value{}, false
	}
	if in := b.blockAssigns(); in != nil && in[name] {
		return pysource.Value{}, false
	}
	st, loc := b.priorAssignment(name)
	if st == nil || st.conditional {
		return pysource.Value{}, false
	}
	if s := b.p.Settings.Get(name); evaluated && s != nil && !s.Conditional && s.Where.File == loc.File && s.Where.Line == loc.Line && s.Value.Kind != pysource.Unknown {
		return s.Value, true
	}
	if v := pysource.Literal(st.value, nil); v.Kind != pysource.Unknown {
		return v, true
	}
	er, ok := pysource.EnvReadOf(st.value, st.ctx)
	if !ok || !er.HasDefault || er.TruthyString || len(er.FalseWords) > 0 {
		return pysource.Value{}, false
	}
	def := pysource.Literal(er.Default, nil)
	if def.Kind != pysource.StrVal {
		return def, def.Kind != pysource.Unknown
	}
	switch er.Cast {
	case "bool":
		switch strings.ToLower(def.Str) {
		case "true", "1", "yes", "on":
			def = pysource.Value{Kind: pysource.BoolVal, Bool: true}
		}
	case "int":
		n, err := strconv.ParseInt(strings.TrimSpace(def.Str), 10, 64)
		if err != nil {
			return pysource.Value{}, false
		}
		def = pysource.Value{Kind: pysource.IntVal, Int: n}
	}
	return def, true
}

// projectList replays the project's own changes to a list setting
// (assignments of literal lists or tuples, [*X, ...], +=, append, extend;
// inside blocks too: never drop an entry) outside the managed block, and
// returns its string entries without drop.
func (b *builder) projectList(name, drop string) []string {
	s := b.p.Settings.Get(name)
	if s == nil || s.Default {
		return nil
	}
	var out []string
	for _, loc := range s.History {
		src, ok := b.sources[loc.File]
		if !ok {
			continue
		}
		if start, end, has := findBlock(src); has {
			first, last := strings.Count(src[:start], "\n")+1, strings.Count(src[:end], "\n")
			if loc.Line >= first && loc.Line <= last {
				continue
			}
		}
		for _, a := range b.modules[loc.File].Assignments() {
			if a.Name != name || len(a.Path) > 0 || a.At.Line != loc.Line {
				continue
			}
			v := pysource.Literal(a.Value, nil)
			switch a.Op {
			case "=":
				if v.Kind == pysource.ListVal || v.Kind == pysource.TupleVal {
					out = literalStrings(v, drop)
					continue
				}
				// [*ALLOWED_HOSTS, "x"]: the entries so far plus the literal
				// ones; anything else unknown keeps what is known.
				elts, _ := pysource.SequenceElts(a.Value)
				for _, el := range elts {
					if ev := pysource.Literal(el, nil); ev.Kind == pysource.StrVal && ev.Str != "" && ev.Str != drop {
						out = append(out, ev.Str)
					}
				}
			case "+=", "extend":
				out = append(out, literalStrings(v, drop)...)
			case "append", "insert":
				if v.Kind == pysource.StrVal && v.Str != "" && v.Str != drop {
					out = append(out, v.Str)
				}
			}
		}
	}
	return merge(out, nil)
}

// pathValues is every value the project's settings give name when its
// final value comes from a branch djharden cannot decide (an if on a
// variable without a default, a try): the branch's and the other paths'.
// None when the managed block sets it, or when the value is decided.
func (b *builder) pathValues(name string) []pysource.Value {
	if b.p == nil || b.p.Settings == nil || (b.a.Settings != "" && b.a.Settings != b.p.SettingsModule) {
		return nil
	}
	if in := b.blockAssigns(); in != nil && in[name] {
		return nil
	}
	s := b.p.Settings.Get(name)
	if s == nil || s.Default || !s.Conditional {
		return nil
	}
	return append([]pysource.Value{s.Value}, s.Alternatives...)
}

// settingAt is where the project's settings last set name, as file:line.
func (b *builder) settingAt(name string) string {
	if s := b.p.Settings.Get(name); s != nil && s.Where.File != "" {
		return fmt.Sprintf("%s:%d", s.Where.File, s.Where.Line)
	}
	return "the settings"
}
