package project

import (
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/djharden/djharden/checklist/scan"
)

// scanRoot is the directory the code scan covers: the repository, not only
// the folder of manage.py (manage.py in sandbox/ with the code in src/).
// That is the git top level when Root is in a work tree (git's answer, or
// the nearest .git up to outerLevels above), else the directory the user
// gave when it holds Root, else Root.
func (p *Project) scanRoot(start string) string {
	if top := p.Git.TopLevel; top != "" && within(top, p.Root) {
		return top
	}
	d := p.Root
	for i := 0; i <= outerLevels; i++ {
		if _, err := os.Stat(filepath.Join(d, ".git")); err == nil {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			break
		}
		d = parent
	}
	if start != "" && within(start, p.Root) {
		return start
	}
	return p.Root
}

// scanRepository runs the code scan over scanRoot and rebases what it
// found onto Root ("../src/shop/views.py"), as every other location is.
// Sites in another Django project of the same repository (a folder with a
// manage.py of its own, beside Root's) are left out: evidence from one
// sub-project is never cited for another.
func (p *Project) scanRepository(start string, opts scan.Options) (*scan.Result, error) {
	root := p.scanRoot(start)
	if root != p.Root {
		var dirs []string
		for _, d := range opts.TemplateDirs {
			if rel, err := filepath.Rel(root, filepath.Join(p.Root, filepath.FromSlash(d))); err == nil {
				dirs = append(dirs, filepath.ToSlash(rel))
			}
		}
		opts.TemplateDirs = dirs
	}
	res, err := scan.Dir(root, opts)
	if res == nil || root == p.Root {
		return res, err
	}
	others := p.otherProjects(root)
	kept := res.Sites[:0]
	for _, s := range res.Sites {
		if inAny(others, s.File) {
			continue
		}
		rel, rerr := filepath.Rel(p.Root, filepath.Join(root, filepath.FromSlash(s.File)))
		if rerr != nil {
			continue
		}
		s.File = filepath.ToSlash(rel)
		kept = append(kept, s)
	}
	res.Sites = kept
	res.Root = p.Root
	return res, err
}

// otherProjects lists, relative to root, the folders holding a manage.py
// that is not Root's and not above it: other Django projects.
func (p *Project) otherProjects(root string) []string {
	entries, _ := walk(root, indexDepth)
	var out []string
	for _, e := range entries {
		if path.Base(e.Rel) != "manage.py" {
			continue
		}
		dir := path.Dir(e.Rel)
		abs := filepath.Join(root, filepath.FromSlash(dir))
		if within(abs, p.Root) {
			continue // Root's own manage.py, or one above it
		}
		out = append(out, dir)
	}
	return out
}

// inAny reports whether the slash path file lies in one of dirs.
func inAny(dirs []string, file string) bool {
	for _, d := range dirs {
		if d == "." || strings.HasPrefix(file, d+"/") {
			return true
		}
	}
	return false
}
