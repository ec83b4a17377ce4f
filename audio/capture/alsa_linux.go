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
*/
import "C"

import "unsafe"

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
