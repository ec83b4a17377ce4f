//go:build !unix

package transcribe

import (
	"os"
	"os/exec"
)

func setGroup(cmd *exec.Cmd) {}

func lowerPriority(pid int) {}

func maxRSSKB(ps *os.ProcessState) int64 { return 0 }
