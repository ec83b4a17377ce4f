package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"sync"

	"github.com/mockround/mockround/internal/text"
	"github.com/mockround/mockround/session"
	"github.com/mockround/mockround/transcribe"
)

// background transcribes each take as soon as it is saved, one at a time,
// while the round goes on: the engine runs as a subprocess at low
// priority, and recording never waits for it. It writes each transcript
// beside its take; the run attaches them to session.json at its end
// (session.EnsureTranscripts), so the session file has one writer.
type background struct {
	eng  transcribe.Engine
	dir  string
	jobs chan string // WAV paths
	wg   sync.WaitGroup

	mu            sync.Mutex
	queued, done  int
	left          int // takes the queue had no room for: mockround transcribe does them
	empty         int // transcripts in which the engine heard no words
	failed        []error
	cancel        context.CancelFunc
	closeJobsOnce sync.Once
}

// startBackground starts the transcriber for the session in dir, or
// returns nil when no engine is installed.
func startBackground(home, dir string) *background {
	eng, err := transcribe.Find(transcribe.Options{Engine: transcribe.Auto, DataDir: home})
	if err != nil {
		return nil
	}
	ctx, cancel := context.WithCancel(context.Background())
	b := &background{eng: eng, dir: dir, jobs: make(chan string, 64), cancel: cancel}
	b.wg.Add(1)
	go b.work(ctx)
	return b
}

// take queues a saved take that has a recording worth keeping. A shorter
// one is not transcribed: a session holding only such takes is discarded
// when the round ends, and a transcription then would write into a
// directory being removed.
func (b *background) take(t *session.Take) {
	if b == nil || t.File == "" || t.Frames == 0 || t.LengthS < session.MinKeepS {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	select {
	case b.jobs <- filepath.Join(b.dir, t.File):
		b.queued++
	default: // more takes than a round asks: leave it for mockround transcribe
		b.left++
	}
}

// work transcribes the queued takes until the queue closes; ctx ending
// stops the take being transcribed, and its error is not a failure.
func (b *background) work(ctx context.Context) {
	defer b.wg.Done()
	for wav := range b.jobs {
		tr, err := b.eng.Transcribe(ctx, wav, b.dir)
		if err == nil {
			err = transcribe.Write(transcribe.PathFor(wav), tr)
		}
		b.mu.Lock()
		b.done++
		switch {
		case err != nil && ctx.Err() == nil:
			b.failed = append(b.failed, err)
		case err == nil && len(tr.Words) == 0:
			b.empty++
		}
		b.mu.Unlock()
	}
}

// counts says how many takes were queued and how many are done.
func (b *background) counts() (queued, done int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.queued, b.done
}

// finish waits for what is queued, saying how many transcripts are ready
// and, while it waits, how many are left; ctx ending (Ctrl-C) stops it and
// leaves the rest for mockround transcribe.
func (b *background) finish(ctx context.Context, out io.Writer) {
	if b == nil {
		return
	}
	b.closeJobsOnce.Do(func() { close(b.jobs) })
	queued, done := b.counts()
	if queued == 0 {
		b.sayLeft(out)
		b.cancel()
		return
	}
	if done < queued {
		fmt.Fprintf(out, "Transcripts: %d of %d ready; the rest finish if you wait (Ctrl-C leaves them for: %s transcribe)\n", done, queued, self)
	}
	finished := make(chan struct{})
	go func() { b.wg.Wait(); close(finished) }()
	select {
	case <-finished:
	case <-ctx.Done():
		b.cancel()
		<-finished
		return
	}
	queued, done = b.counts()
	// A take with no speech has a transcript with nothing in it: it is not
	// one to read in the report, and is said apart.
	ready, heard := done-len(b.failed)-b.empty, queued-b.empty
	switch {
	case b.empty == 0:
		fmt.Fprintf(out, "Transcripts: %d of %d ready (pace, fillers and the words in: %s report)\n", ready, queued, self)
	case heard == 0 && b.empty == 1:
		fmt.Fprintln(out, "Transcripts: none; no words were heard in the take")
	case heard == 0:
		fmt.Fprintf(out, "Transcripts: none; no words were heard in the %d takes\n", b.empty)
	default:
		fmt.Fprintf(out, "Transcripts: %d of %d ready (pace, fillers and the words in: %s report); no words were heard in %d other %s\n",
			ready, heard, self, b.empty, text.Plural(b.empty, "take"))
	}
	for _, err := range b.failed {
		fmt.Fprintf(out, "  not transcribed: %v (try again with: %s transcribe)\n", err, self)
	}
	b.sayLeft(out)
	b.cancel()
}

// sayLeft says how many takes the queue had no room for, and how to
// transcribe them.
func (b *background) sayLeft(out io.Writer) {
	b.mu.Lock()
	left := b.left
	b.mu.Unlock()
	if left > 0 {
		fmt.Fprintf(out, "  %d %s not transcribed yet (more than the queue holds): %s transcribe\n", left, text.Plural(left, "take"), self)
	}
}
