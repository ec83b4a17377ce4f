package tui

import (
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/mockround/mockround/audio"
	"github.com/mockround/mockround/bank"
	"github.com/mockround/mockround/session"
)

// The model is driven by a real engine on a fake clock: the events arrive
// in the order and with the values a run produces, and no test sleeps.

var t0 = time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)

type fakeClock struct{ now *time.Time }

func (c fakeClock) Now() time.Time                       { return *c.now }
func (c fakeClock) After(time.Duration) <-chan time.Time { return nil }

type fakeRec struct{}

func (r *fakeRec) StartTake(string) (time.Time, error) { return time.Time{}, nil }
func (r *fakeRec) Pause()                              {}
func (r *fakeRec) Resume()                             {}
func (r *fakeRec) StopTake() (session.TakeResult, error) {
	first := 0.8
	return session.TakeResult{Frames: 44100 * 18, Rate: 44100, Analysis: &audio.Analysis{
		LengthS: 18, FirstWordS: &first, SpeakingS: 14.2, LongestPauseS: 1.3}}, nil
}

type harness struct {
	t    *testing.T
	m    *RunModel
	cmds chan session.Command
	eng  *session.Engine
	now  time.Time
	last tea.Cmd   // the command returned by the latest Update
	all  []tea.Cmd // every command returned, latest last
}

var testLimits = session.Limits{Prep: 5 * time.Second, Answer: 20 * time.Second, Warn: 5 * time.Second, Overtime: 10 * time.Second}

const question1 = "Walk through debugging a particularly challenging issue, from the first report to the fix that shipped"

func newHarness(t *testing.T, opts RunOptions, record bool) *harness {
	t.Helper()
	var r session.Recorder
	if record {
		r = &fakeRec{}
	}
	return newHarnessWith(t, opts, r)
}

// newHarnessWith is newHarness recording with r (nil: timer only).
func newHarnessWith(t *testing.T, opts RunOptions, r session.Recorder) *harness {
	t.Helper()
	h := &harness{t: t, cmds: make(chan session.Command, 4), now: t0}
	if opts.Now == nil {
		opts.Now = func() time.Time { return h.now }
	}
	h.m = NewRunModel(opts, h.cmds)
	h.update(tea.WindowSizeMsg{Width: 80, Height: 24})
	plan := &session.Plan{Items: []session.PlanItem{
		{Position: 1, Question: bank.Question{ID: "challenging-debugging", Text: question1, TalkingPoints: []string{"the symptom", "the fix"}},
			RoundID: "behavioral", RoundTitle: "Behavioral Questions", CategoryID: "problem-solving", CategoryTitle: "Problem Solving", Limits: testLimits},
		{Position: 2, Question: bank.Question{ID: "onboarding", Text: "How do you onboard new team members to complex systems?"},
			RoundID: "behavioral", RoundTitle: "Behavioral Questions", CategoryID: "team", CategoryTitle: "Team Collaboration", Limits: testLimits},
	}}
	rec := &session.Record{ID: "20261127T090000Z-abc123", Bank: session.BankRef{Title: "Test bank"}, Takes: []session.Take{}}
	cfg := session.Config{Plan: plan, Record: rec, Dir: "/data/sessions/20261127T090000Z-abc123",
		Clock: fakeClock{&h.now}, Save: func(string, *session.Record) error { return nil },
		Emit: func(ev session.Event) { h.update(eventMsg{ev}) }}
	if r != nil {
		rec.Device = &session.DeviceRef{Name: "default", SampleRate: 44100}
		cfg.Recorder = r
	}
	h.eng = session.NewEngine(cfg)
	return h
}

func (h *harness) update(msg tea.Msg) {
	_, h.last = h.m.Update(msg)
	if h.last != nil {
		h.all = append(h.all, h.last)
	}
}

func (h *harness) start() {
	h.t.Helper()
	if err := h.eng.Start(h.now); err != nil {
		h.t.Fatal(err)
	}
}

// at moves the clock to d after the start and lets the engine tick.
func (h *harness) at(d time.Duration) {
	h.t.Helper()
	h.now = t0.Add(d)
	if err := h.eng.Tick(h.now); err != nil {
		h.t.Fatal(err)
	}
}

// confirm presses k twice, as s and q want, and checks it acted.
func (h *harness) confirm(k tea.KeyPressMsg) {
	h.t.Helper()
	if c, ok := h.press(k); ok {
		h.t.Fatalf("%s acted at once: %v", k, c)
	}
	if _, ok := h.press(k); !ok {
		h.t.Fatalf("%s pressed again did nothing", k)
	}
}

