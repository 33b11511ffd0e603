package project

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/djharden/djharden/checklist/pysource"
)

// EvaluateSettings computes the effective settings of a settings module the
// way Django would see them: the module's top-level statements in order,
// star imports of other project modules followed (cycles guarded), later
// assignments overriding earlier ones, environment reads resolved against
// p.EnvValues when an env file was given, and Django's global defaults (for
// p.Django) for what stays unset. It returns the settings, the files of the
// chain in evaluation order (bases first) and what it could not follow.
func EvaluateSettings(p *Project, module string) (*Settings, []string, []Problem) {
	ev := &evaluator{
		p:        p,
		done:     map[string]*moduleState{},
		visiting: map[string]bool{},
	}
	st := ev.evalModule(module, "")
	out := &Settings{Module: module, Values: map[string]*Setting{}}
	if st != nil {
		for name, s := range st.ns {
			if isSettingName(name) {
				out.Values[name] = s
			}
		}
		for _, rel := range ev.files {
			for _, m := range ev.done {
				if m.file.Path == rel {
					ev.unfollowedClasses(m, out.Values)
				}
			}
		}
	}
	out.Unread, out.Includes = ev.unread, ev.includes
	for name, v := range Defaults(p.Django.Checked()) {
		if _, set := out.Values[name]; !set {
			out.Values[name] = &Setting{Name: name, Value: v, Default: true}
		}
	}
	return out, ev.files, ev.problems
}

// isSettingName is Python's str.isupper(), which Django uses to pick
// settings out of a module: at least one cased letter and no lowercase one.
func isSettingName(name string) bool {
	cased := false
	for _, r := range name {
		if strings.ToLower(string(r)) != string(r) {
			cased = true
		} else if strings.ToUpper(string(r)) != string(r) {
			return false
		}
	}
	return cased
}

// evaluator runs the statement walk over a chain of settings modules.
type evaluator struct {
	p        *Project
	done     map[string]*moduleState // evaluated modules (Python caches imports)
	visiting map[string]bool         // modules being evaluated (cycle guard)
	files    []string
	problems []Problem
	unread   []Problem                          // modules of the chain whose values could not be read
	includes []Include                          // files django-split-settings include() calls named
	split    map[*SourceFile][2]map[string]bool // include/optional names per file
	noted    map[string]bool
	example  *Location // set while evaluating a read from an example configuration module
}

// moduleState is one module's namespace while (and after) it runs.
type moduleState struct {
	dotted string
	pkg    string // the package relative imports resolve against
	file   *SourceFile
	ns     map[string]*Setting
	ctx    pysource.EnvContext
	// conditional is set while executing a branch we cannot decide.
	conditional bool
	classes     map[string]*classState // classes defined so far (class-based settings)
	truthy      map[string]bool        // names a fail-closed guard proved truthy (unknown values)
	hist        map[string][]Location  // the arrays bind grows histories in
	modules     map[string]string      // names bound to project modules (operator configuration)
	// journal, while a clause of an undecided if runs, holds what each name
	// it changes was bound to before (nil: unbound), so the next clause can
	// start from the same state.
	journal map[string]*Setting
	// alternatives is set once a join leaves a name with several values:
	// until then no statement needs running once per value.
	alternatives bool
	// globalWrites are the module names each function defined here
	// declares global (def configure(): global DEBUG): a call changes them.
	globalWrites map[string][]string
}

// set binds name to s in the namespace, noting the old binding in the
// journal of the undecided clause that runs, if any.
func (st *moduleState) set(name string, s *Setting) {
	if st.journal != nil {
		if _, noted := st.journal[name]; !noted {
			st.journal[name] = st.ns[name]
		}
	}
	if len(s.Alternatives) > 0 { // adopted from a module an undecided if ran in
		st.alternatives = true
	}
	st.ns[name] = s
}

// evalModule evaluates a project module once and caches the result.
// from is where it was imported (for problems), "" for the chosen module.
func (ev *evaluator) evalModule(dotted, from string) *moduleState {
	if st, ok := ev.done[dotted]; ok {
		return st
	}
	if ev.visiting[dotted] {
		ev.problems = append(ev.problems, Problem{File: from, Message: fmt.Sprintf("import cycle through %s: not followed again", dotted)})
		return nil
	}
	rel, ok := ev.p.ModuleFile(dotted)
	if !ok {
		if from == "" {
			pr := Problem{Message: fmt.Sprintf("settings module %s: no file found for it", dotted)}
			ev.problems = append(ev.problems, pr)
			ev.unread = append(ev.unread, pr)
		}
		return nil
	}
	sf := ev.readSource(rel, dotted)
	if sf == nil {
		return nil
	}
	ev.visiting[dotted] = true
	defer delete(ev.visiting, dotted)

	st := &moduleState{
		dotted: dotted,
		pkg:    packageOf(dotted, rel),
		file:   sf,
		ns:     map[string]*Setting{},
		ctx:    evalContext(sf.Outline().Env),
	}
	ev.execFile(st, sf)
	ev.done[dotted] = st
	ev.files = append(ev.files, rel)
	return st
}

