//go:build !linux

package probe

import "os/exec"

// dieWithParent: only Linux can tie a child's life to its parent's;
// elsewhere TestMain's stop is the only cleanup.
func dieWithParent(*exec.Cmd) {}
