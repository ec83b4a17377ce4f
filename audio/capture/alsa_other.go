//go:build !linux

package capture

// hideUselessPCMs is about ALSA, which only Linux has.
func hideUselessPCMs(bool) {}
