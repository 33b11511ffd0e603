// Package venv finds a project's Python virtual environments: the .venv,
// venv or env folders in the project root and the folders above it, up to
// the repository top.
package venv

import (
	"os"
	"path/filepath"
)

// Names are the folder names of project virtual environments, in the
// order they are tried.
var Names = []string{".venv", "venv", "env"}

// Near returns the virtual environments (folders holding pyvenv.cfg) in
// root and in up to levels folders above it, nearest first; the search
// stops at a folder holding .git, the top of the repository.
func Near(root string, levels int) []string {
	var out []string
	dir := root
	for level := 0; level <= levels; level++ {
		for _, name := range Names {
			v := filepath.Join(dir, name)
			if _, err := os.Stat(filepath.Join(v, "pyvenv.cfg")); err == nil {
				out = append(out, v)
			}
		}
		if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	return out
}
