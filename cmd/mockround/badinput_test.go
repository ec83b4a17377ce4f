package main

import (
	"bytes"
	le "encoding/binary"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFaultBadBanks: every kind of broken bank is a clear error that names
// the file and the place, with exit status 2, and never a panic.
func TestFaultBadBanks(t *testing.T) {
	random := make([]byte, 3<<20)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range random {
		random[i] = byte(r.UintN(256))
	}
	valid := `{"title": "T", "rounds": [{"id": "r", "title": "R", "categories": [{"id": "c", "title": "C", "questions": [{"id": "q", "text": "Why?"}]}]}]}`
	for _, tc := range []struct {
		name, content, want string
	}{
		{"syntax error", `{"title": "T", "rounds": [}`, ":1:27:"},
		{"wrong type", strings.Replace(valid, `"title": "T"`, `"title": 7`, 1), "title: "},
		{"duplicate ids", strings.Replace(valid, `{"id": "q", "text": "Why?"}`, `{"id": "q", "text": "Why?"}, {"id": "q", "text": "How?"}`, 1), "duplicate"},
		{"empty rounds", `{"title": "T", "rounds": []}`, "rounds"},
		{"non-positive time", strings.Replace(valid, `"title": "R",`, `"title": "R", "answer": "0s",`, 1), "answer"},
		{"unknown field", strings.Replace(valid, `"title": "T"`, `"title": "T", "colour": "red"`, 1), `unknown field "colour"`},
		{"megabytes of random bytes", string(random), "bank.json:"},
		{"byte-order mark", "\ufeff" + valid, "byte-order mark"},
		{"invalid UTF-8", strings.Replace(valid, "Why?", "Why\xff?", 1), "UTF-8"},
		{"empty file", "", "empty"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "bank.json")
			mustWrite(t, path, []byte(tc.content))
			for _, args := range [][]string{{"questions", "check", path}, {"run", "--no-record", "--bank", path}, {"questions", "--bank", path}} {
				code, out, errOut := runMain(t, t.TempDir(), "", args...)
				all := out + errOut
				if code != 2 || !strings.Contains(all, tc.want) || !strings.Contains(all, path) {
					t.Errorf("%v: exit %d, want 2 and a message with %q and the file:\n%.600s", args[0:2], code, tc.want, all)
				}
				if len(all) > 8000 {
					t.Errorf("%v: %d bytes of errors", args[0:2], len(all))
				}
			}
		})
	}
	faultLine(t, "bad banks", "syntax, types, duplicate ids, empty rounds, 0s times, unknown fields, 3 MB random, BOM, bad UTF-8, empty",
		"exit 2 with file:line:col and JSON path; no panic", "nothing")
}

// TestFaultBadSessionFiles: a broken session.json is named and skipped; the
// other sessions stay usable.
func TestFaultBadSessionFiles(t *testing.T) {
	home := t.TempDir()
	writeSession(t, home, "20261127T090000Z-good00", 1)
	for id, content := range map[string]string{
		"20261127T100000Z-trunc0": `{"format": 1, "id": "x", "takes": [{"position": 1,`,
		"20261127T110000Z-futur0": `{"format": 9, "id": "x"}`,
	} {
		dir := filepath.Join(home, "sessions", id)
		if err := os.MkdirAll(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		mustWrite(t, filepath.Join(dir, "session.json"), []byte(content))
	}
	code, out, errOut := runMain(t, home, "", "sessions")
	if code != 0 || !strings.Contains(out, "20261127T0900  ") {
		t.Errorf("sessions: exit %d, good session missing:\n%s", code, out)
	}
	for _, want := range []string{"20261127T100000Z-trunc0/session.json: line 1, column 51", "20261127T110000Z-futur0/session.json: format 9 is newer", "update mockround"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("no %q in:\n%s", want, errOut)
		}
	}
	code, _, errOut = runMain(t, home, "", "review", "--plain", "20261127T110000Z")
	if code != 2 || !strings.Contains(errOut, "newer") {
		t.Errorf("review of a future session: exit %d\n%s", code, errOut)
	}
	faultLine(t, "bad session files", "truncated and future-version session.json", "named with line:column or version; other sessions listed", "nothing")
}

// TestFaultBadWAVs: replay refuses what is not a WAV and repairs lying headers.
func TestFaultBadWAVs(t *testing.T) {
	home := t.TempDir()
	dir := writeSession(t, home, "20261127T090000Z-wav000", 3)
	wav := func(i int) string {
		return filepath.Join(dir, fmt.Sprintf("%02d-%s.wav", i+1, []string{"code-review", "onboarding", "dev-workflow"}[i]))
	}
	mustWrite(t, wav(0), []byte("this is not a WAV file at all"))
	data := mustRead(t, wav(1))
	mustWrite(t, wav(1), data[:30]) // cut inside the header
	data = mustRead(t, wav(2))
	le.LittleEndian.PutUint32(data[40:], 0xFFFFFFFF)
	mustWrite(t, wav(2), data)

	for i, want := range []string{"not a WAV file", "not a WAV file"} {
		code, _, errOut := runMain(t, home, "", "replay", "--plain", "last", fmt.Sprint(i+1))
		if code != 2 || !strings.Contains(errOut, want) || !strings.Contains(errOut, filepath.Base(wav(i))) {
			t.Errorf("replay answer %d: exit %d, want 2 naming the file and %q:\n%s", i+1, code, want, errOut)
		}
	}
	// repair fixes the lying header and reports, without touching, the
	// files that are not WAVs.
	code, out, errOut := runMain(t, home, "", "repair", "last")
	for _, want := range []string{
		"01-code-review.wav: cannot repair: " + wav(0) + ": not a WAV file: no RIFF/WAVE signature",
		"02-onboarding.wav: cannot repair: " + wav(1) + ": not a WAV file",
		"03-dev-workflow.wav: header repaired (1.0 s of audio)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("repair: %q missing:\n%s", want, out)
		}
	}
	if code != 0 || errOut != "" {
		t.Errorf("repair: exit %d, stderr %q; want 0 and nothing", code, errOut)
	}
	after := mustRead(t, wav(2))
	if le.LittleEndian.Uint32(after[40:]) != uint32(len(after)-44) || !bytes.Equal(after[44:], data[44:]) {
		t.Errorf("the lying header was not repaired from the file's length (or the audio changed)")
	}
	faultLine(t, "bad WAVs", "non-WAV, truncated header, data size 0xFFFFFFFF", "exit 2 naming the file; lying header repaired, audio untouched", "nothing")
}
