package generator

import (
	"fmt"
	"os"
	"testing"
)

// TestMain keeps the records of backup tokens in a folder of the test run,
// not in the developer's own state folder.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "djharden-state-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	os.Setenv(StateDirEnv, dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
