package generator

import (
	"fmt"
	"strings"

	"github.com/djharden/djharden/checklist/pysource"
)

// overrideInclude is a top-level statement of the settings module that
// pulls in operator or machine-local settings after the module's own:
// `from .local_settings import *`, `try: from .local import *`, an
// exec() of a config file, `import local_settings`. The block goes before
// it, so the operator's overrides still win.
type overrideInclude struct {
	Line int    // first line of the statement (of its try:, or of the comments right above it)
	What string // "from .local_settings import *" as a short description
}

// localNames are module names (last dotted part) that hold machine-local
// overrides by convention.
func localName(module string) bool {
	last := module[strings.LastIndexByte(module, '.')+1:]
	switch last {
	case "local", "local_settings", "settings_local", "localsettings", "local_config", "override", "overrides", "custom_settings", "secrets", "secret_settings", "instance":
		return true
	}
	return strings.HasPrefix(last, "local_") || strings.HasSuffix(last, "_local")
}

// findOverrideInclude returns the first local-override include of m's top
// level, or of a try/if block there (nil when there is none).
func findOverrideInclude(m *pysource.Module) *overrideInclude {
	// Only includes after the last base star import count: the block needs
	// the base settings (DEBUG, ALLOWED_HOSTS) above it.
	// An include overrides settings only when it follows some: one above
	// every setting of the module (`import secrets` among the imports at
	// the top) overrides nothing.
	first, assigned := 0, false
	sp := splitNames(m)
	for i := range m.Body {
		s := &m.Body[i]
		if s.Kind == pysource.StmtFromImport && s.Import != nil && s.Import.Star && includeOf(s) == "" {
			first = i + 1
		}
		if kind := sp.classify(s); kind == "base" {
			first = i + 1 // django-split-settings include() of the settings files: the block's base
		}
		if !assigned && s.Kind == pysource.StmtAssign && settingTarget(s) {
			assigned = true
			if first < i+1 {
				first = i + 1
			}
		}
	}
	for i := first; i < len(m.Body); i++ {
		s := &m.Body[i]
		if what := includeOf(s); what != "" {
			return &overrideInclude{Line: leadingComments(m, s.At.Line), What: what}
		}
		if sp.classify(s) == "optional" {
			return &overrideInclude{Line: leadingComments(m, s.At.Line), What: "include(optional(...))"}
		}
		if s.Kind == pysource.StmtBlock && (s.Keyword == "try" || s.Keyword == "if") {
			for j := range s.Body {
				if what := includeOf(&s.Body[j]); what != "" {
					return &overrideInclude{Line: leadingComments(m, s.At.Line), What: what}
				}
			}
		}
	}
	return nil
}

// splitSettings is what a module binds for django-split-settings: its
// names for include() and optional(), and the lists of files it passes as
// include(*LIST).
type splitSettings struct {
	include, optional map[string]bool
	lists             map[string][]pysource.Expr // names bound once, unconditionally, to a list or tuple display
}

func splitNames(m *pysource.Module) splitSettings {
	sp := splitSettings{lists: map[string][]pysource.Expr{}}
	sp.include, sp.optional = pysource.SplitSettingsNames(m.Imports())
	binds := map[string]int{}
	for _, a := range m.Assignments() {
		binds[a.Name]++
		if elts, ok := pysource.SequenceElts(a.Value); ok && a.Op == "=" && len(a.Path) == 0 && !a.Conditional {
			sp.lists[a.Name] = elts
		}
	}
	for name, n := range binds {
		if n != 1 {
			delete(sp.lists, name)
		}
	}
	return sp
}

