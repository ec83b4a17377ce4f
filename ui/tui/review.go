package tui

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/mockround/mockround/internal/safe"
	"github.com/mockround/mockround/session"
	"github.com/mockround/mockround/transcribe"
	"github.com/mockround/mockround/ui"
)

type reviewKeys struct {
	Rate, Clear, Notes, Best, Play, Next, Previous, Move, Quit key.Binding
}

func (k reviewKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Rate, k.Notes, k.Best, k.Play, k.Move, k.Quit}
}
func (k reviewKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

func newReviewKeys() reviewKeys {
	return reviewKeys{
		Rate:     key.NewBinding(key.WithKeys("1", "2", "3", "4", "5"), key.WithHelp("1–5", "rate")),
		Clear:    key.NewBinding(key.WithKeys("0"), key.WithHelp("0", "clear rating")),
		Notes:    key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "notes")),
		Best:     key.NewBinding(key.WithKeys("b"), key.WithHelp("b", "best")),
		Play:     key.NewBinding(key.WithKeys("space"), key.WithHelp("space", "play")),
		Previous: key.NewBinding(key.WithKeys("left", "up"), key.WithHelp("←", "previous")),
		Next:     key.NewBinding(key.WithKeys("right", "down", "enter"), key.WithHelp("→/enter", "next")),
		Move:     key.NewBinding(key.WithKeys("left", "right"), key.WithHelp("←/→", "take")),
		Quit:     key.NewBinding(key.WithKeys("q", "esc"), key.WithHelp("q", "quit")),
	}
}

// reviewItem is one take to review, with its answer.
type reviewItem struct {
	answer int // index into Review.Answers
	take   *session.Take
}

// ReviewModel is the Bubble Tea model of a review: take by take, the
// question and its figures, a rating from 1 to 5, notes, and for questions
// answered more than once the best take. Every change is saved at once.
type ReviewModel struct {
	rv            *ui.Review
	autoplay      bool
	st            styles
	keys          reviewKeys
	help          help.Model
	width, height int

	items   []reviewItem
	cur     int
	editing bool
	notes   textinput.Model
	pl      player
	status  string
	changed map[*session.Take]bool
	// transcripts are the takes' transcripts as read once (nil: none or
	// unreadable, as transcriptErr says).
	transcripts   map[*session.Take]*transcribe.Transcript
	transcriptErr map[*session.Take]error
	// comments are the reviewers' comments on the takes, as read once.
	comments map[*session.Take][]ui.Comment
	playErr  error
	finished bool
	// interrupted: Ctrl-C ended the review (the notes being typed saved).
	interrupted bool
}

// NewReviewModel returns the model of a review of rv's answers; with
// autoplay, each take starts playing when it is shown.
func NewReviewModel(rv *ui.Review, autoplay, color bool) *ReviewModel {
	st := newStyles(color)
	m := &ReviewModel{rv: rv, autoplay: autoplay, st: st, keys: newReviewKeys(), help: st.helpModel(),
		width: 80, height: 24, changed: map[*session.Take]bool{}, pl: player{play: rv.Play},
		transcripts: map[*session.Take]*transcribe.Transcript{}, transcriptErr: map[*session.Take]error{},
		comments: map[*session.Take][]ui.Comment{}}
	for ai, a := range rv.Answers {
		for _, t := range append(a.Takes[:len(a.Takes):len(a.Takes)], a.FollowUps...) {
			if t.Status == session.TakeSkipped && t.File == "" {
				continue
			}
			m.items = append(m.items, reviewItem{answer: ai, take: t})
		}
	}
	m.notes = textinput.New()
	m.notes.Prompt = "notes › "
	m.notes.Placeholder = "what to keep, what to change"
	m.notes.CharLimit = 2000
	if !color {
		s := textinput.DefaultStyles(true)
		plain := lipgloss.NewStyle()
		s.Focused = textinput.StyleState{Text: plain, Placeholder: plain, Suggestion: plain, Prompt: plain}
		s.Blurred = s.Focused
		s.Cursor.Color = nil
		m.notes.SetStyles(s)
	}
	return m
}

// Init shows the first take.
func (m *ReviewModel) Init() tea.Cmd { return m.show(0) }

func (m *ReviewModel) show(i int) tea.Cmd {
	m.pl.stop()
	m.editing = false
	m.notes.Blur()
	if len(m.items) == 0 {
		m.finished = true
		return nil
	}
	m.cur = min(max(i, 0), len(m.items)-1)
	if m.autoplay {
		return m.playCurrent()
	}
	return nil
}

