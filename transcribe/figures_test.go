package transcribe

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

func TestTiming(t *testing.T) {
	w := func(s, e float64) Word { return Word{W: "x", Start: s, End: e} }
	cases := []struct {
		name              string
		words             []Word
		speaking, longest float64
		over2, count      int
		wpm               float64
	}{
		{"empty", nil, 0, 0, 0, 0, 0},
		{"one word", []Word{w(1, 1.5)}, 0.5, 0, 0, 1, 120},
		{"gaps under 0.3 s merge", []Word{w(0, 1), w(1.2, 2), w(2.29, 3)}, 3, 0.29, 0, 3, 60},
		{"a gap of 0.3 s splits", []Word{w(0, 1), w(1.3, 2)}, 1.7, 0.3, 0, 2, 2 / 1.7 * 60},
		{"long pauses", []Word{w(0, 1), w(3.5, 4), w(4.1, 5), w(8, 9)}, 3.5, 3, 2, 4, 4 / 3.5 * 60},
		{"a pause of exactly 2 s is not over 2 s", []Word{w(0, 1), w(3, 4)}, 2, 2, 0, 2, 60},
		{"unsorted words are sorted", []Word{w(3, 4), w(0, 1)}, 2, 2, 0, 2, 60},
		{"overlapping words", []Word{w(0, 2), w(1, 1.5), w(1.6, 2.5)}, 2.5, 0, 0, 3, 3 / 2.5 * 60},
	}
	for _, c := range cases {
		f := Compute(&Transcript{Words: c.words}, nil)
		if f.Words != c.count || math.Abs(f.SpeakingS-c.speaking) > 0.005 || math.Abs(f.LongestPauseS-c.longest) > 0.005 ||
			f.PausesOver2s != c.over2 || math.Abs(f.WPM-c.wpm) > 0.05 {
			t.Errorf("%s: words %d speaking %g longest %g over2 %d wpm %g; want %d %g %g %d %.1f",
				c.name, f.Words, f.SpeakingS, f.LongestPauseS, f.PausesOver2s, f.WPM, c.count, c.speaking, c.longest, c.over2, c.wpm)
		}
	}
}

func TestWordCountIgnoresPunctuation(t *testing.T) {
	tr := &Transcript{Words: []Word{{W: "Hello,", End: 0.3}, {W: "—", Start: 0.3, End: 0.3}, {W: "world.", Start: 0.4, End: 0.7}}}
	f := Compute(tr, nil)
	if f.Words != 2 {
		t.Errorf("words %d, want 2", f.Words)
	}
	if f.FillersPer100 != 0 {
		t.Errorf("fillers per 100 %g", f.FillersPer100)
	}
	f = Compute(said("Um. So we um cached it"), nil)
	if f.FillersPer100 != 50 { // um, so, um of 6 words
		t.Errorf("fillers per 100 words %g, want 50", f.FillersPer100)
	}
}

func TestFiguresJSON(t *testing.T) {
	f := Compute(said("Um, it was like really slow."), []string{"latency"})
	b, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{`"wpm":`, `"fillers":{"like":1,"um":1}`, `"fillers_per_100_words":`, `"coverage":[{"point":"latency","covered":false`, `"words":6`} {
		if !strings.Contains(string(b), key) {
			t.Errorf("JSON lacks %s: %s", key, b)
		}
	}
	// Nothing nil: empty lists and maps, not null.
	b, _ = json.Marshal(Compute(&Transcript{}, nil))
	if strings.Contains(string(b), "null") {
		t.Errorf("JSON of an empty transcript has null: %s", b)
	}
}

