package checklist

import (
	"fmt"

	"github.com/djharden/djharden/checklist/project"
	"github.com/djharden/djharden/checklist/pysource"
)

// overriddenKeys finds SECRET_KEY assignments that a later one overrides
// but that still write a key in the file: a literal, or a read of the
// environment with a literal fallback. Django never uses them, yet the key
// sits in the code and, when the file is tracked, in git.
func overriddenKeys(c *evalCtx, s *project.Setting) []Location {
	if s == nil || len(s.History) < 2 {
		return nil
	}
	type fileKeys struct {
		ctx     pysource.EnvContext
		assigns []pysource.Assignment
	}
	files := map[string]*fileKeys{} // each file's assignments, worked out once
	var out []Location
	for _, loc := range s.History[:len(s.History)-1] {
		f, seen := files[loc.File]
		if !seen {
			if sf, err := c.p.Source(loc.File); err == nil && sf != nil {
				f = &fileKeys{ctx: sf.Outline().Env, assigns: sf.Module().Assignments()}
			}
			files[loc.File] = f
		}
		if f == nil {
			continue
		}
		ctx := f.ctx
		for _, a := range f.assigns {
			if a.Name != "SECRET_KEY" || len(a.Path) > 0 || a.At.Line != loc.Line || a.Op != "=" {
				continue
			}
			if key := writtenKey(a.Value, ctx); key != "" {
				out = append(out, fromProject(loc))
			}
		}
	}
	return out
}

// writtenKey is the key an expression writes into the code: a literal
// string, or the literal fallback of an environment read ("" when none).
func writtenKey(e pysource.Expr, ctx pysource.EnvContext) string {
	if v := pysource.Literal(e, nil); v.Kind == pysource.StrVal {
		return v.Str
	}
	if r, ok := pysource.EnvReadOf(e, ctx); ok && r.HasDefault {
		if v := pysource.Literal(r.Default, nil); v.Kind == pysource.StrVal {
			return v.Str
		}
	}
	return ""
}

// overriddenKeyProblems reports keys left in the code above the one in use.
func overriddenKeyProblems(c *evalCtx, b *builder, s *project.Setting) {
	for _, loc := range overriddenKeys(c, s) {
		status, where := Warn, "the file"
		if c.p.Git.Available && c.p.Git.Tracked[loc.File] {
			status, where = Fail, "the file and in git"
		}
		b.problem(status,
			fmt.Sprintf("a key is still written at %s:%d: a later SECRET_KEY overrides it, but it stays in %s", loc.File, loc.Line, where),
			"Delete that assignment (or its literal fallback); if it was ever committed, it must not be used again.",
			[]Location{loc})
	}
}