func (m *ReviewModel) playCurrent() tea.Cmd {
	t := m.items[m.cur].take
	if m.rv.Play == nil || t.File == "" {
		m.status = "this take has no recording to play"
		return nil
	}
	m.playErr = nil
	return m.pl.start(filepath.Join(m.rv.Dir, t.File), 1)
}

// Update handles keys, the notes field and the track's news.
func (m *ReviewModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = sized(msg, m.width, m.height)
		m.notes.SetWidth(max(m.width-len(m.notes.Prompt)-2, 10))
		return m, nil
	case tea.KeyPressMsg:
		if m.editing {
			return m, m.editKey(msg)
		}
		return m, m.key(msg)
	}
	if m.editing {
		var cmd tea.Cmd
		m.notes, cmd = m.notes.Update(msg) // the cursor's blink
		if cmd != nil {
			return m, cmd
		}
	}
	cmd, _, err := m.pl.handle(msg)
	if err != nil {
		m.playErr = err // the review goes on without sound
	}
	return m, cmd
}

func (m *ReviewModel) editKey(k tea.KeyPressMsg) tea.Cmd {
	switch k.String() {
	case "enter":
		t := m.items[m.cur].take
		t.Notes = strings.TrimSpace(m.notes.Value())
		m.editing = false
		m.notes.Blur()
		if t.Notes == "" {
			return m.save(t, "notes cleared · saved")
		}
		return m.save(t, "notes saved")
	case "esc":
		m.editing = false
		m.notes.Blur()
		m.status = "notes left as they were"
		return nil
	case "ctrl+c":
		m.keepTyped()
		m.interrupted = true
		m.pl.stop()
		return tea.Quit
	}
	var cmd tea.Cmd
	m.notes, cmd = m.notes.Update(k)
	return cmd
}

// keepTyped saves the notes being typed, when the review stops before
// Enter (Ctrl-C, a signal): what was typed is kept, as a rating is.
func (m *ReviewModel) keepTyped() {
	if !m.editing {
		return
	}
	t := m.items[m.cur].take
	if notes := strings.TrimSpace(m.notes.Value()); notes != t.Notes {
		t.Notes = notes
		m.save(t, "notes saved")
	}
	m.editing = false
	m.notes.Blur()
}

func (m *ReviewModel) key(k tea.KeyPressMsg) tea.Cmd {
	if k.String() == "ctrl+c" || key.Matches(k, m.keys.Quit) {
		m.interrupted = k.String() == "ctrl+c"
		m.pl.stop()
		return tea.Quit
	}
	if m.finished {
		if key.Matches(k, m.keys.Previous) {
			m.finished = false
			return m.show(len(m.items) - 1)
		}
		return tea.Quit
	}
	it := m.items[m.cur]
	t := it.take
	switch {
	case key.Matches(k, m.keys.Rate):
		t.Rating = int(k.Text[0] - '0')
		return m.save(t, fmt.Sprintf("rated %d/5 · saved", t.Rating))
	case key.Matches(k, m.keys.Clear):
		t.Rating = 0
		return m.save(t, "rating cleared · saved")
	case key.Matches(k, m.keys.Notes):
		m.editing = true
		m.notes.SetValue(t.Notes)
		m.notes.CursorEnd()
		return m.notes.Focus()
	case key.Matches(k, m.keys.Best):
		a := m.rv.Answers[it.answer]
		if t.FollowUp != "" {
			m.status = "the best take is chosen among the question's takes, not its follow-up's"
			return nil
		}
		if len(m.takesOf(it.answer, false)) < 2 {
			m.status = "this question has one take: nothing to choose between"
			return nil
		}
		best := !t.Best
		for _, o := range a.Takes {
			o.Best = best && o == t
		}
		if best {
			return m.save(t, fmt.Sprintf("take %d marked best · saved", t.Take))
		}
		return m.save(t, "best mark removed · saved")
	case key.Matches(k, m.keys.Play):
		if m.pl.playing() {
			m.pl.togglePause()
			return nil
		}
		return m.playCurrent()
	case key.Matches(k, m.keys.Next):
		m.status = ""
		if m.cur == len(m.items)-1 {
			m.pl.stop()
			m.finished = true
			return nil
		}
		return m.show(m.cur + 1)
	case key.Matches(k, m.keys.Previous):
		m.status = ""
		return m.show(m.cur - 1)
	}
	return nil
}

