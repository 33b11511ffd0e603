package generator

import (
	"bytes"
	"errors"
	"fmt"
	"github.com/djharden/djharden/checklist/project"
	"strings"

	"github.com/djharden/djharden/checklist/pysource"
)

// ErrCannotEdit wraps every refusal to edit a layout djharden cannot
// change correctly (templated settings, class-based settings, unreadable
// files): the CLI turns it into exit code 2, and nothing is written.
var ErrCannotEdit = errors.New("cannot edit these settings safely")

// refuseLayout checks one settings file of the chain before anything is
// edited. It returns an ErrCannotEdit error naming the file and what
// djharden would have changed.
func refuseLayout(rel string, src []byte) error {
	refuse := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s: %s; nothing was written (djharden check lists what apply would change)", ErrCannotEdit, rel, fmt.Sprintf(format, args...))
	}
	switch {
	case strings.Contains(rel, "{{") || strings.Contains(rel, "{%"):
		return refuse("this is a project template (its path has template tags), not a project")
	case len(src) > MaxFileSize:
		return fmt.Errorf("%w: %s is %d bytes: djharden edits settings modules of at most 1 MiB (a hand-written one is far smaller, and a larger one is generated or not what it seems); nothing was written", ErrCannotEdit, rel, len(src))
	case bytes.IndexByte(src, 0) >= 0:
		return fmt.Errorf("%w: %s:%d: a NUL byte: Python cannot import this module, so djharden will not write into it; remove it and run again", ErrCannotEdit, rel, lineAt(src, bytes.IndexByte(src, 0)))
	case pysource.UndecodableLine(src) > 0:
		return fmt.Errorf("%w: %s:%d: bytes that are not UTF-8, and the file declares no encoding: Python cannot import this module, so djharden will not write into it; save it as UTF-8 and run again", ErrCannotEdit, rel, pysource.UndecodableLine(src))
	}
	if templated(src) {
		return refuse("the settings are a Jinja/cookiecutter template ({{ ... }} or {%% ... %%}); edit the rendered project instead")
	}
	return nil
}

// templated reports whether src holds template tags outside strings that
// Python would read as code: `{% if %}` lines, or `{{ cookiecutter... }}`.
func templated(src []byte) bool {
	for _, line := range strings.Split(string(src), "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "{%") || strings.HasPrefix(t, "{{") {
			return true
		}
		if strings.Contains(t, "{{ cookiecutter.") || strings.Contains(t, "{{cookiecutter.") {
			return true
		}
	}
	return false
}

// refuseClasses refuses settings written as classes (django-configurations
// and the like), whose values live in class bodies, and settings dynaconf
// finishes (DjangoDynaconf at the end of the module): a module-level block
// cannot override either.
func refuseClasses(rel string, m *pysource.Module) error {
	for _, imp := range m.Imports() {
		for _, n := range append([]pysource.ImportName{{Name: imp.Module}}, imp.Names...) {
			if imp.Level > 0 || strings.Split(n.Name, ".")[0] != "configurations" {
				continue
			}
			return fmt.Errorf("%w: %s: settings are classes of django-configurations, which a module-level block cannot override; nothing was written (set the values in the class djharden check names)", ErrCannotEdit, rel)
		}
	}
	dynaconf := false
	pysource.Walk(m.Body, func(s *pysource.Stmt, _ []*pysource.Stmt) bool {
		dynaconf = dynaconf || s.Value != nil && project.DynaconfLoad(s.Value)
		return !dynaconf
	})
	if dynaconf {
		return fmt.Errorf("%w: %s: dynaconf finishes these settings (DjangoDynaconf) from settings.toml and DJANGO_* variables after anything the module sets, so a block here would not hold; nothing was written (set the values in dynaconf's files or variables)", ErrCannotEdit, rel)
	}
	return nil
}

// refuseUnknownIncludes refuses a target module whose top level runs
// django-split-settings include(*LIST) of a list djharden cannot read:
// whether its files are the base settings (the block goes after them) or
// a machine's own (the block goes before them) is unknown.
func refuseUnknownIncludes(rel string, m *pysource.Module) error {
	sp := splitNames(m)
	for i := range m.Body {
		if s := &m.Body[i]; sp.classify(s) == "unknown" {
			return fmt.Errorf("%w: %s:%d: include() runs the files of a list this module does not set once, as a literal: djharden cannot tell whether they are the base settings or a machine's own overrides, so it cannot tell where the hardened block goes; nothing was written (bind the list once, e.g. LOCAL = [optional(\"local.py\")], or name the files in the call)",
				ErrCannotEdit, rel, s.At.Line)
		}
	}
	return nil
}

// refuseOptionalIncludes refuses a target module whose django-split-settings
// include() runs optional files (a machine's own local settings): a block
// after that call would override them, and one before it would be
// overridden by the files it includes. The fix is the project's own: give
// the optional files an include() call of their own, after the others.
func refuseOptionalIncludes(p *project.Project, target string) error {
	if p == nil || p.Settings == nil {
		return nil
	}
	shared := func(opt project.Include) bool { // the same call names required files too
		for _, inc := range p.Settings.Includes {
			if !inc.Optional && inc.From.File == opt.From.File && inc.From.Line == opt.From.Line {
				return true
			}
		}
		return false
	}
	for _, inc := range p.Settings.Includes {
		if inc.Optional && inc.From.File == target && shared(inc) {
			return fmt.Errorf("%w: %s:%d: include() runs optional(%q) with the other settings files: the hardened block would override that local file after the call, or be overridden by the other files before it; move the optional files to an include() of their own after the others and run again (nothing was written)",
				ErrCannotEdit, inc.From.File, inc.From.Line, inc.Pattern)
		}
	}
	return nil
}
