package tui

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/mockround/mockround/audio"
	"github.com/mockround/mockround/internal/safe"
	"github.com/mockround/mockround/session"
	"github.com/mockround/mockround/ui"
)

// RunOptions configure the face of a run.
type RunOptions struct {
	Record    bool               // takes are recorded (else timer only)
	Notes     []string           // the bank's preparation notes
	Level     func() audio.Level // the live input level; nil: no meter
	Speak     bool               // questions are read aloud before their prep
	Color     bool               // false honours NO_COLOR
	Notice    string             // shown from the start, e.g. about --speak
	Overview  string             // what the session holds, shown before question 1 (ui.Overview)
	Interrupt func()             // Ctrl-C: end the session as interrupted, saving it
	Now       func() time.Time   // the clock of key presses; nil: time.Now
	// SkipSpeech cuts short the reading aloud of a question (Enter while it
	// is read); it reports whether a reading was going on.
	SkipSpeech func() bool
	// Self is the command that runs mockround, for the commands suggested
	// at the end ("" is "mockround").
	Self string
}

// Warnings drawn from the input level while an answer records.
const (
	SilenceWarning  = ui.SilenceWarning
	ClippingWarning = ui.ClippingWarning

	peakHold     = 1500 * time.Millisecond
	figuresShown = 3 * time.Second // a take's figures stay this long, or until a key
	confirmIn    = 2 * time.Second // s or q acts when pressed again within this
)

// Messages of the run face.
type (
	eventMsg struct{ ev session.Event }
	levelMsg struct {
		at    time.Time
		level audio.Level
	}
	figuresDoneMsg struct{ seq int }
	confirmDoneMsg struct{ seq int } // the time to press s or q again is up
	noticeMsg      string
	engineDoneMsg  struct{ err error }
)

// meter follows the input level: the latest reading, a held peak, and how
// long the input has been silent or since it last clipped.
type meter struct {
	level  audio.Level
	seen   bool
	hold   float64
	holdAt time.Time
	alarm  ui.Alarm
}

func (m *meter) add(at time.Time, l audio.Level, answering bool) {
	m.level, m.seen = l, true
	if l.Peak >= m.hold || at.Sub(m.holdAt) > peakHold {
		m.hold, m.holdAt = l.Peak, at
	}
	m.alarm.Add(at, l, answering)
}

func (m *meter) silent() bool   { return m.alarm.Silent() }
func (m *meter) clipping() bool { return m.alarm.Clipping() }

// figures are a saved take's, shown for a moment after it ends.
type figures struct {
	seq  int
	take session.Take
}

type runKeys struct {
	Finish, Pause, Retake, Skip, Quit, Points key.Binding
}

func (k runKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Finish, k.Pause, k.Retake, k.Skip, k.Quit, k.Points}
}
func (k runKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

func newRunKeys() runKeys {
	return runKeys{
		Finish: key.NewBinding(key.WithKeys("enter", "space"), key.WithHelp("enter/space", "finish")),
		Pause:  key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "pause")),
		Retake: key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "retake")),
		Skip:   key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "skip")),
		Quit:   key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
		Points: key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "hide points")),
	}
}

// RunModel is the Bubble Tea model of a run.
type RunModel struct {
	opts          RunOptions
	st            styles
	cmds          chan<- session.Command
	keys          runKeys
	help          help.Model
	width, height int

	started  bool
	title    string
	dir      string
	total    int
	item     *session.PlanItem
	phase    session.Phase
	left     time.Duration
	paused   bool
	speaking bool
	take     int // number of the take recording, 0 when none
	notice   string
	banner   string
	asked    int                // questions shown so far
	tookOne  bool               // a take has ended
	device   *session.DeviceRef // what records, nil when nothing does
	// hidePoints: t took the talking points off the screen (they show in
	// prep and while answering until then).
	hidePoints bool
	// confirm is the key (s or q) pressed once, to be pressed again by
	// confirmAt to act; "" when none is.
	confirm    string
	confirmAt  time.Time
	confirmSeq int
	discarded  bool // the session ended with nothing worth keeping

	meter   meter
	figures *figures
	seq     int

	ended        *session.Record
	interrupting bool
}

