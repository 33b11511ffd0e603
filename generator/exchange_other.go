//go:build !linux

package generator

// exchange is not available here: replaceChecked compares, renames and
// checks a hard link to the replaced version instead.
func exchange(tmp, path string) (bool, error) { return false, nil }
