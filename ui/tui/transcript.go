package tui

import (
	"strings"
	"time"

	"charm.land/lipgloss/v2"

	"github.com/mockround/mockround/internal/safe"
	"github.com/mockround/mockround/transcribe"
	"github.com/mockround/mockround/ui"
)

// transcriptRows is how many lines of a transcript the replay and review
// screens show: the line being played and those around it.
const transcriptRows = 5

// lit marks the word being played. Reverse video reads the same with or
// without colour (NO_COLOR).
var lit = lipgloss.NewStyle().Reverse(true)

// transcriptLines draws a take's transcript as lines with their times,
// the word at pos lit; playing says whether pos means anything (nothing
// is lit while the take is not playing). Each line is wrapped to width,
// and all of it, its heading included, fits in budget screen lines. It
// shows up to transcriptRows lines: from the one before the line being
// played (when there is room for two), or from the first. A take without
// a transcript, one with no words, or no room, has no lines.
func transcriptLines(st styles, tr *transcribe.Transcript, pos time.Duration, playing bool, width, budget int) []string {
	lines := ui.TranscriptLines(tr)
	rows := min(transcriptRows, budget-1) // the heading takes a line
	if len(lines) == 0 || rows < 1 {
		return nil
	}
	cur := -1
	if playing {
		cur = ui.WordAt(tr.Words, pos)
	}
	from := 0
	for i, l := range lines {
		if cur >= l.First && cur < l.First+len(l.Words) {
			from = max(i-min(1, rows-1), 0) // the line before too, when there is room
			break
		}
	}
	from = min(from, max(len(lines)-rows, 0))
	out := []string{st.bold.Render("transcript") + " " + st.dim.Render("("+safe.Text(tr.Engine)+")")}
	for _, l := range lines[from:min(from+rows, len(lines))] {
		ws := make([]string, len(l.Words))
		for j, w := range l.Words {
			ws[j] = safe.Text(w.W)
			if l.First+j == cur {
				ws[j] = lit.Render(ws[j])
			}
		}
		line := st.dim.Render(ui.Length(l.Start().Truncate(time.Second))) + "  " + strings.Join(ws, " ")
		// The words are safe already: wrapping keeps the highlight's escapes.
		out = append(out, strings.Split(lipgloss.Wrap(line, max(width, 1), ""), "\n")...)
	}
	return out[:min(len(out), budget)]
}

// roomLeft is how many lines one more block could have on a screen of
// height that holds blocks and bottom, as screen lays them out (a blank
// line between blocks and before the bottom), so that adding it drops
// none of them.
func roomLeft(height int, blocks []block, bottom []string) int {
	used, n := len(bottom), 0
	for _, b := range blocks {
		if len(b.lines) > 0 {
			used += len(b.lines)
			n++
		}
	}
	return height - used - n - 1 // the blanks: between the n+1 blocks and before the bottom
}