// NewRunModel returns the model of a run that sends the candidate's
// commands on cmds, which should be buffered: a key never waits for the
// engine.
func NewRunModel(opts RunOptions, cmds chan<- session.Command) *RunModel {
	st := newStyles(opts.Color)
	return &RunModel{opts: opts, st: st, cmds: cmds, keys: newRunKeys(), help: st.helpModel(),
		width: 80, height: 24, banner: opts.Notice}
}

// Init starts polling the input level.
func (m *RunModel) Init() tea.Cmd { return m.poll() }

func (m *RunModel) poll() tea.Cmd {
	if m.opts.Level == nil {
		return nil
	}
	level := m.opts.Level
	return tea.Tick(levelEvery, func(t time.Time) tea.Msg { return levelMsg{at: t, level: level()} })
}

// Update handles engine events, level readings and keys.
func (m *RunModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = sized(msg, m.width, m.height)
	case eventMsg:
		return m, m.event(msg.ev)
	case levelMsg:
		m.meter.add(msg.at, msg.level, m.phase.Answering() && !m.paused)
		if m.ended != nil {
			return m, nil
		}
		return m, m.poll()
	case figuresDoneMsg:
		if m.figures != nil && m.figures.seq == msg.seq {
			m.figures = nil
		}
	case confirmDoneMsg:
		if msg.seq == m.confirmSeq {
			m.confirm = ""
		}
	case noticeMsg:
		m.notice = string(msg)
	case engineDoneMsg:
		if m.ended == nil || m.ended.Status == session.SessionInterrupted || m.ended.Status == session.SessionFailed {
			return m, tea.Quit
		}
	case tea.KeyPressMsg:
		return m, m.key(msg)
	}
	return m, nil
}

func (m *RunModel) event(ev session.Event) tea.Cmd {
	switch ev.Kind {
	case session.EvSessionStart:
		m.started, m.total, m.dir = true, ev.Total, ev.Dir
		m.title, m.device = ev.Record.Bank.Title, ev.Record.Device
	case session.EvQuestion:
		m.item, m.total = ev.Item, ev.Total
		m.asked++
		m.confirm = "" // a skip or quit asked of the question before is not for this one
		m.phase, m.left, m.paused, m.take = session.PhaseIdle, 0, false, 0
		m.speaking = m.opts.Speak
		if ev.Item.Position > 1 {
			m.banner = ""
		}
	case session.EvPhase, session.EvTick:
		m.phase, m.left, m.speaking = ev.Phase, ev.Left, false
		if ev.Kind == session.EvPhase {
			m.paused = false
		}
	case session.EvPaused:
		m.paused, m.left = true, ev.Left
	case session.EvResumed:
		m.paused, m.left = false, ev.Left
	case session.EvTakeStarted:
		m.take = ev.Take.Take
		m.meter.alarm.NewTake()
	case session.EvTakeSaved:
		// A notice lasts until the next take ends, so one that comes
		// between questions (a silent take, a skip) is seen.
		m.take, m.notice, m.tookOne = 0, "", true
		m.seq++
		m.figures = &figures{seq: m.seq, take: *ev.Take}
		seq := m.seq
		return tea.Tick(figuresShown, func(time.Time) tea.Msg { return figuresDoneMsg{seq} })
	case session.EvSkipped:
		m.notice = fmt.Sprintf("skipped question %d", ev.Item.Position)
	case session.EvNotice:
		m.notice = ev.Text
	case session.EvSessionEnd:
		m.ended, m.dir, m.discarded = ev.Record, ev.Dir, ev.Discarded
		m.phase, m.paused, m.figures = session.PhaseDone, false, nil
		if m.interrupting || ev.Record.Status == session.SessionInterrupted || ev.Record.Status == session.SessionFailed {
			return tea.Quit
		}
	}
	return nil
}