// press sends a key and hands the command it produced, if any, to the engine.
func (h *harness) press(k tea.KeyPressMsg) (session.Command, bool) {
	h.t.Helper()
	h.update(k)
	select {
	case c := <-h.cmds:
		if err := h.eng.Handle(c, h.now); err != nil {
			h.t.Fatal(err)
		}
		return c, true
	default:
		return 0, false
	}
}

func (h *harness) screen() string { return ansi.Strip(h.m.Render()) }

func (h *harness) has(wants ...string) {
	h.t.Helper()
	s := h.screen()
	for _, w := range wants {
		if !strings.Contains(s, w) {
			h.t.Errorf("screen lacks %q:\n%s", w, s)
		}
	}
}

func (h *harness) lacks(nots ...string) {
	h.t.Helper()
	s := h.screen()
	for _, w := range nots {
		if strings.Contains(s, w) {
			h.t.Errorf("screen shows %q:\n%s", w, s)
		}
	}
}

func keyText(s string) tea.KeyPressMsg { return tea.KeyPressMsg{Code: []rune(s)[0], Text: s} }

var (
	keyEnter = tea.KeyPressMsg{Code: tea.KeyEnter}
	keySpace = tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	keyCtrlC = tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
)

func isQuit(c tea.Cmd) bool {
	if c == nil {
		return false
	}
	_, ok := c().(tea.QuitMsg)
	return ok
}

// bigClock is the big countdown as an 80-column screen draws it (every
// column doubled), written out rather than drawn by the code under test.
var bigClock = map[string][3]string{
	"0:05":  {"██▀▀██  ▄▄  ██▀▀██  ██▀▀▀▀", "██  ██  ▄▄  ██  ██  ▀▀▀▀██", "▀▀▀▀▀▀      ▀▀▀▀▀▀  ▀▀▀▀▀▀"},
	"0:04":  {"██▀▀██  ▄▄  ██▀▀██  ██  ██", "██  ██  ▄▄  ██  ██  ▀▀▀▀██", "▀▀▀▀▀▀      ▀▀▀▀▀▀      ▀▀"},
	"0:20":  {"██▀▀██  ▄▄  ▀▀▀▀██  ██▀▀██", "██  ██  ▄▄  ██▀▀▀▀  ██  ██", "▀▀▀▀▀▀      ▀▀▀▀▀▀  ▀▀▀▀▀▀"},
	"+0:02": {"  ▄▄    ██▀▀██  ▄▄  ██▀▀██  ▀▀▀▀██", "▀▀██▀▀  ██  ██  ▄▄  ██  ██  ██▀▀▀▀", "        ▀▀▀▀▀▀      ▀▀▀▀▀▀  ▀▀▀▀▀▀"},
}

// hasBig checks the screen shows the big clock text, its three rows one
// under the other.
func (h *harness) hasBig(text string) {
	h.t.Helper()
	rows, ok := bigClock[text]
	if !ok {
		h.t.Fatalf("no big clock written out for %q", text)
	}
	lines := strings.Split(h.screen(), "\n")
	for i := 0; i+2 < len(lines); i++ {
		if strings.Contains(lines[i], rows[0]) && strings.Contains(lines[i+1], rows[1]) && strings.Contains(lines[i+2], rows[2]) {
			return
		}
	}
	h.t.Errorf("screen lacks the big clock %s:\n%s", text, h.screen())
}

func TestRunPrep(t *testing.T) {
	h := newHarness(t, RunOptions{Record: true, Color: false, Notes: []string{"Have examples ready"}}, true)
	h.start()
	h.has("question 1 of 2", "Behavioral Questions", "Problem Solving", "Walk through debugging",
		"○ PREP · 0:05 left · Enter starts the answer now", "prep", "0:00 of 0:05",
		"- the symptom", "Preparation notes:", "Have examples ready", "enter/space start now", "p pause", "r retake", "s skip", "q quit")
	h.hasBig("0:05")
	h.at(1 * time.Second)
	h.has("PREP · 0:04 left", "0:01 of 0:05")
	h.hasBig("0:04")
	h.lacks(bigClock["0:05"][0])
	h.lacks("ANSWERING", "recording")
}

