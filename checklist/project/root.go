package project

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// rootSearchDepth is how deep below the starting directory we look for
// manage.py: deep enough for src/, backend/src/ and the like.
const rootSearchDepth = 4

// rootResult is what findRoot learned.
type rootResult struct {
	Root     string // absolute
	ManagePy string // relative to Root, "" without one
	Problems []Problem
}

// findRoot locates the Django project for a directory: manage.py in dir
// or a parent (stopping at the work tree's .git), then below dir; without
// any manage.py, the directory above a settings package.
func findRoot(dir string) (*rootResult, error) {
	if p, ok := manageInParents(dir); ok {
		return &rootResult{Root: p, ManagePy: "manage.py"}, nil
	}
	files, complete := walk(dir, rootSearchDepth)
	var manages, settings []string
	for _, f := range files {
		switch name := path.Base(f.Rel); {
		case name == "manage.py":
			manages = append(manages, f.Rel)
		case name == "settings.py", strings.HasSuffix(f.Rel, "/settings/__init__.py"):
			settings = append(settings, f.Rel)
		}
	}
	res := &rootResult{}
	if !complete {
		res.Problems = append(res.Problems, Problem{Message: fmt.Sprintf(
			"stopped looking for manage.py after %d directories; run djharden in the project directory", maxWalkDirs)})
	}
	if len(manages) > 0 {
		// walk lists files breadth-first, so the first is the shallowest.
		chosen := manages[0]
		res.Root = filepath.Join(dir, filepath.FromSlash(path.Dir(chosen)))
		res.ManagePy = "manage.py"
		if len(manages) > 1 {
			res.Problems = append(res.Problems, Problem{
				File: chosen,
				Message: fmt.Sprintf("found %d manage.py files; using the shallowest, %s (others: %s)",
					len(manages), chosen, strings.Join(manages[1:], ", ")),
			})
		}
		return res, nil
	}
	if len(settings) > 0 {
		chosen := settings[0]
		res.Root = settingsRoot(filepath.Join(dir, filepath.FromSlash(chosen)))
		rel, err := filepath.Rel(res.Root, filepath.Join(dir, filepath.FromSlash(chosen)))
		if err != nil {
			rel = chosen
		}
		res.Problems = append(res.Problems, Problem{
			File: filepath.ToSlash(rel),
			Message: "no manage.py found; using the directory above the settings package as the project root, " +
				"so module names may be off",
		})
		return res, nil
	}
	return nil, fmt.Errorf("no Django project found in %s or below (looked for manage.py and settings.py)", dir)
}

// manageInParents looks for manage.py in dir and its parents. It stops
// after the first directory holding .git (the work tree's top), so a
// project never borrows a manage.py from outside its repository.
func manageInParents(dir string) (string, bool) {
	for d := dir; ; {
		if st, err := os.Stat(filepath.Join(d, "manage.py")); err == nil && st.Mode().IsRegular() {
			return d, true
		}
		if _, err := os.Stat(filepath.Join(d, ".git")); err == nil {
			return "", false
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", false
		}
		d = parent
	}
}

// settingsRoot is the Python path root for a settings file: the directory
// above the outermost package that contains it. For mysite/settings.py that
// is the directory holding mysite; for config/settings/__init__.py inside a
// config package, the directory holding config.
func settingsRoot(file string) string {
	pkg := filepath.Dir(file)
	if filepath.Base(file) == "__init__.py" {
		pkg = filepath.Dir(pkg) // the settings package's parent package
	}
	root := filepath.Dir(pkg)
	// Climb while the directory is itself a package (bounded: a package
	// nest deeper than this is not a real layout).
	for i := 0; i < 8; i++ {
		if _, err := os.Stat(filepath.Join(pkg, "__init__.py")); err != nil {
			break
		}
		if _, err := os.Stat(filepath.Join(root, "__init__.py")); err != nil {
			break
		}
		parent := filepath.Dir(root)
		if parent == root {
			break
		}
		pkg, root = root, parent
	}
	return root
}
