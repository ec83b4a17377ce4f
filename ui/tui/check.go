package tui

import (
	"fmt"
	"io"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/mockround/mockround/audio"
)

// CheckOptions configure the face of a microphone check.
type CheckOptions struct {
	Device string
	Rate   int
	Length time.Duration // how long the check records
	Level  func() audio.Level
	Color  bool
	Cancel func() // q, Esc or Ctrl-C: stop the check
}

// Messages of the check face.
type (
	checkResultMsg  struct{ line, advice string }
	checkPlayingMsg struct{}
	checkDoneMsg    struct{ err error }
)

// CheckModel shows a microphone check: a live level meter while it
// records, then the verdict while the take plays back. It draws inline,
// so the verdict stays in the terminal.
type CheckModel struct {
	opts     CheckOptions
	st       styles
	width    int
	meter    meter
	result   *checkResultMsg
	playing  bool
	done     bool
	stopping bool
	err      error
}

// NewCheckModel returns the model of a check.
func NewCheckModel(opts CheckOptions) *CheckModel {
	return &CheckModel{opts: opts, st: newStyles(opts.Color), width: 80}
}

// Init starts the meter.
func (m *CheckModel) Init() tea.Cmd { return m.poll() }

func (m *CheckModel) poll() tea.Cmd {
	if m.opts.Level == nil {
		return nil
	}
	level := m.opts.Level
	return tea.Tick(levelEvery, func(t time.Time) tea.Msg { return levelMsg{at: t, level: level()} })
}

// Update handles level readings, the check's progress and keys.
func (m *CheckModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		if msg.Width > 0 {
			m.width = msg.Width
		}
	case levelMsg:
		m.meter.add(msg.at, msg.level, false)
		if m.result == nil {
			return m, m.poll()
		}
	case checkResultMsg:
		m.result = &msg
	case checkPlayingMsg:
		m.playing = true
	case checkDoneMsg:
		m.done, m.playing, m.err = true, false, msg.err
		return m, tea.Quit
	case tea.KeyPressMsg:
		switch msg.String() {
		case "q", "esc", "ctrl+c":
			m.stopping = true
			if m.opts.Cancel != nil {
				m.opts.Cancel()
			}
		}
	}
	return m, nil
}

// View draws the check inline.
func (m *CheckModel) View() tea.View { return tea.NewView(m.Render()) }

// Render draws the check as text.
func (m *CheckModel) Render() string {
	w := m.width
	var lines []string
	if m.done {
		return "" // what is left to say is printed once the face has gone: see Final
	}
	if m.result == nil {
		lines = append(lines, m.st.title.Render(fmt.Sprintf("mockround check · %q at %d Hz", m.opts.Device, m.opts.Rate)))
		lines = append(lines, wrap(fmt.Sprintf("Speak as you would in an interview: recording %s…", m.opts.Length), w)...)
		lines = append(lines, m.meterLine())
		if m.meter.clipping() {
			lines = append(lines, m.st.alert.Render("⚠ "+ClippingWarning))
		}
		if m.stopping {
			lines = append(lines, "stopping…")
		} else {
			lines = append(lines, m.st.dim.Render("q stops"))
		}
	} else {
		lines = append(lines, m.st.bold.Render(m.result.line))
		if m.result.advice != "" {
			lines = append(lines, wrap(m.result.advice, w)...)
		}
		if m.playing {
			lines = append(lines, m.st.stage["answer"].Render("▶ playing the take back…")+m.st.dim.Render(" q stops"))
		}
	}
	return screen(w, len(lines), []block{{lines: lines, prio: 1}}, nil)
}

// Final is what stays in the terminal: the verdict and its advice.
func (m *CheckModel) Final() string {
	if m.result == nil {
		return ""
	}
	s := m.result.line + "\n"
	if m.result.advice != "" {
		s += m.result.advice + "\n"
	}
	return s
}

func (m *CheckModel) meterLine() string {
	l, hold := m.meter.level, m.meter.hold
	if !m.meter.seen {
		l, hold = audio.SilentLevel, audio.SilenceDBFS
	}
	tail := fmt.Sprintf(" %s dBFS · peak %s", dB(l.RMS), dB(hold))
	return "input  " + meterBar(m.st, l.RMS, hold, m.width-7-len([]rune(tail))) + tail
}

// Check runs the check face on the terminal in and out while work records,
// judges and plays the take. work reports its verdict line and advice, and
// when the take starts playing; its error is returned.
func Check(in io.Reader, out io.Writer, opts CheckOptions, work func(report func(line, advice string), playing func()) error) error {
	m := NewCheckModel(opts)
	p := tea.NewProgram(m, tea.WithInput(in), tea.WithOutput(out), tea.WithFPS(fps), tea.WithoutSignalHandler())
	errc := make(chan error, 1)
	go func() {
		err := work(func(line, advice string) { p.Send(checkResultMsg{line, advice}) }, func() { p.Send(checkPlayingMsg{}) })
		p.Send(checkDoneMsg{err})
		errc <- err
	}()
	_, perr := p.Run()
	if perr != nil && opts.Cancel != nil {
		opts.Cancel()
	}
	err := <-errc
	fmt.Fprint(out, m.Final())
	if err == nil && perr != nil {
		return fmt.Errorf("terminal face: %w", perr)
	}
	return err
}