func TestRunAnswerWarningOvertime(t *testing.T) {
	h := newHarness(t, RunOptions{Record: true}, true)
	h.start()
	h.at(5 * time.Second) // prep over: the answer starts
	h.has("● ANSWERING · 0:20 left of 0:20 · recording", "answer", "0:00 of 0:20", "enter/space finish")
	h.hasBig("0:20")
	h.lacks("PREP", "start now", "Preparation notes") // talking points and notes are for prep
	h.at(12 * time.Second)
	h.has("ANSWERING · 0:13 left of 0:20", "0:07 of 0:20")
	h.at(20 * time.Second) // 5 s left: the warning stage
	h.has("▲ WARNING · 0:05 left · wrap up · recording")
	h.lacks("ANSWERING")
	h.at(27 * time.Second) // 2 s over
	h.has("+ OVERTIME · +0:02 · the take stops at +0:10", "+0:02 over")
	h.hasBig("+0:02")
	h.lacks("WARNING")
	h.at(35 * time.Second) // grace over: the take stops itself, the next question's prep begins
	h.has("question 2 of 2", "PREP · 0:05 left", "take 1 saved · 0:18", "first word 0.8 s", "speaking 14.2 s", "longest pause 1.3 s")
}

func TestRunStagesReadWithoutColour(t *testing.T) {
	h := newHarness(t, RunOptions{Record: true, Color: false}, true)
	h.start()
	screens := map[string]string{"prep": h.m.Render()}
	h.at(5 * time.Second)
	screens["answer"] = h.m.Render()
	h.press(keyText("p"))
	screens["paused"] = h.m.Render()
	h.press(keyText("p"))
	h.at(20 * time.Second)
	screens["warning"] = h.m.Render()
	h.at(26 * time.Second)
	screens["overtime"] = h.m.Render()
	labels := map[string]string{"prep": "○ PREP", "answer": "● ANSWERING", "paused": "‖ PAUSED", "warning": "▲ WARNING", "overtime": "+ OVERTIME"}
	for stage, s := range screens {
		if colourCode.MatchString(s) {
			t.Errorf("%s: colour codes under NO_COLOR: %q", stage, s)
		}
		s = ansi.Strip(s) // no bold either: the words tell the stages apart
		for other, label := range labels {
			if got := strings.Contains(s, label); got != (other == stage) {
				t.Errorf("%s screen: shows %q = %v", stage, label, got)
			}
		}
	}
}

// colourCode matches an SGR sequence that sets a colour.
var colourCode = regexp.MustCompile(`\x1b\[[0-9;]*(3[0-9]|4[0-9]|9[0-7]|10[0-7])[;m]`)

func TestRunNoColor(t *testing.T) {
	colour := colourCode
	for _, withColour := range []bool{false, true} {
		h := newHarness(t, RunOptions{Record: true, Color: withColour, Level: func() audio.Level { return audio.Level{} }}, true)
		h.start()
		h.at(5 * time.Second)
		h.update(levelMsg{at: h.now, level: audio.Level{RMS: -20, Peak: 0, Clipped: true}})
		s := h.m.Render()
		if got := colour.MatchString(s); got != withColour {
			t.Errorf("colour %v: colour codes present = %v:\n%q", withColour, got, s)
		}
		h.confirm(keyText("q"))
		if got := colour.MatchString(h.m.Render()); got != withColour {
			t.Errorf("colour %v: end screen colour codes present = %v", withColour, got)
		}
	}
}

func TestRunKeys(t *testing.T) {
	for _, tc := range []struct {
		key  tea.KeyPressMsg
		want session.Command
	}{
		{keyEnter, session.CmdFinish},
		{keySpace, session.CmdFinish},
		{keyText("p"), session.CmdPause},
		{keyText("r"), session.CmdRetake},
		{keyText("s"), session.CmdSkip},
		{keyText("q"), session.CmdQuit},
	} {
		h := newHarness(t, RunOptions{Record: true}, true)
		h.start()
		h.at(5 * time.Second)
		if tc.want == session.CmdSkip || tc.want == session.CmdQuit {
			h.press(tc.key) // asks once more
		}
		got, ok := h.press(tc.key)
		if !ok || got != tc.want {
			t.Errorf("%s: sent %v (%v), want %v", tc.key, got, ok, tc.want)
		}
	}
	// Other keys send nothing, and nothing is sent before the session starts.
	h := newHarness(t, RunOptions{Record: true}, true)
	if _, ok := h.press(keyEnter); ok {
		t.Error("a command went out before the session started")
	}
	h.start()
	for _, k := range []tea.KeyPressMsg{keyText("x"), keyText("1"), {Code: tea.KeyUp}} {
		if c, ok := h.press(k); ok {
			t.Errorf("%s sent %v", k, c)
		}
	}
}