func (m *RunModel) key(k tea.KeyPressMsg) tea.Cmd {
	if k.String() == "ctrl+c" {
		if m.ended != nil || m.opts.Interrupt == nil {
			return tea.Quit
		}
		m.interrupting = true
		m.opts.Interrupt()
		return nil
	}
	if m.ended != nil {
		return tea.Quit // any key leaves the end screen
	}
	m.figures = nil // any key dismisses a take's figures
	if !m.started || m.interrupting {
		return nil
	}
	confirmed := false
	if m.confirm != "" {
		same, late := k.String() == m.confirm, m.now().Sub(m.confirmAt) > confirmIn
		m.confirm = ""
		if !same {
			return nil // any other key cancels, and does nothing else
		}
		confirmed = !late // too late, it is asked anew
	}
	if !confirmed && key.Matches(k, m.keys.Skip, m.keys.Quit) {
		// No way back from these: ask once more.
		m.confirm, m.confirmAt = k.String(), m.now()
		m.confirmSeq++
		seq := m.confirmSeq
		return tea.Tick(confirmIn, func(time.Time) tea.Msg { return confirmDoneMsg{seq} })
	}
	if m.speaking && key.Matches(k, m.keys.Finish) {
		// Enter while the question is read aloud skips the rest of the
		// reading, not the prep.
		if m.opts.SkipSpeech != nil && m.opts.SkipSpeech() {
			m.speaking = false
		}
		return nil
	}
	if key.Matches(k, m.keys.Points) {
		if m.hasPoints() {
			m.hidePoints = !m.hidePoints
		}
		return nil
	}
	var c session.Command
	switch {
	case key.Matches(k, m.keys.Finish):
		c = session.CmdFinish
	case key.Matches(k, m.keys.Pause):
		c = session.CmdPause
	case key.Matches(k, m.keys.Retake):
		c = session.CmdRetake
	case key.Matches(k, m.keys.Skip):
		c = session.CmdSkip
	case key.Matches(k, m.keys.Quit):
		c = session.CmdQuit
	default:
		return nil
	}
	select {
	case m.cmds <- c:
	default:
		m.notice = "still busy with the last key; press it again in a moment"
	}
	return nil
}

// View draws the current screen.
func (m *RunModel) View() tea.View {
	v := tea.NewView(m.Render())
	v.AltScreen = true
	return v
}

// Render draws the screen as text, width by height.
func (m *RunModel) Render() string {
	if m.ended != nil {
		return m.renderEnd()
	}
	w := m.width
	var blocks []block
	add := func(prio int, lines ...string) { blocks = append(blocks, block{lines: lines, prio: prio}) }
	add(100, m.st.title.Render(safe.Text(m.heading())), rule(m.st, w))
	// Until the first take ends (with --prep 0 the answer starts at once):
	// what the session holds.
	first := m.item == nil || m.asked == 1 && !m.tookOne
	if first && m.opts.Overview != "" {
		add(45, wrap(m.opts.Overview, w)...)
	}
	if m.item == nil {
		add(95, "starting…")
	} else {
		var q []string
		for _, l := range wrap(m.item.Asked(), w) {
			q = append(q, m.st.question.Render(l))
		}
		add(90, q...)
		if m.hasPoints() && !m.hidePoints {
			add(40, bullets(m.item.Question.TalkingPoints, w)...)
		}
		add(95, m.stageLine())
		add(50, m.bigClock()...)
	}
	add(85, m.gauges()...)
	if m.figures != nil {
		add(70, wrap(m.figuresText(), w)...)
	}
	if m.notice != "" {
		add(65, wrap(m.notice, w)...)
	}
	if m.banner != "" {
		add(60, wrap(m.banner, w)...)
	}
	if len(m.opts.Notes) > 0 && m.item != nil && first {
		add(30, append([]string{"Preparation notes:"}, bullets(m.opts.Notes, w)...)...)
	}
	return screen(w, m.height, blocks, []string{m.helpLine()})
}

// heading names the question, its place, round and category.
func (m *RunModel) heading() string {
	head := "mockround"
	switch {
	case m.item != nil && m.item.FollowUp != "":
		head += fmt.Sprintf(" · follow-up to question %d of %d", m.item.Position, m.total)
	case m.item != nil:
		head += fmt.Sprintf(" · question %d of %d", m.item.Position, m.total)
		for _, s := range []string{m.item.RoundTitle, m.item.CategoryTitle} {
			if s != "" {
				head += " · " + s
			}
		}
	case m.title != "":
		head += " · " + m.title
	}
	return head
}

// gauges are the time used, the input level, and what the level warns of.
func (m *RunModel) gauges() []string {
	var gauges []string
	if pb := m.progress(); pb != "" {
		gauges = append(gauges, pb)
	}
	if d := m.device; d != nil && m.opts.Record {
		gauges = append(gauges, "input  "+DeviceText(d.Name, d.SampleRate))
	}
	gauges = append(gauges, m.meterLine())
	if m.meter.silent() && m.phase.Answering() && !m.paused {
		gauges = append(gauges, m.st.alert.Render("⚠ "+SilenceWarning))
	}
	if m.meter.clipping() {
		gauges = append(gauges, m.st.alert.Render("⚠ "+ClippingWarning))
	}
	return gauges
}