// readSource reads a file of the chain (a module, or a file an include()
// runs) and records what keeps Django from importing it. It returns nil
// when the file is not evaluated: unreadable, binary or a template (the
// latter two stay in the chain, so every file the settings come from is
// named). what names the module in messages.
func (ev *evaluator) readSource(rel, what string) *SourceFile {
	sf, err := ev.p.Source(rel)
	if err != nil || sf == nil {
		msg := fmt.Sprintf("cannot read %s", rel)
		if err != nil {
			msg = err.Error()
		}
		pr := Problem{File: rel, Message: msg}
		ev.problems = append(ev.problems, pr)
		ev.unread = append(ev.unread, pr)
		return nil
	}
	if msg := unreadableSource(sf); msg != "" {
		pr := Problem{File: rel, Message: msg, Blocking: true}
		ev.problems = append(ev.problems, pr)
		ev.unread = append(ev.unread, pr)
		ev.files = append(ev.files, rel)
		return nil
	}
	issues := sf.Outline().Issues
	if line := templateLine(sf.Src, len(issues) == 0); line > 0 {
		pr := Problem{File: rel, Line: line, Message: "this is a template (Jinja, as cookiecutter writes), not Python: its settings are known only once it is rendered"}
		ev.problems = append(ev.problems, pr)
		ev.unread = append(ev.unread, pr)
		ev.files = append(ev.files, rel)
		return nil
	}
	if line := pysource.UndecodableLine(sf.Src); line > 0 {
		ev.problems = append(ev.problems, Problem{File: rel, Line: line, Blocking: true, Message: "this line is not UTF-8 and the file declares no other encoding: Python refuses to import it (save the file as UTF-8)"})
	}
	if len(issues) > 0 {
		msg := fmt.Sprintf("Python cannot parse this line (%s): Django would fail to import %s, and what follows may be misread", issues[0].Message, what)
		if len(issues) > 1 {
			msg += fmt.Sprintf(" (%d more syntax problems)", len(issues)-1)
		}
		ev.problems = append(ev.problems, Problem{File: rel, Line: issues[0].At.Line, Message: msg, Blocking: true})
	}
	return sf
}

// unreadableSource says why a file is not Python source at all (binary
// data), or "" when it reads as text. Such a module is not evaluated: its
// "assignments" would be noise.
func unreadableSource(sf *SourceFile) string {
	src := sf.Src
	if bytes.IndexByte(src, 0) >= 0 {
		return "this is binary data, not Python source (it has NUL bytes): Django could not import it"
	}
	if !utf8.Valid(src) {
		bad := 0
		for i := 0; i < len(src); {
			r, n := utf8.DecodeRune(src[i:])
			if r == utf8.RuneError && n == 1 {
				bad++
			}
			i += n
		}
		if bad*20 > len(src) {
			return "this is mostly not UTF-8 text, so not Python source Django could import"
		}
	}
	return ""
}

// packageOf is the package a module's relative imports start from: the
// module itself for a package's __init__.py, its parent otherwise.
func packageOf(dotted, rel string) string {
	if strings.HasSuffix(rel, "__init__.py") {
		return dotted
	}
	if i := strings.LastIndex(dotted, "."); i >= 0 {
		return dotted[:i]
	}
	return ""
}

// resolveImport turns an import's module and level into a dotted name.
func resolveImport(pkg string, level int, module string) (string, bool) {
	if level == 0 {
		return module, module != ""
	}
	base := pkg
	for i := 1; i < level; i++ {
		j := strings.LastIndex(base, ".")
		if j < 0 {
			if base == "" {
				return "", false
			}
			base = ""
			continue
		}
		base = base[:j]
	}
	switch {
	case module == "":
		return base, base != ""
	case base == "":
		return module, true
	}
	return base + "." + module, true
}