func TestRunKeyEffects(t *testing.T) {
	h := newHarness(t, RunOptions{Record: true}, true)
	h.start()
	h.at(2 * time.Second)
	h.press(keyText("p")) // pause in prep
	h.has("‖ PAUSED · 0:03 left · p resumes", "p resume")
	h.press(keyText("p"))
	h.has("PREP · 0:03 left")
	h.press(keyText("r")) // nothing to retake in prep: the engine says so
	h.has("nothing to retake yet")
	h.press(keyEnter) // in prep: start now
	h.has("ANSWERING · 0:20 left", "· recording")
	h.at(4 * time.Second)
	h.press(keyText("r")) // retake: take 1 kept, take 2 records
	h.has("recording take 2", "take 1 saved")
	h.press(keyText("x")) // any key dismisses the figures
	h.lacks("take 1 saved")
	h.at(6 * time.Second)
	h.confirm(keyText("s")) // skip 2 s into take 2: kept, stopped; on to question 2
	h.has("question 2 of 2", "skipped question 1", "take 2 stopped, kept")
	h.press(keySpace) // start now
	h.has("ANSWERING")
	h.press(keySpace) // finish: the session is complete
	h.has("Session complete: 2 of 2 questions answered")
}

// emptyRec records nothing: a take stopped as it began.
type emptyRec struct{ fakeRec }

func (r *emptyRec) StopTake() (session.TakeResult, error) {
	return session.TakeResult{Rate: 44100}, nil
}

// TestRunSkipAsTheAnswerBegins: s pressed (twice) right as the answer
// begins skips the question and keeps no take: the screen says skipped,
// with no "take 1 stopped, kept" and no figures.
func TestRunSkipAsTheAnswerBegins(t *testing.T) {
	h := newHarnessWith(t, RunOptions{Record: true}, &emptyRec{})
	h.start()
	h.press(keyEnter) // in prep: start now
	h.has("ANSWERING", "· recording")
	h.confirm(keyText("s"))
	h.has("question 2 of 2", "skipped question 1")
	h.lacks("stopped, kept", "take 1 saved")
}

func TestRunFiguresLastThreeSeconds(t *testing.T) {
	h := newHarness(t, RunOptions{Record: true}, true)
	h.start()
	h.press(keyEnter)
	h.all = nil
	h.press(keyEnter) // take 1 saved
	h.has("take 1 saved · 0:18 · first word 0.8 s")
	if len(h.all) == 0 {
		t.Fatal("no timer for the figures")
	}
	stale := figuresDoneMsg{seq: h.m.seq - 1}
	h.update(stale)
	h.has("take 1 saved")
	h.update(figuresDoneMsg{seq: h.m.seq})
	h.lacks("take 1 saved")
}

func TestRunMeter(t *testing.T) {
	h := newHarness(t, RunOptions{Record: true, Level: func() audio.Level { return audio.Level{RMS: -30, Peak: -10} }}, true)
	if h.m.Init() == nil {
		t.Fatal("Init does not start polling the level")
	}
	h.start()
	h.has("input", "-inf dBFS · peak -inf")
	h.at(5 * time.Second)
	read := func(after time.Duration, l audio.Level) {
		h.update(levelMsg{at: h.now.Add(after), level: l})
		if h.last == nil {
			t.Fatal("the meter stopped polling")
		}
	}
	// The bar is what is left of 80 columns after "input  " and the
	// figures; -60 to 0 dBFS fill it, the held peak is a mark.
	meter := func(fill, gap, after int, tail string) string {
		return "input  " + strings.Repeat("█", fill) + strings.Repeat("░", gap) + "│" + strings.Repeat("░", after) + tail
	}
	read(0, audio.Level{RMS: -20, Peak: -6})
	// 54 cells: -20 dBFS fills 2/3 (36), the peak of -6 marks cell 49 of 54.
	if got, want := meterOf(h.screen()), meter(36, 12, 5, " -20 dBFS · peak -6"); got != want {
		t.Errorf("meter at -20 dBFS, peak -6:\n got %q\nwant %q", got, want)
	}
	read(500*time.Millisecond, audio.Level{RMS: -40, Peak: -30})
	// The peak holds: 1/3 filled (18 of 54), the mark where it was.
	if got, want := meterOf(h.screen()), meter(18, 30, 5, " -40 dBFS · peak -6"); got != want {
		t.Errorf("meter at -40 dBFS, peak held at -6:\n got %q\nwant %q", got, want)
	}
	read(2500*time.Millisecond, audio.Level{RMS: -40, Peak: -30})
	// And falls back after 1.5 s: 53 cells (the figures are a column
	// longer), 18 filled, the mark on cell 27 (26.5 rounded up).
	if got, want := meterOf(h.screen()), meter(18, 8, 26, " -40 dBFS · peak -30"); got != want {
		t.Errorf("meter at -40 dBFS, peak -30:\n got %q\nwant %q", got, want)
	}
	read(2600*time.Millisecond, audio.SilentLevel)
	h.has("-inf dBFS")
}

