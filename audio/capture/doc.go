// Package capture records from the microphone through PortAudio: a C thread
// reads each period of audio as it arrives and writes the frames of the
// take in progress straight to its WAV file, cut to the sample at the
// moments Go posts; a Go writer carries the takes' controls out, analyses
// them and keeps their headers up to date. It also lists the devices and
// keeps ALSA's start-up chatter off the terminal. Only the command imports
// it: it is the one package, with audio/playback, that needs cgo.
package capture
