package project

import (
	"bytes"
	"path"
	"regexp"
	"strconv"
	"strings"
)

// maxConfigSize bounds the configuration files we read (Procfile, toml,
// yaml, ini, requirements). Real ones are tiny.
const maxConfigSize = 1 << 20

// refKind says what kind of file referenced a settings module; the choice
// of settings module weighs them differently.
type refKind int

const (
	refManage  refKind = iota // manage.py
	refWSGI                   // wsgi.py / asgi.py: what the server loads
	refHosting                // Procfile, Dockerfile, compose, fly.toml, render.yaml, app.yaml
	refTest                   // pytest.ini, tox.ini, setup.cfg, pyproject.toml
	refEnv                    // .env files
	refOther                  // celery.py and the like
	refLocal                  // a compose file for local development: not where production runs
)

// settingsRef is one place that names DJANGO_SETTINGS_MODULE's value.
type settingsRef struct {
	Module string
	File   string // relative to Root
	Line   int
	Kind   refKind
}

// Where renders "file:line".
func (r settingsRef) Where() string { return r.File + ":" + strconv.Itoa(r.Line) }

var (
	// os.environ.setdefault("DJANGO_SETTINGS_MODULE", "x"), possibly split over lines.
	pySetdefault = regexp.MustCompile(`(?s)setdefault\(\s*['"]DJANGO_SETTINGS_MODULE['"]\s*,\s*[rRuU]?['"]([A-Za-z_][\w.]*)['"]`)
	// os.environ["DJANGO_SETTINGS_MODULE"] = "x"
	pySubscript = regexp.MustCompile(`\[\s*['"]DJANGO_SETTINGS_MODULE['"]\s*\]\s*=\s*[rRuU]?['"]([A-Za-z_][\w.]*)['"]`)
	// Generic config syntax: KEY=x, KEY x (Dockerfile ENV), KEY: x (YAML), KEY = "x" (TOML/INI).
	configAssign = regexp.MustCompile(`DJANGO_SETTINGS_MODULE['"]?(?:\s*[=:]\s*|\s+)['"]?([A-Za-z_][\w.]*)`)
	// render.yaml: "- key: DJANGO_SETTINGS_MODULE" then "value: x".
	yamlKeyLine   = regexp.MustCompile(`^\s*-?\s*key:\s*['"]?DJANGO_SETTINGS_MODULE['"]?\s*$`)
	yamlValueLine = regexp.MustCompile(`^\s*value:\s*['"]?([A-Za-z_][\w.]*)`)
)

// refKindOf classifies a file (slash path relative to Root) as a source of
// settings references; ok is false for files we do not read for them.
func refKindOf(rel string) (refKind, bool) {
	name := path.Base(rel)
	switch {
	case name == "manage.py":
		return refManage, true
	case name == "wsgi.py", name == "asgi.py":
		return refWSGI, true
	case name == "celery.py":
		return refOther, true
	case name == "pytest.ini", name == "tox.ini", name == "setup.cfg", name == "pyproject.toml":
		return refTest, true
	case isEnvFileName(name):
		return refEnv, true
	case hostingFileKind(rel) != "":
		return refHosting, true
	}
	return 0, false
}

// findRefs lists the settings modules a file names.
func findRefs(rel string, kind refKind, data []byte) []settingsRef {
	var refs []settingsRef
	add := func(module string, line int) {
		refs = append(refs, settingsRef{Module: strings.TrimSuffix(module, "."), File: rel, Line: line, Kind: kind})
	}
	if strings.HasSuffix(rel, ".py") {
		for _, re := range []*regexp.Regexp{pySetdefault, pySubscript} {
			for _, m := range re.FindAllSubmatchIndex(data, -1) {
				if inComment(data, m[0]) {
					continue
				}
				add(string(data[m[2]:m[3]]), lineAt(data, m[0]))
			}
		}
		return refs
	}
	lines := splitLines(data)
	for i, line := range lines {
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "#") || strings.HasPrefix(trimmed, ";") {
			continue
		}
		if yamlKeyLine.MatchString(line) {
			// The value is on one of the next lines of the same list item.
			for j := i + 1; j < len(lines) && j <= i+3; j++ {
				if m := yamlValueLine.FindStringSubmatch(lines[j]); m != nil {
					add(m[1], j+1)
					break
				}
			}
			continue
		}
		for _, m := range configAssign.FindAllStringSubmatch(line, -1) {
			add(m[1], i+1)
		}
	}
	return refs
}

// inComment reports whether offset off sits after a # on its line (a rough
// test that is right for the setdefault lines Django generates).
func inComment(data []byte, off int) bool {
	start := bytes.LastIndexByte(data[:off], '\n') + 1
	return bytes.IndexByte(data[start:off], '#') >= 0
}

// lineAt is the 1-based line of byte offset off.
func lineAt(data []byte, off int) int {
	return bytes.Count(data[:off], []byte("\n")) + 1
}

// splitLines splits text into lines without their endings.
func splitLines(data []byte) []string {
	s := strings.ReplaceAll(string(data), "\r\n", "\n")
	s = strings.TrimSuffix(s, "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// isEnvFileName reports whether name is an env file (.env, .env.prod,
// prod.env), examples and templates included.
func isEnvFileName(name string) bool {
	return name == ".env" || strings.HasPrefix(name, ".env.") || strings.HasSuffix(name, ".env")
}

// isEnvExample reports whether an env file is a template meant to be
// committed (.env.example, .env.sample, .env.template, .env.dist).
func isEnvExample(name string) bool {
	for _, suffix := range []string{".example", ".sample", ".template", ".dist", ".tmpl", ".defaults"} {
		if strings.HasSuffix(name, suffix) {
			return true
		}
	}
	return false
}