// bullets lists items as "  - item" lines wrapped to width.
func bullets(items []string, width int) []string {
	var lines []string
	for _, it := range items {
		lines = append(lines, wrap("  - "+it, width)...)
	}
	return lines
}

func (m *RunModel) now() time.Time {
	if m.opts.Now != nil {
		return m.opts.Now()
	}
	return time.Now()
}

// hasPoints reports whether there are talking points to show now: the
// question has some, and its prep or answer is on.
func (m *RunModel) hasPoints() bool {
	return m.item != nil && m.item.FollowUp == "" && len(m.item.Question.TalkingPoints) > 0 &&
		(m.phase == session.PhasePrep || m.phase.Answering())
}

// stage names the stage on screen, in words and a mark, so it reads the
// same without colour.
func (m *RunModel) stage() (name, mark, label string) {
	switch {
	case m.paused:
		return "paused", "‖", "PAUSED"
	case m.phase == session.PhasePrep:
		return "prep", "○", "PREP"
	case m.phase == session.PhaseAnswer && m.beforeMin() > 0:
		return "early", "○", "ANSWERING"
	case m.phase == session.PhaseAnswer:
		return "answer", "●", "ANSWERING"
	case m.phase == session.PhaseWarning:
		return "warning", "▲", "WARNING"
	case m.phase == session.PhaseOvertime:
		return "overtime", "+", "OVERTIME"
	}
	return "", "", ""
}

// beforeMin is how long the answer still has to go to reach its round's
// minimum; 0 when there is none, or it is reached.
func (m *RunModel) beforeMin() time.Duration {
	if m.item == nil || m.item.Limits.Min <= 0 {
		return 0
	}
	return max(m.item.Limits.Min-(m.item.Limits.Answer-m.left), 0)
}

func (m *RunModel) stageLine() string {
	name, mark, label := m.stage()
	if name == "" {
		if m.speaking {
			return "♪ reading the question aloud… · enter skips the rest"
		}
		return ""
	}
	s := m.st.stage[name].Render(mark + " " + label)
	lim := m.item.Limits
	switch name {
	case "paused":
		s += fmt.Sprintf(" · %s left · p resumes", ui.Clock(m.left))
	case "prep":
		s += fmt.Sprintf(" · %s left · Enter starts the answer now", ui.Clock(m.left))
	case "early":
		s += fmt.Sprintf(" · %s left of %s · minimum in %s · %s", ui.Clock(m.left), ui.Length(lim.Answer), ui.Clock(m.beforeMin()), m.recording())
	case "answer":
		s += fmt.Sprintf(" · %s left of %s · %s", ui.Clock(m.left), ui.Length(lim.Answer), m.recording())
		if lim.Min > 0 {
			s += " · minimum reached ✓"
		}
	case "warning":
		s += fmt.Sprintf(" · %s left · wrap up · %s", ui.Clock(m.left), m.recording())
	case "overtime":
		s += fmt.Sprintf(" · %s · the take stops at %s", ui.Clock(m.left), ui.Clock(-lim.Overtime))
	}
	return s
}

func (m *RunModel) recording() string {
	switch {
	case !m.opts.Record:
		return "timer only"
	case m.take > 1:
		return fmt.Sprintf("recording take %d", m.take)
	}
	return "recording"
}

func (m *RunModel) bigClock() []string {
	name, _, _ := m.stage()
	if name == "" {
		return nil
	}
	text := ui.Clock(m.left)
	var big []string
	switch {
	case m.width >= 60:
		big = bigText(text, true)
	case m.width >= 30:
		big = bigText(text, false)
	}
	if big == nil {
		return nil
	}
	big = center(big, m.width)
	for i, l := range big {
		big[i] = m.st.stage[name].Render(l)
	}
	return big
}

