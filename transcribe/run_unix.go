//go:build unix

package transcribe

import (
	"os"
	"os/exec"
	"runtime"
	"syscall"
)

// setGroup starts cmd in a process group of its own, and makes cancelling
// it kill the whole group: an engine that forks helpers cannot leave them
// running.
func setGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error {
		// The group's leader is not reaped before Wait returns, so its id
		// still names this group.
		return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
}

// lowerPriority sets the niceness of the process pid, where no nice
// command could start it niced.
func lowerPriority(pid int) {
	syscall.Setpriority(syscall.PRIO_PROCESS, pid, Niceness)
}

// maxRSSKB is the peak resident memory of a finished process, in KiB.
func maxRSSKB(ps *os.ProcessState) int64 {
	if ps == nil {
		return 0
	}
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok || ru == nil {
		return 0
	}
	if runtime.GOOS == "darwin" || runtime.GOOS == "ios" {
		return int64(ru.Maxrss) / 1024 // bytes there
	}
	return int64(ru.Maxrss)
}
