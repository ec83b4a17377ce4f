package tui

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/mockround/mockround/audio"
	"github.com/mockround/mockround/internal/safe"
	"github.com/mockround/mockround/ui"
)

// ReplayOptions configure the replay face.
type ReplayOptions struct {
	Title string // the session, e.g. "Session 2026…-ab12 · 2026-11-27 09:00"
	Items []ui.ReplayItem
	Play  ui.PlayFunc
	Speed float64
	Color bool
}

type replayKeys struct {
	Pause, Forward, Back, Seek, Next, Previous, Speed, Quit key.Binding
}

func (k replayKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Pause, k.Seek, k.Next, k.Previous, k.Speed, k.Quit}
}
func (k replayKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

func newReplayKeys() replayKeys {
	return replayKeys{
		Pause:    key.NewBinding(key.WithKeys("space", "p"), key.WithHelp("space", "pause")),
		Back:     key.NewBinding(key.WithKeys("left", "-"), key.WithHelp("←", "back 5 s")),
		Forward:  key.NewBinding(key.WithKeys("right", "+", "="), key.WithHelp("→", "forward 5 s")),
		Seek:     key.NewBinding(key.WithKeys("left", "right"), key.WithHelp("←/→", "seek 5 s")),
		Next:     key.NewBinding(key.WithKeys("n", "down"), key.WithHelp("n", "next")),
		Previous: key.NewBinding(key.WithKeys("b", "up"), key.WithHelp("b", "previous")),
		Speed:    key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "speed")),
		Quit:     key.NewBinding(key.WithKeys("q", "esc"), key.WithHelp("q", "quit")),
	}
}

// ReplayModel is the Bubble Tea model of a replay: the answers of a
// session played one after the other, with their questions.
type ReplayModel struct {
	opts          ReplayOptions
	st            styles
	keys          replayKeys
	help          help.Model
	width, height int

	idx         int
	speed       float64
	pl          player
	finished    bool // played past the last answer
	err         error
	interrupted bool
}

// NewReplayModel returns the model of a replay of opts.Items.
func NewReplayModel(opts ReplayOptions) *ReplayModel {
	st := newStyles(opts.Color)
	if opts.Speed == 0 {
		opts.Speed = 1
	}
	return &ReplayModel{opts: opts, st: st, keys: newReplayKeys(), help: st.helpModel(),
		width: 80, height: 24, speed: opts.Speed, pl: player{play: opts.Play}}
}

// Init starts the first answer.
func (m *ReplayModel) Init() tea.Cmd { return m.goTo(0) }

func (m *ReplayModel) goTo(i int) tea.Cmd {
	if i >= len(m.opts.Items) {
		m.pl.stop()
		m.finished = true
		return nil
	}
	m.idx, m.finished = max(i, 0), false
	return m.pl.start(m.opts.Items[m.idx].Path, m.speed)
}

// Update handles the keys and the track's news.
func (m *ReplayModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = sized(msg, m.width, m.height)
		return m, nil
	case tea.KeyPressMsg:
		return m, m.key(msg)
	}
	cmd, ended, err := m.pl.handle(msg)
	if err != nil {
		m.err = err
		return m, tea.Quit
	}
	if ended {
		return m, m.goTo(m.idx + 1)
	}
	return m, cmd
}

func (m *ReplayModel) key(k tea.KeyPressMsg) tea.Cmd {
	if k.String() == "ctrl+c" {
		m.interrupted = true
		m.pl.stop()
		return tea.Quit
	}
	if m.finished {
		if key.Matches(k, m.keys.Previous) {
			return m.goTo(len(m.opts.Items) - 1)
		}
		return tea.Quit // any other key leaves
	}
	switch {
	case key.Matches(k, m.keys.Quit):
		m.pl.stop()
		return tea.Quit
	case key.Matches(k, m.keys.Pause):
		m.pl.togglePause()
	case key.Matches(k, m.keys.Forward):
		m.pl.seek(seekStep)
	case key.Matches(k, m.keys.Back):
		m.pl.seek(-seekStep)
	case key.Matches(k, m.keys.Next):
		return m.goTo(m.idx + 1)
	case key.Matches(k, m.keys.Previous):
		return m.goTo(m.idx - 1)
	case key.Matches(k, m.keys.Speed):
		m.speed = nextSpeed(m.speed)
		if m.pl.track != nil {
			m.pl.track.SetSpeed(m.speed)
		}
	}
	return nil
}

