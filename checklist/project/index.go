package project

import (
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
)

// indexDepth is how deep below Root discovery lists files (settings
// packages, requirements, hosting files).
const indexDepth = 6

// outerLevels is how many directories above Root we look at for hosting
// and requirement files: with manage.py in src/ or backend/, the Procfile,
// Dockerfile and requirements usually sit at the repository's top.
const outerLevels = 3

// fileIndex lists the files discovery may read, relative to Root
// (slash-separated; files above Root start with "../").
type fileIndex struct {
	Files    []string
	Complete bool // false when the walk stopped at its limit
}

// buildIndex lists the files under root, plus the files directly in the
// directories above it up to the repository top (the first directory with
// .git, at most outerLevels up), plus the tree under start when the user
// ran djharden above Root.
func buildIndex(root, start string) fileIndex {
	entries, complete := walk(root, indexDepth)
	idx := fileIndex{Complete: complete}
	seen := map[string]bool{}
	add := func(rel string) {
		if !seen[rel] {
			seen[rel] = true
			idx.Files = append(idx.Files, rel)
		}
	}
	for _, e := range entries {
		add(e.Rel)
	}
	if _, err := os.Stat(filepath.Join(root, ".git")); err != nil {
		d := root
		for i := 0; i < outerLevels; i++ {
			parent := filepath.Dir(d)
			if parent == d {
				break
			}
			d = parent
			dirEntries, err := os.ReadDir(d)
			if err != nil {
				break
			}
			prefix := strings.Repeat("../", i+1)
			for _, e := range dirEntries {
				if e.Type().IsRegular() {
					add(prefix + e.Name())
				}
			}
			if _, err := os.Stat(filepath.Join(d, ".git")); err == nil {
				break
			}
		}
	}
	if start != root && isAncestor(start, root) {
		outer, _ := walk(start, 3)
		// Folders of other Django projects (a manage.py of their own,
		// beside Root): their files describe them, not this project.
		var others []string
		for _, e := range outer {
			if path.Base(e.Rel) == "manage.py" {
				dir := filepath.Join(start, filepath.FromSlash(path.Dir(e.Rel)))
				if !isAncestor(dir, root) {
					others = append(others, dir)
				}
			}
		}
		for _, e := range outer {
			abs := filepath.Join(start, filepath.FromSlash(e.Rel))
			if isAncestor(root, abs) {
				continue // already listed from root
			}
			if slices.ContainsFunc(others, func(o string) bool { return isAncestor(o, abs) }) {
				continue
			}
			if rel, err := filepath.Rel(root, abs); err == nil {
				add(filepath.ToSlash(rel))
			}
		}
	}
	sort.SliceStable(idx.Files, func(i, j int) bool {
		return depthOf(idx.Files[i]) < depthOf(idx.Files[j])
	})
	return idx
}

// depthOf orders paths shallow first, putting files above Root after the
// ones inside it.
func depthOf(rel string) int {
	ups := strings.Count(rel, "../")
	return strings.Count(rel, "/") - ups + 100*ups
}

// isAncestor reports whether dir is p or a directory above it.
func isAncestor(dir, p string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// readRel reads a listed file (bounded by limit).
func (p *Project) readRel(rel string, limit int64) ([]byte, error) {
	return readSmallFile(filepath.Join(p.Root, filepath.FromSlash(rel)), limit)
}
