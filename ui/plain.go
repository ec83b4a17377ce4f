// Package ui holds the faces of mockround: they show engine events and turn
// what the candidate types into engine commands. No timing logic lives here.
package ui

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/mockround/mockround/audio"
	"github.com/mockround/mockround/internal/text"
	"github.com/mockround/mockround/session"
)

// Plain is the line face: one line per event, no cursor movement, so it
// reads well in a log, a pipe or a screen reader.
type Plain struct {
	mu     sync.Mutex
	out    io.Writer
	record bool     // takes are recorded (else timer only)
	take   int      // number of the take in progress
	Notes  []string // the bank's preparation notes, shown once at the start
	// Self is the command that runs mockround, for the commands suggested
	// at the end ("" is "mockround").
	Self string
	// Speak: each question is read aloud before its prep; Enter cuts the
	// reading short.
	Speak bool
	// Overview, if set, is the line that says what the session holds and
	// the longest it can take (see Overview), shown before question 1.
	Overview string
	// Gone, if set, is called once when a line cannot be written (the
	// reader of a pipe went away), so the session can stop cleanly.
	Gone func(error)
	gone bool

	answering bool // a take records and the clock runs
	alarm     Alarm
}

// Level takes a reading of the input level at at, and says in one line when
// the input has been silent for 5 s during an answer, or starts clipping:
// once per episode, as a line face can.
func (p *Plain) Level(at time.Time, l audio.Level) {
	p.mu.Lock()
	started := p.alarm.Add(at, l, p.answering)
	p.mu.Unlock()
	for _, w := range started {
		p.printf("⚠ %s\n", w)
	}
}

// follow notes whether an answer is recording, for Level.
func (p *Plain) follow(ev session.Event) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch ev.Kind {
	case session.EvPhase, session.EvResumed:
		p.answering = ev.Phase.Answering()
	case session.EvPaused, session.EvTakeSaved, session.EvQuestion, session.EvSessionEnd:
		p.answering = false
	case session.EvTakeStarted:
		p.alarm.NewTake()
	}
}

// NewPlain returns a line face writing to out.
func NewPlain(out io.Writer, record bool) *Plain { return &Plain{out: out, record: record} }

// KeyHelp is the list of commands the plain face understands.
const KeyHelp = "Commands (type, then Enter): Enter alone finishes the answer (in prep: start now) · p pause/resume · r retake · s skip · q quit"

func (p *Plain) printf(format string, args ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.gone {
		return
	}
	if _, err := fmt.Fprintf(p.out, format, args...); err != nil && p.Gone != nil {
		p.gone = true
		p.Gone(err)
	}
}

