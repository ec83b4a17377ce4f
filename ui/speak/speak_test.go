package speak

import (
	"context"
	"errors"
	"os/exec"
	"path/filepath"
	"testing"
)

func TestFind(t *testing.T) {
	has := func(names ...string) func(string) (string, error) {
		return func(n string) (string, error) {
			for _, h := range names {
				if h == n {
					return "/usr/bin/" + n, nil
				}
			}
			return "", exec.ErrNotFound
		}
	}
	for _, tc := range []struct {
		goos      string
		installed []string
		want      string
	}{
		{"darwin", []string{"say", "espeak-ng"}, "say"},
		{"linux", []string{"espeak-ng", "espeak"}, "espeak-ng"},
		{"linux", []string{"espeak"}, "espeak"},
		{"linux", nil, ""},
		{"darwin", []string{"espeak-ng"}, ""},
	} {
		s, err := find(tc.goos, has(tc.installed...))
		if tc.want == "" {
			if !errors.Is(err, ErrNoSynthesizer) {
				t.Errorf("%s with %v: got %v, %v; want ErrNoSynthesizer", tc.goos, tc.installed, s, err)
			}
			continue
		}
		if err != nil || filepath.Base(s.Name) != tc.want {
			t.Errorf("%s with %v: got %+v, %v; want %s", tc.goos, tc.installed, s, err, tc.want)
		}
	}
}

func TestSayWaitsForTheSynthesizer(t *testing.T) {
	// A stand-in synthesizer: cat reads the text from stdin and exits.
	s := &Speaker{Name: "cat"}
	if err := s.Say(context.Background(), "Tell me about a time you disagreed."); err != nil {
		t.Fatal(err)
	}
	if err := (&Speaker{Name: "false"}).Say(context.Background(), "x"); err == nil {
		t.Error("a failing synthesizer gave no error")
	}
	if err := (&Speaker{Name: "false"}).Say(context.Background(), "  "); err != nil {
		t.Errorf("empty text: %v, want nothing done", err)
	}
}
