package tui

import (
	"bytes"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mockround/mockround/bank"
	"github.com/mockround/mockround/session"
)

// syncBuffer is a bytes.Buffer safe for the program's writer and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestRunFaceDrive runs a real engine behind the face, as the run command
// does, with keys typed into a pipe: q quits the session, the next key
// leaves the end screen, and the summary is printed after the full screen.
func TestRunFaceDrive(t *testing.T) {
	in, keys := io.Pipe()
	var out syncBuffer
	face := NewRunFace(in, &out, RunOptions{Interrupt: func() { t.Error("interrupted") }})
	plan := &session.Plan{Items: []session.PlanItem{{Position: 1, Question: bank.Question{ID: "q1", Text: "Why?"},
		Limits: session.Limits{Prep: time.Minute, Answer: time.Minute}}}}
	rec := &session.Record{ID: "20261127T090000Z-abc123", Takes: []session.Take{}}
	eng := session.NewEngine(session.Config{Plan: plan, Record: rec, Dir: "/data/x",
		Save: func(string, *session.Record) error { return nil }, Emit: face.Event})
	stop := make(chan struct{})
	go func() {
		for {
			select {
			case <-stop:
				keys.Close()
				return
			case <-time.After(50 * time.Millisecond):
				keys.Write([]byte("q"))
			}
		}
	}()
	err := face.Drive(func() error { return eng.Run(t.Context(), face.Commands(), nil) })
	close(stop)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Status != session.SessionQuit {
		t.Errorf("status %s, want quit", rec.Status)
	}
	if s := out.String(); !strings.Contains(s, "Session ended early (quit): 0 of 1 question answered") || !strings.Contains(s, "Saved in /data/x") {
		t.Errorf("no summary after the face:\n%q", s)
	}
}