// classify classifies a django-split-settings include() statement:
// "optional" when every file it names is optional(...) (a machine's own
// overrides), "base" when it names any other, "unknown" when it passes a
// list this module does not bind once to a display, "" when s is no
// include().
func (sp splitSettings) classify(s *pysource.Stmt) string {
	if s.Kind != pysource.StmtExpr {
		return ""
	}
	c, ok := s.Value.(*pysource.Call)
	if !ok || !sp.include[pysource.DottedName(c.Func)] {
		return ""
	}
	var files []pysource.Expr
	for _, a := range c.Args {
		star, isStar := a.(*pysource.Starred)
		if !isStar {
			files = append(files, a)
			continue
		}
		name, isName := star.X.(*pysource.Name)
		if !isName {
			return "unknown"
		}
		list, bound := sp.lists[name.ID]
		if !bound {
			return "unknown"
		}
		files = append(files, list...)
	}
	if len(files) == 0 {
		return ""
	}
	for _, f := range files {
		inner, isCall := f.(*pysource.Call)
		if !isCall || !sp.optional[pysource.DottedName(inner.Func)] {
			return "base"
		}
	}
	return "optional"
}

// settingTarget reports whether an assignment sets an UPPERCASE name (a
// setting, as Django reads them).
func settingTarget(s *pysource.Stmt) bool {
	for _, t := range s.Targets {
		if n, ok := t.(*pysource.Name); ok && n.ID != "" && strings.ToUpper(n.ID) == n.ID && n.ID != "_" {
			return true
		}
	}
	return false
}

// includeOf describes s when it is an override include, else "".
func includeOf(s *pysource.Stmt) string {
	switch s.Kind {
	case pysource.StmtFromImport:
		if s.Import == nil {
			break
		}
		if localName(s.Import.Module) && !(s.Import.Module == "secrets" && s.Import.Level == 0 && !s.Import.Star) {
			return fmt.Sprintf("from %s%s import ...", strings.Repeat(".", s.Import.Level), s.Import.Module)
		}
		if s.Import.Module == "" { // from . import local_settings
			for _, n := range s.Import.Names {
				if localName(n.Name) {
					return fmt.Sprintf("from %s import %s", strings.Repeat(".", s.Import.Level), n.Name)
				}
			}
		}
	case pysource.StmtImport:
		if s.Import != nil {
			for _, n := range s.Import.Names {
				if localName(n.Name) && n.Name != "secrets" { // `import secrets` is the standard library
					return "import " + n.Name
				}
			}
		}
	case pysource.StmtExpr:
		if c, ok := s.Value.(*pysource.Call); ok {
			switch pysource.DottedName(c.Func) {
			case "exec", "execfile", "runpy.run_path":
				return pysource.DottedName(c.Func) + "(...)"
			}
		}
	}
	return ""
}

// leadingComments moves line up over the comment lines right above it
// (a "# Local settings" heading belongs with its include).
func leadingComments(m *pysource.Module, line int) int {
	for line > 1 {
		prev := strings.TrimSpace(m.Line(line - 1))
		if !strings.HasPrefix(prev, "#") || strings.HasPrefix(prev, BlockEnd) {
			break
		}
		line--
	}
	return line
}

// insertBlockAt puts block (with "\n" endings) before line (1-based) of
// src, followed by a blank line, in the file's line-ending style.
func insertBlockAt(src, block string, line int) string {
	eol := "\n"
	if isCRLF(src) {
		eol = "\r\n"
		block = strings.ReplaceAll(block, "\n", "\r\n")
	}
	off := 0
	for n := 1; n < line; n++ {
		i := strings.IndexByte(src[off:], '\n')
		if i < 0 {
			off = len(src)
			break
		}
		off += i + 1
	}
	return src[:off] + block + eol + src[off:]
}

// positionBlock puts the block into src: in place of an existing block
// that already sits above the include (or when there is no include),
// else right before the include; an older block below the include moves
// up, so the operator's overrides win again.
func positionBlock(src, block string, include *overrideInclude) string {
	start, end, ok := findBlock(src)
	if include == nil || (ok && strings.Count(src[:start], "\n")+1 < include.Line) {
		return placeBlock(src, block)
	}
	if ok {
		// The block was placed after the include: take it out with the
		// blank line placeBlock put before it.
		eol := "\n"
		if isCRLF(src) {
			eol = "\r\n"
		}
		head := src[:start]
		if end == len(src) && strings.HasSuffix(head, eol+eol) {
			head = strings.TrimSuffix(head, eol)
		}
		src = head + src[end:]
	}
	return insertBlockAt(src, block, include.Line)
}
