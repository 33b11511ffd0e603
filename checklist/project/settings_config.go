package project

import (
	"fmt"

	"github.com/djharden/djharden/checklist/pysource"
)

// Operator configuration modules (NetBox's pattern): the settings import a
// module the operator writes and read it attribute by attribute:
//
//	configuration = importlib.import_module(os.getenv("APP_CONFIGURATION", "app.configuration"))
//	DEBUG = getattr(configuration, "DEBUG", False)
//	SECRET_KEY = getattr(configuration, "SECRET_KEY")
//
// A read is evaluated against the module when it is in the project, else
// against MODULE_example (the example operators copy), marked as such on
// the setting, else it is unknown with a note.

// bindModule records that name refers to a project module (import x.y as
// name, from x import y, name = importlib.import_module("x.y")).
func (st *moduleState) bindModule(name, dotted string) {
	if st.modules == nil {
		st.modules = map[string]string{}
	}
	st.modules[name] = dotted
}

// importModuleCall recognises importlib.import_module(EXPR) and
// import_module(EXPR), returning the dotted name EXPR evaluates to.
func (ev *evaluator) importModuleCall(st *moduleState, e pysource.Expr) (string, bool) {
	call, ok := e.(*pysource.Call)
	if !ok || len(call.Args) == 0 {
		return "", false
	}
	switch pysource.DottedName(call.Func) {
	case "importlib.import_module", "import_module":
	default:
		return "", false
	}
	v := ev.evalExpr(st, call.Args[0])
	if v.Kind != pysource.StrVal {
		return "", true // imports something we cannot name
	}
	return v.Str, true
}

// moduleAttr evaluates getattr(mod, "NAME"[, default]) and mod.NAME for a
// name bound to a module; ok is false when e is neither.
func (ev *evaluator) moduleAttr(st *moduleState, e pysource.Expr) (pysource.Value, bool) {
	var modName, attr string
	var def pysource.Expr
	switch x := e.(type) {
	case *pysource.Call:
		if n, isName := x.Func.(*pysource.Name); !isName || n.ID != "getattr" || len(x.Args) < 2 || len(x.Args) > 3 {
			return unknown, false
		}
		m, isName := x.Args[0].(*pysource.Name)
		key, isStr := x.Args[1].(*pysource.Str)
		if !isName || !isStr {
			return unknown, false
		}
		modName, attr = m.ID, key.Value
		if len(x.Args) == 3 {
			def = x.Args[2]
		}
	case *pysource.Attr:
		m, isName := x.X.(*pysource.Name)
		if !isName {
			return unknown, false
		}
		modName, attr = m.ID, x.Name
	default:
		return unknown, false
	}
	dotted, bound := st.modules[modName]
	if !bound {
		return unknown, false
	}
	if dotted == "" {
		return unknown, true
	}
	src, example := ev.configModule(st, dotted)
	if src == nil {
		return unknown, true
	}
	s, set := src.ns[attr]
	if !set {
		if def == nil {
			return unknown, true // AttributeError, or a required parameter
		}
		return ev.evalExpr(st, def), true
	}
	if example {
		at := s.Where
		ev.example = &at
	}
	return s.Value, true
}

// configModule evaluates an operator configuration module, or its
// _example when the module itself is not in the project (said once in a
// note). It returns nil when neither is.
func (ev *evaluator) configModule(st *moduleState, dotted string) (*moduleState, bool) {
	if _, ok := ev.p.ModuleFile(dotted); ok {
		return ev.evalModule(dotted, st.file.Path), false
	}
	example := dotted + "_example"
	file, ok := ev.p.ModuleFile(example)
	if !ok {
		ev.noteOnce(dotted, Problem{File: st.file.Path, Message: fmt.Sprintf("the settings read %s, which is not in the project: the values read from it are unknown", dotted)})
		return nil, false
	}
	ev.noteOnce(dotted, Problem{File: file, Message: fmt.Sprintf("%s is not in the project (operators write it): values the settings read from it are judged as %s sets them", dotted, file)})
	return ev.evalModule(example, st.file.Path), true
}

func (ev *evaluator) noteOnce(key string, pr Problem) {
	if ev.noted == nil {
		ev.noted = map[string]bool{}
	}
	if !ev.noted[key] {
		ev.noted[key] = true
		ev.problems = append(ev.problems, pr)
	}
}
