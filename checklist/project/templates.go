package project

import (
	"path"
	"strings"

	"github.com/djharden/djharden/checklist/pysource"
)

// templateDirs reads TEMPLATES[*]["DIRS"] the way settings usually write
// it, relative to the project root (BASE_DIR): BASE_DIR / "templates",
// os.path.join(BASE_DIR, "site", "templates"), Path(...) / "x" / "y". The
// string pieces of each entry, joined, name the folder; entries with no
// string piece (a variable) are left out. The code scan reads templates in
// these folders as well as in every templates/ folder.
func templateDirs(s *Settings) []string {
	t := s.Get("TEMPLATES")
	if t == nil || t.Expr == nil {
		return nil
	}
	var dirs []string
	seen := map[string]bool{}
	pysource.Inspect(t.Expr, func(e pysource.Expr) bool {
		d, ok := e.(*pysource.Dict)
		if !ok {
			return true
		}
		for i, k := range d.Keys {
			key, ok := k.(*pysource.Str)
			if !ok || key.Value != "DIRS" {
				continue
			}
			list, ok := d.Values[i].(*pysource.List)
			if !ok {
				continue
			}
			for _, entry := range list.Elts {
				if dir := joinedStrings(entry); dir != "" && !seen[dir] {
					seen[dir] = true
					dirs = append(dirs, dir)
				}
			}
		}
		return true
	})
	return dirs
}

// joinedStrings joins the string literals of an expression as path parts,
// keeping only paths that stay inside the project.
func joinedStrings(e pysource.Expr) string {
	var parts []string
	pysource.Inspect(e, func(x pysource.Expr) bool {
		if s, ok := x.(*pysource.Str); ok && !s.FString && !s.Bytes {
			parts = append(parts, s.Value)
		}
		return true
	})
	if len(parts) == 0 {
		return ""
	}
	dir := path.Clean(strings.ReplaceAll(path.Join(parts...), "\\", "/"))
	if dir == "." || path.IsAbs(dir) || dir == ".." || strings.HasPrefix(dir, "../") {
		return ""
	}
	return dir
}
