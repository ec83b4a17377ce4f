package ui

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/mockround/mockround/internal/text"
	"github.com/mockround/mockround/transcribe"
)

// Track is a recording as it plays (playback.Playback in the program, a fake
// in tests).
type Track interface {
	Length() time.Duration
	Position() time.Duration
	Paused() bool
	TogglePause() bool
	Seek(d time.Duration)
	SetSpeed(ratio float64)
	Ended() <-chan struct{}
	Failed() <-chan error
	Stop()
}

// PlayFunc starts playing the WAV at path; repaired says its header had to
// be fixed first.
type PlayFunc func(path string, speed float64) (t Track, repaired bool, err error)

// ReplayItem is one take to play.
type ReplayItem struct {
	Answer   string // e.g. "Answer 2 of 3", as AnswerLabel numbers it
	Heading  string // e.g. "Answer 2 of 3 · take 1"
	Question string
	Path     string
	// FollowUp marks the take of a follow-up question, played after the
	// answer it follows: counted apart from the answers.
	FollowUp bool
	// Comments are reviewers' comments on the take, by time; both faces
	// show each as playback reaches its moment.
	Comments []Comment
	// Transcript is the take's transcript, nil when it has none.
	Transcript *transcribe.Transcript
}

// ReplayCount says what items hold: "3 answers", or "3 answers and 2
// follow-ups" when some are follow-ups, which are not answers of their own.
func ReplayCount(items []ReplayItem) string {
	answers, followUps := 0, 0
	for _, it := range items {
		if it.FollowUp {
			followUps++
		} else {
			answers++
		}
	}
	s := fmt.Sprintf("%d %s", answers, text.Plural(answers, "answer"))
	if followUps > 0 {
		s += fmt.Sprintf(" and %d %s", followUps, text.Plural(followUps, "follow-up"))
	}
	return s
}

// ReplayKeys lists the plain replay commands.
const ReplayKeys = "Commands (type, then Enter): p pause/resume · + forward 5 s · - back 5 s · n next answer · b previous answer · q quit"

const seekStep = 5 * time.Second

// ReadLines sends the lines of r on the returned channel, which is closed
// when r ends.
func ReadLines(r io.Reader) <-chan string {
	lines := make(chan string)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	return lines
}

// ReplayPlain plays items in order, one line per event, taking commands
// from lines (a closed channel means none are coming: play straight through).
func ReplayPlain(ctx context.Context, items []ReplayItem, play PlayFunc, speed float64, lines <-chan string, out io.Writer) error {
	fmt.Fprintln(out, ReplayKeys)
	if speed != 1 {
		fmt.Fprintf(out, "speed %.2gx (faster playback raises the pitch)\n", speed)
	}
	for i := 0; i < len(items); {
		it := items[i]
		tr, repaired, err := play(it.Path, speed)
		if err != nil {
			return err
		}
		if repaired {
			fmt.Fprintf(out, "repaired the header of %s: its sizes did not match the audio in the file\n", it.Path)
		}
		fmt.Fprintf(out, "\n▶ %s · %s\n  %s\n", it.Heading, Length(tr.Length()), it.Question)
		PrintTranscript(out, it.Transcript, "  ")
		next, err := follow(ctx, tr, i, &commentCue{comments: it.Comments}, lines, out)
		tr.Stop()
		if err != nil || next < 0 {
			return err
		}
		i = next
	}
	fmt.Fprintln(out, "\nend of replay")
	return nil
}

// follow handles one track until it ends or a command moves on; it returns
// the index to play next, or -1 to stop. Reviewers' comments are printed as
// playback reaches them.
func follow(ctx context.Context, tr Track, i int, cue *commentCue, lines <-chan string, out io.Writer) (int, error) {
	var tick <-chan time.Time
	if len(cue.comments) > 0 {
		t := time.NewTicker(commentTick)
		defer t.Stop()
		tick = t.C
		cue.show(out, tr.Position())
	}
	for {
		select {
		case <-ctx.Done():
			return -1, ctx.Err()
		case err := <-tr.Failed():
			return -1, err
		case <-tick:
			cue.show(out, tr.Position())
		case <-tr.Ended():
			cue.show(out, tr.Length())
			time.Sleep(playOut)
			fmt.Fprintf(out, "finished · %s\n", Length(tr.Length()))
			return i + 1, nil
		case line, ok := <-lines:
			if !ok {
				// No more commands can come: a paused track would wait forever.
				lines = nil
				if tr.Paused() {
					tr.TogglePause()
					fmt.Fprintln(out, "input ended · playing on")
				}
				continue
			}
			switch strings.TrimSpace(line) {
			case "":
			case "p":
				if tr.TogglePause() {
					fmt.Fprintf(out, "paused at %s · p resumes\n", Length(tr.Position()))
				} else {
					fmt.Fprintf(out, "playing from %s\n", Length(tr.Position()))
				}
			case "+":
				tr.Seek(seekStep)
				cue.seeked(tr.Position())
				fmt.Fprintf(out, "at %s of %s\n", Length(tr.Position()), Length(tr.Length()))
			case "-":
				tr.Seek(-seekStep)
				cue.seeked(tr.Position())
				fmt.Fprintf(out, "at %s of %s\n", Length(tr.Position()), Length(tr.Length()))
			case "n":
				fmt.Fprintln(out, "next answer")
				return i + 1, nil
			case "b":
				fmt.Fprintln(out, "previous answer")
				return max(i-1, 0), nil
			case "q":
				fmt.Fprintln(out, "stopped")
				return -1, nil
			default:
				fmt.Fprintf(out, "unknown command %q · %s\n", strings.TrimSpace(line), ReplayKeys)
			}
		}
	}
}

// playOut is how long the speaker's buffer takes to play out after a track
// has handed over its last sample.
const playOut = 100 * time.Millisecond

// Wait blocks until tr has played to its end (nil), its output failed (that
// error), or ctx is done (ctx's error); it stops tr in the last two cases.
func Wait(ctx context.Context, tr Track) error {
	select {
	case <-tr.Ended():
		time.Sleep(playOut)
		return nil
	case err := <-tr.Failed():
		tr.Stop()
		return err
	case <-ctx.Done():
		tr.Stop()
		return ctx.Err()
	}
}