// execBlock runs statements in order, grouping if/elif/else and
// try/except/else/finally clauses the reader lists as siblings.
func (ev *evaluator) execBlock(st *moduleState, body []pysource.Stmt) (importFailed bool) {
	for i := 0; i < len(body); i++ {
		s := &body[i]
		switch s.Kind {
		case pysource.StmtAssign, pysource.StmtAnnAssign, pysource.StmtAugAssign, pysource.StmtExpr:
			ev.execOverValues(st, s)
		case pysource.StmtFromImport, pysource.StmtImport:
			if !ev.execImport(st, s) {
				return true
			}
		case pysource.StmtBlock:
			j := i + pysource.ClauseCount(body[i:])
			if ev.execCompound(st, body[i:j]) {
				return true
			}
			i = j - 1
		}
	}
	return false
}

// execFile runs a file's top-level statements in st, in order, a compound
// statement at a time, as they are read: the file's tree is never held
// whole (a generated settings module can be megabytes long).
func (ev *evaluator) execFile(st *moduleState, sf *SourceFile) {
	for group := range sf.Statements() {
		if ev.execBlock(st, group) {
			return
		}
	}
}

// execCompound runs one compound statement made of its clauses.
func (ev *evaluator) execCompound(st *moduleState, clauses []pysource.Stmt) (importFailed bool) {
	head := &clauses[0]
	switch head.Keyword {
	case "if":
		return ev.execIf(st, clauses)
	case "try":
		return ev.execTry(st, clauses)
	case "with":
		return ev.execBlock(st, head.Body)
	case "class":
		ev.execClass(st, head)
	case "def", "async def":
		st.noteGlobals(head)
	case "for", "while", "match", "case":
		// Loops and matches: apply every clause, but say the result depends on them.
		for i := range clauses {
			ev.execConditional(st, clauses[i].Body)
		}
	}
	// def and anything else: their bodies do not run at import time.
	return false
}

// execIf takes the branch whose test is known to be true; when a test
// cannot be decided, it applies that branch and every later one, marking
// what they set as Conditional (the last value wins, as the brief says).
func (ev *evaluator) execIf(st *moduleState, clauses []pysource.Stmt) bool {
	if len(clauses) == 1 && ev.failClosedGuard(st, &clauses[0]) {
		return false
	}
	for i := range clauses {
		c := &clauses[i]
		if c.Keyword == "else" {
			return ev.execBlock(st, c.Body)
		}
		test := ev.evalExpr(st, c.Header)
		if test.Kind == pysource.Unknown {
			ev.execUndecided(st, clauses[i:])
			return false
		}
		if test.Truthy() {
			return ev.execBlock(st, c.Body)
		}
	}
	return false
}

// execTry runs the try body; when an import of a project module in it
// fails (the file does not exist), the first except clause runs instead of
// the else clause. What the try body set is Conditional: files like
// local.py usually exist on one machine only.
func (ev *evaluator) execTry(st *moduleState, clauses []pysource.Stmt) bool {
	failed := ev.execConditional(st, clauses[0].Body)
	handled := false
	for i := 1; i < len(clauses); i++ {
		c := &clauses[i]
		switch c.Keyword {
		case "except":
			if failed && !handled {
				handled = true
				ev.execBlock(st, c.Body)
			}
		case "else":
			if !failed {
				ev.execBlock(st, c.Body)
			}
		case "finally":
			ev.execBlock(st, c.Body)
		}
	}
	return failed && !handled
}

// execConditional runs a body whose execution we cannot be sure of.
func (ev *evaluator) execConditional(st *moduleState, body []pysource.Stmt) bool {
	was := st.conditional
	st.conditional = true
	failed := ev.execBlock(st, body)
	st.conditional = was
	return failed
}

