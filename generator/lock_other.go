//go:build !unix

package generator

import "os"

// processAlive reports whether a process with pid exists (on Windows,
// FindProcess opens it and fails when there is none).
func processAlive(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	p.Release()
	return true
}
