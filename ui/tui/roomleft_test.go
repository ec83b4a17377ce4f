package tui

import (
	"fmt"
	"strings"
	"testing"
)

// TestRoomLeftIsWhatFits: a block given roomLeft lines fits on the screen
// beside the others and drops none of them, and one line more would not
// fit. A block with no lines (no comment reached yet) takes no room, not
// even the blank line around it.
func TestRoomLeftIsWhatFits(t *testing.T) {
	head := block{lines: []string{"h1", "h2", "h3"}, prio: 90}
	player := block{lines: []string{"p1", "p2"}, prio: 95}
	bottom := []string{"keys"}
	for _, tc := range []struct {
		name   string
		height int
		blocks []block
	}{
		{"two blocks", 12, []block{head, player}},
		{"an empty block among them", 12, []block{head, {prio: 65}, player}},
		{"only empty blocks", 6, []block{{prio: 65}, {prio: 70}}},
	} {
		room := roomLeft(tc.height, tc.blocks, bottom)
		for _, n := range []int{room, room + 1} {
			extra := block{prio: 10} // lowest: the first to go when it does not fit
			for i := range n {
				extra.lines = append(extra.lines, fmt.Sprintf("x%d", i))
			}
			s := screen(80, tc.height, append(tc.blocks[:len(tc.blocks):len(tc.blocks)], extra), bottom)
			fits := n > 0 && strings.Contains(s, fmt.Sprintf("x%d", n-1))
			if n == room {
				if !fits {
					t.Errorf("%s: a block of the %d lines left does not fit:\n%s", tc.name, n, s)
				}
				for _, b := range tc.blocks {
					for _, l := range b.lines {
						if !strings.Contains(s, l) {
							t.Errorf("%s: a block of the %d lines left pushed %q off:\n%s", tc.name, n, l, s)
						}
					}
				}
			}
			if n == room+1 && fits {
				t.Errorf("%s: %d lines left, but %d fit:\n%s", tc.name, room, n, s)
			}
		}
	}
}
