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
// is lit while the take is not playing), each wrapped to width. It shows transcriptRows lines:
// from the one before the line being played, or from the first. A take
// without a transcript, or one with no words, has no lines.
func transcriptLines(st styles, tr *transcribe.Transcript, pos time.Duration, playing bool, width int) []string {
	lines := ui.TranscriptLines(tr)
	if len(lines) == 0 {
		return nil
	}
	cur := -1
	if playing {
		cur = ui.WordAt(tr.Words, pos)
	}
	from := 0
	for i, l := range lines {
		if cur >= l.First && cur < l.First+len(l.Words) {
			from = max(i-1, 0)
			break
		}
	}
	from = min(from, max(len(lines)-transcriptRows, 0))
	out := []string{st.bold.Render("transcript") + " " + st.dim.Render("("+safe.Text(tr.Engine)+")")}
	for _, l := range lines[from:min(from+transcriptRows, len(lines))] {
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
	return out
}