// takesOf lists the takes of an answer that are reviewed: the ones with a
// recording, or at least some time spent answering.
// takesOf lists the takes of the answer: of its question, or of its
// follow-up when followUp is set.
func (m *ReviewModel) takesOf(answer int, followUp bool) []*session.Take {
	var ts []*session.Take
	for _, it := range m.items {
		if it.answer == answer && (it.take.FollowUp != "") == followUp {
			ts = append(ts, it.take)
		}
	}
	return ts
}

// save saves the record after a change to t; done is the status to show
// once it is saved, which says so ("rated 4/5 · saved", "notes saved").
func (m *ReviewModel) save(t *session.Take, done string) tea.Cmd {
	m.changed[t] = true
	if err := m.rv.SaveNow(); err != nil {
		m.status = "could not save: " + err.Error()
		return nil
	}
	m.status = done
	return nil
}

// View draws the current screen.
func (m *ReviewModel) View() tea.View {
	v := tea.NewView(m.Render())
	v.AltScreen = true
	return v
}

func stars(r int) string {
	if r == 0 {
		return "☆☆☆☆☆ not rated"
	}
	return strings.Repeat("★", r) + strings.Repeat("☆", 5-r) + fmt.Sprintf(" %d/5", r)
}

// Render draws the screen as text.
func (m *ReviewModel) Render() string {
	w := m.width
	head := "mockround review"
	if m.rv.Record != nil {
		head += " · session " + m.rv.Record.ID
	}
	if !m.finished && len(m.items) > 0 {
		head += fmt.Sprintf(" · take %d of %d", m.cur+1, len(m.items))
	}
	blocks := []block{{lines: []string{m.st.title.Render(safe.Text(head)), rule(m.st, w)}, prio: 100}}
	if m.finished {
		blocks = append(blocks, block{lines: append([]string{m.st.stage["done"].Render("■ REVIEW DONE")},
			wrap(m.summary(), w)...), prio: 95})
		return screen(w, m.height, blocks, []string{m.st.dim.Render("← back to the last take · any other key leaves")})
	}
	it := m.items[m.cur]
	blocks = append(blocks,
		block{lines: m.questionLines(it), prio: 95},
		block{lines: m.talkingPointLines(it.take), prio: 40},
		block{lines: m.takeLines(it), prio: 90},
		block{lines: m.playLines(it.take), prio: 70})
	if m.status != "" {
		blocks = append(blocks, block{lines: wrap(m.status, w), prio: 80})
	}
	var bottom string
	if m.editing {
		bottom = m.st.dim.Render("enter saves the notes · esc leaves them as they were")
	} else {
		h := m.help
		h.SetWidth(w)
		bottom = h.View(m.keys)
	}
	// The comment reached, then the transcript, take the lines left, so
	// they never push anything off; the comment shows under the transcript.
	comments := block{lines: commentLines(m.st, m.commentsOf(it.take), m.pl.pos, m.pl.playing(), w,
		roomLeft(m.height, blocks, []string{bottom})), prio: 65}
	blocks = append(blocks, block{lines: m.transcriptLines(it.take,
		roomLeft(m.height, append(blocks[:len(blocks):len(blocks)], comments), []string{bottom})), prio: 60}, comments)
	return screen(w, m.height, blocks, []string{bottom})
}

// questionLines are the answer's place, round and category, and the question.
func (m *ReviewModel) questionLines(it reviewItem) []string {
	t := it.take
	where := ui.AnswerLabel(m.rv.Record, m.rv.Answers[it.answer].Position)
	for _, s := range []string{t.RoundTitle, t.CategoryTitle} {
		if s != "" {
			where += " · " + s
		}
	}
	asked := t.Question
	if t.FollowUp != "" {
		where, asked = where+" · follow-up", t.FollowUp
	}
	q := wrap(where, m.width)
	for _, l := range wrap(asked, m.width) {
		q = append(q, m.st.question.Render(l))
	}
	return q
}

// talkingPointLines lists the bank's talking points for the question, if any.
func (m *ReviewModel) talkingPointLines(t *session.Take) []string {
	if m.rv.TalkingPoints == nil {
		return nil
	}
	tps := m.rv.TalkingPoints(t.QuestionID)
	if len(tps) == 0 {
		return nil
	}
	lines := []string{"talking points:"}
	for _, tp := range tps {
		lines = append(lines, wrap("  - "+tp, m.width)...)
	}
	return lines
}