func TestCoverage(t *testing.T) {
	answer := said("We cache responses and retried failed deployments, then we monitored latency with dashboards. " +
		"Flakiness came from shared state, so tests are quarantined. Our rate-limiter protects the backend.")
	cases := []struct {
		point   string
		covered bool
		why     string
	}{
		{"caching", true, "cache / caching share a stem"},
		{"Retry failed deployments", true, "all three heard, inflected (retried, deployments)"},
		{"Monitoring and alerting", false, "1 of 2 key words: under 60%"},
		{"Monitoring, latency and alerting", true, "2 of 3 key words: 67%"},
		{"Quarantine flaky tests", true, "quarantined, flakiness, tests"},
		{"Database sharding strategy", false, "none heard"},
		{"Rate limiting", false, "rate-limiter gives rate and limiter; limiting stems to limit, and -er is not stripped: 1 of 2"},
		{"Backend protection and isolation", false, "backend only: 1 of 3"},
		{"the and of", true, "only stop words: they are the key words; the and and are heard, of is not: 2 of 3"},
		{"", false, "no words"},
		{"Mention the shared state", true, "mention is a stop word; shared, state"},
	}
	for _, c := range cases {
		got := Compute(answer, []string{c.point}).Coverage[0]
		if got.Covered != c.covered {
			t.Errorf("%q: covered %v (found %v, missing %v), want %v: %s", c.point, got.Covered, got.Found, got.Missing, c.covered, c.why)
		}
	}
}

func TestCoverageShare(t *testing.T) {
	answer := said("alpha beta gamma")
	for _, c := range []struct {
		point   string
		covered bool
	}{
		{"alpha", true},                     // 1 of 1
		{"alpha delta", false},              // 1 of 2: 50%
		{"alpha beta delta", true},          // 2 of 3: 67%
		{"alpha beta delta epsilon", false}, // 2 of 4: 50%
		{"alpha beta gamma delta epsilon", true},
		{"alpha alpha delta", false}, // repeated key words count once: 1 of 2
	} {
		if got := Compute(answer, []string{c.point}).Coverage[0].Covered; got != c.covered {
			t.Errorf("%q: covered %v, want %v", c.point, got, c.covered)
		}
	}
}

func TestStem(t *testing.T) {
	groups := [][]string{
		{"cache", "caches", "cached", "caching"},
		{"deploy", "deploys", "deployed", "deploying", "deployment", "deployments"},
		{"retry", "retries", "retried"},
		{"run", "runs", "running"},
		{"test", "tests", "tested", "testing"},
		{"flaky", "flakiness"},
		{"optimize", "optimized", "optimization", "optimizing"},
		{"isolate", "isolated", "isolation"},
		{"policy", "policies"},
		{"quick", "quickly"},
		{"monitor", "monitors", "monitoring", "monitored"},
		{"stop", "stopped", "stopping"},
	}
	for _, g := range groups {
		want := stem(g[0])
		for _, w := range g[1:] {
			if s := stem(w); s != want {
				t.Errorf("stem(%q) = %q, stem(%q) = %q: want them equal", w, s, g[0], want)
			}
		}
	}
	for _, w := range []string{"status", "analysis", "thing", "class", "string", "need"} {
		if s := stem(w); s != w {
			t.Errorf("stem(%q) = %q: cut too far", w, s)
		}
	}
	for _, w := range []string{"go", "ci", "api", "bus"} {
		if stem(w) != w {
			t.Errorf("stem(%q) = %q: short words stay", w, stem(w))
		}
	}
}

func TestWER(t *testing.T) {
	cases := []struct {
		ref, hyp string
		want     float64
	}{
		{"", "", 0},
		{"a b c d", "a b c d", 0},
		{"a b c d", "A, b. C d!", 0},
		{"a b c d", "a x c d", 0.25},
		{"a b c d", "a c d", 0.25},
		{"a b c d", "a b x c d", 0.25},
		{"a b c d", "", 1},
		{"a b", "x y z w", 2},
		{"", "a b", 2},
		{"he was not an ill disposed young man", "he was not an illness those young man", 0.25},
	}
	for _, c := range cases {
		if got := WERText(c.ref, c.hyp); math.Abs(got-c.want) > 1e-9 {
			t.Errorf("WER(%q, %q) = %g, want %g", c.ref, c.hyp, got, c.want)
		}
	}
}
