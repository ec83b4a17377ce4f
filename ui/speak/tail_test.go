package speak

import (
	"testing"
	"time"
)

// TestFindSetsTail: a synthesizer found waits 300 ms after speaking, long
// enough for the speaker to fall quiet before the microphone opens.
func TestFindSetsTail(t *testing.T) {
	s, err := find("linux", func(n string) (string, error) { return "/usr/bin/" + n, nil })
	if err != nil {
		t.Fatal(err)
	}
	if s.Name != "/usr/bin/espeak-ng" || s.Tail != 300*time.Millisecond {
		t.Errorf("find = %+v, want /usr/bin/espeak-ng with a tail of 300ms", s)
	}
}
