//go:build !unix

package regularfile

import "os"

// open opens a file for reading; Read checks that it is a regular file.
func open(name string) (*os.File, error) {
	return os.Open(name)
}
