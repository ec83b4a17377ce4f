package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/mockround/mockround/audio"
	"github.com/mockround/mockround/internal/audiotest"
	"github.com/mockround/mockround/session"
)

// browser opens headless Chromium; console errors and exceptions are
// gathered in errs.
func browser(t *testing.T) (ctx context.Context, errs *[]string) {
	t.Helper()
	audiotest.RequireTools(t, "chromium")
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath("chromium"),
		chromedp.NoSandbox,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("autoplay-policy", "no-user-gesture-required"),
		chromedp.UserDataDir(t.TempDir()),
	)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelB := chromedp.NewContext(actx)
	ctx, cancelC := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(func() { cancelC(); cancelB(); cancelA() })
	var list []string
	var mu sync.Mutex
	err := chromedp.Listen(ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError {
				var parts []string
				for _, a := range ev.Args {
					parts = append(parts, string(a.Value)+a.Description)
				}
				list = append(list, "console.error: "+strings.Join(parts, " "))
			}
		case *runtime.EventExceptionThrown:
			list = append(list, "exception: "+ev.ExceptionDetails.Text)
		}
	})
	if err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx, &list
}

// TestHTMLReportInBrowser opens the report in headless Chromium: it loads
// without console errors, every audio element decodes its WAV to the right
// duration, every waveform renders, and text from banks and notes stays text.
func TestHTMLReportInBrowser(t *testing.T) {
	for _, embed := range []bool{false, true} {
		name := "linked audio"
		if embed {
			name = "embedded audio"
		}
		t.Run(name, func(t *testing.T) {
			ctx, errs := browser(t)
			home := t.TempDir()
			dir := writeSession(t, home, "20261127T090000Z-html00", 3)
			rec, _ := session.Load(dir)
			rec.Takes[0].Question = `Why <script>window.pwned=1</script> "quotes" & <b>tags</b>?`
			rec.Takes[0].Notes = `<img src=x onerror="window.pwned=2"> keep it shorter`
			rec.Takes[1].Rating = 4
			session.Save(dir, rec)

			out := filepath.Join(t.TempDir(), "reports", "report.html")
			if err := os.MkdirAll(filepath.Dir(out), 0o700); err != nil {
				t.Fatal(err)
			}
			args := []string{"report", "last", "--html", out}
			if embed {
				args = append(args, "--embed-audio")
			}
			if code, _, errOut := runMain(t, home, "", args...); code != 0 {
				t.Fatalf("report: exit %d: %s", code, errOut)
			}
			must := func(err error) {
				t.Helper()
				if err != nil {
					t.Fatal(err)
				}
			}
			_, err := chromedp.Run(ctx, chromedp.Navigate("file://"+out))
			must(err)
			_, err = chromedp.Run(ctx, chromedp.WaitReady("body"))
			must(err)
			_, err = chromedp.Run(ctx, chromedp.Poll[bool](`Array.from(document.querySelectorAll("audio")).every(a => a.readyState >= 1 || a.error)`, chromedp.WithPollingTimeout(20*time.Second)))
			must(err)
			durations, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`Array.from(document.querySelectorAll("audio")).map(a => a.error ? -1 : a.duration)`))
			must(err)
			bars, err := chromedp.Run(ctx, chromedp.Evaluate[[]int](`Array.from(document.querySelectorAll("svg.wave")).map(s => Array.from(s.querySelectorAll("rect.bar")).filter(r => r.getBoundingClientRect().height > 0 && r.getBoundingClientRect().width > 0).length)`))
			must(err)
			pwned, err := chromedp.Run(ctx, chromedp.Evaluate[any](`window.pwned === undefined ? null : window.pwned`))
			must(err)
			title, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("h2").textContent`))
			must(err)
			takeHeads, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll(".take h3")).map(h => h.textContent)`))
			must(err)
			for i, h := range takeHeads {
				if !strings.HasPrefix(h, "Take 1 · 0:01") {
					t.Errorf("take heading %d reads %q", i+1, h)
				}
			}
			if len(*errs) > 0 {
				t.Errorf("console errors:\n%s", strings.Join(*errs, "\n"))
			}
			if len(durations) != len(rec.Takes) {
				t.Fatalf("%d audio elements for %d takes", len(durations), len(rec.Takes))
			}
			for i, d := range durations {
				info, _ := audio.ReadInfo(filepath.Join(dir, rec.Takes[i].File))
				if diff := d - info.Duration().Seconds(); diff > 0.1 || diff < -0.1 {
					t.Errorf("audio %d: the browser says %.3f s, the WAV holds %.3f s", i+1, d, info.Duration().Seconds())
				}
			}
			if len(bars) != len(rec.Takes) {
				t.Errorf("%d waveforms for %d takes", len(bars), len(rec.Takes))
			}
			for i, n := range bars {
				if n < 50 {
					t.Errorf("waveform %d renders %d bars", i+1, n)
				}
			}
			if pwned != nil {
				t.Errorf("text from the session ran as script: window.pwned = %v", pwned)
			}
			if !strings.Contains(title, "<script>window.pwned=1</script>") {
				t.Errorf("the question is not shown as text: %q", title)
			}
			if !embed {
				if png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)); err == nil {
					if shot := os.Getenv("MOCKROUND_SCREENSHOT"); shot != "" {
						mustWrite(t, shot, png)
					}
				}
			}
			t.Logf("durations %v, bars %v", durations, bars)
		})
	}
}
