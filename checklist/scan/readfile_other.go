//go:build !unix

package scan

import "os"

// openRegular opens a file for reading; the caller checks it is regular.
func openRegular(name string) (*os.File, error) {
	return os.Open(name)
}
