// Package tui is the full-screen terminal face of mockround (Bubble Tea): a
// run with its countdowns, level meter and key commands, replay and review.
// It renders what the engine reports and turns keys into engine commands;
// the clocks live in the engine, not here. The level meter and the replay
// position are polled a dozen times a second, which is drawing, not timing.
package tui

import (
	"fmt"
	"math"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/mockround/mockround/audio"
	"github.com/mockround/mockround/internal/safe"
)

// pollEvery is how often the replay position is read: over ten times a
// second, so the position bar moves smoothly.
const pollEvery = 80 * time.Millisecond

// levelEvery is how often the level meter is read. The input's level is new
// about three times a second (once per chunk of audio), and each read wakes
// the process, so reading it more often would only cost CPU while
// recording.
const levelEvery = 200 * time.Millisecond

// fps is the most frames a second a face draws. Bubble Tea wakes the
// process at this rate for as long as a face is on screen, changed or not
// (60 by default: on the summary waiting for a key, 9 ms of CPU a second,
// four times arecord's cost of recording). The faces change at most about
// five times a second (the level meter) and a key's effect shows within
// 1/fps s, 50 ms, which reads as instant.
const fps = 20

// styles are the looks of the face. Without colour (NO_COLOR) every style
// is plain or bold: stages differ by their words and marks, not by colour.
type styles struct {
	color                                  bool
	title, dim, bold, question, alert, key lipgloss.Style
	stage                                  map[string]lipgloss.Style
	fill                                   lipgloss.Style
}

func newStyles(color bool) styles {
	s := styles{
		color:    color,
		title:    lipgloss.NewStyle().Bold(true),
		dim:      lipgloss.NewStyle(),
		bold:     lipgloss.NewStyle().Bold(true),
		question: lipgloss.NewStyle().Bold(true),
		alert:    lipgloss.NewStyle().Bold(true),
		key:      lipgloss.NewStyle().Bold(true),
		fill:     lipgloss.NewStyle(),
		stage:    map[string]lipgloss.Style{},
	}
	for _, st := range []string{"prep", "early", "answer", "warning", "overtime", "paused", "done"} {
		s.stage[st] = lipgloss.NewStyle().Bold(true)
	}
	if !color {
		return s
	}
	s.title = s.title.Foreground(lipgloss.Color("12"))
	s.dim = s.dim.Foreground(lipgloss.Color("8"))
	s.alert = s.alert.Foreground(lipgloss.Color("9"))
	s.key = s.key.Foreground(lipgloss.Color("14"))
	s.fill = s.fill.Foreground(lipgloss.Color("10"))
	// Toastmasters' lights: green once the minimum is reached (at once
	// without one), amber at the warning, red at time-up.
	for st, c := range map[string]string{"prep": "14", "early": "15", "answer": "10", "warning": "11", "overtime": "9", "paused": "13", "done": "12"} {
		s.stage[st] = s.stage[st].Foreground(lipgloss.Color(c))
	}
	return s
}

// helpModel is the bubbles help line in these styles.
func (s styles) helpModel() help.Model {
	h := help.New()
	h.ShortSeparator = " · "
	if s.color {
		return h
	}
	plain := lipgloss.NewStyle()
	h.Styles = help.Styles{ShortKey: s.bold, ShortDesc: plain, ShortSeparator: plain, Ellipsis: plain,
		FullKey: s.bold, FullDesc: plain, FullSeparator: plain}
	return h
}

// glyphs are the big countdown digits, three rows of half blocks each.
var glyphs = map[rune][3]string{
	'0': {"█▀█", "█ █", "▀▀▀"},
	'1': {"▀█ ", " █ ", "▀▀▀"},
	'2': {"▀▀█", "█▀▀", "▀▀▀"},
	'3': {"▀▀█", " ▀█", "▀▀▀"},
	'4': {"█ █", "▀▀█", "  ▀"},
	'5': {"█▀▀", "▀▀█", "▀▀▀"},
	'6': {"█▀▀", "█▀█", "▀▀▀"},
	'7': {"▀▀█", "  █", "  ▀"},
	'8': {"█▀█", "█▀█", "▀▀▀"},
	'9': {"█▀█", "▀▀█", "▀▀▀"},
	':': {"▄", "▄", " "},
	'+': {" ▄ ", "▀█▀", "   "},
}

// bigText renders s (digits, ':' and '+') in the big glyphs; wide doubles
// every column. It returns nil for characters it cannot draw.
func bigText(s string, wide bool) []string {
	var rows [3]strings.Builder
	for i, r := range s {
		g, ok := glyphs[r]
		if !ok {
			return nil
		}
		for row := range 3 {
			if i > 0 {
				rows[row].WriteString(" ")
				if wide {
					rows[row].WriteString(" ")
				}
			}
			if !wide {
				rows[row].WriteString(g[row])
				continue
			}
			for _, c := range g[row] {
				rows[row].WriteString(string(c) + string(c))
			}
		}
	}
	return []string{rows[0].String(), rows[1].String(), rows[2].String()}
}

