package transcribe

import (
	"slices"
	"strings"
	"testing"
)

// likeCases: is the "like" of each text a filler, and why.
var likeCases = []struct {
	text   string
	filler bool
	why    string
}{
	{"I like Go.", false, "a verb after a subject"},
	{"We would like to ship it.", false, "would like to: a verb"},
	{"They don't like flaky tests.", false, "a verb after don't"},
	{"People like simple tools.", false, "a verb after a plural subject"},
	{"I really like the design.", false, "a verb after really"},
	{"It looks like a race condition.", false, "looks like: compares"},
	{"That sounds like a plan.", false, "sounds like: compares"},
	{"It felt like forever.", false, "felt like: compares"},
	{"We used something like that.", false, "something like: compares"},
	{"It's more like a queue.", false, "more like: compares"},
	{"It's kind of like a cache.", false, "after kind of: compares (kind of is the filler)"},
	{"Tools like Bazel help.", false, "tools like: examples"},
	{"It's like a queue with retries.", false, "like a: a preposition"},
	{"Like the old service, it retries.", false, "like the: a preposition at the start"},
	{"Nobody does it like that.", false, "like that: a preposition"},
	{"Like I said, we cache it.", false, "like I said: a conjunction"},
	{"Do it like we discussed.", false, "like we discussed: a conjunction"},
	{"It was, like, really slow.", true, "set off by commas"},
	{"It was like really slow.", true, "before an adverb"},
	{"It took like five minutes.", true, "before a number: means about"},
	{"There were like a hundred requests.", true, "like a hundred: an amount"},
	{"It took like 20 minutes.", true, "before digits: means about"},
	{"Like, I don't know.", true, "at the start, with a comma"},
	{"And I was like no way.", true, "quotative like"},
	{"We just like rewrote it.", true, "between an adverb and a verb"},
	{"So like we tried caching.", true, "between words, no comparison"},
	{"The tests were like flaky.", true, "before an adjective"},
	{"It's like, the cache is cold.", true, "a comma after it, whatever follows"},
	{"He likes the design.", false, "likes is a verb form"},
	{"I liked it.", false, "liked is a verb form"},
}

func TestLikeCases(t *testing.T) {
	if len(likeCases) < 25 {
		t.Fatalf("only %d cases", len(likeCases))
	}
	for _, c := range likeCases {
		f := Compute(said(c.text), nil)
		got := f.Fillers["like"] > 0
		if got != c.filler {
			t.Errorf("%q: like as filler = %v, want %v (%s)", c.text, got, c.filler, c.why)
		}
	}
}

func TestLikeWithoutPunctuation(t *testing.T) {
	// PocketSphinx writes no punctuation: pauses stand for it.
	for _, c := range []struct {
		text   string
		filler bool
	}{
		{"it was | like | really slow", true},
		{"i like go", false},
		{"it looks like a race", false},
		{"it took like five minutes", true},
		{"something like that | then we shipped", false},
	} {
		if got := Compute(said(c.text), nil).Fillers["like"] > 0; got != c.filler {
			t.Errorf("%q: like as filler = %v, want %v", c.text, got, c.filler)
		}
	}
}

