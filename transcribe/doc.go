// Package transcribe turns a take's recording into a transcript with word
// timings, and a transcript into figures: pace, filler words, repeats,
// hedges, pauses and talking-point coverage.
//
// It is pure Go. Speech-to-text engines run as subprocesses behind one
// small interface, Engine:
//
//   - whisper.cpp (whisper-cli, or the older names whisper-cpp and main)
//     with a ggml model, which GetModel downloads and checks;
//   - PocketSphinx (pocketsphinx_continuous, as Debian packages it) with
//     its US English model.
//
// Find picks one for --engine auto|whisper|pocketsphinx. An engine reads
// the take's WAV (never writing to it), resamples it to the 16 kHz mono
// that both engines want into a temporary file of its own, runs the engine
// at low priority with a deadline, and removes every temporary file it
// made, whatever happens. Every failure is an error that says what to do
// next.
//
// A transcript is stored beside its take (PathFor) by Write, atomically,
// and read back by Read; RemoveLeftovers clears what a killed process left.
// Compute derives the figures of a transcript (words, pace, fillers,
// repeats, hedges, pauses, talking-point coverage); each rule is
// documented where it is defined. WER scores a transcript against the
// words really said.
//
// The tests that run the real engines (engine_e2e_test.go) need Debian's
// pocketsphinx, pocketsphinx-en-us, pocketsphinx-testdata and flite (and
// use sox when present); they skip under -short, and fail rather than skip
// when CI is set.
package transcribe