// progress is a bar of the time used: of the prep in prep, of the answer
// time in the answer stages (full in overtime).
func (m *RunModel) progress() string {
	var label string
	var total time.Duration
	switch {
	case m.phase == session.PhasePrep:
		label, total = "prep", m.item.Limits.Prep
	case m.phase.Answering():
		label, total = "answer", m.item.Limits.Answer
	default:
		return ""
	}
	used := total - m.left
	tail := fmt.Sprintf(" %s of %s", ui.Length(min(used, total)), ui.Length(total))
	if m.left < 0 {
		tail = fmt.Sprintf(" %s over", ui.Clock(m.left))
	}
	frac := 1.0
	if total > 0 {
		frac = float64(used) / float64(total)
	}
	return fmt.Sprintf("%-7s", label) + bar(m.st, frac, m.width-7-len(tail)) + tail
}

// DeviceText names an input device and its rate: "default" · 44.1 kHz.
func DeviceText(name string, rate int) string {
	return fmt.Sprintf("%q · %s kHz", name, strconv.FormatFloat(float64(rate)/1000, 'f', -1, 64))
}

func (m *RunModel) meterLine() string {
	if m.opts.Level == nil {
		if m.opts.Record {
			return "input  no level reading"
		}
		return "input  not recording (--no-record): timers only"
	}
	l := m.meter.level
	if !m.meter.seen {
		l = audio.SilentLevel
	}
	tail := fmt.Sprintf(" %s dBFS · peak %s", dB(l.RMS), dB(m.meter.hold))
	if !m.meter.seen {
		tail = " -inf dBFS · peak -inf"
	}
	return "input  " + meterBar(m.st, l.RMS, m.meter.hold, m.width-7-len([]rune(tail))) + tail
}

func (m *RunModel) figuresText() string {
	f := m.figures
	t := f.take
	if t.File == "" {
		return fmt.Sprintf("answer took %s (%s, not recorded)", ui.Length(t.Length()), t.Status)
	}
	s := fmt.Sprintf("take %d saved · %s", t.Take, ui.Length(t.Length()))
	if t.Status != session.TakeDone {
		s = fmt.Sprintf("take %d %s, kept · %s", t.Take, t.Status, ui.Length(t.Length()))
	}
	if t.Analysis != nil {
		s += " · " + ui.Figures(t.Analysis)
	}
	if t.Overflows > 0 || t.DroppedFrames > 0 {
		s += " · " + ui.Overflows(&t)
	}
	return s
}

func (m *RunModel) helpLine() string {
	if m.ended != nil {
		return m.st.dim.Render("any key leaves · the summary stays in your terminal")
	}
	if m.interrupting {
		return m.st.alert.Render("stopping: saving the take and the session…")
	}
	switch m.confirm {
	case "s":
		return m.st.alert.Render("press s again to skip this question · any other key cancels")
	case "q":
		return m.st.alert.Render("press q again to quit (everything so far is saved) · any other key cancels")
	}
	k := m.keys
	finish := "enter/space"
	if m.width < 64 {
		finish = "enter" // room for every key on a narrow screen
	}
	switch {
	case m.phase == session.PhasePrep:
		k.Finish.SetHelp(finish, "start now")
	default:
		k.Finish.SetHelp(finish, "finish")
	}
	if m.paused {
		k.Pause.SetHelp("p", "resume")
	}
	k.Points.SetEnabled(m.hasPoints())
	if m.hidePoints {
		k.Points.SetHelp("t", "show points")
	}
	h := m.help
	h.SetWidth(m.width)
	if m.width < 64 {
		h.ShortSeparator = "  "
	}
	return h.View(k)
}

// endHead says how the session ended, in the plain face's words.
func endHead(r *session.Record, total int) string { return ui.EndHeadline(r, total) }

// endTable lists the takes; the speaking column needs room and figures.
func (m *RunModel) endTable(width int) []string {
	r := m.ended
	if len(r.Takes) == 0 {
		return nil
	}
	// Columns: "  # " 6, question, take 5, length 8, speaking 10, "  status" 13.
	speaking := width >= 64 && r.Device != nil
	qw := width - 6 - 5 - 8 - 13
	if speaking {
		qw -= 10
	}
	qw = max(qw, 8)
	row := func(pos, q, take, length, speak, status string) string {
		s := fmt.Sprintf("  %-3s %-*s %4s %7s", pos, qw, ansiCut(q, qw), take, length)
		if speaking {
			s += fmt.Sprintf(" %9s", speak)
		}
		return s + "  " + status
	}
	lines := []string{row("#", "question", "take", "length", "speaking", "status")}
	for _, t := range r.Takes {
		speak := "–"
		if a := t.Analysis; a != nil {
			speak = ui.Length(time.Duration(a.SpeakingS * float64(time.Second)))
		}
		lines = append(lines, row(fmt.Sprint(t.Position), safe.Text(ui.TakeName(t)), fmt.Sprint(t.Take), ui.Length(t.Length()), speak, t.Status))
	}
	return lines
}

