// Package capture records from the microphone through PortAudio: a C thread
// moves each period of audio into a ring buffer and a Go writer cuts takes
// from it to the sample, writing WAV files as they record. It also lists the
// devices and keeps ALSA's start-up chatter off the terminal. Only the
// command imports it: it is the one package, with audio/playback, that
// needs cgo.
package capture
