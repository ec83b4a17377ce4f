package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/mockround/mockround/audio"
	"github.com/mockround/mockround/internal/audiotest"
	"github.com/mockround/mockround/session"
)

// speechSession writes a finished session whose takes are spoken
// sentences (espeak-ng), at 44.1 and 48 kHz, as if recorded.
func speechSession(t *testing.T, home, id string, texts ...string) (string, *session.Record) {
	t.Helper()
	dir := writeSession(t, home, id, len(texts))
	rec, err := session.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	for i, text := range texts {
		rate := 44100
		if i%2 == 1 {
			rate = 48000
		}
		clip := audiotest.Speech(t, tmp, rec.Takes[i].QuestionID, text, rate, 300*time.Millisecond, 700*time.Millisecond)
		mustWrite(t, filepath.Join(dir, rec.Takes[i].File), mustRead(t, clip))
		info, err := audio.ReadInfo(clip)
		if err != nil {
			t.Fatal(err)
		}
		rec.Takes[i].Frames, rec.Takes[i].SampleRate, rec.Takes[i].LengthS = info.Frames(), rate, info.Duration().Seconds()
		rec.Takes[i].Analysis = nil
	}
	if err := session.Save(dir, rec); err != nil {
		t.Fatal(err)
	}
	return dir, rec
}

