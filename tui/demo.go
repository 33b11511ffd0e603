package tui

import (
	"embed"
	"io/fs"
	"os"
	"path/filepath"
)

// demoFS is the sample project `djharden demo` runs on: a small
// startproject-like site with the mistakes beginners often ship (a
// hardcoded key, DEBUG = True, a literal database password, an f-string SQL
// query, mark_safe on user input, a |safe template, a csrf_exempt view).
//
//go:embed all:demo
var demoFS embed.FS

// DemoProject copies the embedded sample project to a new temporary
// directory and returns the project's root.
func DemoProject() (string, error) {
	parent, err := os.MkdirTemp("", "djharden-demo-")
	if err != nil {
		return "", err
	}
	root := filepath.Join(parent, "demo")
	if err := copyDemo(root); err != nil {
		os.RemoveAll(parent)
		return "", err
	}
	return root, nil
}

func copyDemo(root string) error {
	sub, err := fs.Sub(demoFS, "demo")
	if err != nil {
		return err
	}
	return fs.WalkDir(sub, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		target := filepath.Join(root, filepath.FromSlash(path))
		if d.IsDir() && d.Name() == "__pycache__" {
			return fs.SkipDir // left behind when someone ran the sample in place
		}
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := fs.ReadFile(sub, path)
		if err != nil {
			return err
		}
		mode := os.FileMode(0o644)
		if path == "manage.py" {
			mode = 0o755
		}
		return os.WriteFile(target, data, mode)
	})
}
