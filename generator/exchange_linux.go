//go:build linux

package generator

import (
	"errors"

	"golang.org/x/sys/unix"
)

// exchange swaps tmp and path atomically (renameat2 RENAME_EXCHANGE), so
// that tmp then holds exactly what path held at that instant. It returns
// false when the file system cannot exchange (the caller falls back).
func exchange(tmp, path string) (bool, error) {
	err := unix.Renameat2(unix.AT_FDCWD, tmp, unix.AT_FDCWD, path, unix.RENAME_EXCHANGE)
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, unix.EINVAL), errors.Is(err, unix.ENOSYS), errors.Is(err, unix.EOPNOTSUPP), errors.Is(err, unix.EPERM):
		return false, nil
	case errors.Is(err, unix.ENOENT):
		return false, ErrConcurrentChange // the target was removed meanwhile
	}
	return false, err
}
