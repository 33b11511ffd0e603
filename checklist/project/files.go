package project

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"

	"github.com/djharden/djharden/internal/regularfile"
)

// MaxSourceSize is the largest Python file Source reads. Real settings
// modules are a few kilobytes; anything this big is generated data or a
// mistake, and parsing it would only slow the run down.
const MaxSourceSize = 16 << 20

// utf8BOM is the byte order mark some Windows editors put at the start.
var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// filesMu guards Project.Files for every Project. A package-level lock
// (rather than a field) keeps Project a plain struct that callers and tests
// can build as a literal and copy without tripping vet's copylocks check;
// parsing is cheap enough that one lock for all projects costs nothing.
var filesMu sync.Mutex

// pythonRoots are the directories, relative to Root, that act as the
// Python path: the directory of manage.py itself, and a src/ layout.
var pythonRoots = []string{"", "src"}

// ModuleFile resolves a dotted module to its file relative to p.Root:
// "a/b.py", or "a/b/__init__.py" for a package. It tries Root (where
// manage.py sits) first, then a src/ layout. Relative imports must be made
// absolute by the caller.
func (p *Project) ModuleFile(dotted string) (rel string, ok bool) {
	parts, valid := splitModule(dotted)
	if !valid {
		return "", false
	}
	for _, root := range pythonRoots {
		base := path.Join(append([]string{root}, parts...)...)
		// A package directory wins over a module of the same name, as in
		// Python's own path finder.
		for _, cand := range []string{base + "/__init__.py", base + ".py"} {
			if p.isRegularFile(cand) {
				return cand, true
			}
		}
	}
	return "", false
}

// ModuleName is the inverse of ModuleFile: "a/b.py" -> "a.b",
// "a/b/__init__.py" -> "a.b", "src/a/b.py" -> "a.b" when src is a layout
// root rather than a package. It returns "" for a path that is not a
// Python module name.
func (p *Project) ModuleName(rel string) string {
	rel = filepath.ToSlash(path.Clean(filepath.ToSlash(rel)))
	if !strings.HasSuffix(rel, ".py") {
		return ""
	}
	rel = strings.TrimSuffix(rel, ".py")
	rel = strings.TrimSuffix(rel, "/__init__")
	if rest, found := strings.CutPrefix(rel, "src/"); found && !p.isRegularFile("src/__init__.py") {
		rel = rest
	}
	parts := strings.Split(rel, "/")
	for _, part := range parts {
		if !isIdentifier(part) {
			return ""
		}
	}
	return strings.Join(parts, ".")
}

// Source reads and parses a Python file of the project once; later calls
// return the cached result. rel is relative to Root. Files over
// MaxSourceSize, files that are not regular files and paths outside Root
// are errors.
func (p *Project) Source(rel string) (*SourceFile, error) {
	key := filepath.ToSlash(path.Clean(filepath.ToSlash(rel)))
	if !filepath.IsLocal(filepath.FromSlash(key)) {
		return nil, fmt.Errorf("%s: path is outside the project", rel)
	}
	filesMu.Lock()
	defer filesMu.Unlock()
	if sf, ok := p.Files[key]; ok {
		return sf, nil
	}
	data, err := readSmallFile(filepath.Join(p.Root, filepath.FromSlash(key)), MaxSourceSize)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", key, err)
	}
	sf := NewSourceFile(key, data)
	if p.Files == nil {
		p.Files = map[string]*SourceFile{}
	}
	p.Files[key] = sf
	return sf, nil
}

// readSmallFile reads a regular file of at most limit bytes (a FIFO or a
// device where a file was expected is refused without blocking).
func readSmallFile(name string, limit int64) ([]byte, error) {
	return regularfile.Read(name, limit, nil)
}

// isRegularFile reports whether rel (slash-separated, relative to Root) is
// a regular file, following symlinks.
func (p *Project) isRegularFile(rel string) bool {
	st, err := os.Stat(filepath.Join(p.Root, filepath.FromSlash(rel)))
	return err == nil && st.Mode().IsRegular()
}

// splitModule splits a dotted module name, rejecting anything that is not
// a sequence of Python identifiers (so "../x" or "a..b" never reach the
// file system).
func splitModule(dotted string) ([]string, bool) {
	if dotted == "" {
		return nil, false
	}
	parts := strings.Split(dotted, ".")
	for _, part := range parts {
		if !isIdentifier(part) {
			return nil, false
		}
	}
	return parts, true
}

// isIdentifier reports whether s is a Python identifier. Non-ASCII letters
// are allowed, as in Python 3.
func isIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		switch {
		case r == '_', r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r > 0x7f && r != 0xFFFD:
		case r >= '0' && r <= '9':
			if i == 0 {
				return false
			}
		default:
			return false
		}
	}
	return true
}
