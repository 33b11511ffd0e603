package generator

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
)

// ErrNothingToUndo is returned by Undo when no apply is left to undo.
var ErrNothingToUndo = errors.New("nothing to undo: djharden has not changed this project (or the last change was already undone)")

// Undo restores the files of the last apply that is not undone yet, byte
// for byte (files the apply created are removed), then marks that backup
// undone. A file changed by hand since the apply is not overwritten.
func Undo(root string) (*Applied, error) {
	real, err := filepath.EvalSymlinks(root)
	if err != nil {
		return nil, fmt.Errorf("project root: %w", err)
	}
	dir, m, err := lastBackup(real)
	if err != nil {
		return nil, err
	}
	// Check everything before touching anything.
	for _, e := range m.Files {
		abs, err := undoTarget(real, e.Path)
		if err != nil {
			return nil, err
		}
		cur, err := os.ReadFile(abs)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			if e.Existed {
				return nil, fmt.Errorf("%s was deleted after djharden changed it; restore it from %s by hand", e.Path, rel(real, dir))
			}
		case err != nil:
			return nil, fmt.Errorf("reading %s: %w", e.Path, err)
		default:
			s := sum(cur)
			if s != e.NewSHA256 && !(e.Existed && s == e.OldSHA256) {
				return nil, fmt.Errorf("%s changed after djharden wrote it; undo would lose those edits (its old version is in %s)", e.Path, rel(real, dir))
			}
		}
	}
	out := &Applied{BackupDir: dir}
	for _, e := range m.Files {
		abs, _ := undoTarget(real, e.Path)
		if !e.Existed {
			if err := os.Remove(abs); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return out, fmt.Errorf("removing %s: %w", e.Path, err)
			}
			out.Files = append(out.Files, e.Path)
			continue
		}
		old, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(e.Backup)))
		if err != nil {
			return out, fmt.Errorf("reading the backup of %s: %w", e.Path, err)
		}
		if sum(old) != e.OldSHA256 {
			return out, fmt.Errorf("the backup of %s is damaged (checksum mismatch)", e.Path)
		}
		if err := writeAtomic(abs, old, e.Mode); err != nil {
			return out, fmt.Errorf("restoring %s: %w", e.Path, err)
		}
		out.Files = append(out.Files, e.Path)
	}
	m.Undone = true
	return out, writeManifest(dir, m)
}

// undoTarget resolves a manifest path, refusing to leave the root.
func undoTarget(root, p string) (string, error) {
	abs := filepath.Join(root, filepath.FromSlash(p))
	if !inside(root, abs) {
		return "", fmt.Errorf("the backup manifest names %s, outside the project", p)
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		if !inside(root, real) {
			return "", fmt.Errorf("%s is a symlink leading outside the project", p)
		}
		abs = real
	}
	return abs, nil
}

// lastBackup finds the newest backup not yet undone.
func lastBackup(root string) (string, manifest, error) {
	base := filepath.Join(root, filepath.FromSlash(BackupRoot))
	entries, err := os.ReadDir(base)
	if errors.Is(err, fs.ErrNotExist) {
		return "", manifest{}, ErrNothingToUndo
	}
	if err != nil {
		return "", manifest{}, err
	}
	var names []string
	for _, e := range entries {
		if e.IsDir() {
			names = append(names, e.Name())
		}
	}
	sort.Sort(sort.Reverse(sort.StringSlice(names)))
	for _, n := range names {
		dir := filepath.Join(base, n)
		data, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
		if err != nil {
			continue // an apply that stopped before its manifest changed nothing
		}
		var m manifest
		if err := json.Unmarshal(data, &m); err != nil {
			return "", manifest{}, fmt.Errorf("reading %s: %w", rel(root, dir), err)
		}
		if m.Undone {
			continue
		}
		return dir, m, nil
	}
	return "", manifest{}, ErrNothingToUndo
}
