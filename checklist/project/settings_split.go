package project

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/djharden/djharden/checklist/pysource"
)

// django-split-settings (wemake-django-template and others) builds the
// settings from files run in the module's own namespace:
//
//	from split_settings.tools import include, optional
//	include("components/common.py", "environments/{0}.py".format(ENV), optional("local.py"))
//
// Each path is relative to the file that includes it and may be a glob
// (sorted matches); a missing file stops Django unless it is optional().
// The evaluator runs every included file in place, in order, so their
// settings are read like the module's own; a path it cannot work out makes
// every setting unknown.

// Include is one file an include() call names, as the evaluator found it.
type Include struct {
	From     Location // the include() call
	File     string   // the included file, relative to the project root ("" when not found)
	Pattern  string   // as written (after evaluation), relative to the including file
	Optional bool     // wrapped in optional(): a missing file is skipped
}

// execInclude runs an include(...) statement; it reports whether s was one.
func (ev *evaluator) execInclude(st *moduleState, s *pysource.Stmt) bool {
	call, ok := s.Value.(*pysource.Call)
	if !ok {
		return false
	}
	include, optional := ev.splitNames(st.file)
	if !include[pysource.DottedName(call.Func)] {
		return false
	}
	at := ev.loc(st, s.At)
	unread := func(msg string) bool {
		ev.unread = append(ev.unread, Problem{File: at.File, Line: at.Line, Message: msg})
		return true
	}
	if len(call.Keywords) > 0 {
		return unread("include() with keyword arguments: djharden cannot tell which files it runs, so any setting may change here")
	}
	var entries []pysource.Value
	var optionals []bool
	for _, arg := range call.Args {
		opt := false
		if c, isCall := arg.(*pysource.Call); isCall && optional[pysource.DottedName(c.Func)] && len(c.Args) == 1 {
			arg, opt = c.Args[0], true
		}
		if star, isStar := arg.(*pysource.Starred); isStar {
			// include(*base_settings): the list's entries, each possibly optional().
			items, ok := ev.includeList(st, star.X, optional)
			if !ok {
				return unread("include() of a list djharden cannot work out: which files run here is unknown, so any setting may change")
			}
			for _, it := range items {
				entries = append(entries, it.path)
				optionals = append(optionals, it.optional)
				if it.path.Kind == pysource.StrVal {
					ev.noteEnvChosen(st, at, it.expr, it.path.Str)
				}
			}
			continue
		}
		v := ev.evalExpr(st, arg)
		entries = append(entries, v)
		optionals = append(optionals, opt)
		if v.Kind == pysource.StrVal {
			ev.noteEnvChosen(st, at, arg, v.Str)
		}
	}
	for i, v := range entries {
		if v.Kind != pysource.StrVal {
			return unread("include() of a path djharden cannot work out (it depends on something unknown): which file runs here is unknown, so any setting may change")
		}
		ev.includeFiles(st, at, v.Str, optionals[i])
	}
	return true
}

// splitNames is SplitSettingsNames of a file, worked out once per file
// (execInclude asks for every expression statement).
func (ev *evaluator) splitNames(sf *SourceFile) (include, optional map[string]bool) {
	if n, ok := ev.split[sf]; ok {
		return n[0], n[1]
	}
	include, optional = pysource.SplitSettingsNames(sf.Outline().Imports)
	if ev.split == nil {
		ev.split = map[*SourceFile][2]map[string]bool{}
	}
	ev.split[sf] = [2]map[string]bool{include, optional}
	return include, optional
}

type includeEntry struct {
	expr     pysource.Expr
	path     pysource.Value
	optional bool
}

// includeList reads the entries of a list passed as include(*LIST): the
// list must be a name assigned a literal list (of strings, formatted
// strings and optional(...) calls) in this module.
func (ev *evaluator) includeList(st *moduleState, e pysource.Expr, optional map[string]bool) ([]includeEntry, bool) {
	name, ok := e.(*pysource.Name)
	if !ok {
		return nil, false
	}
	// The list as it stands where include() runs: bound once, unconditionally.
	s := st.ns[name.ID]
	if s == nil || s.Conditional || len(s.History) != 1 {
		return nil, false
	}
	elts, ok := pysource.SequenceElts(s.Expr)
	if !ok {
		return nil, false
	}
	var out []includeEntry
	for _, el := range elts {
		opt := false
		if c, isCall := el.(*pysource.Call); isCall && optional[pysource.DottedName(c.Func)] && len(c.Args) == 1 {
			el, opt = c.Args[0], true
		}
		out = append(out, includeEntry{expr: el, path: ev.evalExpr(st, el), optional: opt})
	}
	return out, true
}

