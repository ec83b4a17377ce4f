package report

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"html"
	"regexp"
	"strings"
	"testing"
	"time"
)

func coachPageOf(t *testing.T, all bool) (string, CoachStats, []string) {
	t.Helper()
	defer func(l *time.Location) { time.Local = l }(time.Local)
	time.Local = time.UTC
	var asked []string
	var b bytes.Buffer
	st, err := goldenReport().WriteCoach(&b, CoachOptions{AllTakes: all, Audio: func(p string) ([]byte, error) {
		asked = append(asked, p)
		return []byte("OggS-fake"), nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	return b.String(), st, asked
}

func TestCoachPageCSPAllowsOnlyItsScript(t *testing.T) {
	page, _, _ := coachPageOf(t, false)
	csp := regexp.MustCompile(`<meta http-equiv="Content-Security-Policy" content="([^"]+)">`).FindStringSubmatch(page)
	if csp == nil {
		t.Fatal("no Content-Security-Policy meta")
	}
	scripts := regexp.MustCompile(`(?s)<script>(.*?)</script>`).FindAllStringSubmatch(page, -1)
	if len(scripts) != 1 {
		t.Fatalf("%d inline scripts, want 1", len(scripts))
	}
	h := sha256.Sum256([]byte(scripts[0][1]))
	want := "script-src 'sha256-" + base64.StdEncoding.EncodeToString(h[:]) + "'"
	for _, part := range []string{"default-src 'none'", "media-src data:", want} {
		if !strings.Contains(html.UnescapeString(csp[1]), part) {
			t.Errorf("CSP %q lacks %q", csp[1], part)
		}
	}
	for _, bad := range []string{"http:", "https:", "src=\"/", "/data/sessions", "<script>alert", "<do>", "clear: situation"} {
		if strings.Contains(page, bad) {
			t.Errorf("the page holds %q (an outside resource, a path of this machine, markup from a file, or the candidate's own notes)", bad)
		}
	}
	if !strings.Contains(page, `src="data:audio/ogg;codecs=opus;base64,`+base64.StdEncoding.EncodeToString([]byte("OggS-fake"))+`"`) {
		t.Error("no audio as a data URI")
	}
	if !strings.Contains(page, `data-session="20261127T093000Z-abc123"`) {
		t.Error("the page does not carry the session id for the review file")
	}
}

func TestCoachPageTakes(t *testing.T) {
	page, st, asked := coachPageOf(t, false)
	// Best or latest: q1's best take 3, q2, q4 and its follow-up, q5 (the
	// skipped q3 and q6 have nothing to hear).
	wantTakes := []string{`data-position="1" data-take="3" data-follow-up="false" data-length="59.600"`,
		`data-position="2" data-take="1" data-follow-up="false"`, `data-position="4" data-take="1" data-follow-up="false"`,
		`data-position="4" data-take="1" data-follow-up="true"`, `data-position="5" data-take="1" data-follow-up="false"`}
	for _, w := range wantTakes {
		if !strings.Contains(page, w) {
			t.Errorf("no take %s", w)
		}
	}
	if n := strings.Count(page, `<div class="take"`); n != len(wantTakes) || st.Takes != n {
		t.Errorf("%d takes in the page (stats %d), want %d", n, st.Takes, len(wantTakes))
	}
	if len(asked) != len(wantTakes) || !strings.HasSuffix(asked[0], "01-q1.take3.wav") {
		t.Errorf("audio asked for %v", asked)
	}
	if want := 59.6 + 30 + 42.6 + 40.5 + 7.2; st.AudioS < want-0.001 || st.AudioS > want+0.001 {
		t.Errorf("AudioS %.3f, want %.3f", st.AudioS, want)
	}
	all, st2, _ := coachPageOf(t, true)
	if n := strings.Count(all, `<div class="take"`); n != 7 || st2.Takes != 7 {
		t.Errorf("--takes all: %d takes, want 7", n)
	}
	if !strings.Contains(page, `<mark class="filler">um</mark>`) && !strings.Contains(all, `<mark class="filler">um</mark>`) {
		t.Error("no transcript with its fillers")
	}
	if !strings.Contains(all, "&lt;b&gt;") {
		t.Error("a transcript word that is markup is not escaped")
	}
}

func TestPickPrefersBestThenLatestPractice(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	takes := []Take{{Take: 1, SpeakingS: f(50)}, {Take: 2, SpeakingS: f(40)}, {Take: 3, SpeakingS: f(1)}}
	if got := pick(takes, false); len(got) != 1 || got[0].Take != 2 {
		t.Errorf("picked %+v, want take 2 (take 3 has under 3 s of speech)", got)
	}
	takes[0].Best = true
	if got := pick(takes, false); got[0].Take != 1 {
		t.Errorf("picked take %d, want the best, 1", got[0].Take)
	}
	takes[0].Best = false
	takes[1].SpeakingS = f(2)
	takes[0].SpeakingS = f(2)
	if got := pick(takes, false); got[0].Take != 3 {
		t.Errorf("picked take %d, want the latest when none is practice", got[0].Take)
	}
}

// TestCoachCommentLineHidden: the comment line is hidden until asked for;
// a display rule on it must not override the hidden attribute.
func TestCoachCommentLineHidden(t *testing.T) {
	page, _, _ := coachPageOf(t, false)
	if !strings.Contains(page, `<div class="new" hidden>`) || !strings.Contains(page, ".new[hidden] { display: none; }") {
		t.Error("the comment line shows before c or the comment button asks for it")
	}
}
