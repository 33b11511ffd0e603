package project

import (
	"encoding/json"
	"io"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// detectDjango finds the Django version the project declares, from the
// most exact source: lock files, then a project venv, then pinned
// requirements, then ranges, then the startproject header of settings.
func (p *Project) detectDjango(idx fileIndex, settingsFiles []string) DjangoVersion {
	var decls []versionDecl
	visitedReqs := map[string]bool{}
	for _, rel := range idx.Files {
		name := path.Base(rel)
		dir := path.Base(path.Dir(rel))
		switch {
		case isRequirementsName(name, dir):
			decls = append(decls, p.requirementsDecls(rel, visitedReqs, 0)...)
		case name == "pyproject.toml":
			decls = append(decls, p.pyprojectDecls(rel)...)
		case name == "Pipfile":
			decls = append(decls, p.tomlDepDecls(rel, "packages")...)
		case name == "Pipfile.lock":
			decls = append(decls, p.pipfileLockDecls(rel)...)
		case name == "poetry.lock", name == "uv.lock", name == "pdm.lock":
			decls = append(decls, p.lockPackageDecls(rel)...)
		case name == "setup.cfg":
			decls = append(decls, p.setupCfgDecls(rel)...)
		case name == "setup.py":
			decls = append(decls, p.setupPyDecls(rel)...)
		}
	}
	if d, ok := p.installedDjango(); ok {
		decls = append(decls, d)
	}
	for _, rel := range settingsFiles {
		if d, ok := p.headerDecl(rel); ok {
			decls = append(decls, d)
			break
		}
	}
	best := -1
	for i, d := range decls {
		if best < 0 || d.Rank < decls[best].Rank {
			best = i
		}
	}
	if best < 0 {
		return DjangoVersion{Patch: -1}
	}
	return decls[best].Version
}

// isRequirementsName matches requirements.txt, requirements-dev.txt,
// requirements/base.txt, requirements/prod.in.
func isRequirementsName(name, dir string) bool {
	if strings.HasPrefix(name, "requirements") && (strings.HasSuffix(name, ".txt") || strings.HasSuffix(name, ".in")) {
		return true
	}
	return dir == "requirements" && (strings.HasSuffix(name, ".txt") || strings.HasSuffix(name, ".in"))
}

var includeRe = regexp.MustCompile(`^\s*(?:-r|--requirement|-c|--constraint)(?:\s+|=)(\S+)`)

// requirementsDecls reads a requirements file and the files it includes
// with -r / -c (each file once, so include cycles end).
func (p *Project) requirementsDecls(rel string, visited map[string]bool, depth int) []versionDecl {
	rel = path.Clean(rel)
	if visited[rel] || depth > 10 {
		return nil
	}
	visited[rel] = true
	data, err := p.readRel(rel, maxConfigSize)
	if err != nil {
		return nil
	}
	var out []versionDecl
	lines := splitLines(data)
	for i := 0; i < len(lines); i++ {
		line, num := lines[i], i+1
		for strings.HasSuffix(line, "\\") && i+1 < len(lines) {
			i++
			line = strings.TrimSuffix(line, "\\") + " " + lines[i]
		}
		if m := includeRe.FindStringSubmatch(line); m != nil {
			out = append(out, p.requirementsDecls(path.Join(path.Dir(rel), m[1]), visited, depth+1)...)
			continue
		}
		if v, pinned, ok := parseRequirement(line); ok {
			out = append(out, declFor(v, pinned, rel+":"+strconv.Itoa(num), rankPinned))
		}
	}
	return out
}

// pyprojectDecls reads PEP 621 dependencies and Poetry's dependency tables.
func (p *Project) pyprojectDecls(rel string) []versionDecl {
	data, err := p.readRel(rel, maxConfigSize)
	if err != nil {
		return nil
	}
	var out []versionDecl
	for _, e := range readTOML(data) {
		switch {
		case e.Table == "project" && e.Key == "dependencies":
			for _, req := range tomlStrings(e.Value) {
				if v, pinned, ok := parseRequirement(req); ok {
					out = append(out, declFor(v, pinned, rel+":"+strconv.Itoa(e.Line+lineOffset(e.Value, req)), rankPinned))
				}
			}
		case isPoetryDepsTable(e.Table) && strings.EqualFold(e.Key, "django"):
			out = append(out, poetryDecl(e, rel))
		}
	}
	return out
}

// isPoetryDepsTable matches [tool.poetry.dependencies] and
// [tool.poetry.group.NAME.dependencies].
func isPoetryDepsTable(table string) bool {
	return table == "tool.poetry.dependencies" ||
		(strings.HasPrefix(table, "tool.poetry.group.") && strings.HasSuffix(table, ".dependencies"))
}

// poetryDecl reads `django = "^4.2"` or `django = {version = "^4.2"}`.
func poetryDecl(e tomlEntry, rel string) versionDecl {
	spec := ""
	if strings.HasPrefix(e.Value, "{") {
		spec, _ = tomlInlineField(e.Value, "version")
	} else if s := tomlStrings(e.Value); len(s) > 0 {
		spec = s[0]
	}
	v, pinned := parseSpec(spec, true)
	v.Raw = spec
	return declFor(v, pinned, rel+":"+strconv.Itoa(e.Line), rankPinned)
}

// tomlDepDecls reads a Pipfile's [packages] django entry.
func (p *Project) tomlDepDecls(rel, table string) []versionDecl {
	data, err := p.readRel(rel, maxConfigSize)
	if err != nil {
		return nil
	}
	var out []versionDecl
	for _, e := range readTOML(data) {
		if e.Table == table && strings.EqualFold(e.Key, "django") {
			d := poetryDecl(e, rel)
			// Pipfile versions are pip specifiers: a bare "4.2" is not a pin.
			if d.Version.Raw != "" && !strings.ContainsAny(d.Version.Raw[:1], "=<>~^!*") {
				v, pinned := parseSpec(d.Version.Raw, false)
				d = declFor(v, pinned, d.Version.Source, rankPinned)
			}
			out = append(out, d)
		}
	}
	return out
}

// lockPackageDecls reads [[package]] name = "django" / version = "4.2.1"
// from poetry.lock, uv.lock or pdm.lock.
func (p *Project) lockPackageDecls(rel string) []versionDecl {
	data, err := p.readRel(rel, 64<<20)
	if err != nil {
		return nil
	}
	entries := readTOML(data)
	for i, e := range entries {
		if e.Table != "package" || e.Key != "name" || !strings.EqualFold(firstString(e.Value), "django") {
			continue
		}
		for _, f := range entries[i+1:] {
			if f.Table != "package" || f.Index != e.Index {
				break
			}
			if f.Key == "version" {
				raw := firstString(f.Value)
				v, pinned := parseSpec("=="+raw, false)
				v.Raw = raw
				return []versionDecl{declFor(v, pinned, rel+":"+strconv.Itoa(f.Line), rankLock)}
			}
		}
	}
	return nil
}

// pipfileLockDecls reads Pipfile.lock's "default" section.
func (p *Project) pipfileLockDecls(rel string) []versionDecl {
	data, err := p.readRel(rel, 64<<20)
	if err != nil {
		return nil
	}
	var lock struct {
		Default map[string]struct {
			Version string `json:"version"`
		} `json:"default"`
	}
	if json.Unmarshal(data, &lock) != nil {
		p.Problems = append(p.Problems, Problem{File: rel, Message: "Pipfile.lock is not valid JSON"})
		return nil
	}
	for name, pkg := range lock.Default {
		if !strings.EqualFold(name, "django") {
			continue
		}
		v, pinned := parseSpec(pkg.Version, false)
		line := 1
		if i := strings.Index(strings.ToLower(string(data)), `"`+strings.ToLower(name)+`"`); i >= 0 {
			line = strings.Count(string(data[:i]), "\n") + 1
		}
		return []versionDecl{declFor(v, pinned, rel+":"+strconv.Itoa(line), rankLock)}
	}
	return nil
}

// setupCfgDecls reads [options] install_requires (an indented list).
func (p *Project) setupCfgDecls(rel string) []versionDecl {
	data, err := p.readRel(rel, maxConfigSize)
	if err != nil {
		return nil
	}
	var out []versionDecl
	section, inList := "", false
	for i, line := range splitLines(data) {
		trimmed := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(trimmed, "["):
			section, inList = strings.Trim(trimmed, "[] "), false
			continue
		case section != "options":
			continue
		case strings.HasPrefix(trimmed, "install_requires"):
			inList = true
			_, after, _ := strings.Cut(trimmed, "=")
			trimmed = strings.TrimSpace(after)
		case inList && trimmed != "" && line[0] != ' ' && line[0] != '\t':
			inList = false
		}
		if inList && trimmed != "" {
			if v, pinned, ok := parseRequirement(trimmed); ok {
				out = append(out, declFor(v, pinned, rel+":"+strconv.Itoa(i+1), rankPinned))
			}
		}
	}
	return out
}

