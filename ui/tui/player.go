package tui

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/mockround/mockround/ui"
)

// Messages about the track playing. gen tells a track from the ones
// before it: news of a track already left behind is ignored.
type (
	trackMsg struct {
		gen      int
		track    ui.Track
		repaired bool
		err      error
	}
	positionMsg struct{ gen int }
	endedMsg    struct{ gen int }
	failedMsg   struct {
		gen int
		err error
	}
)

// player plays one take at a time for the replay and review faces.
type player struct {
	play     ui.PlayFunc
	track    ui.Track
	gen      int
	leave    chan struct{} // closed when the track is left behind
	loading  bool
	repaired bool
	pos      time.Duration
	length   time.Duration
	paused   bool
}

// start stops what plays and starts path; the track arrives as a trackMsg.
func (p *player) start(path string, speed float64) tea.Cmd {
	p.stop()
	p.gen++
	p.loading, p.pos, p.length, p.paused, p.repaired = true, 0, 0, false, false
	gen, play := p.gen, p.play
	return func() tea.Msg {
		tr, repaired, err := play(path, speed)
		return trackMsg{gen: gen, track: tr, repaired: repaired, err: err}
	}
}

// stop ends the track playing, if any.
func (p *player) stop() {
	if p.track != nil {
		p.track.Stop()
		p.track = nil
	}
	if p.leave != nil {
		close(p.leave)
		p.leave = nil
	}
	p.loading = false
	p.gen++
}

func (p *player) playing() bool { return p.track != nil }

// handle takes the player's messages; ended reports that the track played
// to its end, err that it could not play.
func (p *player) handle(msg tea.Msg) (cmd tea.Cmd, ended bool, err error) {
	switch msg := msg.(type) {
	case trackMsg:
		if msg.gen != p.gen {
			if msg.track != nil {
				msg.track.Stop() // started after it was no longer wanted
			}
			return nil, false, nil
		}
		p.loading = false
		if msg.err != nil {
			return nil, false, msg.err
		}
		p.track, p.repaired, p.length = msg.track, msg.repaired, msg.track.Length()
		p.leave = make(chan struct{})
		return tea.Batch(p.poll(), p.wait()), false, nil
	case positionMsg:
		if msg.gen != p.gen || p.track == nil {
			return nil, false, nil
		}
		p.pos, p.paused = p.track.Position(), p.track.Paused()
		return p.poll(), false, nil
	case endedMsg:
		if msg.gen != p.gen || p.track == nil {
			return nil, false, nil
		}
		p.pos = p.length
		p.stop()
		return nil, true, nil
	case failedMsg:
		if msg.gen != p.gen {
			return nil, false, nil
		}
		p.stop()
		return nil, false, msg.err
	}
	return nil, false, nil
}

func (p *player) poll() tea.Cmd {
	gen := p.gen
	return tea.Tick(pollEvery, func(time.Time) tea.Msg { return positionMsg{gen} })
}

// wait reports the end or the failure of the track.
func (p *player) wait() tea.Cmd {
	gen, tr, leave := p.gen, p.track, p.leave
	return func() tea.Msg {
		select {
		case <-tr.Ended():
			time.Sleep(100 * time.Millisecond) // let the speaker's buffer play out
			return endedMsg{gen}
		case err := <-tr.Failed():
			return failedMsg{gen, err}
		case <-leave:
			return nil
		}
	}
}

// togglePause pauses or resumes, and says which.
func (p *player) togglePause() {
	if p.track != nil {
		p.paused = p.track.TogglePause()
	}
}

func (p *player) seek(d time.Duration) {
	if p.track != nil {
		p.track.Seek(d)
		p.pos = p.track.Position()
	}
}

// bar draws the position in the take.
func (p *player) bar(st styles, width int) string {
	tail := " " + ui.Length(p.pos) + " / " + ui.Length(p.length)
	frac := 0.0
	if p.length > 0 {
		frac = float64(p.pos) / float64(p.length)
	}
	return bar(st, frac, width-len(tail)) + tail
}
