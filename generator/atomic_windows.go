//go:build windows

package generator

// syncDir is a no-op on Windows: folders cannot be opened for fsync, and
// NTFS journals the rename (os.Rename uses MoveFileEx with
// MOVEFILE_REPLACE_EXISTING).
func syncDir(dir string) error { return nil }
