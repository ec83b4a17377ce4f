package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mockround/mockround/audio/capture"
)

// deadMic is a microphone that opens but never delivers audio, or whose
// wait is cut short by the context.
type deadMic struct {
	lateMic
	closed bool
}

func (m *deadMic) WaitLive(ctx context.Context, timeout time.Duration) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(time.Millisecond):
		return errors.New(`input device "dead" delivered no audio within 5s`)
	}
}
func (m *deadMic) Close() error { m.closed = true; return nil }

// liveMic records when the command waited for it, so a test can tell that
// happened before the first question was shown.
type liveMic struct {
	lateMic
	out     *strings.Builder
	shownAt int // how much had been printed when WaitLive was called
}

func (m *liveMic) WaitLive(context.Context, time.Duration) error {
	m.shownAt = m.out.Len()
	return nil
}

func TestRunWaitsForTheMicrophoneBeforeTheQuestion(t *testing.T) {
	home := t.TempDir()
	t.Setenv("MOCKROUND_HOME", home)
	var out, errOut strings.Builder
	mic := &liveMic{out: &out}
	f := newFactory(IO{In: strings.NewReader(""), Out: &out, ErrOut: &errOut})
	f.OpenInput = func(capture.InputConfig) (microphone, error) { return mic, nil }
	code := execute(context.Background(), f, []string{"run", "--plain", "--round", "behavioral", "--count", "1",
		"--prep", "0", "--answer", "1s", "--warn", "0", "--overtime", "0", "--follow-ups=false"}, nil)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	s := out.String()
	opening, question := strings.Index(s, "opening the microphone… ready\n"), strings.Index(s, "Question 1 of 1")
	if opening < 0 || question < opening || mic.shownAt > question {
		t.Fatalf("want the wait for the microphone (at byte %d) said, and done, before the question (at %d):\n%s", mic.shownAt, question, s)
	}
}

func TestRunOnASilentMicrophone(t *testing.T) {
	home := t.TempDir()
	t.Setenv("MOCKROUND_HOME", home)
	var out, errOut strings.Builder
	mic := &deadMic{}
	f := newFactory(IO{In: strings.NewReader(""), Out: &out, ErrOut: &errOut})
	f.OpenInput = func(capture.InputConfig) (microphone, error) { return mic, nil }
	code := execute(context.Background(), f, []string{"run", "--plain", "--round", "behavioral", "--count", "1",
		"--prep", "0", "--answer", "1s", "--follow-ups=false"}, nil)
	if code != exitFailure || !strings.Contains(errOut.String(), "delivered no audio") ||
		!strings.Contains(errOut.String(), "--device NAME|INDEX") || !strings.Contains(errOut.String(), "--no-record") {
		t.Fatalf("exit %d, want 1 with the cause and the next steps:\n%s", code, errOut.String())
	}
	if strings.Contains(out.String(), "Question") || !mic.closed {
		t.Errorf("a question was shown (%v) or the stream left open (closed %v):\n%s", strings.Contains(out.String(), "Question"), mic.closed, out.String())
	}
	if entries, _ := os.ReadDir(filepath.Join(home, "sessions")); len(entries) != 0 {
		t.Errorf("a session was made for a round that never started: %v", entries)
	}
}

func TestRunInterruptedWhileTheMicrophoneOpens(t *testing.T) {
	home := t.TempDir()
	t.Setenv("MOCKROUND_HOME", home)
	var out, errOut strings.Builder
	f := newFactory(IO{In: strings.NewReader(""), Out: &out, ErrOut: &errOut})
	f.OpenInput = func(capture.InputConfig) (microphone, error) { return &deadMic{}, nil }
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	code := execute(ctx, f, []string{"run", "--plain", "--round", "behavioral", "--count", "1", "--prep", "0", "--follow-ups=false"}, nil)
	if code != exitInterrupted || !strings.Contains(errOut.String(), "nothing was recorded") {
		t.Fatalf("exit %d, want %d saying nothing was recorded:\n%s", code, exitInterrupted, errOut.String())
	}
}

// closingMic tells when it is closed.
type closingMic struct {
	lateMic
	closed chan struct{}
}

func (m *closingMic) Close() error {
	select {
	case <-m.closed:
	default:
		close(m.closed)
	}
	return nil
}

// TestFullScreenReleasesTheMicrophoneBeforeTheSummary: the full screen's
// summary waits for a key, maybe for hours; the microphone is closed once
// the last take is saved, not when the key comes.
func TestFullScreenReleasesTheMicrophoneBeforeTheSummary(t *testing.T) {
	t.Setenv("MOCKROUND_HOME", t.TempDir())
	keys, typing := io.Pipe()
	defer typing.Close()
	var screen, errOut syncBuffer
	mic := &closingMic{closed: make(chan struct{})}
	f := newFactory(IO{In: keys, Out: &screen, ErrOut: &errOut})
	f.Screen, f.InTTY, f.OutTTY = &screen, true, true
	f.OpenInput = func(capture.InputConfig) (microphone, error) { return mic, nil }
	code := make(chan int, 1)
	go func() {
		code <- execute(context.Background(), f, []string{"run", "--round", "behavioral", "--count", "1", "--prep", "0",
			"--answer", "1s", "--warn", "0", "--overtime", "0", "--follow-ups=false", "--transcribe=false", "--cue", "off"}, nil)
	}()
	select {
	case <-mic.closed:
	case c := <-code:
		t.Fatalf("run ended (exit %d) before a key was pressed: %s", c, errOut.String())
	case <-time.After(20 * time.Second):
		t.Fatalf("the microphone was still open 20 s into a 1 s round:\n%s", errOut.String())
	}
	select {
	case c := <-code:
		t.Fatalf("run ended (exit %d) without waiting on its summary", c)
	case <-time.After(200 * time.Millisecond):
	}
	typing.Write([]byte("q"))
	select {
	case c := <-code:
		if c != 0 {
			t.Fatalf("exit %d: %s", c, errOut.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("a key did not leave the summary")
	}
}

// syncBuffer is a strings.Builder safe for the face's and the test's
// goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
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

// TestRunWithAnUnknownDevice: --device naming no device is a mistake in
// the command line (exit 2), with the way to list the devices.
func TestRunWithAnUnknownDevice(t *testing.T) {
	t.Setenv("MOCKROUND_HOME", t.TempDir())
	var out, errOut strings.Builder
	f := newFactory(IO{In: strings.NewReader(""), Out: &out, ErrOut: &errOut})
	f.OpenInput = func(cfg capture.InputConfig) (microphone, error) {
		return nil, fmt.Errorf("open %q: %w", cfg.Device, capture.ErrNoSuchDevice)
	}
	code := execute(context.Background(), f, []string{"run", "--plain", "--device", "nosuchmic", "--count", "1"}, nil)
	if code != exitUsage || !strings.Contains(errOut.String(), "nosuchmic") || !strings.Contains(errOut.String(), "devices") {
		t.Errorf("exit %d, want %d naming the device and how to list them:\n%s", code, exitUsage, errOut.String())
	}
}
