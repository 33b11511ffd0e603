package generator

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/djharden/djharden/checklist/pysource"
)

// A literal secret assigned at module level (or in an if/try block):
//
//	SECRET_KEY = 'value'  # comment
var literalAssign = regexp.MustCompile(`^(\s*)(SECRET_KEY|EMAIL_HOST_PASSWORD)(\s*=\s*)[uUrR]?(['"])([^'"\\]*)(['"])\s*(#.*)?$`)

// A key (or the email password) read from the environment with a literal
// fallback, which keeps the secret in the code (and in git) all the same:
//
//	SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "django-insecure-...")
//	SECRET_KEY = env("SECRET_KEY", default="...")
//	SECRET_KEY = config("SECRET_KEY", default="...")
var literalFallback = regexp.MustCompile(`^(\s*(SECRET_KEY|EMAIL_HOST_PASSWORD)\s*=\s*[\w.]+\(\s*(['"])([A-Za-z_][A-Za-z0-9_]*)(['"])\s*,\s*(?:default\s*=\s*)?)[uUrR]?(['"])([^'"\\]+)(['"])(\s*\).*)$`)

// A literal password inside a DATABASES dict: 'PASSWORD': 'value',
var literalPassword = regexp.MustCompile(`^(\s*)(['"])PASSWORD(['"])(\s*:\s*)[uUrR]?(['"])([^'"\\]*)(['"])(\s*,?)\s*(#.*)?$`)

// A database alias opening its dict: 'default': {
var dbAlias = regexp.MustCompile(`^\s*['"]([\w-]+)['"]\s*:\s*(?:\{|dict\()`)

// movedSecret is a literal secret taken out of a settings file.
type movedSecret struct {
	File    string // relative path
	Line    int    // 1-based
	Setting string // "SECRET_KEY", "EMAIL_HOST_PASSWORD", "DATABASES[default].PASSWORD"
	Var     string // environment variable that now holds it
	Value   string // the secret (never printed)
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
	notes   []string
	skipped []string

	names bindings // of the file being edited
}