// TestCoachPageInBrowser is the coach's round trip: export a session, open
// the page from a file in headless Chromium (no console errors, no CSP
// violation, no request but the page itself, each audio element as long as
// its take), play an answer, pin a comment with the c key while it plays,
// rate with the keyboard, save the review (the download caught), import
// it, and find it in report --json and in replay --plain at its moment.
func TestCoachPageInBrowser(t *testing.T) {
	audiotest.RequireVirtualMic(t) // the page plays into the virtual speaker; replay too
	audiotest.RequireTools(t, "chromium")
	home := t.TempDir()
	id := "20261127T090000Z-c0ac40"
	dir, rec := speechSession(t, home, id,
		"I started by reproducing the failure on my own machine, then I bisected the commits until one stood out.",
		"I onboard people with a map of the system, a first small change, and a person to ask.")
	page := filepath.Join(t.TempDir(), "coach page.html")
	code, out, errOut := runMain(t, home, "", "export", id, "-o", page)
	if code != 0 {
		t.Fatalf("export: exit %d: %s", code, errOut)
	}
	t.Logf("%s", strings.TrimSpace(out))
	if st, err := os.Stat(page); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("page %v, mode %v; want 0600", err, st.Mode())
	}

	ctx, errs := browser(t)
	var mu sync.Mutex
	var requests []string
	must0 := chromedp.Listen(ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			requests = append(requests, ev.Request.URL)
		case *cdplog.EventEntryAdded:
			if ev.Entry.Level == cdplog.EntryLevelError {
				*errs = append(*errs, "log: "+ev.Entry.Text)
			}
		}
	})
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(must0)
	downloads := t.TempDir()
	_, err := chromedp.Call(ctx, network.Enable, network.EnableParams{})
	must(err)
	_, err = chromedp.Call(ctx, cdplog.Enable, cdp.Empty{})
	must(err)
	_, err = chromedp.CallBrowser(ctx, cdpbrowser.SetDownloadBehavior,
		cdpbrowser.SetDownloadBehaviorParams{Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllow, DownloadPath: downloads})
	must(err)
	url := "file://" + strings.ReplaceAll(page, " ", "%20")
	_, err = chromedp.Run(ctx, chromedp.Navigate(url))
	must(err)
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`Array.from(document.querySelectorAll("audio")).every(a => a.readyState >= 1 || a.error)`,
		chromedp.WithPollingTimeout(20*time.Second)))
	must(err)
	durations, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`Array.from(document.querySelectorAll("audio")).map(a => a.error ? -1 : a.duration)`))
	must(err)
	if len(durations) != len(rec.Takes) {
		t.Fatalf("%d audio elements for %d takes", len(durations), len(rec.Takes))
	}
	for i, d := range durations {
		if want := rec.Takes[i].LengthS; math.Abs(d-want) > 0.05 {
			t.Errorf("audio %d: the browser says %.3f s, the take is %.3f s", i+1, d, want)
		}
	}

	// Play the first answer; at about 1.5 s press c, type, Enter.
	_, err = chromedp.Run(ctx, chromedp.Evaluate[any](`document.querySelector(".take audio").play().then(() => null)`, chromedp.EvalAwaitPromise))
	must(err)
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelector(".take audio").currentTime >= 1.5`, chromedp.WithPollingTimeout(10*time.Second)))
	if err != nil {
		state, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`(a => JSON.stringify({t: a.currentTime, paused: a.paused, ended: a.ended, rs: a.readyState, err: a.error && a.error.message}))(document.querySelector(".take audio"))`))
		t.Fatalf("the first answer does not play: %v; %s", err, state)
	}
	_, err = chromedp.Run(ctx, chromedp.Evaluate[any](`document.activeElement.blur(), null`))
	must(err)
	// c as a keyboard gives it: a keydown carrying its text, whose default
	// action (typing it) the page cancels. (chromedp's KeyEvent would send
	// the text as a separate char event, which nothing can cancel.)
	for _, typ := range []input.DispatchKeyEventType{input.DispatchKeyEventTypeKeyDown, input.DispatchKeyEventTypeKeyUp} {
		p := input.DispatchKeyEventParams{Type: typ, Key: "c", Code: "KeyC", WindowsVirtualKeyCode: 67, NativeVirtualKeyCode: 67}
		if typ == input.DispatchKeyEventTypeKeyDown {
			p.Text, p.UnmodifiedText = "c", "c"
		}
		_, err = chromedp.Call(ctx, input.DispatchKeyEvent, p)
		must(err)
	}
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`!document.querySelector(".take .new").hidden && document.activeElement === document.querySelector(".take .new input")`,
		chromedp.WithPollingTimeout(5*time.Second)))
	if err != nil {
		state, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`(n => JSON.stringify({hidden: n.hidden, display: getComputedStyle(n).display, active: document.activeElement.outerHTML.slice(0, 80), status: document.getElementById("status").textContent}))(document.querySelector(".take .new"))`))
		t.Fatalf("c while the answer plays does not open its comment line: %v; %s", err, state)
	}
	at, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`parseFloat(document.querySelector(".take .new").getAttribute("data-at"))`))
	must(err)
	must(chromedp.Do(ctx, chromedp.KeyEvent("too fast <b>here</b>"), chromedp.KeyEvent(kb.Enter)))
	// Rate it 4 and the second take 2 with the keyboard, comment on the
	// second with its button, give a name and save with Enter.
	must(chromedp.Do(ctx,
		chromedp.Focus(`.take input[value="4"]`), chromedp.KeyEvent(" "),
		chromedp.Focus(`.take[data-position="2"] input[value="2"]`), chromedp.KeyEvent(" "),
		chromedp.Focus(`.take[data-position="2"] .comment-btn`), chromedp.KeyEvent(kb.Enter),
		chromedp.KeyEvent("a clear opening"), chromedp.KeyEvent(kb.Enter),
		chromedp.Focus("#notes"), chromedp.KeyEvent("Good stories."),
		chromedp.Focus("#reviewer"), chromedp.KeyEvent("Alex"),
		chromedp.Focus("#save"), chromedp.KeyEvent(kb.Enter)))
	shown, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll(".comments .at")).map(b => b.textContent)`))
	must(err)
	var saved string
	for end := time.Now().Add(10 * time.Second); time.Now().Before(end) && saved == ""; time.Sleep(100 * time.Millisecond) {
		files, _ := filepath.Glob(filepath.Join(downloads, "*.json"))
		if len(files) == 1 {
			saved = files[0]
		}
	}
	if saved == "" {
		t.Fatalf("no review file downloaded; comments shown %q; console: %v", shown, *errs)
	}
	mu.Lock()
	for _, r := range requests {
		if r != url && !strings.HasPrefix(r, "data:") && !strings.HasPrefix(r, "blob:") {
			t.Errorf("the page requested %s", r)
		}
	}
	mu.Unlock()
	if len(*errs) > 0 {
		t.Errorf("console errors:\n%s", strings.Join(*errs, "\n"))
	}
	if filepath.Base(saved) != "review-"+id+"-alex.json" {
		t.Errorf("downloaded as %s", filepath.Base(saved))
	}
	t.Logf("comments shown %q; review file:\n%s", shown, mustRead(t, saved))

	// Import it, twice; the second changes nothing.
	if code, out, errOut := runMain(t, home, "", "review", "--import", saved); code != 0 || !strings.Contains(out, "2 takes rated, 2 comments") {
		t.Fatalf("import: exit %d: %s%s", code, out, errOut)
	}
	once := mustRead(t, filepath.Join(dir, session.RecordFile))
	if code, _, errOut := runMain(t, home, "", "review", "--import", saved); code != 0 {
		t.Fatalf("second import: exit %d: %s", code, errOut)
	}
	if string(mustRead(t, filepath.Join(dir, session.RecordFile))) != string(once) {
		t.Error("importing the same file again changed session.json")
	}

	// report --json carries it under reviews, and on the take.
	code, out, errOut = runMain(t, home, "", "report", "--json")
	if code != 0 {
		t.Fatalf("report: exit %d: %s", code, errOut)
	}
	var rep struct {
		Reviews []struct {
			Reviewer string
			Notes    string
			Takes    []struct {
				Position, Take, Rating int
				Comments               []struct {
					AtS  float64 `json:"at_s"`
					Text string
				}
			}
		}
	}
	must(json.Unmarshal([]byte(out), &rep))
	if len(rep.Reviews) != 1 || rep.Reviews[0].Reviewer != "Alex" || rep.Reviews[0].Notes != "Good stories." || len(rep.Reviews[0].Takes) != 2 {
		t.Fatalf("report --json reviews: %+v", rep.Reviews)
	}
	first := rep.Reviews[0].Takes[0]
	if first.Position != 1 || first.Rating != 4 || len(first.Comments) != 1 || first.Comments[0].Text != "too fast <b>here</b>" ||
		math.Abs(first.Comments[0].AtS-at) > 0.001 || at < 1.5 || at > 3 {
		t.Errorf("take 1's review %+v; the comment was pinned at %.3f s", first, at)
	}
	if second := rep.Reviews[0].Takes[1]; second.Rating != 2 || len(second.Comments) != 1 || second.Comments[0].AtS != 0 {
		t.Errorf("take 2's review %+v", second)
	}

	// replay --plain shows the comment when playback reaches it.
	s := start(t, home, "replay", "--plain", id, "1")
	if code := s.wait(t); code != 0 {
		t.Fatalf("replay: exit %d\n%s\n%s", code, s.out.String(), s.stderr.String())
	}
	got := s.out.String()
	line := "0:0" + string(rune('0'+int(at))) + " · Alex: too fast <b>here</b>\n"
	i, j := strings.Index(got, line), strings.Index(got, "finished · ")
	if i < 0 || j < i {
		t.Errorf("replay --plain does not show %q before the take finishes:\n%s", line, got)
	}
}