// takeLines are the take's figures, rating, notes and, among several takes,
// each one's length and rating with the best marked.
func (m *ReviewModel) takeLines(it reviewItem) []string {
	t, w := it.take, m.width
	lines := []string{m.st.bold.Render(fmt.Sprintf("take %d · %s · %s", t.Take, ui.Length(t.Length()), t.Status))}
	if t.Analysis != nil {
		lines = append(lines, wrap("figures  "+ui.Figures(t.Analysis), w)...)
	}
	lines = append(lines, "rating   "+m.st.stage["warning"].Render(stars(t.Rating)))
	switch {
	case m.editing:
		lines = append(lines, m.notes.View())
	case t.Notes != "":
		lines = append(lines, wrap("notes    "+t.Notes, w)...)
	default:
		lines = append(lines, "notes    none (e adds them)")
	}
	if takes := m.takesOf(it.answer, t.FollowUp != ""); len(takes) > 1 {
		var parts []string
		for _, o := range takes {
			s := fmt.Sprintf("take %d %s", o.Take, ui.Length(o.Length()))
			if o.Rating > 0 {
				s += fmt.Sprintf(" %d/5", o.Rating)
			}
			if o.Best {
				s += " ✓best"
			}
			parts = append(parts, s)
		}
		lines = append(lines, wrap("takes    "+strings.Join(parts, " · "), w)...)
	}
	return lines
}

// playLines show the playback: loading, playing or paused with a position
// bar, why it cannot play, or how to start it.
func (m *ReviewModel) playLines(t *session.Take) []string {
	switch {
	case m.pl.loading:
		return []string{"… loading the recording"}
	case m.pl.playing():
		state := m.st.stage["answer"].Render("▶ PLAYING")
		if m.pl.paused {
			state = m.st.stage["paused"].Render("‖ PAUSED")
		}
		return []string{state, m.pl.bar(m.st, m.width)}
	case m.playErr != nil:
		return wrap("cannot play: "+m.playErr.Error(), m.width)
	case t.File != "" && m.rv.Play != nil:
		return []string{"space plays the take"}
	}
	return nil
}

// transcriptLines show the take's transcript in at most budget lines, the
// word being played lit; a transcript that cannot be read says why.
func (m *ReviewModel) transcriptLines(t *session.Take, budget int) []string {
	if t.Transcript == nil {
		return nil
	}
	tr, ok := m.transcripts[t]
	if !ok {
		var err error
		if tr, err = t.ReadTranscript(m.rv.Dir); err != nil {
			m.transcriptErr[t] = err
		}
		m.transcripts[t] = tr
	}
	if err := m.transcriptErr[t]; err != nil {
		lines := wrap("transcript: "+err.Error(), m.width)
		return lines[:min(len(lines), max(budget, 0))]
	}
	return transcriptLines(m.st, tr, m.pl.pos, m.pl.playing(), m.width, budget)
}

// commentsOf are the reviewers' comments on t, by time, as read once.
func (m *ReviewModel) commentsOf(t *session.Take) []ui.Comment {
	cs, ok := m.comments[t]
	if !ok {
		cs = takeComments(m.rv.Record, t)
		m.comments[t] = cs
	}
	return cs
}

func (m *ReviewModel) summary() string {
	return m.rv.Summary(len(m.changed))
}

// RunReview runs the review face on the terminal in and out until the
// candidate leaves; what was rated or noted is saved by then, the notes
// being typed too. Ctrl-C, or ctx ending, gives context.Canceled.
func RunReview(ctx context.Context, in io.Reader, out io.Writer, rv *ui.Review, autoplay, color bool) error {
	m := NewReviewModel(rv, autoplay, color)
	p := tea.NewProgram(m, tea.WithInput(in), tea.WithOutput(out), tea.WithFPS(fps), tea.WithContext(ctx), tea.WithoutSignalHandler())
	_, err := p.Run()
	m.pl.stop()
	m.keepTyped() // stopped by a signal while typing
	fmt.Fprintln(out, m.summary())
	switch {
	case ctx.Err() != nil || m.interrupted:
		return context.Canceled
	case err != nil:
		return fmt.Errorf("terminal face: %w", err)
	}
	return nil
}
