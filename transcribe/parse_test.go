package transcribe

import (
	"os"
	"strings"
	"testing"
)

func TestParseWhisperFullJSON(t *testing.T) {
	data, err := os.ReadFile("testdata/whisper-full.json")
	if err != nil {
		t.Fatal(err)
	}
	words, err := parseWhisperJSON(data)
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, w := range words {
		texts = append(texts, w.W)
	}
	want := "And so my fellow Americans, um, ask not what your country can do for you. It's done."
	if got := strings.Join(texts, " "); got != want {
		t.Errorf("words %q\nwant  %q", got, want)
	}
	first, americans := words[0], words[4]
	if first.Start != 0.32 || first.End != 0.37 || americans.Start != 1.59 || americans.End != 2.85 {
		t.Errorf("times: %+v %+v", first, americans)
	}
	// Confidence: the mean of the word's text tokens (not [_BEG_], not ",").
	if americans.Conf == nil || *americans.Conf != 0.96 || words[5].Conf == nil || *words[5].Conf != 0.41 {
		t.Errorf("confidence of Americans, um: %v %v", americans.Conf, words[5].Conf)
	}
	if c := words[len(words)-2].Conf; c == nil || *c != 0.85 { // It 0.9, 's 0.8
		t.Errorf("confidence of It's: %v", c)
	}
	f := Compute(&Transcript{Words: words}, nil)
	if f.Fillers["um"] != 1 || f.Fillers["so"] != 0 {
		t.Errorf("fillers %v", f.Fillers)
	}
}

func TestParseWhisperPlainJSON(t *testing.T) {
	// -oj without -ojf: no tokens, no confidence; a segment of two words
	// is split by length.
	data := `{"transcription": [
		{"timestamps": {"from": "00:00:00,000", "to": "00:00:01,000"}, "offsets": {"from": 0, "to": 1000}, "text": " Hello"},
		{"timestamps": {"from": "00:00:01,000", "to": "00:00:02,000"}, "offsets": {"from": 1000, "to": 2000}, "text": " big world."},
		{"offsets": {"from": 2000, "to": 2500}, "text": " ♪ ♪"},
		{"offsets": {"from": 2500, "to": 2600}, "text": " ..."}
	]}`
	words, err := parseWhisperJSON([]byte(data))
	if err != nil {
		t.Fatal(err)
	}
	if len(words) != 3 || words[0].Conf != nil || words[1].W != "big" || words[1].Start != 1 || words[1].End != 1.333 || words[2].W != "world." || words[2].End != 2 {
		t.Errorf("words %+v", words)
	}
	if words, err := parseWhisperJSON([]byte(`{"transcription": []}`)); err != nil || len(words) != 0 {
		t.Errorf("empty: %v %v", words, err)
	}
}

func TestParseWhisperBad(t *testing.T) {
	for _, data := range []string{
		``, `not json`, `{"systeminfo": "x"}`, `{"transcription": [{"text": " hi"}]}`,
		`{"transcription": [{"offsets": {"from": -5, "to": 10}, "text": " hi"}]}`,
		`{"transcription": {"a": 1}}`, "{\"transcription\": [\n",
	} {
		if _, err := parseWhisperJSON([]byte(data)); err == nil {
			t.Errorf("%q was accepted", data)
		}
	}
}

func TestParsePocketSphinx(t *testing.T) {
	data, err := os.ReadFile("testdata/pocketsphinx-continuous.out")
	if err != nil {
		t.Fatal(err)
	}
	words, err := parsePocketSphinx(data, 19.39)
	if err != nil {
		t.Fatal(err)
	}
	tr := &Transcript{Words: words}
	text := tr.Text()
	if !strings.HasPrefix(text, "and mr john guess what and then at leisure") || strings.ContainsAny(text, "<>[]()") {
		t.Errorf("text %q", text)
	}
	if len(words) != 24+8+13 {
		t.Errorf("%d words", len(words))
	}
	if w := words[0]; w.W != "and" || w.Start != 0.15 || w.End != 0.36 || w.Conf == nil || *w.Conf != 0.265 {
		t.Errorf("first word %+v", w)
	}
}

func TestParsePocketSphinxBad(t *testing.T) {
	good := "hello world\n<s> 0.000 0.100 0.99\nhello 0.110 0.400 0.9\nworld(2) 0.410 0.800 0.8\n</s> 0.81 0.9 1.0\n"
	if w, err := parsePocketSphinx([]byte(good), 1); err != nil || len(w) != 2 || w[1].W != "world" {
		t.Fatalf("good output: %v %v", w, err)
	}
	for _, c := range []struct{ out, want string }{
		{"\x00\x01\xffgarbage\n", "unexpected"},
		{"Segmentation fault (core dumped)\n", "unexpected"},
		{"hello 0.1 0.2\n", "do not match"},
		{"hello world\nhello 0.1 0.2 0.9\n", "do not match"},
		{"hello 0.5 0.2 0.9\n", "runs from"},
		{"hello 0.1 NaN 0.9\n", "not a number"},
		{"hello 50 51 0.9\n", "after the take's end"},
		{"hello 0.1 0.2 7\n", "probability"},
		{"hel/lo 0.1 0.2 0.9\n", "unexpected word"},
	} {
		_, err := parsePocketSphinx([]byte(c.out), 10)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: %v, want an error saying %q", c.out, err, c.want)
		}
	}
	// Rounding in the log domain gives probabilities a little over 1.
	over := "<s> 0.000 0.100 1.001401\nhello 0.1 0.2 1.0004\n"
	if w, err := parsePocketSphinx([]byte(over), 1); err != nil || len(w) != 1 || *w[0].Conf != 1 {
		t.Errorf("probabilities a little over 1: %v %v, want hello at confidence 1", w, err)
	}
	if w, err := parsePocketSphinx(nil, 1); err != nil || len(w) != 0 || w == nil {
		t.Errorf("no output (silence): %v %v", w, err)
	}
	// An utterance of noise only: markers and no words.
	if w, err := parsePocketSphinx([]byte("\n<s> 0.0 0.1 1.0\n[NOISE] 0.1 0.5 0.7\n<sil> 0.5 0.6 0.9\n</s> 0.6 0.7 1.0\n"), 1); err != nil || len(w) != 0 {
		t.Errorf("noise only: %v %v", w, err)
	}
}
