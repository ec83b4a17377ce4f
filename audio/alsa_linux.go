package audio

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

import (
	"sync"
	"unsafe"
)

var hideOnce sync.Once

// hideUselessPCMs keeps PortAudio's device listing from loading an ALSA
// plugin that can never record.
//
// Starting PortAudio opens every PCM in the ALSA configuration, for capture
// and for playback, to list it. The a52 PCM of libasound2-plugins (an AC-3
// encoder for S/PDIF output, playback only) loads ffmpeg's libavcodec and
// about ninety libraries with it: half of the CPU mockround spends starting.
// Removing it from this process's copy of the configuration before PortAudio
// starts loses nothing (mockround plays through the default output).
func hideUselessPCMs() {
	hideOnce.Do(func() {
		id := C.CString("a52")
		defer C.free(unsafe.Pointer(id))
		C.mr_hide_pcm(id)
	})
}