// includeFiles runs the files one include() entry names.
func (ev *evaluator) includeFiles(st *moduleState, at Location, pattern string, optional bool) {
	dir := path.Dir(st.file.Path)
	rels := ev.p.globFiles(path.Join(dir, filepath.ToSlash(pattern)))
	ev.includes = append(ev.includes, Include{From: at, Pattern: pattern, Optional: optional})
	if len(rels) == 0 {
		if optional {
			ev.problems = append(ev.problems, Problem{File: at.File, Line: at.Line, Message: machineLocal(fmt.Sprintf("includes optional(%q)", pattern))})
			return
		}
		ev.problems = append(ev.problems, Problem{File: at.File, Line: at.Line, Blocking: true, Message: fmt.Sprintf(
			"includes %q, which does not exist: django-split-settings stops Django from starting (IOError)", pattern)})
		return
	}
	ev.includes = ev.includes[:len(ev.includes)-1]
	for _, rel := range rels {
		ev.includes = append(ev.includes, Include{From: at, File: rel, Pattern: pattern, Optional: optional})
		ev.runIncluded(st, at, rel)
	}
}

// runIncluded executes one included file in st's namespace.
func (ev *evaluator) runIncluded(st *moduleState, at Location, rel string) {
	key := "include:" + rel
	if ev.visiting[key] {
		ev.problems = append(ev.problems, Problem{File: at.File, Line: at.Line, Message: fmt.Sprintf("include cycle through %s: not followed again", rel)})
		return
	}
	sf := ev.readSource(rel, "the settings")
	if sf == nil {
		return
	}
	ev.visiting[key] = true
	defer delete(ev.visiting, key)
	saved := st.file
	st.file = sf
	st.ctx.Merge(evalContext(sf.Outline().Env))
	ev.execFile(st, sf)
	st.file = saved
	if !slices.Contains(ev.files, rel) {
		ev.files = append(ev.files, rel)
	}
}

// globFiles lists the project's regular files matching pattern (slash
// separated, relative to the root), sorted; a plain path gives itself when
// it exists.
func (p *Project) globFiles(pattern string) []string {
	pattern = path.Clean(pattern)
	if !filepath.IsLocal(filepath.FromSlash(pattern)) {
		return nil
	}
	if !strings.ContainsAny(pattern, "*?[") {
		if fi, err := os.Stat(filepath.Join(p.Root, filepath.FromSlash(pattern))); err == nil && fi.Mode().IsRegular() {
			return []string{pattern}
		}
		return nil
	}
	matches, err := fs.Glob(os.DirFS(p.Root), pattern)
	if err != nil {
		return nil
	}
	var out []string
	for _, m := range matches {
		if fi, err := os.Stat(filepath.Join(p.Root, filepath.FromSlash(m))); err == nil && fi.Mode().IsRegular() {
			out = append(out, m)
		}
	}
	slices.Sort(out)
	return out
}

// noteEnvChosen says when the file an include() runs was picked by an
// environment variable's default (ENV = os.environ.get("DJANGO_ENV") or
// "development"): production may set it and run another file.
func (ev *evaluator) noteEnvChosen(st *moduleState, at Location, arg pysource.Expr, file string) {
	pysource.Inspect(arg, func(e pysource.Expr) bool {
		n, ok := e.(*pysource.Name)
		if !ok {
			return true
		}
		if s := st.ns[n.ID]; s != nil && s.Env != nil && s.EnvDefault {
			ev.problems = append(ev.problems, Problem{File: at.File, Line: at.Line, Message: fmt.Sprintf(
				"include() runs %s because %s is not set (its default): these results are for that file; pass --env-file with production's %s to check the file production runs",
				file, s.Env.Var, s.Env.Var)})
			return false
		}
		return true
	})
}
