//go:build unix

package scan

import (
	"os"
	"syscall"
)

// openRegular opens a file for reading without blocking: a FIFO swapped in
// after the directory listing must not hang a worker. The caller checks
// that what it got is a regular file.
func openRegular(name string) (*os.File, error) {
	return os.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}
