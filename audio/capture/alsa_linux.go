package capture

/*
#cgo pkg-config: alsa
#include <alsa/asoundlib.h>

// mr_hide_pcm removes pcm.<id> from ALSA's global configuration, for this
// process only. It returns 1 if it was there.
static int mr_hide_pcm(const char *id) {
	snd_config_t *pcm, *n;
	if (snd_config_update() < 0 || snd_config == NULL) {
		return 0;
	}
	if (snd_config_search(snd_config, "pcm", &pcm) < 0 || snd_config_search(pcm, id, &n) < 0) {
		return 0;
	}
	return snd_config_delete(n) == 0;
}

static void mr_alsa_silent(const char *file, int line, const char *function, int err, const char *fmt, ...) {}

// mr_quiet_alsa sends ALSA's error messages nowhere.
static void mr_quiet_alsa(void) { snd_lib_error_set_handler(mr_alsa_silent); }
*/
import "C"

import (
	"os"
	"unsafe"
)

// ALSA prints its errors straight to standard error, at any moment, not
// only while PortAudio starts (which quiet.Run covers): a stream recovered
// after an overrun or a suspend prints "ALSA lib pcm.c:…:(snd_pcm_recover)
// overrun occurred" across the screen. Every such event reaches mockround
// as an error code or a gap in the audio, which it reports in its own
// words, so ALSA's own messages are dropped, unless MOCKROUND_DEBUG_AUDIO
// is set.
func init() {
	if os.Getenv("MOCKROUND_DEBUG_AUDIO") == "" {
		C.mr_quiet_alsa()
	}
}

var hidden = map[string]bool{}

// hideUselessPCMs keeps PortAudio's device listing from opening ALSA PCMs
// that add nothing for a recorder.
//
// Starting PortAudio opens every PCM in the ALSA configuration, for capture
// and for playback, to list it. Two of them cost more than all the rest, so
// they are removed from this process's copy of the configuration first:
//   - a52 (libasound2-plugins: an AC-3 encoder for S/PDIF output, playback
//     only) loads ffmpeg's libavcodec and about ninety libraries with it;
//   - pulse, when only the default device will be used (defaultOnly): each
//     of its opens is a connection to the sound server, and the default
//     device does not depend on it (with PulseAudio it is the default).
//
// Nothing is lost: mockround plays through the default output, and a
// listing of devices (or a device chosen by name) still has pulse.
// Called with PortAudio stopped (acquire holds its lock).
func hideUselessPCMs(defaultOnly bool) {
	hide := []string{"a52"}
	if defaultOnly {
		hide = append(hide, "pulse")
	}
	for _, name := range hide {
		if hidden[name] {
			continue
		}
		hidden[name] = true
		id := C.CString(name)
		C.mr_hide_pcm(id)
		C.free(unsafe.Pointer(id))
	}
}