func ansiCut(s string, n int) string {
	if len([]rune(s)) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

func (m *RunModel) endLines(width int) (head, table, tail []string) {
	if m.discarded {
		return wrap(ui.NotKept, width), nil, nil
	}
	head = wrap(endHead(m.ended, m.total), width)
	table = m.endTable(width)
	tail = wrap("Saved in "+m.dir, width)
	if m.ended.Device != nil && len(m.ended.Takes) > 0 {
		self := cmp.Or(m.opts.Self, "mockround")
		tail = append(tail, "Next: "+self+" replay "+m.ended.ID, "      "+self+" review "+m.ended.ID)
	}
	if ui.CanResume(m.ended) {
		tail = append(tail, wrap("Go on with the questions left: "+cmp.Or(m.opts.Self, "mockround")+" run --resume="+m.ended.ID, width)...)
	}
	return head, table, tail
}

func (m *RunModel) renderEnd() string {
	w := m.width
	head, table, tail := m.endLines(w)
	for i, l := range head {
		head[i] = m.st.title.Render(l)
	}
	// Keep the table within the screen: its first rows, then a count.
	room := m.height - len(head) - len(tail) - 2 - 3 - 1
	if len(table) > max(room, 2) {
		more := len(table) - max(room, 2) + 1
		table = append(table[:max(room, 2)-1], fmt.Sprintf("  … and %d more", more))
	}
	if len(table) > 0 {
		table[0] = m.st.bold.Render(table[0])
	}
	blocks := []block{{lines: append(head, rule(m.st, w)), prio: 100}, {lines: table, prio: 80}, {lines: tail, prio: 90}}
	return screen(w, m.height, blocks, []string{m.helpLine()})
}

// Summary is the end of the session as plain text, for the terminal once
// the full screen has gone.
func (m *RunModel) Summary() string {
	if m.ended == nil {
		return ""
	}
	head, table, tail := m.endLines(max(m.width, 40))
	var b strings.Builder
	for _, part := range [][]string{head, table, tail} {
		for _, l := range part {
			b.WriteString(strings.TrimRight(l, " ") + "\n")
		}
	}
	return b.String()
}

// RunFace runs the full-screen face of a run on a terminal.
type RunFace struct {
	model *RunModel
	prog  *tea.Program
	cmds  chan session.Command
	out   io.Writer
}

// NewRunFace prepares the face on the terminal in and out.
func NewRunFace(in io.Reader, out io.Writer, opts RunOptions) *RunFace {
	cmds := make(chan session.Command, 16)
	m := NewRunModel(opts, cmds)
	p := tea.NewProgram(m, tea.WithInput(in), tea.WithOutput(out), tea.WithFPS(fps), tea.WithoutSignalHandler())
	return &RunFace{model: m, prog: p, cmds: cmds, out: out}
}

// Event shows an engine event (session.Config.Emit).
func (f *RunFace) Event(ev session.Event) { f.prog.Send(eventMsg{ev}) }

// Notice shows a line of news, such as a failing speech synthesizer.
func (f *RunFace) Notice(text string) { f.prog.Send(noticeMsg(text)) }

// Commands delivers the candidate's commands to the engine.
func (f *RunFace) Commands() <-chan session.Command { return f.cmds }

// Drive runs the face while engine runs the session, and returns the
// engine's error. When the session has ended, its summary stays printed
// on the terminal.
func (f *RunFace) Drive(engine func() error) error {
	errc := make(chan error, 1)
	go func() {
		err := engine()
		f.prog.Send(engineDoneMsg{err})
		errc <- err
	}()
	_, perr := f.prog.Run()
	if perr != nil && f.model.opts.Interrupt != nil {
		// The face is gone: stop the session the way Ctrl-C does, saving it.
		f.model.opts.Interrupt()
	}
	err := <-errc
	fmt.Fprint(f.out, f.model.Summary())
	if perr != nil && !errors.Is(perr, tea.ErrInterrupted) {
		return errors.Join(err, fmt.Errorf("terminal face: %w", perr))
	}
	return err
}
