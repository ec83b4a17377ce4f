package ui

import (
	"time"

	"github.com/mockround/mockround/audio"
)

// What the input level warns of while an answer records.
const (
	SilenceWarning  = "no sound for 5 s — is the microphone muted?"
	ClippingWarning = "clipping — move back from the microphone"

	noSoundRMS   = -60.0           // an RMS below this (dBFS) counts as no sound; audio.SilenceDBFS is digital silence
	silenceAfter = 5 * time.Second // of no sound, while answering, before the warning
	clipShown    = 2 * time.Second // a clipping episode lasts this long after a clip
)

// Alarm follows the input level for its two warnings: no sound for 5 s
// while answering, and clipping. Both faces use it: the full screen shows a
// warning while it holds, the line face says it once per episode.
type Alarm struct {
	last        time.Time // time of the latest reading
	silentSince time.Time // zero while there is sound, or when not answering
	clipAt      time.Time
	wasSilent   bool
	wasClipping bool
}

// Add takes a reading of the level at at; answering says whether a take is
// recording (silence only counts then). It returns the warnings that start
// with this reading, for a face that says each once.
func (a *Alarm) Add(at time.Time, l audio.Level, answering bool) (started []string) {
	a.last = at
	switch {
	case !answering || l.RMS >= noSoundRMS:
		a.silentSince = time.Time{}
	case a.silentSince.IsZero():
		a.silentSince = at
	}
	if l.Clipped || l.Peak >= -0.1 {
		a.clipAt = at
	}
	if s := a.Silent(); s && !a.wasSilent {
		started = append(started, SilenceWarning)
	}
	if c := a.Clipping(); c && !a.wasClipping {
		started = append(started, ClippingWarning)
	}
	a.wasSilent, a.wasClipping = a.Silent(), a.Clipping()
	return started
}

// NewTake starts the silence count again: a take that has just begun has
// not been silent for 5 s, whatever the one before it was (a follow-up
// starts the moment its question's take ends).
func (a *Alarm) NewTake() {
	a.silentSince, a.wasSilent = time.Time{}, false
}

// Silent reports whether the input has been silent for 5 s while answering.
func (a *Alarm) Silent() bool {
	return !a.silentSince.IsZero() && a.last.Sub(a.silentSince) >= silenceAfter
}

// Clipping reports whether the input clipped in the last 2 s.
func (a *Alarm) Clipping() bool { return !a.clipAt.IsZero() && a.last.Sub(a.clipAt) < clipShown }
