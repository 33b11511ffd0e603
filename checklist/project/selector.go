package project

import (
	"fmt"
	"slices"
	"strings"

	"github.com/djharden/djharden/checklist/pysource"
)

// selectorProblems notes a settings module that manage.py or wsgi.py use
// and that imports the chosen (production) module only under a condition
// it does not meet with the environment given:
//
//	ENVIRONMENT = os.environ.get("DJANGO_ENV", "development")
//	if ENVIRONMENT == "production":
//	    from .production import *
//	else:
//	    from .development import *
//
// The checklist judges the production module, but a deployment that runs
// the selector without setting its variable gets the other branch.
func (p *Project) selectorProblems() []Problem {
	chosenFile, ok := p.ModuleFile(p.SettingsModule)
	if !ok {
		return nil
	}
	var out []Problem
	for _, c := range p.Candidates {
		if c.Module == p.SettingsModule || !entrySource(c.Sources) {
			continue
		}
		sf, err := p.Source(c.File)
		if err != nil || sf == nil {
			continue
		}
		line := 0
		for _, imp := range sf.Outline().Imports {
			dotted, ok := resolveImport(packageOf(c.Module, c.File), imp.Level, imp.Module)
			if ok && imp.Block != "" && (dotted == p.SettingsModule || slices.ContainsFunc(imp.Names, func(n pysource.ImportName) bool { return dotted+"."+n.Name == p.SettingsModule })) {
				line = imp.At.Line
				break
			}
		}
		if line == 0 {
			continue
		}
		_, files, _ := EvaluateSettings(p, c.Module)
		if slices.Contains(files, chosenFile) {
			continue
		}
		env := "without an env file (defaults)"
		if p.EnvFile != "" || p.EnvValues != nil {
			env = "with the env file's values"
		}
		out = append(out, Problem{File: c.File, Line: line, Message: fmt.Sprintf(
			"%s (%s) imports %s only under a condition that does not hold %s: a deployment that runs %s without setting what that condition reads gets other settings than the ones checked here (check that module with --settings %s)",
			c.Module, strings.Join(c.Sources, ", "), p.SettingsModule, env, c.Module, c.Module)})
	}
	return out
}

// entrySource reports whether a candidate is named by manage.py, wsgi.py
// or asgi.py (what runs by default), not only by hosting files.
func entrySource(sources []string) bool {
	for _, s := range sources {
		base := s
		if i := strings.LastIndexByte(base, '/'); i >= 0 {
			base = base[i+1:]
		}
		if strings.HasPrefix(base, "manage.py:") || strings.HasPrefix(base, "wsgi.py:") || strings.HasPrefix(base, "asgi.py:") {
			return true
		}
	}
	return false
}
