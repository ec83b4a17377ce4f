package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/mockround/mockround/internal/text"
	"github.com/mockround/mockround/session"
	"github.com/mockround/mockround/transcribe"
)

// transcriptPoints gives a question's talking points for a transcript's
// coverage: as the session kept them, else as the built-in bank has them
// (read once, when first needed).
func transcriptPoints(r *session.Record) func(string) []string {
	var once sync.Once
	var builtin func(string) []string
	return sessionPoints(r, func(id string) []string {
		once.Do(func() {
			builtin = func(string) []string { return nil }
			if b, err := loadBank(""); err == nil {
				builtin = talkingPoints(b)
			}
		})
		return builtin(id)
	})
}

// transcriptWork is what a transcribe run finds in a session.
type transcriptWork struct {
	recorded int             // takes with a recording
	todo     []*session.Take // takes to transcribe, in session order
	found    []*session.Take // transcripts found beside their takes, now referred to
	broken   []error         // transcripts found damaged: their takes are in todo
}

// findWork sorts the recorded takes of l: those to transcribe (all of them
// with force; else those without a transcript, or whose transcript file is
// gone or damaged) and those whose transcript was made but not referred to
// yet (a transcription killed before it saved), which are referred to now.
func findWork(l session.Listed, points func(string) []string, force bool) transcriptWork {
	var w transcriptWork
	for i := range l.Record.Takes {
		t := &l.Record.Takes[i]
		if t.TranscriptName() == "" {
			continue // not recorded
		}
		w.recorded++
		if force {
			w.todo = append(w.todo, t)
			continue
		}
		if t.Transcript != nil && t.Transcript.HasFigures() && transcriptThere(l.Dir, t) {
			continue
		}
		tr, err := t.ReadTranscript(l.Dir)
		switch {
		case err == nil:
			t.SetTranscript(tr, points)
			w.found = append(w.found, t)
		case errors.Is(err, fs.ErrNotExist):
			w.todo = append(w.todo, t)
		default:
			w.broken = append(w.broken, err)
			w.todo = append(w.todo, t)
		}
	}
	return w
}

// transcriptThere reports whether the take's transcript file is there, a
// regular file.
func transcriptThere(dir string, t *session.Take) bool {
	path, err := t.TranscriptFile(dir)
	if err != nil {
		return false
	}
	st, err := os.Lstat(path)
	return err == nil && st.Mode().IsRegular()
}

// takeName names a take in the lines of transcribe: "answer 2 take 1",
// "answer 2 follow-up take 1".
func takeName(t *session.Take) string {
	if t.FollowUp != "" {
		return fmt.Sprintf("answer %d follow-up take %d", t.Position, t.Take)
	}
	return fmt.Sprintf("answer %d take %d", t.Position, t.Take)
}

// transcribedLine says what a transcript holds: "answer 2 take 1 · 153
// words · 142 wpm · 3 fillers · 12.3 s", the last the time it took (or
// how it was found).
func transcribedLine(t *session.Take, took string) string {
	f := t.Transcript.Figures
	parts := []string{takeName(t)}
	if f.Words == 0 {
		parts = append(parts, "no words heard")
	} else {
		parts = append(parts, fmt.Sprintf("%d %s", f.Words, text.Plural(f.Words, "word")), fmt.Sprintf("%.0f wpm", f.WPM),
			fmt.Sprintf("%d %s", f.FillerCount, text.Plural(f.FillerCount, "filler")))
	}
	return strings.Join(append(parts, took), " · ")
}

// progress is the line a terminal shows while takes are transcribed:
// "Transcribing answer 2 take 1 · 1 of 3 done · about 0:40 left", drawn
// again with \r each second and after each take.
type progress struct {
	mu        sync.Mutex
	w         io.Writer // the terminal, as it is
	total     int
	done      int
	current   string
	audioLeft float64 // seconds of audio not transcribed yet, the current take's included
	audioDone float64
	busy      time.Duration // time spent on the takes done
	started   time.Time     // when the current take started
	quit      chan struct{}
	stopped   sync.WaitGroup
}

func newProgress(w io.Writer, takes []*session.Take) *progress {
	p := &progress{w: w, total: len(takes), quit: make(chan struct{})}
	for _, t := range takes {
		p.audioLeft += max(t.LengthS, 0)
	}
	p.stopped.Add(1)
	go func() {
		defer p.stopped.Done()
		tick := time.NewTicker(time.Second)
		defer tick.Stop()
		for {
			select {
			case <-p.quit:
				return
			case <-tick.C:
				p.mu.Lock()
				p.draw()
				p.mu.Unlock()
			}
		}
	}()
	return p
}

// start shows that take t is being transcribed.
func (p *progress) start(t *session.Take) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.current, p.started = takeName(t), time.Now()
	p.draw()
}

// finish counts take t as done (or given up).
func (p *progress) finish(t *session.Take) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done++
	p.busy += time.Since(p.started)
	p.audioDone += max(t.LengthS, 0)
	p.audioLeft -= max(t.LengthS, 0)
	p.draw()
}

// say prints line (to out, which shares the terminal) above the progress line.
func (p *progress) say(out io.Writer, line string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprint(p.w, "\r\x1b[K")
	fmt.Fprintln(out, line)
	p.draw()
}

// stop ends the redrawing and clears the line.
func (p *progress) stop() {
	close(p.quit)
	p.stopped.Wait()
	fmt.Fprint(p.w, "\r\x1b[K")
}

func (p *progress) draw() {
	eta := "estimating the time left"
	if p.audioDone > 0 {
		perSecond := p.busy.Seconds() / p.audioDone
		left := perSecond*p.audioLeft - time.Since(p.started).Seconds()
		eta = "about " + clockOf(max(left, 0)) + " left"
	}
	fmt.Fprintf(p.w, "\r\x1b[KTranscribing %s · %d of %d done · %s", p.current, p.done, p.total, eta)
}

// clockOf formats seconds as m:ss.
func clockOf(s float64) string {
	n := int64(s + 0.5)
	return fmt.Sprintf("%d:%02d", n/60, n%60)
}

// isEngineMissing reports an error that no further take can escape: no
// engine, or no model for it.
func isEngineMissing(err error) bool {
	return errors.Is(err, transcribe.ErrNoEngine) || errors.Is(err, transcribe.ErrNoModel)
}