func meterOf(screen string) string {
	for _, l := range strings.Split(screen, "\n") {
		if strings.HasPrefix(l, "input") && strings.Contains(l, "dBFS") {
			return l
		}
	}
	return ""
}

func TestRunSilenceWarning(t *testing.T) {
	silent := audio.SilentLevel
	h := newHarness(t, RunOptions{Record: true, Level: func() audio.Level { return silent }}, true)
	h.start()
	// No warning in prep, however long the silence.
	for d := time.Duration(0); d < 5*time.Second; d += 100 * time.Millisecond {
		h.update(levelMsg{at: t0.Add(d), level: silent})
	}
	h.lacks(SilenceWarning)
	h.at(5 * time.Second)
	for d := 5 * time.Second; d < 10*time.Second; d += 100 * time.Millisecond {
		h.update(levelMsg{at: t0.Add(d), level: silent})
	}
	h.lacks(SilenceWarning) // 4.9 s
	h.update(levelMsg{at: t0.Add(10 * time.Second), level: silent})
	h.has("⚠ " + SilenceWarning)
	h.update(levelMsg{at: t0.Add(10100 * time.Millisecond), level: audio.Level{RMS: -25, Peak: -8}})
	h.lacks(SilenceWarning) // speech clears it
	// Paused: no warning.
	h.press(keyText("p"))
	for d := 10 * time.Second; d < 17*time.Second; d += 100 * time.Millisecond {
		h.update(levelMsg{at: t0.Add(d), level: silent})
	}
	h.lacks(SilenceWarning)
}

func TestRunClippingWarning(t *testing.T) {
	h := newHarness(t, RunOptions{Record: true, Level: func() audio.Level { return audio.Level{} }}, true)
	h.start()
	h.at(5 * time.Second)
	h.update(levelMsg{at: h.now, level: audio.Level{RMS: -3, Peak: 0, Clipped: true}})
	h.has("⚠ " + ClippingWarning)
	h.update(levelMsg{at: h.now.Add(time.Second), level: audio.Level{RMS: -20, Peak: -6}})
	h.has(ClippingWarning) // stays a moment
	h.update(levelMsg{at: h.now.Add(2100 * time.Millisecond), level: audio.Level{RMS: -20, Peak: -6}})
	h.lacks(ClippingWarning)
}

func TestRunFitsTheScreen(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {100, 30}, {60, 20}, {40, 24}, {30, 16}, {20, 10}, {12, 5}} {
		h := newHarness(t, RunOptions{Record: true, Notes: []string{"Review the mission", "Prepare details"},
			Notice: "--speak: no speech synthesizer found: install espeak-ng (Linux) or use macOS's say", Level: func() audio.Level { return audio.Level{} }}, true)
		h.update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		h.start()
		check := func(what string) {
			t.Helper()
			lines := strings.Split(h.screen(), "\n")
			if len(lines) > size[1] {
				t.Errorf("%dx%d %s: %d lines", size[0], size[1], what, len(lines))
			}
			for _, l := range lines {
				if w := ansi.StringWidth(l); w > size[0] {
					t.Errorf("%dx%d %s: line %d wide: %q", size[0], size[1], what, w, l)
				}
			}
		}
		check("prep")
		h.at(5 * time.Second)
		h.update(levelMsg{at: h.now, level: audio.Level{RMS: -3, Peak: 0, Clipped: true}})
		check("answer")
		h.at(26 * time.Second)
		check("overtime")
		h.update(keyText("q"))
		check("asking again")
		if _, ok := h.press(keyText("q")); !ok {
			t.Fatal("q twice did not quit")
		}
		check("end")
		if size[1] >= 10 {
			// The essentials survive: the stage, and the key help on the last line.
			lines := strings.Split(h.screen(), "\n")
			if !strings.Contains(lines[len(lines)-1], "any key") {
				t.Errorf("%dx%d: the last line is %q", size[0], size[1], lines[len(lines)-1])
			}
		}
	}
}

func TestRunResizeRewraps(t *testing.T) {
	h := newHarness(t, RunOptions{Record: true}, true)
	h.start()
	for _, w := range []int{80, 40, 25} {
		h.update(tea.WindowSizeMsg{Width: w, Height: 24})
		s := h.screen()
		var words []string
		for _, l := range strings.Split(s, "\n") {
			words = append(words, strings.Fields(l)...)
		}
		if !strings.Contains(strings.Join(words, " "), question1) {
			t.Errorf("width %d: the question is not all on screen:\n%s", w, s)
		}
		if !strings.Contains(s, "PREP · 0:05") {
			t.Errorf("width %d: no stage line:\n%s", w, s)
		}
	}
}

