package report

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mockround/mockround/internal/safefs"
)

// TestEmbedRefusesASwappedInLink: the report checks each take's WAV when
// it is made; a symbolic link put in the file's place before the page is
// written must not make the page embed the file it points to.
func TestEmbedRefusesASwappedInLink(t *testing.T) {
	dir := t.TempDir()
	l := sample()
	l.Dir = dir
	// Every take's WAV is a regular file when the report is made.
	for _, tk := range l.Record.Takes {
		if tk.File != "" {
			if err := os.WriteFile(filepath.Join(dir, tk.File), []byte("RIFF take"), 0o600); err != nil {
				t.Fatal(err)
			}
		}
	}
	r := New(l, nil)
	wav := filepath.Join(dir, "01-q1.wav")
	if got := r.Answers[0].Takes[0].Path; got != wav {
		t.Fatalf("the take's path is %q, want %q", got, wav)
	}

	// A regular file is embedded.
	var b strings.Builder
	if err := r.WriteHTML(&b, HTMLOptions{EmbedAudio: true, Dir: dir}); err != nil {
		t.Fatalf("embed a regular WAV: %v", err)
	}

	// The same file swapped for a link to a secret elsewhere is refused.
	secret := filepath.Join(t.TempDir(), "secret")
	if err := os.WriteFile(secret, []byte("SECRET"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(wav); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(secret, wav); err != nil {
		t.Fatal(err)
	}
	b.Reset()
	err := r.WriteHTML(&b, HTMLOptions{EmbedAudio: true, Dir: dir})
	if !errors.Is(err, safefs.ErrSymlink) || !strings.Contains(err.Error(), wav) {
		t.Errorf("embed through a link: %v, want %v naming %s", err, safefs.ErrSymlink, wav)
	}
	if strings.Contains(b.String(), "U0VDUkVU") { // base64 of SECRET
		t.Error("the page embeds the file the link points to")
	}
}
