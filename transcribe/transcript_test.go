package transcribe

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mockround/mockround/internal/safefs"
)

func TestPathFor(t *testing.T) {
	for in, want := range map[string]string{
		"01-foo.wav":              "01-foo.transcript.json",
		"/s/03-eval.take2.wav":    "/s/03-eval.take2.transcript.json",
		"/s/LOUD.WAV":             "/s/LOUD.transcript.json",
		"/s/no-extension":         "/s/no-extension.transcript.json",
		"/s.d/01-a.wav.wav":       "/s.d/01-a.wav.transcript.json",
		"relative/dir/02-bar.wav": "relative/dir/02-bar.transcript.json",
	} {
		if got := PathFor(in); got != want {
			t.Errorf("PathFor(%q) = %q, want %q", in, got, want)
		}
	}
}

func sampleTranscript() *Transcript {
	c := 0.9
	return &Transcript{
		Engine: "pocketsphinx", Version: "0.8", Model: "en-us", Audio: "01-foo.wav", LengthS: 3.5,
		Created:  time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
		Words:    []Word{{W: "hello", Start: 0.1, End: 0.5, Conf: &c}, {W: "world", Start: 0.6, End: 1}},
		ComputeS: 1.25, PeakRSSKB: 40000,
	}
}

func TestWriteRead(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "01-foo.transcript.json")
	in := sampleTranscript()
	if err := Write(path, in); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", st.Mode().Perm())
	}
	out, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	if out.Format != Format || out.Text() != "hello world" || *out.Words[0].Conf != 0.9 || out.Words[1].Conf != nil ||
		out.Engine != in.Engine || out.Model != in.Model || !out.Created.Equal(in.Created) || out.ComputeS != 1.25 || out.PeakRSSKB != 40000 {
		t.Errorf("read back %+v", out)
	}
	data, _ := os.ReadFile(path)
	for _, key := range []string{`"engine": "pocketsphinx"`, `"words": [`, `"w": "hello"`, `"start": 0.1`, `"end": 0.5`} {
		if !strings.Contains(string(data), key) {
			t.Errorf("file lacks %s:\n%s", key, data)
		}
	}
	// Overwrite: the new one wins; no temporary file is left.
	in.Words = nil
	if err := Write(path, in); err != nil {
		t.Fatal(err)
	}
	if out, err := Read(path); err != nil || len(out.Words) != 0 || out.Words == nil {
		t.Errorf("after overwrite: %+v, %v", out, err)
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 {
		t.Errorf("%d entries in the directory, want 1", len(ents))
	}
	if in.Format != 0 {
		t.Error("Write changed its argument")
	}
}

func TestWriteRefusesLinks(t *testing.T) {
	dir := t.TempDir()
	elsewhere := filepath.Join(dir, "elsewhere.json")
	os.WriteFile(elsewhere, []byte("keep"), 0o600)
	link := filepath.Join(dir, "01-foo.transcript.json")
	os.Symlink(elsewhere, link)
	err := Write(link, sampleTranscript())
	if !errors.Is(err, safefs.ErrSymlink) {
		t.Errorf("write through a link: %v", err)
	}
	if b, _ := os.ReadFile(elsewhere); string(b) != "keep" {
		t.Error("the link's target changed")
	}
	if _, err := Read(link); !errors.Is(err, safefs.ErrSymlink) {
		t.Errorf("read through a link: %v", err)
	}
	// A directory that is a link.
	real := filepath.Join(dir, "real")
	os.Mkdir(real, 0o700)
	os.Symlink(real, filepath.Join(dir, "session"))
	if err := Write(filepath.Join(dir, "session", "x.transcript.json"), sampleTranscript()); !errors.Is(err, safefs.ErrSymlink) {
		t.Errorf("write into a linked directory: %v", err)
	}
}

func TestReadErrors(t *testing.T) {
	dir := t.TempDir()
	cases := []struct{ content, want string }{
		{"", "empty file"},
		{"{\n  \"format\": 1,\n  \"words\": [\n    {\"w\": \"a\", \"start\": 0, \"end\": oops}\n  ]\n}", ":4:"},
		{"{\n  \"format\": 1,\n  \"words\": \"no\"\n}", ":3:"},
		{"{\"format\": 1, \"words\": [", "ends too early"},
		{"{\"format\": 2}", "newer"},
		{"{\"words\": []}", "no format"},
		{"{\"format\": 1, \"words\": [{\"w\": \"a\", \"start\": 2, \"end\": 1}]}", "bad times"},
		{"{\"format\": 1} {}", "after the transcript"},
	}
	for i, c := range cases {
		path := filepath.Join(dir, fmt.Sprintf("%d.transcript.json", i))
		os.WriteFile(path, []byte(c.content), 0o600)
		_, err := Read(path)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), path) {
			t.Errorf("%q: error %v, want one naming %s and saying %q", c.content, err, path, c.want)
		}
	}
	if _, err := Read(filepath.Join(dir, "missing.json")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

// TestWriteKilled kills a process that writes transcripts without pause:
// the file is always whole.
func TestWriteKilled(t *testing.T) {
	if os.Getenv("TRANSCRIBE_WRITE_LOOP") != "" {
		path := os.Getenv("TRANSCRIBE_WRITE_LOOP")
		tr := sampleTranscript()
		for i := 0; i < 2000; i++ {
			tr.Words = append(tr.Words, Word{W: fmt.Sprint("word", i), Start: float64(i), End: float64(i) + 0.5})
		}
		for {
			if err := Write(path, tr); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
			fmt.Println("wrote")
		}
	}
	if testing.Short() {
		t.Skip("kills a child process")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "01-x.transcript.json")
	for round := 0; round < 5; round++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestWriteKilled$")
		cmd.Env = append(os.Environ(), "TRANSCRIBE_WRITE_LOOP="+path)
		out, _ := cmd.StdoutPipe()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		buf := make([]byte, 6)
		out.Read(buf) // one write done
		time.Sleep(time.Duration(round*7) * time.Millisecond)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		tr, err := Read(path)
		if err != nil {
			t.Fatalf("after a kill: %v", err)
		}
		if len(tr.Words) != 2002 {
			t.Fatalf("after a kill: %d words", len(tr.Words))
		}
	}
}

func TestRemoveLeftovers(t *testing.T) {
	dir := t.TempDir()
	old := time.Now().Add(-2 * time.Hour)
	for _, name := range []string{
		"01-a.wav", "01-a.transcript.json", "session.json", ".01-a.transcript.json.abc.tmp", TempPrefix + "1234.wav",
		TempPrefix + "1234.json", ".other.tmp", TempPrefix + "new.wav",
	} {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte("x"), 0o600)
		if name != TempPrefix+"new.wav" {
			os.Chtimes(p, old, old)
		}
	}
	os.Symlink("/nonexistent", filepath.Join(dir, TempPrefix+"link.wav"))
	n, err := RemoveLeftovers(dir, time.Hour)
	if err != nil || n != 3 {
		t.Errorf("removed %d, %v; want 3", n, err)
	}
	var left []string
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		left = append(left, e.Name())
	}
	want := ".other.tmp .transcribe-link.wav .transcribe-new.wav 01-a.transcript.json 01-a.wav session.json"
	if strings.Join(left, " ") != want {
		t.Errorf("left %q, want %q", left, want)
	}
}
