package generator

import (
	"github.com/djharden/djharden/checklist/pysource"
)

// bindings are the names a settings module binds to env-library objects,
// each with the line where it is first bound at module level: what an
// edit at a given line may use, read from the parsed module (not from
// patterns over its text).
type bindings struct {
	os         map[string]int // names bound to the os module
	hashlib    map[string]int // names bound to the hashlib module
	config     map[string]int // python-decouple's config (imported or an AutoConfig instance)
	csv        map[string]int // python-decouple's Csv
	envObjects map[string]int // django-environ Env objects, under any alias of the module
	silenced   string         // how SILENCED_SYSTEM_CHECKS is assigned: "" (not), "top" (unconditionally), "block" (only inside if/try)
}

func bindingsOf(m *pysource.Module) bindings {
	b := bindings{os: map[string]int{}, hashlib: map[string]int{}, config: map[string]int{}, csv: map[string]int{}, envObjects: map[string]int{}}
	if m == nil {
		return b
	}
	ctx := m.EnvContext()
	first := func(dst map[string]int, name string, line int) {
		if _, ok := dst[name]; !ok {
			dst[name] = line
		}
	}
	for _, imp := range m.Imports() {
		if imp.Block != "" {
			continue
		}
		plain := len(imp.Names) > 0 && imp.Names[0].Name == imp.Module && imp.Level == 0 // import x, y
		for _, n := range imp.Names {
			bound := n.Alias
			if bound == "" {
				bound = n.Name
			}
			switch {
			case plain && n.Name == "os":
				first(b.os, bound, imp.At.Line)
			case plain && n.Name == "hashlib":
				first(b.hashlib, bound, imp.At.Line)
			case plain:
			case imp.Module == "decouple" && n.Name == "config":
				first(b.config, bound, imp.At.Line)
			case imp.Module == "decouple" && n.Name == "Csv":
				first(b.csv, bound, imp.At.Line)
			}
		}
	}
	for i := range m.Body {
		s := &m.Body[i]
		if s.Kind != pysource.StmtAssign {
			continue
		}
		for _, t := range s.Targets {
			if n, ok := t.(*pysource.Name); ok {
				if _, env := ctx.EnvObjects[n.ID]; env {
					first(b.envObjects, n.ID, s.At.Line)
				}
				if ctx.Config[n.ID] {
					first(b.config, n.ID, s.At.Line)
				}
			}
		}
	}
	pysource.Walk(m.Body, func(s *pysource.Stmt, parents []*pysource.Stmt) bool {
		for _, p := range parents {
			if p.Keyword == "def" || p.Keyword == "async def" || p.Keyword == "class" {
				return false
			}
		}
		if s.Kind != pysource.StmtAssign && s.Kind != pysource.StmtAnnAssign && s.Kind != pysource.StmtAugAssign {
			return true
		}
		for _, t := range s.Targets {
			if n, ok := t.(*pysource.Name); ok && n.ID == "SILENCED_SYSTEM_CHECKS" {
				if len(parents) == 0 && s.Kind != pysource.StmtAugAssign {
					b.silenced = "top"
				} else if b.silenced == "" {
					b.silenced = "block"
				}
			}
		}
		return true
	})
	return b
}

// before returns a name of names bound before line ("" when none).
func (b bindings) before(names map[string]int, line int) string {
	best, bestLine := "", 0
	for n, at := range names {
		if at < line && (best == "" || at < bestLine || at == bestLine && n < best) {
			best, bestLine = n, at
		}
	}
	return best
}

// envObject returns the django-environ object the module defines (the
// first one), or "".
func (b bindings) envObject() string { return b.before(b.envObjects, 1<<30) }

// chainContext is the env context of the whole chain: a star import (or
// `from .base import env`) brings a base module's env objects, config and
// helpers into the modules that import it.
func chainContext(modules []*pysource.Module) pysource.EnvContext {
	var out pysource.EnvContext
	for i := len(modules) - 1; i >= 0; i-- { // a later module's bindings win
		if modules[i] != nil {
			out.Merge(modules[i].EnvContext())
		}
	}
	return out
}
