package scan

import (
	"path"
	"strings"
)

// skippedDirNames are directories never worth scanning: version control,
// installed packages, caches and build output.
var skippedDirNames = map[string]bool{
	".git": true, ".hg": true, ".svn": true,
	"node_modules": true, "site-packages": true, "dist-packages": true, "bower_components": true,
	"__pycache__": true, ".tox": true, ".nox": true, ".eggs": true,
	".mypy_cache": true, ".pytest_cache": true, ".ruff_cache": true, ".hypothesis": true,
	"build": true, "dist": true, "htmlcov": true,
	".venv": true, // a virtualenv even before pyvenv.cfg is written
}

// skipDir reports whether a directory, by its name alone, is left out.
func skipDir(name string) bool {
	return skippedDirNames[name] || strings.HasSuffix(name, ".egg-info")
}

// fileKind says how a file is scanned.
type fileKind uint8

const (
	kindNone fileKind = iota
	kindPython
	kindTemplate
)

// templateExts are the extensions Django projects use for templates.
var templateExts = map[string]bool{".html": true, ".htm": true, ".txt": true, ".md": true, ".xml": true, ".email": true}

// classify decides from a slash-separated path relative to the root whether
// and how a file is scanned. Templates count only under a "templates"
// directory or one of the extra template dirs (TEMPLATES DIRS from settings),
// so a README.txt or a sitemap .xml elsewhere is left alone.
func classify(rel string, templateDirs []string) fileKind {
	ext := path.Ext(rel)
	if ext == ".py" {
		return kindPython
	}
	if !templateExts[ext] {
		return kindNone
	}
	if hasDirComponent(rel, "templates") {
		return kindTemplate
	}
	for _, d := range templateDirs {
		d = strings.Trim(d, "/")
		if d == "" || d == "." || strings.HasPrefix(rel, d+"/") {
			return kindTemplate
		}
	}
	return kindNone
}

// hasDirComponent reports whether a directory (not the file name) of rel is named name.
func hasDirComponent(rel, name string) bool {
	dir := path.Dir(rel)
	if dir == "." {
		return false
	}
	for _, c := range strings.Split(dir, "/") {
		if c == name {
			return true
		}
	}
	return false
}

// isTestOrMigration reports whether a file belongs to tests or migrations,
// whose sites are counted but not listed unless Options.IncludeTests.
func isTestOrMigration(rel string) bool {
	if hasDirComponent(rel, "tests") || hasDirComponent(rel, "test") || hasDirComponent(rel, "migrations") {
		return true
	}
	base := path.Base(rel)
	if base == "tests.py" || base == "conftest.py" {
		return true
	}
	if strings.HasSuffix(base, ".py") && (strings.HasPrefix(base, "test_") || strings.HasSuffix(base, "_tests.py")) {
		return true
	}
	return false
}
