//go:build !linux

package capture

import "time"

// bootClock is 0 where there is no CLOCK_BOOTTIME: a sleeping machine is
// then noticed only by the capture thread (see mr_boottime).
func bootClock() time.Duration { return 0 }
