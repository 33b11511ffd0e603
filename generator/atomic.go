package generator

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// TempPrefix starts the name of every temporary file djharden writes next
// to a target. The .gitignore rules djharden writes ignore it, so a killed
// apply never leaves a new key where `git add -A` would pick it up, and the
// next apply removes what a killed one left.
const TempPrefix = ".djharden-tmp-"

// staleTempAge is how old a temporary file must be before a later run
// removes it: younger ones may belong to an apply still running.
const staleTempAge = time.Minute

// writeTemp writes data to a new temporary file in dir, fsynced and with
// mode, and returns its path.
func writeTemp(dir string, data []byte, mode fs.FileMode) (string, error) {
	f, err := os.CreateTemp(dir, TempPrefix+"*")
	if err != nil {
		return "", err
	}
	name := f.Name()
	fail := func(err error) (string, error) {
		f.Close()
		os.Remove(name)
		return "", err
	}
	if err := f.Chmod(mode); err != nil && !isUnsupported(err) {
		return fail(err)
	}
	if _, err := f.Write(data); err != nil {
		return fail(err)
	}
	if err := f.Sync(); err != nil {
		return fail(err)
	}
	if err := f.Close(); err != nil {
		os.Remove(name)
		return "", err
	}
	return name, nil
}

// writeAtomic replaces path with data: a temporary file in the same
// folder, fsynced, renamed over the target, then the folder fsynced, so a
// crash leaves either the old or the new file, never a mix. It is for
// djharden's own files (backups, manifests); project files go through
// replaceChecked.
func writeAtomic(path string, data []byte, mode fs.FileMode) error {
	tmp, err := writeTemp(filepath.Dir(path), data, mode)
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	return syncDir(filepath.Dir(path))
}

// cleanStaleTemps removes temporary files older than staleTempAge that a
// killed run left in dirs, and returns how many it removed.
func cleanStaleTemps(dirs []string) int {
	n := 0
	seen := map[string]bool{}
	for _, dir := range dirs {
		if seen[dir] {
			continue
		}
		seen[dir] = true
		entries, err := os.ReadDir(dir)
		if err != nil {
			continue
		}
		for _, e := range entries {
			if !strings.HasPrefix(e.Name(), TempPrefix) || strings.HasPrefix(e.Name(), conflictPrefix) || !e.Type().IsRegular() {
				continue
			}
			info, err := e.Info()
			if err != nil || now().Sub(info.ModTime()) < staleTempAge {
				continue
			}
			if os.Remove(filepath.Join(dir, e.Name())) == nil {
				n++
			}
		}
	}
	return n
}

func isUnsupported(err error) bool {
	return errors.Is(err, errors.ErrUnsupported)
}
