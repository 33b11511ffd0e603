package probe

import (
	"os/exec"
	"syscall"
)

// dieWithParent has the kernel end a test server if the test binary dies
// before TestMain can stop it.
func dieWithParent(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
