// Package session is a mock interview from plan to saved record, with no
// sound system or terminal of its own.
//
//   - The plan (plan.go): which questions a session asks, drawn from a bank,
//     and the times that apply to each.
//   - The engine (engine.go): each question's phases (prep, answer, warning,
//     overtime), the countdown, the candidate's commands and the events a
//     face shows. It drives a Recorder and reads a Clock, so tests run it
//     with fakes and never sleep.
//   - The record (record.go, validate.go): session.json, everything known
//     about one session, checked when it is read, with the figures and
//     transcripts of its takes (analysis.go, transcript.go).
//   - The store (store.go, resolve.go, delete.go, discard.go): the sessions
//     directory, each session's lock, and finding a session by the name
//     given on the command line.
//   - Repair (recover.go): a session left by a crash or a kill made readable
//     again, its WAV headers fixed from the audio present.
//   - History (history.go, practice.go, due.go): what was practised across
//     sessions, how it went, and when each question is due again.
//   - Reviews (review.go): a reviewer's ratings and comments from the page
//     mockround export writes, checked and merged beside the candidate's own.
package session