func TestFillers(t *testing.T) {
	cases := []struct {
		text string
		want []string // kinds in order
	}{
		{"Um, I think, uh, we cache it.", []string{"um", "uh"}},
		{"Umm we uhh er ahh hmm mm erm.", []string{"um", "uh", "er", "ah", "hmm", "hmm", "um"}},
		{"Basically it actually literally works.", []string{"basically", "actually", "literally"}},
		{"So we cached it. So that was it.", []string{"so"}},
		{"So far, so good.", []string{}},
		{"It was so slow.", []string{}},
		{"I think so.", []string{}},
		{"so we cached it | so it was fast", []string{"so", "so"}},
		{"we cached it so it was fast", []string{}},
		{"Well, we cached it.", []string{"well"}},
		{"Well designed code helps.", []string{}},
		{"It works well.", []string{}},
		{"It was, you know, slow.", []string{"you know"}},
		{"You know, it was slow.", []string{"you know"}},
		{"Do you know the answer?", []string{}},
		{"As you know the cache is cold.", []string{}},
		{"You know the answer.", []string{}},
		{"It's you know it's slow.", []string{"you know"}},
		{"I mean, it was slow.", []string{"i mean"}},
		{"I mean we could shard it.", []string{"i mean"}},
		{"That is what I mean.", []string{}},
		{"I mean it.", []string{}},
		{"It's kind of slow.", []string{"kind of"}},
		{"It's sort of a hack.", []string{"sort of"}},
		{"What kind of database?", []string{}},
		{"A sort of cache.", []string{}},
		{"These kinds of bugs.", []string{}},
		{"Um um the the cache.", []string{"um", "um"}},
	}
	for _, c := range cases {
		f := Compute(said(c.text), nil)
		if got := kinds(f.FillerTimes); !slices.Equal(got, c.want) {
			t.Errorf("%q: fillers %q, want %q", c.text, got, c.want)
		}
		n := 0
		for _, v := range f.Fillers {
			n += v
		}
		if n != len(c.want) || f.FillerCount != n {
			t.Errorf("%q: counts %v (%d), want %d", c.text, f.Fillers, f.FillerCount, len(c.want))
		}
	}
}

func TestFillerTimes(t *testing.T) {
	f := Compute(said("We | you know | cached it"), nil)
	if len(f.FillerTimes) != 1 {
		t.Fatalf("fillers %+v", f.FillerTimes)
	}
	// We 0–0.25, pause, you 1.25–1.5, know 1.55–1.8.
	if x := f.FillerTimes[0]; x.Kind != "you know" || x.Start != 1.25 || x.End != 1.8 {
		t.Errorf("filler %+v, want you know from 1.25 to 1.8", x)
	}
}

func TestHedges(t *testing.T) {
	cases := []struct {
		text string
		want []string
	}{
		{"I think we should probably shard it.", []string{"i think", "probably"}},
		{"Maybe. I guess. I'm not sure.", []string{"maybe", "i guess", "i'm not sure"}},
		{"I am not sure, I don't know.", []string{"i'm not sure", "i don't know"}},
		{"Perhaps it is possibly fine, I believe, I suppose.", []string{"perhaps", "possibly", "i believe", "i suppose"}},
		{"We think it works.", []string{}},
		{"I’m not sure.", []string{"i'm not sure"}},
	}
	for _, c := range cases {
		f := Compute(said(c.text), nil)
		if got := kinds(f.HedgeTimes); !slices.Equal(got, c.want) {
			t.Errorf("%q: hedges %q, want %q", c.text, got, c.want)
		}
		for _, k := range c.want {
			if !slices.Contains(HedgeKinds, k) {
				t.Errorf("hedge %q is not in HedgeKinds", k)
			}
		}
	}
}

func TestRepeats(t *testing.T) {
	cases := []struct {
		text string
		want string // w×count, space separated
	}{
		{"The the cache is cold.", "the×2"},
		{"I I I think so.", "i×3"},
		{"I think that that is wrong.", ""},
		{"It was very very slow, no no.", ""},
		{"Um um, well.", ""},
		{"We, we cached. It it.", "we×2 it×2"},
	}
	for _, c := range cases {
		var got []string
		for _, r := range Compute(said(c.text), nil).Repeats {
			got = append(got, r.W+"×"+string(rune('0'+r.Count)))
		}
		if g := strings.Join(got, " "); g != c.want {
			t.Errorf("%q: repeats %q, want %q", c.text, g, c.want)
		}
	}
}

func TestFillerKindsListed(t *testing.T) {
	f := Compute(said("Um uh er ah hmm. It was like really you know kind of slow. I mean, basically actually literally. So, well, okay."), nil)
	for k := range f.Fillers {
		if !slices.Contains(FillerKinds, k) {
			t.Errorf("filler kind %q is not in FillerKinds", k)
		}
	}
}
