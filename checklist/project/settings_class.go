package project

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/djharden/djharden/checklist/pysource"
)

// classState is what a class body defined, as far as djharden follows it:
// its attributes (bases first, then its own), and the settings-like names
// it computes in methods or properties, which stay unknown.
type classState struct {
	name    string
	at      Location
	attrs   map[string]*Setting
	dynamic map[string]classDef // upper-case names defined by def (methods, properties)
	// foreign is a base class djharden did not evaluate (a library's
	// Configuration, say): its attributes and behaviour are unknown.
	foreign string
	bases   []*classState
	loaded  bool // a loader copied it (or a subclass) into a module
}

// classDef is a def of a settings-like name in a class body.
type classDef struct {
	at    Location
	owner string
}

// execClass evaluates a class body in a namespace layered over the
// module's, as Python does at import time, and records its attributes.
func (ev *evaluator) execClass(st *moduleState, s *pysource.Stmt) {
	cls := &classState{name: s.Name, at: ev.loc(st, s.At), attrs: map[string]*Setting{}, dynamic: map[string]classDef{}}
	for _, b := range classBases(s.Header) {
		if n, ok := b.(*pysource.Name); ok {
			if base := st.classes[n.ID]; base != nil {
				cls.bases = append(cls.bases, base)
				maps.Copy(cls.attrs, base.attrs)
				maps.Copy(cls.dynamic, base.dynamic)
				if cls.foreign == "" {
					cls.foreign = base.foreign
				}
				continue
			}
			if n.ID == "object" {
				continue
			}
		}
		if name := pysource.DottedName(b); name != "" && cls.foreign == "" {
			cls.foreign = name
		}
	}
	global := st.ns
	layered := maps.Clone(global)
	maps.Copy(layered, cls.attrs)
	st.ns = layered
	var body []pysource.Stmt
	for _, b := range s.Body {
		if b.Kind == pysource.StmtBlock && (b.Keyword == "def" || b.Keyword == "async def") {
			if isSettingName(b.Name) {
				cls.dynamic[b.Name] = classDef{at: ev.loc(st, b.At), owner: s.Name}
				delete(layered, b.Name)
			}
			continue
		}
		body = append(body, b)
	}
	ev.execBlock(st, body)
	st.ns = global
	for name, set := range layered {
		if cls.attrs[name] == set || global[name] != set {
			cls.attrs[name] = set
			delete(cls.dynamic, name)
		}
	}
	if st.classes == nil {
		st.classes = map[string]*classState{}
	}
	st.classes[s.Name] = cls
}

func classBases(h pysource.Expr) []pysource.Expr {
	switch h := h.(type) {
	case nil:
		return nil
	case *pysource.Tuple:
		return h.Elts
	}
	return []pysource.Expr{h}
}

// execLoader recognises a statement that copies a settings class into the
// module: Settings.load_settings(__name__), cbs.apply("Settings",
// globals()), globals().update(vars(Settings)) and the like: a call that
// names exactly one evaluated class and the module itself (__name__ or
// globals()). It reports whether it applied one.
func (ev *evaluator) execLoader(st *moduleState, s *pysource.Stmt) bool {
	call, ok := s.Value.(*pysource.Call)
	if !ok || len(st.classes) == 0 {
		return false
	}
	var named []string
	module := false
	pysource.Inspect(call, func(e pysource.Expr) bool {
		switch x := e.(type) {
		case *pysource.Name:
			if x.ID == "__name__" || x.ID == "globals" {
				module = true
			} else if st.classes[x.ID] != nil && !slices.Contains(named, x.ID) {
				named = append(named, x.ID)
			}
		case *pysource.Str:
			if st.classes[x.Value] != nil && !slices.Contains(named, x.Value) {
				named = append(named, x.Value)
			}
		}
		return true
	})
	if !module || len(named) != 1 {
		return false
	}
	cls := st.classes[named[0]]
	cls.markLoaded()
	for _, name := range slices.Sorted(maps.Keys(cls.attrs)) {
		if !isSettingName(name) {
			continue
		}
		c := *cls.attrs[name]
		c.Value = cloneValue(c.Value)
		c.Conditional = c.Conditional || st.conditional
		st.set(name, &c)
	}
	for _, name := range slices.Sorted(maps.Keys(cls.dynamic)) {
		def := cls.dynamic[name]
		at := def.at
		st.set(name, &Setting{Name: name, Value: unknown, Where: at, History: []Location{at}})
		ev.problems = append(ev.problems, Problem{File: at.File, Line: at.Line,
			Message: fmt.Sprintf("%s is computed by a method of class %s: djharden does not run it, so its value is unknown", name, def.owner)})
	}
	if cls.foreign != "" {
		ev.unread = append(ev.unread, Problem{File: cls.at.File, Line: cls.at.Line,
			Message: fmt.Sprintf("class %s builds on %s, which djharden does not follow: its settings are unknown", cls.name, cls.foreign)})
	}
	return true
}

func (c *classState) markLoaded() {
	c.loaded = true
	for _, b := range c.bases {
		b.markLoaded()
	}
}

// unfollowedClasses records, for a module of the chain, classes that hold
// Django settings the module itself does not set and that no recognised
// loader copied in (django-configurations' Configuration classes, custom
// loaders): what Django sees then depends on code djharden does not run.
func (ev *evaluator) unfollowedClasses(st *moduleState, final map[string]*Setting) {
	defaults := Defaults(ev.p.Django.Checked())
	heldSet := map[string]bool{}
	var classes []string
	var first *classState
	for _, name := range slices.Sorted(maps.Keys(st.classes)) {
		cls := st.classes[name]
		if cls.loaded || cls.at.File != st.file.Path {
			continue
		}
		holds := false
		for attr := range cls.attrs {
			if _, known := defaults[attr]; (known || attr == "SECRET_KEY") && final[attr] == nil {
				heldSet[attr], holds = true, true
			}
		}
		for attr := range cls.dynamic {
			if _, known := defaults[attr]; known && final[attr] == nil {
				heldSet[attr], holds = true, true
			}
		}
		if holds {
			classes = append(classes, cls.name)
			if first == nil || cls.at.Line < first.at.Line {
				first = cls
			}
		}
	}
	if first == nil {
		return
	}
	held := slices.Sorted(maps.Keys(heldSet))
	if len(held) > 4 {
		held = append(held[:4], "...")
	}
	slices.SortFunc(classes, func(a, b string) int { return st.classes[a].at.Line - st.classes[b].at.Line })
	ev.unread = append(ev.unread, Problem{File: first.at.File, Line: first.at.Line,
		Message: fmt.Sprintf("%s are attributes of class %s; djharden cannot tell which class reaches the settings module, or how (class-based settings)",
			strings.Join(held, ", "), strings.Join(classes, ", "))})
}