func TestRunEndScreen(t *testing.T) {
	h := newHarness(t, RunOptions{Record: true}, true)
	h.start()
	h.press(keyEnter)
	h.confirm(keyText("q"))
	h.has("Session ended early (quit): 1 of 2 questions answered, 0:18 recorded.",
		"question", "take", "length", "speaking", "status", "challenging-debugging", "0:14", "stopped",
		"Saved in /data/sessions/20261127T090000Z-abc123",
		"Next: mockround replay 20261127T090000Z-abc123", "mockround review 20261127T090000Z-abc123", "any key leaves")
	if isQuit(h.last) {
		t.Error("the end screen left at once")
	}
	h.update(engineDoneMsg{})
	if isQuit(h.last) {
		t.Error("the end screen left when the engine returned")
	}
	h.update(keyText("x"))
	if !isQuit(h.last) {
		t.Error("a key does not leave the end screen")
	}
	sum := h.m.Summary()
	for _, want := range []string{"Session ended early (quit)", "challenging-debugging", "Saved in /data/sessions/", "mockround replay 20261127T090000Z-abc123"} {
		if !strings.Contains(sum, want) {
			t.Errorf("summary lacks %q:\n%s", want, sum)
		}
	}
	if strings.Contains(sum, "\x1b") {
		t.Errorf("summary has escape codes: %q", sum)
	}
}

func TestRunNoRecordEndScreen(t *testing.T) {
	h := newHarness(t, RunOptions{Record: false}, false)
	h.start()
	h.has("input  not recording (--no-record): timers only")
	h.press(keyEnter)
	h.has("ANSWERING · 0:20 left of 0:20 · timer only")
	h.at(3 * time.Second)
	h.press(keyEnter)
	h.has("answer took 0:03 (done, not recorded)")
	h.confirm(keyText("q"))
	h.has("Session ended early (quit): 1 of 2 questions answered, 0:03 answering.")
	h.lacks("Next: mockround replay")
}

func TestRunCtrlCInterrupts(t *testing.T) {
	interrupted := 0
	h := newHarness(t, RunOptions{Record: true, Interrupt: func() { interrupted++ }}, true)
	h.start()
	h.at(5 * time.Second)
	h.update(keyCtrlC)
	if interrupted != 1 {
		t.Fatalf("Interrupt called %d times", interrupted)
	}
	h.has("stopping: saving the take and the session")
	if _, ok := h.press(keyEnter); ok {
		t.Error("a command went out while stopping")
	}
	if err := h.eng.Interrupt(h.now); err != nil { // what the engine does when its context ends
		t.Fatal(err)
	}
	if !isQuit(h.last) {
		t.Error("the face stays after an interrupted session")
	}
	if !strings.Contains(h.m.Summary(), "Session interrupted; everything recorded so far is saved") {
		t.Errorf("summary: %s", h.m.Summary())
	}
	for _, l := range strings.Split(h.m.Summary(), "\n") {
		if ansi.StringWidth(l) > 80 {
			t.Errorf("summary line %d wide: %q", ansi.StringWidth(l), l)
		}
	}
}

func TestRunEngineFailsBeforeEnding(t *testing.T) {
	h := newHarness(t, RunOptions{Record: true}, true)
	h.update(engineDoneMsg{err: errTest})
	if !isQuit(h.last) {
		t.Error("the face stays when the engine returned without a session")
	}
	if h.m.Summary() != "" {
		t.Errorf("summary of no session: %q", h.m.Summary())
	}
}

var errTest = &testError{}

type testError struct{}

func (*testError) Error() string { return "test error" }

func TestRunSpeakAndNotices(t *testing.T) {
	h := newHarness(t, RunOptions{Record: true, Speak: true, Notice: "--speak: something to say"}, true)
	// The question arrives before the engine reads it aloud and starts prep.
	h.update(eventMsg{session.Event{Kind: session.EvSessionStart, Total: 2, Record: &session.Record{ID: "x"}}})
	item := session.PlanItem{Position: 1, Question: bank.Question{Text: "Why?"}, Limits: testLimits}
	h.update(eventMsg{session.Event{Kind: session.EvQuestion, Total: 2, Item: &item}})
	h.has("Why?", "♪ reading the question aloud", "--speak: something to say")
	h.update(eventMsg{session.Event{Kind: session.EvPhase, Phase: session.PhasePrep, Left: 5 * time.Second, Item: &item}})
	h.lacks("reading the question aloud")
	h.update(noticeMsg("--speak: espeak-ng failed"))
	h.has("--speak: espeak-ng failed")
	item2 := item
	item2.Position = 2
	h.update(eventMsg{session.Event{Kind: session.EvQuestion, Total: 2, Item: &item2}})
	h.lacks("--speak: something to say") // the opening notice is for the first question
	h.has("espeak-ng failed")            // news lasts until a take ends
	h.update(eventMsg{session.Event{Kind: session.EvTakeSaved, Item: &item2, Take: &session.Take{Take: 1, Status: session.TakeDone}}})
	h.lacks("espeak-ng failed")
}