var pyQuoted = regexp.MustCompile(`['"]([Dd]jango\b[^'"]*)['"]`)

// setupPyDecls finds 'Django>=4.2' strings after install_requires.
func (p *Project) setupPyDecls(rel string) []versionDecl {
	data, err := p.readRel(rel, maxConfigSize)
	if err != nil {
		return nil
	}
	start := strings.Index(string(data), "install_requires")
	if start < 0 {
		return nil
	}
	var out []versionDecl
	for _, m := range pyQuoted.FindAllSubmatchIndex(data[start:], -1) {
		req := string(data[start+m[2] : start+m[3]])
		if v, pinned, ok := parseRequirement(req); ok {
			out = append(out, declFor(v, pinned, rel+":"+strconv.Itoa(lineAt(data, start+m[0])), rankPinned))
		}
	}
	return out
}

var startprojectHeader = regexp.MustCompile(`Generated by 'django-admin startproject' using Django (\d+\.\d+(?:\.\d+)?)`)

// headerDecl reads the version the project was created with from the
// settings module's docstring.
func (p *Project) headerDecl(rel string) (versionDecl, bool) {
	// The header is in the docstring at the top: read only the start.
	f, err := os.Open(filepath.Join(p.Root, filepath.FromSlash(rel)))
	if err != nil {
		return versionDecl{}, false
	}
	buf := make([]byte, 4096)
	n, _ := io.ReadFull(f, buf)
	f.Close()
	data := buf[:n]
	loc := startprojectHeader.FindSubmatchIndex(data)
	if loc == nil {
		return versionDecl{}, false
	}
	raw := string(data[loc[2]:loc[3]])
	v, _ := parseSpec("=="+raw, false)
	v.Raw = "created with Django " + raw + " (django-admin startproject)"
	v.Source = rel + ":" + strconv.Itoa(lineAt(data, loc[0]))
	return versionDecl{Version: v, Rank: rankHeader}, true
}

// firstString is the first string literal of a TOML value.
func firstString(value string) string {
	if s := tomlStrings(value); len(s) > 0 {
		return s[0]
	}
	return ""
}

// lineOffset is how many lines into a multi-line value s first appears.
func lineOffset(value, s string) int {
	if i := strings.Index(value, s); i >= 0 {
		return strings.Count(value[:i], "\n")
	}
	return 0
}
