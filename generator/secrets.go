package generator

import (
	"fmt"
)

// movedSecret is a literal secret taken out of a settings file.
type movedSecret struct {
	File    string // relative path
	Line    int    // 1-based
	Setting string // "SECRET_KEY", "EMAIL_HOST_PASSWORD", "DATABASES[default].PASSWORD"
	Var     string // environment variable that now holds it
	Value   string // the secret (never printed)
	Random  string // SECRET_KEY fell back to this random generator ("secrets.token_urlsafe"), now taken out
}

// secretEdit rewrites the literal secrets of one settings file; it returns
// the new source and what was moved. style and envObj say how to read the
// environment; vars names the variables.
type secretEditor struct {
	style   string // "os", "environ", "decouple"
	envObj  string // django-environ object name when style is environ
	varFor  func(setting string) string
	keyOnly bool // leave passwords where they are (the user keeps secrets-in-settings as it is)
	dev     bool // a replaced SECRET_KEY falls back to the development-only key (shared base modules, not the block's own)
	skipped []string

	names bindings // of the file being edited
}

// storable checks that the env file can hold the value; if not, the
// literal stays and the user is told (without the value).
func (e *secretEditor) storable(path string, line int, setting, value string) bool {
	if _, err := formatEnv(value); err != nil {
		e.skipped = append(e.skipped, fmt.Sprintf("%s:%d: %s was left in place: %v; move it by hand", path, line, setting, err))
		return false
	}
	return true
}

// read returns the expression reading variable v with an empty default,
// quoted with q, for a statement at line; and whether an import line must
// be added before it (the name it uses is not bound above that line).
func (e *secretEditor) read(line int, v, q string) (string, bool) {
	lit := q + v + q
	empty := q + q
	switch e.style {
	case "decouple":
		if name := e.names.before(e.names.config, line); name != "" {
			return name + "(" + lit + ", default=" + empty + ")", false
		}
		return "config(" + lit + ", default=" + empty + ")", true
	case "environ":
		if at, ok := e.names.envObjects[e.envObj]; ok && at < line {
			return e.envObj + ".str(" + lit + ", default=" + empty + ")", false
		}
	}
	if name := e.names.before(e.names.os, line); name != "" {
		return name + ".environ.get(" + lit + ", " + empty + ")", false
	}
	return "os.environ.get(" + lit + ", " + empty + ")", true
}

func (e *secretEditor) importLine() string {
	if e.style == "decouple" {
		return "from decouple import config  # djharden: reads secrets from the environment"
	}
	return "import os  # djharden: reads secrets from the environment"
}
