// Package audio is mockround's pure-Go sound code: the WAV writer, reader and
// repair, the one-pass speech analysis of a take (levels, speech and
// pauses, a waveform), input levels and the microphone-check verdict. It
// knows nothing of questions or sessions and links no C code: PortAudio
// capture lives in audio/capture and beep playback in audio/playback, the
// two leaves only the command imports.
package audio