const seekStep = 5 * time.Second

// nextSpeed cycles through the speeds offered.
func nextSpeed(s float64) float64 {
	for i, v := range audio.Speeds {
		if v == s {
			return audio.Speeds[(i+1)%len(audio.Speeds)]
		}
	}
	return audio.Speeds[0]
}

// View draws the current screen.
func (m *ReplayModel) View() tea.View {
	v := tea.NewView(m.Render())
	v.AltScreen = true
	return v
}

// Render draws the screen as text.
func (m *ReplayModel) Render() string {
	w := m.width
	head := "mockround replay"
	if m.opts.Title != "" {
		head += " · " + m.opts.Title
	}
	blocks := []block{{lines: []string{m.st.title.Render(safe.Text(head)), rule(m.st, w)}, prio: 100}}
	if m.finished {
		blocks = append(blocks, block{lines: []string{m.st.stage["done"].Render("■ END OF REPLAY"),
			"played " + ui.ReplayCount(m.opts.Items)}, prio: 95})
		return screen(w, m.height, blocks, []string{m.st.dim.Render("b plays the last answer again · any other key leaves")})
	}
	it := m.opts.Items[m.idx]
	var q []string
	for _, l := range wrap(it.Question, w) {
		q = append(q, m.st.question.Render(l))
	}
	blocks = append(blocks, block{lines: wrap(it.Heading, w), prio: 95}, block{lines: q, prio: 90})
	var state string
	switch {
	case m.pl.loading:
		state = m.st.stage["prep"].Render("… LOADING")
	case m.pl.paused:
		state = m.st.stage["paused"].Render("‖ PAUSED") + " · space resumes"
	default:
		state = m.st.stage["answer"].Render("▶ PLAYING")
	}
	state += fmt.Sprintf(" · speed %gx", m.speed)
	if m.speed != 1 {
		state += " (faster raises the pitch)"
	}
	lines := []string{state, m.pl.bar(m.st, w)}
	if m.pl.repaired {
		lines = append(lines, wrap("repaired the header of this recording: its sizes did not match the audio in the file", w)...)
	}
	blocks = append(blocks, block{lines: lines, prio: 95})
	h := m.help
	h.SetWidth(w)
	k := m.keys
	if m.pl.paused {
		k.Pause.SetHelp("space", "resume")
	}
	bottom := []string{h.View(k)}
	// The comment reached, then the transcript, take the lines left, so
	// they never push anything off; the comment shows under the transcript.
	comments := block{lines: commentLines(m.st, it.Comments, m.pl.pos, m.pl.playing(), w,
		roomLeft(m.height, blocks, bottom)), prio: 65}
	blocks = append(blocks, block{lines: transcriptLines(m.st, it.Transcript, m.pl.pos, m.pl.playing(), w,
		roomLeft(m.height, append(blocks[:len(blocks):len(blocks)], comments), bottom)), prio: 60}, comments)
	return screen(w, m.height, blocks, bottom)
}

// Replay runs the replay face on the terminal in and out until the
// candidate leaves. Ctrl-C, or ctx ending, gives context.Canceled.
func Replay(ctx context.Context, in io.Reader, out io.Writer, opts ReplayOptions) error {
	m := NewReplayModel(opts)
	p := tea.NewProgram(m, tea.WithInput(in), tea.WithOutput(out), tea.WithFPS(fps), tea.WithContext(ctx), tea.WithoutSignalHandler())
	_, err := p.Run()
	m.pl.stop()
	switch {
	case ctx.Err() != nil || m.interrupted:
		fmt.Fprintln(out, "stopped")
		return context.Canceled
	case m.err != nil:
		return m.err
	case err != nil:
		return fmt.Errorf("terminal face: %w", err)
	case m.finished:
		fmt.Fprintln(out, "end of replay")
	case opts.Items[m.idx].Answer != "":
		fmt.Fprintf(out, "stopped at %s\n", strings.ToLower(opts.Items[m.idx].Answer))
	default:
		fmt.Fprintf(out, "stopped at answer %d of %d\n", m.idx+1, len(opts.Items))
	}
	return nil
}