// Clock formats a countdown: 2:05, or +0:07 in overtime.
func Clock(left time.Duration) string {
	if left < 0 {
		s := int64(-left / time.Second)
		return fmt.Sprintf("+%d:%02d", s/60, s%60)
	}
	s := int64((left + time.Second - 1) / time.Second)
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// Event shows one engine event.
func (p *Plain) Event(ev session.Event) {
	p.follow(ev)
	switch ev.Kind {
	case session.EvSessionStart:
		p.start(ev)
	case session.EvQuestion:
		it := ev.Item
		if it.FollowUp != "" {
			p.printf("\nFollow-up to question %d of %d\n  %s\n", it.Position, ev.Total, it.FollowUp)
		} else {
			p.printf("\nQuestion %d of %d · %s · %s\n  %s\n", it.Position, ev.Total, it.RoundTitle, it.CategoryTitle, it.Question.Text)
			for _, tp := range it.Question.TalkingPoints {
				p.printf("  - %s\n", tp)
			}
		}
		if p.Speak {
			p.printf("reading the question aloud · Enter skips the rest\n")
		}
	case session.EvPhase:
		p.phase(ev)
	case session.EvTick:
		p.tick(ev)
	case session.EvPaused:
		p.printf("paused with %s left · p resumes\n", Clock(ev.Left))
	case session.EvResumed:
		p.printf("resumed · %s left\n", Clock(ev.Left))
	case session.EvTakeStarted:
		p.take = ev.Take.Take
	case session.EvTakeSaved:
		p.takeSaved(ev)
	case session.EvSkipped:
		p.printf("skipped\n")
	case session.EvNotice:
		p.printf("%s\n", ev.Text)
	case session.EvSessionEnd:
		p.end(ev)
	}
}

func (p *Plain) start(ev session.Event) {
	r := ev.Record
	p.printf("mockround · %s\n", r.Bank.Title)
	if p.Overview != "" {
		p.printf("Session %s · seed %d\n%s\n", r.ID, r.Plan.Seed, p.Overview)
	} else {
		p.printf("Session %s · %d %s (%s) · seed %d\n", r.ID, ev.Total, text.Plural(ev.Total, "question"), strings.Join(r.Plan.Rounds, ", "), r.Plan.Seed)
	}
	if r.Device != nil {
		p.printf("Recording from %q at %d Hz into %s\n", r.Device.Name, r.Device.SampleRate, ev.Dir)
	} else {
		p.printf("Timer only: nothing is recorded (--no-record)\n")
	}
	if len(p.Notes) > 0 {
		p.printf("Preparation notes:\n")
		for _, n := range p.Notes {
			p.printf("  - %s\n", n)
		}
	}
	p.printf("%s\n", KeyHelp)
}

func (p *Plain) phase(ev session.Event) {
	switch ev.Phase {
	case session.PhasePrep:
		p.printf("prep %s · Enter starts the answer now\n", Clock(ev.Left))
	case session.PhaseAnswer:
		what := "recording"
		if p.take > 1 {
			what = fmt.Sprintf("recording take %d", p.take)
		}
		if !p.record {
			what = "timer only"
		}
		p.printf("answer %s · %s · Enter when done\n", Clock(ev.Left), what)
	case session.PhaseWarning:
		p.printf("warning: %s left · start wrapping up\n", Clock(ev.Left))
	case session.PhaseOvertime:
		grace := time.Duration(ev.Item.Limits.Overtime)
		p.printf("time is up · overtime, the take stops at %s\n", Clock(-grace))
	}
}

func (p *Plain) tick(ev session.Event) {
	s := int64((ev.Left + time.Second - 1) / time.Second)
	if ev.Left <= 0 {
		if over := int64(-ev.Left / time.Second); over > 0 && over%10 == 0 {
			p.printf("overtime %s\n", Clock(ev.Left))
		}
		return
	}
	if s%10 == 0 || s <= 5 {
		p.printf("%s %s left\n", ev.Phase, Clock(ev.Left))
	}
}

func (p *Plain) takeSaved(ev session.Event) {
	t := ev.Take
	length := fmt.Sprintf("%.2f s", t.LengthS)
	if t.File == "" {
		p.printf("answer took %s (%s, not recorded)\n", length, t.Status)
		return
	}
	path := filepath.Join(ev.Dir, t.File)
	switch t.Status {
	case session.TakeDone:
		p.printf("saved take %d · %s · %s\n", t.Take, length, path)
	default:
		p.printf("%s take %d kept · %s · %s\n", t.Status, t.Take, length, path)
	}
	if a := t.Analysis; a != nil {
		p.printf("  %s\n", Figures(a))
	}
	if t.Overflows > 0 || t.DroppedFrames > 0 {
		p.printf("note: %s during this take; close busy programs if it happens often\n", Overflows(t))
	}
}

// NotKept is said of a session that ended with nothing worth keeping.
const NotKept = "Nothing was recorded, rated or noted, so the session was not kept."

func (p *Plain) end(ev session.Event) {
	r := ev.Record
	if ev.Discarded {
		p.printf("\n%s\n", NotKept)
		return
	}
	p.printf("\n%s\n", EndHeadline(r, ev.Total))
	if len(r.Takes) > 0 {
		p.printf("  %-3s %-28s %-4s %8s  %s\n", "#", "question", "take", "length", "status")
		for _, t := range r.Takes {
			p.printf("  %-3d %-28s %-4d %7.1fs  %s\n", t.Position, truncate(TakeName(t), 28), t.Take, t.LengthS, t.Status)
		}
	}
	p.printf("Saved in %s\n", ev.Dir)
	if r.Device != nil && len(r.Takes) > 0 {
		self := cmp.Or(p.Self, "mockround")
		p.printf("Next: %s replay %s · %s review %s\n", self, r.ID, self, r.ID)
	}
	if CanResume(r) {
		p.printf("Go on with the questions left: %s run --resume=%s\n", cmp.Or(p.Self, "mockround"), r.ID)
	}
}

// CanResume reports whether a session that ended left questions that
// run --resume would ask.
func CanResume(r *session.Record) bool {
	if r.Status != session.SessionQuit && r.Status != session.SessionInterrupted && r.Status != session.SessionFailed {
		return false
	}
	taken := map[int]bool{}
	for _, t := range r.Takes {
		taken[t.Position] = true
	}
	for _, q := range r.Plan.Questions {
		if !q.Skipped && !taken[q.Position] {
			return true
		}
	}
	return false
}

// TakeName names a take's question in a table: its id, and "follow-up"
// for the take of its follow-up.
func TakeName(t session.Take) string {
	if t.FollowUp != "" {
		return t.QuestionID + " follow-up"
	}
	return t.QuestionID
}

// Overview says in one line what a plan asks and the longest it can take,
// every question's (and follow-up's) prep, answer time and overtime added up:
// "6 questions in 3 rounds (technical, system-design, behavioral) · at most 41 min".
func Overview(plan *session.Plan) string {
	var most time.Duration
	for _, it := range plan.Items {
		most += it.Limits.Prep + it.Limits.Answer + it.Limits.Overtime
	}
	n, r := plan.Questions(), len(plan.Rounds)
	with := ""
	if fu := len(plan.Items) - n; fu > 0 {
		with = fmt.Sprintf(", %d with a follow-up", fu)
	}
	return fmt.Sprintf("%d %s in %d %s (%s)%s · at most %s", n, text.Plural(n, "question"), r, text.Plural(r, "round"),
		strings.Join(plan.Rounds, ", "), with, AtMost(most))
}

// AtMost words a longest time, rounded up: 45 s, 41 min, 1 h 5 min.
func AtMost(d time.Duration) string {
	if d < time.Minute {
		return fmt.Sprintf("%d s", (d+time.Second-1)/time.Second)
	}
	m := int64((d + time.Minute - 1) / time.Minute)
	switch {
	case m < 60:
		return fmt.Sprintf("%d min", m)
	case m%60 == 0:
		return fmt.Sprintf("%d h", m/60)
	}
	return fmt.Sprintf("%d h %d min", m/60, m%60)
}

// EndHeadline says how a session ended and what it holds, for every face.
func EndHeadline(r *session.Record, total int) string {
	var head string
	switch r.Status {
	case session.SessionComplete:
		head = "Session complete"
	case session.SessionQuit:
		head = "Session ended early (quit)"
	case session.SessionInterrupted:
		head = "Session interrupted; everything recorded so far is saved"
	default:
		head = "Session stopped: " + r.Error
	}
	what := "recorded"
	if r.Device == nil {
		what = "answering"
	}
	return fmt.Sprintf("%s: %d of %d %s answered, %s %s.", head, r.Answered(), total, text.Plural(total, "question"), Length(r.TotalLength()), what)
}

// Figures is the one-line summary of a take's analysis.
func Figures(a *audio.Analysis) string {
	if a.FirstWordS == nil {
		return fmt.Sprintf("no speech detected · peak %.1f dBFS", a.PeakDBFS)
	}
	return fmt.Sprintf("first word %.1f s · speaking %.1f s · longest pause %.1f s · %d %s over 2 s",
		*a.FirstWordS, a.SpeakingS, a.LongestPauseS, a.PausesOver2s, text.Plural(a.PausesOver2s, "pause"))
}

// Overflows says how often the input overflowed during a take and how
// much audio that lost: "the input overflowed 1 time (512 frames dropped)".
func Overflows(t *session.Take) string {
	return fmt.Sprintf("the input overflowed %d %s (%d %s dropped)", t.Overflows, text.Plural(int(t.Overflows), "time"),
		t.DroppedFrames, text.Plural(int(t.DroppedFrames), "frame"))
}

// Length formats a recorded length to the nearest second: 2:05.
func Length(d time.Duration) string {
	s := int64(d.Round(time.Second) / time.Second)
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n-1] + "…"
}

// ReadCommands turns lines of r into commands until r ends, then closes cmds.
// Unknown lines get a one-line reminder of the commands on help.
func ReadCommands(r io.Reader, cmds chan<- session.Command, help io.Writer) {
	defer close(cmds)
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		c, ok := ParseCommand(sc.Text())
		if !ok {
			fmt.Fprintf(help, "unknown command %q · %s\n", strings.TrimSpace(sc.Text()), KeyHelp)
			continue
		}
		cmds <- c
	}
}

// ParseCommand reads one plain-face command line.
func ParseCommand(line string) (session.Command, bool) {
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "", "f", "finish", "done":
		return session.CmdFinish, true
	case "p", "pause", "resume":
		return session.CmdPause, true
	case "r", "retake":
		return session.CmdRetake, true
	case "s", "skip":
		return session.CmdSkip, true
	case "q", "quit":
		return session.CmdQuit, true
	}
	return 0, false
}

// Write lets other writers share the face's output without tearing lines.
func (p *Plain) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.out.Write(b)
}
