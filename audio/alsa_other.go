//go:build !linux

package audio

// hideUselessPCMs is about ALSA, which only Linux has.
func hideUselessPCMs(bool) {}
