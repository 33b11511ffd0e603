package project

import (
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// maxWalkDirs bounds every directory walk, so a huge tree (a monorepo, a
// home directory) costs a bounded amount of time.
const maxWalkDirs = 20000

// skippedDirs are directories that never hold project code: version
// control, caches, installed packages.
var skippedDirs = map[string]bool{
	".git": true, ".hg": true, ".svn": true, ".tox": true, ".nox": true,
	".mypy_cache": true, ".pytest_cache": true, ".ruff_cache": true, "__pycache__": true,
	"node_modules": true, "site-packages": true, "dist-packages": true,
	".idea": true, ".vscode": true,
}

// within reports whether path is dir or below it (both real paths).
func within(dir, path string) bool {
	if dir == "" {
		return true
	}
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// walkEntry is one file found by walk.
type walkEntry struct {
	Rel   string // slash-separated, relative to the walk's root
	Depth int    // 0 for files directly in the root
}

// walk lists the files under root breadth-first, down to maxDepth
// directory levels, in a stable order (by depth, then path). It skips
// skippedDirs and virtual environments (a directory holding pyvenv.cfg),
// follows symlinked directories that stay inside the tree once (each real
// directory is visited at most once, so symlink loops end), and ignores what it cannot read. The
// bool is false when the limit on directories was reached.
func walk(root string, maxDepth int) ([]walkEntry, bool) {
	type dir struct {
		rel   string
		depth int
	}
	visited := map[string]bool{}
	realRoot, err := filepath.EvalSymlinks(root)
	if err == nil {
		visited[realRoot] = true
	}
	var out []walkEntry
	queue := []dir{{"", 0}}
	seenDirs := 0
	complete := true
	for len(queue) > 0 {
		d := queue[0]
		queue = queue[1:]
		seenDirs++
		if seenDirs > maxWalkDirs {
			complete = false
			break
		}
		abs := filepath.Join(root, filepath.FromSlash(d.rel))
		entries, err := os.ReadDir(abs)
		if err != nil {
			continue
		}
		sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
		for _, e := range entries {
			rel := path.Join(d.rel, e.Name())
			isDir := e.IsDir()
			if e.Type()&os.ModeSymlink != 0 {
				st, err := os.Stat(filepath.Join(abs, e.Name()))
				if err != nil {
					continue // dangling link
				}
				isDir = st.IsDir()
			}
			if !isDir {
				if e.Type().IsRegular() || e.Type()&os.ModeSymlink != 0 {
					out = append(out, walkEntry{Rel: rel, Depth: d.depth})
				}
				continue
			}
			if d.depth >= maxDepth || skippedDirs[e.Name()] {
				continue
			}
			childAbs := filepath.Join(abs, e.Name())
			if _, err := os.Stat(filepath.Join(childAbs, "pyvenv.cfg")); err == nil {
				continue
			}
			real, err := filepath.EvalSymlinks(childAbs)
			if err != nil || visited[real] || !within(realRoot, real) {
				continue // a loop, or a link out of the tree (to .. or /)
			}
			visited[real] = true
			queue = append(queue, dir{rel, d.depth + 1})
		}
	}
	return out, complete
}