// execImport follows star imports and named imports of project modules.
// It returns false when the import would raise ImportError (a relative or
// project module whose file is missing).
func (ev *evaluator) execImport(st *moduleState, s *pysource.Stmt) bool {
	imp := s.Import
	if imp != nil && s.Kind == pysource.StmtImport {
		// import app.configuration as configuration: a module to read
		// attributes from (the module itself runs only when read).
		for _, n := range imp.Names {
			if _, ok := ev.p.ModuleFile(n.Name); ok && n.Alias != "" {
				st.bindModule(n.Alias, n.Name)
			} else if _, ok := ev.p.ModuleFile(n.Name + "_example"); ok && n.Alias != "" {
				st.bindModule(n.Alias, n.Name)
			}
		}
		return true
	}
	if imp == nil {
		return true
	}
	dotted, ok := resolveImport(st.pkg, imp.Level, imp.Module)
	if !ok {
		return false
	}
	_, inProject := ev.p.ModuleFile(dotted)
	if !inProject {
		// An absolute import of a library: assume it is installed. A
		// relative one, or one inside a project package, would fail.
		if imp.Level > 0 || ev.projectPackage(dotted) {
			if imp.Star {
				ev.problems = append(ev.problems, Problem{File: st.file.Path, Line: s.At.Line,
					Message: machineLocal("imports " + strings.Repeat(".", imp.Level) + imp.Module)})
			}
			return false
		}
		for _, n := range imp.Names {
			st.bind(boundName(n), &Setting{Name: boundName(n), Value: pysource.Value{Kind: pysource.Unknown}}, ev.loc(st, s.At))
		}
		return true
	}
	src := ev.evalModule(dotted, st.file.Path)
	if src == nil {
		return true
	}
	st.ctx.Merge(src.ctx)
	if imp.Star {
		for name, set := range src.ns {
			if strings.HasPrefix(name, "_") {
				continue
			}
			st.adopt(name, set)
		}
		for name, cls := range src.classes {
			if !strings.HasPrefix(name, "_") {
				st.adoptClass(name, cls)
			}
		}
		return true
	}
	for _, n := range imp.Names {
		if set, ok := src.ns[n.Name]; ok {
			st.adopt(boundName(n), set)
		}
		if cls, ok := src.classes[n.Name]; ok {
			st.adoptClass(boundName(n), cls)
		}
		if _, ok := src.ns[n.Name]; !ok {
			// from app import configuration: a submodule.
			sub := dotted + "." + n.Name
			_, isModule := ev.p.ModuleFile(sub)
			_, hasExample := ev.p.ModuleFile(sub + "_example")
			if isModule || hasExample {
				st.bindModule(boundName(n), sub)
			}
		}
	}
	return true
}

// machineLocal is the note for settings a machine keeps out of git that
// the settings load where they exist (what names how they are loaded).
func machineLocal(what string) string {
	return what + ", which is not in the project (a machine's own file, kept out of git): where it exists it can change any setting checked here, so check on that machine too (or pass its values with --env-file)"
}

// projectPackage reports whether the first component of dotted is a
// package of the project (so a missing submodule is an ImportError).
func (ev *evaluator) projectPackage(dotted string) bool {
	top, _, _ := strings.Cut(dotted, ".")
	_, ok := ev.p.ModuleFile(top)
	return ok && top != dotted
}

// adopt copies an imported setting into this namespace, keeping its history.
func (st *moduleState) adopt(name string, s *Setting) {
	c := *s
	c.Name = name
	c.History = append([]Location(nil), s.History...)
	// c.Value is shared: every change clones before it writes.
	if st.conditional {
		c.Conditional = true
	}
	st.set(name, &c)
}

func (st *moduleState) adoptClass(name string, cls *classState) {
	if st.classes == nil {
		st.classes = map[string]*classState{}
	}
	st.classes[name] = cls
}

// maxHistory caps how many assignments a setting remembers.
const maxHistory = 16

// bind sets a name to a new value at loc. The history grows in an array
// the module owns, and each Setting keeps a capped view of its tail, so a
// generated file with a million assignments stays linear; the views' cap
// ends at their length, so an append elsewhere copies instead of writing
// into the array.
func (st *moduleState) bind(name string, s *Setting, loc Location) {
	own := st.hist[name]
	old := st.ns[name]
	switch {
	case old == nil:
		own = nil
	case len(own) == 0 || len(old.History) == 0 || &own[len(own)-1] != &old.History[len(old.History)-1]:
		// The old value was not bound here (an import, a loader): start
		// an array of our own from its history.
		own = append(make([]Location, 0, 2*maxHistory), old.History...)
	}
	own = append(own, loc)
	if len(own) > 4*maxHistory {
		own = append(make([]Location, 0, 2*maxHistory), own[len(own)-maxHistory:]...)
	}
	if st.hist == nil {
		st.hist = map[string][]Location{}
	}
	st.hist[name] = own
	view := own[max(0, len(own)-maxHistory):]
	delete(st.truthy, name)
	s.Name = name
	s.Where = loc
	s.History = view[:len(view):len(view)]
	s.Conditional = st.conditional
	st.set(name, s)
}

func boundName(n pysource.ImportName) string {
	if n.Alias != "" {
		return n.Alias
	}
	if i := strings.Index(n.Name, "."); i >= 0 {
		return n.Name[:i]
	}
	return n.Name
}

// loc is the Location of a position in the module being run.
func (ev *evaluator) loc(st *moduleState, at pysource.Pos) Location {
	return Location{File: st.file.Path, Line: at.Line, Col: at.Col, Source: strings.TrimRight(st.file.Line(at.Line), " \t")}
}
