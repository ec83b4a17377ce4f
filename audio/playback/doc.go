// Package playback plays takes through beep's speaker: it repairs a WAV
// header whose sizes lie before decoding (beep plays nothing or hangs on
// them), and reports an output that stops taking audio instead of hanging.
package playback