func TestRunSilentTakeHint(t *testing.T) {
	h := newHarness(t, RunOptions{Record: true}, true)
	h.start()
	h.update(eventMsg{session.Event{Kind: session.EvNotice, Text: session.SilentTakeHint("")}})
	h.has("pure digital silence")
}

func TestRunHelpFitsNarrowScreens(t *testing.T) {
	for _, w := range []int{50, 80} {
		h := newHarness(t, RunOptions{Record: true}, true)
		h.update(tea.WindowSizeMsg{Width: w, Height: 24})
		h.start()
		h.at(5 * time.Second)
		lines := strings.Split(h.screen(), "\n")
		help := lines[len(lines)-1]
		for _, want := range []string{"enter", "finish", "p pause", "r retake", "s skip", "q quit"} {
			if !strings.Contains(help, want) {
				t.Errorf("width %d: help %q lacks %q", w, help, want)
			}
		}
	}
}

// TestRunOverview: the overview shows from the start until the first take
// ends (so with --prep 0 too, while the first answer is being given), and
// not after.
func TestRunOverview(t *testing.T) {
	const overview = "2 questions in 1 round (behavioral) · at most 1 min"
	h := newHarness(t, RunOptions{Record: true, Overview: overview}, true)
	h.has(overview) // starting
	h.start()
	h.has(overview, "PREP")
	h.at(5 * time.Second)
	h.has(overview, "ANSWERING")
	h.press(keyEnter) // question 2: no overview any more
	h.has("question 2 of 2")
	h.lacks(overview)
}

// TestRunNamesTheDevice: the screen says what records, and at what rate.
func TestRunNamesTheDevice(t *testing.T) {
	h := newHarness(t, RunOptions{Record: true, Level: func() audio.Level { return audio.Level{} }}, true)
	h.start()
	h.has(`input  "default" · 44.1 kHz`)
	h.at(5 * time.Second)
	h.has(`input  "default" · 44.1 kHz`, "dBFS")
	if got := DeviceText("USB Mic", 48000); got != `"USB Mic" · 48 kHz` {
		t.Errorf("DeviceText = %q", got)
	}
	h = newHarness(t, RunOptions{Record: false}, false)
	h.start()
	h.lacks("kHz")
}

// TestRunTalkingPointsWhileAnswering: the talking points stay on screen
// once the answer starts, and t hides and shows them again; the help line
// says so while there are points to show.
func TestRunTalkingPointsWhileAnswering(t *testing.T) {
	h := newHarness(t, RunOptions{Record: true}, true)
	h.start()
	h.has("- the symptom", "- the fix", "t hide points")
	h.at(5 * time.Second)
	h.has("ANSWERING", "- the symptom", "- the fix", "t hide points")
	if c, ok := h.press(keyText("t")); ok {
		t.Errorf("t sent %v to the engine", c)
	}
	h.lacks("- the symptom")
	h.has("t show points")
	h.press(keyText("t"))
	h.has("- the symptom", "t hide points")
	h.press(keyEnter) // question 2 has no talking points: no t in the help
	h.has("question 2 of 2")
	h.lacks("- the symptom", "t hide points", "t show points")
}

// TestRunSkipAndQuitAskAgain: s and q have no way back, so they act only
// when pressed again within 2 s; any other key, or the time running out,
// cancels them. The screen says so meanwhile.
func TestRunSkipAndQuitAskAgain(t *testing.T) {
	h := newHarness(t, RunOptions{Record: true}, true)
	h.start()
	h.at(5 * time.Second)
	for _, name := range []string{"s", "q"} {
		k := keyText(name)
		// Another key cancels, and does nothing else.
		if _, ok := h.press(k); ok {
			t.Fatalf("%s acted at once", name)
		}
		h.has("press " + name + " again to")
		if c, ok := h.press(keyEnter); ok {
			t.Errorf("the key that cancelled %s sent %v", name, c)
		}
		h.lacks("press " + name + " again")
		h.has("ANSWERING")
		// The timer's message ends the wait; a stale one does not.
		h.press(k)
		h.update(confirmDoneMsg{seq: h.m.confirmSeq - 1})
		h.has("press " + name + " again")
		h.update(confirmDoneMsg{seq: h.m.confirmSeq})
		h.lacks("press " + name + " again")
		if _, ok := h.press(k); ok {
			t.Errorf("%s acted after the wait ran out", name)
		}
		// Pressed again over 2 s later (the clock says), it asks anew.
		h.now = h.now.Add(2100 * time.Millisecond)
		if _, ok := h.press(k); ok {
			t.Errorf("%s acted when pressed again 2.1 s later", name)
		}
		h.has("press " + name + " again")
		h.press(keyText("x")) // cancel
	}
	h.press(keyText("s"))
	h.now = h.now.Add(1900 * time.Millisecond)
	if c, ok := h.press(keyText("s")); !ok || c != session.CmdSkip {
		t.Fatalf("s twice within 2 s: %v %v", c, ok)
	}
	h.has("question 2 of 2", "skipped question 1")
	// A skip asked at the end of one question is not carried to the next.
	h.press(keyText("q"))
	h.update(eventMsg{session.Event{Kind: session.EvQuestion, Total: 2, Item: h.eng.Current()}})
	if _, ok := h.press(keyText("q")); ok {
		t.Error("a q pressed for the question before quit")
	}
}