func (e *secretEditor) edit(path, src string, m *pysource.Module) (string, []movedSecret) {
	eol := "\n"
	if isCRLF(src) {
		eol = "\r\n"
	}
	blockStart, blockEnd, hasBlock := findBlock(src)
	e.names = bindingsOf(m)
	multi := multiLineKeys(m)
	orig := strings.SplitAfter(src, "\n")
	lines := append([]string(nil), orig...) // the output; orig keeps the offsets right
	var moved []movedSecret
	inDB, alias, stmtLine := false, "default", -1
	importAt := -1               // line index where an import line must go, -1 = none needed
	hashAt, hashIndent := -1, "" // where "import hashlib" must go
	importIndent := ""
	offset := 0
	skipTo := 0 // lines before this index belong to a replaced multi-line key
	for i, full := range orig {
		lineStart := offset
		offset += len(full)
		if hasBlock && lineStart >= blockStart && lineStart < blockEnd {
			continue
		}
		line := strings.TrimRight(full, "\r\n")
		ending := full[len(line):]
		if k, ok := multi[i+1]; ok {
			// SECRET_KEY = ( "..." "..." ) over several lines: one line reads
			// the environment instead, the lines of the literal go.
			indent := line[:len(line)-len(strings.TrimLeft(line, " \t"))]
			read, needImport := e.read(i+1, e.varFor("SECRET_KEY"), "'")
			lines[i] = indent + "SECRET_KEY = " + read + e.devFallback("'") + ending
			e.needHash(i, indent, &hashAt, &hashIndent)
			for j := i + 1; j < k.end && j < len(lines); j++ {
				lines[j] = ""
			}
			moved = append(moved, movedSecret{File: path, Line: i + 1, Setting: "SECRET_KEY", Var: e.varFor("SECRET_KEY"), Value: k.value})
			if needImport && importAt < 0 {
				importAt, importIndent = i, indent
			}
			skipTo = k.end
			continue
		}
		if i < skipTo {
			continue
		}
		if line != "" && line[0] != ' ' && line[0] != '\t' && line[0] != '#' && line[0] != '}' && line[0] != ')' {
			inDB = strings.HasPrefix(line, "DATABASES")
			stmtLine = i
			alias = "default"
		}
		if inDB && !e.keyOnly {
			if m := dbAlias.FindStringSubmatch(line); m != nil {
				alias = m[1]
			}
			m := literalPassword.FindStringSubmatch(line)
			if m == nil || m[2] != m[3] || m[5] != m[7] || m[6] == "" {
				continue
			}
			setting := "DATABASES[" + alias + "].PASSWORD"
			v := e.varFor(setting)
			if !e.storable(path, i+1, setting, m[6]) {
				continue
			}
			read, needImport := e.read(i+1, v, m[5])
			lines[i] = m[1] + m[2] + "PASSWORD" + m[3] + m[4] + read + m[8] + comment(m[9]) + ending
			moved = append(moved, movedSecret{File: path, Line: i + 1, Setting: setting, Var: v, Value: m[6]})
			if needImport && importAt < 0 && stmtLine >= 0 {
				importAt, importIndent = stmtLine, ""
			}
			continue
		}
		if m := literalFallback.FindStringSubmatch(line); m != nil && m[3] == m[5] && m[6] == m[8] {
			setting, readVar, value := m[2], m[4], m[7]
			if setting == "SECRET_KEY" {
				// Only the fallback changes: the line keeps reading its
				// variable through its own helper, and falls back to the
				// development-only key, which production refuses.
				if !e.dev {
					lines[i] = m[1] + m[6] + m[8] + m[9] + ending
				} else {
					tail := m[9]
					if !strings.Contains(tail, "#") {
						tail += "  " + devKeyComment
					}
					lines[i] = m[1] + devKeyExpr(m[6]) + tail + ending
					indent := line[:len(line)-len(strings.TrimLeft(line, " \t"))]
					e.needHash(i, indent, &hashAt, &hashIndent)
				}
				moved = append(moved, movedSecret{File: path, Line: i + 1, Setting: setting, Var: e.varFor(setting), Value: value})
				continue
			}
			// A password fallback moves to the env file under the variable
			// the line reads, so production sees the same value.
			if e.keyOnly || !e.storable(path, i+1, setting, value) {
				continue
			}
			lines[i] = m[1] + m[6] + m[8] + m[9] + ending
			moved = append(moved, movedSecret{File: path, Line: i + 1, Setting: setting, Var: readVar, Value: value})
			continue
		}
		m := literalAssign.FindStringSubmatch(line)
		if m == nil || m[4] != m[6] {
			continue
		}
		setting, value := m[2], m[5]
		if (value == "" || e.keyOnly) && setting != "SECRET_KEY" {
			continue
		}
		v := e.varFor(setting)
		// The key is replaced whatever it holds (a new key takes over); a
		// password must fit in the env file, or it stays.
		if setting != "SECRET_KEY" && !e.storable(path, i+1, setting, value) {
			continue
		}
		read, needImport := e.read(i+1, v, m[4])
		if setting == "SECRET_KEY" && e.dev {
			read += " or " + devKeyExpr(m[4])
			if m[7] == "" {
				m[7] = devKeyComment
			}
			e.needHash(i, m[1], &hashAt, &hashIndent)
		}
		lines[i] = m[1] + setting + m[3] + read + comment(m[7]) + ending
		moved = append(moved, movedSecret{File: path, Line: i + 1, Setting: setting, Var: v, Value: value})
		if needImport && importAt < 0 {
			importAt, importIndent = i, m[1]
		}
	}
	if hashAt >= 0 {
		lines[hashAt] = hashIndent + "import hashlib  # djharden: derives the development-only key" + eol + lines[hashAt]
	}
	if importAt >= 0 {
		imp := importIndent + e.importLine() + eol
		lines[importAt] = imp + lines[importAt]
	}
	return strings.Join(lines, ""), moved
}

// devFallback is the " or <development-only key>  # djharden: ..." tail of a
// replaced key in a shared base module ("" in the module that gets the
// block: the block right below handles development).
func (e *secretEditor) devFallback(q string) string {
	if !e.dev {
		return ""
	}
	return " or " + devKeyExpr(q) + "  " + devKeyComment
}

// needHash records that line index i uses hashlib, unless the module
// imports it above.
func (e *secretEditor) needHash(i int, indent string, at *int, atIndent *string) {
	if *at >= 0 || e.names.before(e.names.hashlib, i+1) == "hashlib" {
		return
	}
	*at, *atIndent = i, indent
}

// multiLineKey is a literal SECRET_KEY assignment spanning lines.
type multiLineKey struct {
	end   int // last line, 1-based
	value string
}

// multiLineKeys finds SECRET_KEY = <literal string> statements over several
// lines (a parenthesised implicit concatenation, say), by first line. The
// one-line forms are left to the line patterns above.
func multiLineKeys(m *pysource.Module) map[int]multiLineKey {
	out := map[int]multiLineKey{}
	pysource.Walk(m.Body, func(s *pysource.Stmt, parents []*pysource.Stmt) bool {
		for _, p := range parents {
			if p.Keyword == "def" || p.Keyword == "async def" || p.Keyword == "class" {
				return false
			}
		}
		if s.Kind != pysource.StmtAssign || s.EndLine <= s.At.Line || len(s.Targets) != 1 {
			return true
		}
		if n, ok := s.Targets[0].(*pysource.Name); !ok || n.ID != "SECRET_KEY" {
			return true
		}
		if v := pysource.Literal(s.Value, nil); v.Kind == pysource.StrVal && v.Str != "" {
			out[s.At.Line] = multiLineKey{end: s.EndLine, value: v.Str}
		}
		return true
	})
	return out
}

func comment(c string) string {
	if c == "" {
		return ""
	}
	return "  " + c
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