// bar draws frac (0..1) of width cells filled.
func bar(st styles, frac float64, width int) string {
	if width <= 0 {
		return ""
	}
	frac = min(max(frac, 0), 1)
	n := int(math.Round(frac * float64(width)))
	return st.fill.Render(strings.Repeat("█", n)) + st.dim.Render(strings.Repeat("░", width-n))
}

// Meter scale: levels from meterFloor to 0 dBFS fill the bar.
const meterFloor = -60.0

// meterBar draws an RMS level as a filled bar with the held peak as a mark.
func meterBar(st styles, rms, hold float64, width int) string {
	if width <= 0 {
		return ""
	}
	cell := func(db float64) int {
		return int(math.Round((min(max(db, meterFloor), 0) - meterFloor) / -meterFloor * float64(width)))
	}
	n := cell(rms)
	p := min(cell(hold), width) - 1 // the cell of the peak mark, or -1 for none
	// Three styled runs at most (the fill, the empty cells with the peak
	// mark among them): styling each cell alone made the meter most of
	// the cost of drawing the screen, five times a second.
	var b strings.Builder
	b.WriteString(st.fill.Render(strings.Repeat("█", n)))
	if p >= n {
		b.WriteString(st.dim.Render(strings.Repeat("░", p-n)))
		b.WriteString(st.bold.Render("│"))
		b.WriteString(st.dim.Render(strings.Repeat("░", width-p-1)))
	} else if n < width {
		b.WriteString(st.dim.Render(strings.Repeat("░", width-n)))
	}
	return b.String()
}

// dB formats a level for the meter.
func dB(v float64) string {
	if v <= audio.SilenceDBFS {
		return "-inf"
	}
	return fmt.Sprintf("%.0f", v)
}

// wrap word-wraps s to width, breaking words longer than a line.
func wrap(s string, width int) []string {
	if width < 1 {
		width = 1
	}
	// Every piece of text on screen passes here or through safe.Text: text
	// from banks and session files can carry escape sequences.
	return strings.Split(lipgloss.Wrap(safe.Lines(s), width, ""), "\n")
}

// screen lays blocks out on a width x height screen: the last block (the key
// help) on the bottom line, the others from the top with a blank line
// between them. When they do not fit, the blocks of lowest priority go
// first; every line is cut to the width.
type block struct {
	lines []string
	prio  int // higher stays longer
}

func screen(width, height int, blocks []block, bottom []string) string {
	if width < 1 {
		width = 1
	}
	if height < 1 {
		height = 1
	}
	keep := make([]bool, len(blocks))
	for i, b := range blocks {
		keep[i] = len(b.lines) > 0
	}
	used := func() int {
		n, k := len(bottom), 0
		for i, b := range blocks {
			if keep[i] {
				n += len(b.lines)
				k++
			}
		}
		if k > 1 {
			n += k - 1 // blank lines between blocks
		}
		if k > 0 && len(bottom) > 0 {
			n++
		}
		return n
	}
	for used() > height {
		low := -1
		for i, b := range blocks {
			if keep[i] && (low < 0 || b.prio < blocks[low].prio) {
				low = i
			}
		}
		if low < 0 {
			break
		}
		keep[low] = false
	}
	var lines []string
	for i, b := range blocks {
		if !keep[i] {
			continue
		}
		if len(lines) > 0 {
			lines = append(lines, "")
		}
		lines = append(lines, b.lines...)
	}
	room := height - len(bottom)
	if len(lines) > room {
		lines = lines[:max(room, 0)]
	}
	for len(lines) < room {
		lines = append(lines, "")
	}
	lines = append(lines, bottom...)
	if len(lines) > height {
		lines = lines[len(lines)-height:]
	}
	for i, l := range lines {
		lines[i] = ansi.Truncate(l, width, "…")
	}
	return strings.Join(lines, "\n")
}

// center pads each line to sit in the middle of width.
func center(lines []string, width int) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		pad := max((width-ansi.StringWidth(l))/2, 0)
		out[i] = strings.Repeat(" ", pad) + l
	}
	return out
}

// sized takes a new window size; an output that is not a terminal reports
// none, and the sizes before stand.
func sized(msg tea.WindowSizeMsg, width, height int) (int, int) {
	if msg.Width <= 0 || msg.Height <= 0 {
		return width, height
	}
	return msg.Width, msg.Height
}

// rule is a horizontal line across width.
func rule(st styles, width int) string { return st.dim.Render(strings.Repeat("─", max(width, 1))) }
