//go:build windows

package generator

import (
	"io/fs"
	"os"
	"path/filepath"
)

// writeAtomic replaces path with data through a temporary file in the same
// folder (renameio exports nothing on Windows); os.Rename replaces the
// target with MoveFileEx(MOVEFILE_REPLACE_EXISTING).
func writeAtomic(path string, data []byte, mode fs.FileMode) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".djharden-*")
	if err != nil {
		return err
	}
	name := tmp.Name()
	defer os.Remove(name)
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	_ = os.Chmod(name, mode)
	return os.Rename(name, path)
}