// TestRunEnterSkipsReading: Enter while the question is read aloud cuts
// the reading short, and sends the engine nothing (it is no "start now").
func TestRunEnterSkipsReading(t *testing.T) {
	skipped := 0
	h := newHarness(t, RunOptions{Record: true, Speak: true, SkipSpeech: func() bool { skipped++; return true }}, true)
	h.update(eventMsg{session.Event{Kind: session.EvSessionStart, Total: 2, Record: &session.Record{ID: "x"}}})
	item := session.PlanItem{Position: 1, Question: bank.Question{Text: "Why?"}, Limits: testLimits}
	h.update(eventMsg{session.Event{Kind: session.EvQuestion, Total: 2, Item: &item}})
	h.has("♪ reading the question aloud… · enter skips the rest")
	if c, ok := h.press(keyEnter); ok {
		t.Errorf("Enter while reading sent %v", c)
	}
	if skipped != 1 {
		t.Errorf("the reading was cut short %d times, want 1", skipped)
	}
	h.lacks("reading the question aloud")
	h.update(eventMsg{session.Event{Kind: session.EvPhase, Phase: session.PhasePrep, Left: 5 * time.Second, Item: &item}})
	if c, ok := h.press(keyEnter); !ok || c != session.CmdFinish {
		t.Errorf("Enter in prep: %v %v, want start now", c, ok)
	}
	if skipped != 1 {
		t.Errorf("Enter in prep cut a reading short")
	}
}

// TestRunNextNamesTheCommand: the end screen suggests mockround as it was run.
func TestRunNextNamesTheCommand(t *testing.T) {
	h := newHarness(t, RunOptions{Record: true, Self: "/opt/mockround/bin/mockround"}, true)
	h.start()
	h.press(keyEnter)
	h.press(keyEnter)
	h.confirm(keyText("q"))
	h.has("Next: /opt/mockround/bin/mockround replay 20261127T090000Z-abc123", "      /opt/mockround/bin/mockround review 20261127T090000Z-abc123")
}

// TestRunMinimumTurnsGreen: with a round minimum, the answer reads "minimum
// in" (its own colour) until the minimum is reached, then "minimum
// reached ✓" in green, Toastmasters-style: words as well as colour.
func TestRunMinimumTurnsGreen(t *testing.T) {
	m := NewRunModel(RunOptions{Record: true, Color: true}, make(chan session.Command, 1))
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	it := &session.PlanItem{Position: 1, Question: bank.Question{ID: "q", Text: "Why?"},
		Limits: session.Limits{Answer: time.Minute, Warn: 10 * time.Second, Min: 20 * time.Second}}
	m.Update(eventMsg{session.Event{Kind: session.EvQuestion, Item: it, Total: 1}})
	m.Update(eventMsg{session.Event{Kind: session.EvPhase, Item: it, Phase: session.PhaseAnswer, Left: 50 * time.Second}})
	if s := ansi.Strip(m.Render()); !strings.Contains(s, "○ ANSWERING · 0:50 left of 1:00 · minimum in 0:10") {
		t.Errorf("before the minimum:\n%s", s)
	}
	m.Update(eventMsg{session.Event{Kind: session.EvTick, Item: it, Phase: session.PhaseAnswer, Left: 40 * time.Second}})
	if s := ansi.Strip(m.Render()); !strings.Contains(s, "● ANSWERING · 0:40 left of 1:00") || !strings.Contains(s, "minimum reached ✓") {
		t.Errorf("at the minimum:\n%s", s)
	}
	if m.st.stage["early"].GetForeground() == m.st.stage["answer"].GetForeground() {
		t.Error("the answer before its minimum has the colour of one past it")
	}
}
