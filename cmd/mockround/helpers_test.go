package main

import (
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/mockround/mockround/audio"
	"github.com/mockround/mockround/session"
)

// writeSession makes a finished session with n answered questions, each a
// one-second tone, without any audio device.
func writeSession(t *testing.T, home, id string, n int) string {
	t.Helper()
	store := session.NewStore(home)
	dir := filepath.Join(store.SessionsDir(), id)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	started := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	rec := &session.Record{Format: session.FormatVersion, ID: id, Status: session.SessionComplete, Started: started,
		Bank:     session.BankRef{Title: "METR Interview Questions - Round 1"},
		Plan:     session.PlanRecord{Seed: 1, Pick: "random", Count: n, Rounds: []string{"behavioral"}},
		Settings: session.Settings{Record: true}, Device: &session.DeviceRef{Name: "test", SampleRate: 44100}}
	ids := []string{"code-review", "onboarding", "dev-workflow"}
	for i := 0; i < n; i++ {
		q := ids[i%len(ids)]
		rec.Plan.Questions = append(rec.Plan.Questions, session.PlanQuestion{Position: i + 1, QuestionID: q, Round: "behavioral"})
		file := session.WAVName(i+1, q, 1)
		frames := writeTone(t, filepath.Join(dir, file))
		rec.Takes = append(rec.Takes, session.Take{Position: i + 1, Take: 1, QuestionID: q, Question: "Question about " + q,
			Round: "behavioral", RoundTitle: "Behavioral Questions", Category: "team-collaboration", CategoryTitle: "Team Collaboration", File: file, Started: started,
			Frames: frames, SampleRate: 44100, LengthS: float64(frames) / 44100, Status: session.TakeDone})
	}
	if err := session.Save(dir, rec); err != nil {
		t.Fatal(err)
	}
	return dir
}

// writeTone writes one second of a 440 Hz tone.
func writeTone(t *testing.T, path string) int64 {
	t.Helper()
	w, err := audio.CreateWAV(path, 44100)
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]int16, 44100)
	for i := range buf {
		buf[i] = int16(8000 * math.Sin(2*math.Pi*440*float64(i)/44100))
	}
	if err := w.Write(buf); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return int64(len(buf))
}

// mustWrite writes a test's file, or stops the test: a setup that silently
// failed would make the test check something else.
func mustWrite(t testing.TB, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

// mustRead reads a test's file, or stops the test.
func mustRead(t testing.TB, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
