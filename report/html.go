package report

import (
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/mockround/mockround/internal/safefs"
)

// HTMLOptions shape the HTML page.
type HTMLOptions struct {
	// EmbedAudio puts each WAV into the page as a data URI, so the page
	// works alone; otherwise the page links to the WAVs relative to itself.
	EmbedAudio bool
	// Dir is where the page will be written (for relative links).
	Dir string
}

// WriteHTML writes one self-contained page: inline CSS, an SVG waveform per
// take with the pauses shaded, its transcript with the fillers marked,
// figures, ratings, notes, talking points and an audio player per take.
// Nothing is fetched from the network, and all text (bank titles,
// questions, notes, transcripts) is escaped by html/template. A small
// inline script plays a take from the word clicked in its transcript, and
// highlights the word being said while it plays (each word is a span whose
// data-t is its start in seconds).
func (r *Report) WriteHTML(w io.Writer, opt HTMLOptions) error {
	type takeView struct {
		Take
		Number   int // Take.Take: the embedded struct's own name hides it
		Src      template.URL
		Waveform template.HTML
	}
	type answerView struct {
		Answer
		Takes, FollowUpTakes []takeView
	}
	var answers []answerView
	transcripts := false
	views := func(takes []Take) ([]takeView, error) {
		var out []takeView
		for _, t := range takes {
			transcripts = transcripts || len(t.Words) > 0
			tv := takeView{Take: t, Number: t.Take}
			if t.Path != "" {
				src, err := audioSrc(t.Path, opt)
				if err != nil {
					return nil, err
				}
				tv.Src = src
			}
			tv.Waveform = waveformSVG(t)
			out = append(out, tv)
		}
		return out, nil
	}
	for _, a := range r.Answers {
		av := answerView{Answer: a}
		var err error
		if av.Takes, err = views(a.Takes); err != nil {
			return err
		}
		if av.FollowUpTakes, err = views(a.FollowUpTakes); err != nil {
			return err
		}
		answers = append(answers, av)
	}
	return page.Execute(w, struct {
		*Report
		Answers     []answerView
		Transcripts bool // a take has words to click
	}{r, answers, transcripts})
}

func audioSrc(path string, opt HTMLOptions) (template.URL, error) {
	if opt.EmbedAudio {
		data, err := readTake(path)
		if err != nil {
			return "", fmt.Errorf("embed %s: %w", path, err)
		}
		return template.URL("data:audio/wav;base64," + base64.StdEncoding.EncodeToString(data)), nil
	}
	rel, err := filepath.Rel(opt.Dir, path)
	if err != nil {
		rel = path
	}
	parts := strings.Split(filepath.ToSlash(rel), "/")
	for i, p := range parts {
		parts[i] = template.URLQueryEscaper(p)
	}
	// URLQueryEscaper encodes spaces as '+', which a path must not use.
	return template.URL(strings.ReplaceAll(strings.Join(parts, "/"), "+", "%20")), nil
}

// readTake reads the take's WAV at path through safefs: the file was
// checked when the report was made, and a symbolic link put in its place
// since must not make the page embed a file from elsewhere.
func readTake(path string) ([]byte, error) {
	f, err := safefs.OpenFile(path, os.O_RDONLY, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

// waveformSVG draws the take's peak envelope as mirrored bars, with its
// pauses shaded. The SVG holds only numbers produced here.
func waveformSVG(t Take) template.HTML {
	const w, h = 800.0, 80.0
	a := t.Analysis
	if a == nil || len(a.Waveform) == 0 || t.LengthS <= 0 {
		return template.HTML(`<svg class="wave" viewBox="0 0 800 80" role="img" aria-label="no waveform"><text x="10" y="45">no waveform</text></svg>`)
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="wave" viewBox="0 0 %.0f %.0f" preserveAspectRatio="none" role="img" aria-label="waveform">`, w, h)
	for _, p := range a.Pauses {
		x := p.StartS / t.LengthS * w
		pw := (p.EndS - p.StartS) / t.LengthS * w
		fmt.Fprintf(&b, `<rect class="pause" x="%.1f" y="0" width="%.1f" height="%.0f"><title>pause %.1f s</title></rect>`, x, pw, h, p.EndS-p.StartS)
	}
	bw := w / float64(len(a.Waveform))
	for i, v := range a.Waveform {
		bh := max(float64(v)*h, 1)
		fmt.Fprintf(&b, `<rect class="bar" x="%.2f" y="%.2f" width="%.2f" height="%.2f"/>`, float64(i)*bw, (h-bh)/2, max(bw-0.3, 0.3), bh)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

var page = template.Must(template.New("report").Funcs(template.FuncMap{
	"clock":    clock,
	"moment":   Moment,
	"timeText": TimeText,
	"gapText":  GapText,
	"secs":     secs,
	"db": func(v *float64) string {
		if v == nil {
			return "–"
		}
		return fmt.Sprintf("%.1f dBFS", *v)
	},
	"int": func(v *int) string {
		if v == nil {
			return "–"
		}
		return fmt.Sprint(*v)
	},
	"deref":        func(v *float64) float64 { return *v },
	"fillerText":   FillerText,
	"pace":         PaceText,
	"coverageText": CoverageText,
	"stars": func(n int) string {
		if n == 0 {
			return "not rated"
		}
		return strings.Repeat("★", n) + strings.Repeat("☆", 5-n)
	},
}).Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>mockround · {{.Bank}} · {{.ID}}</title>
<style>
body { font: 15px/1.45 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1d232a; }
h1 { font-size: 1.4rem; margin-bottom: .2rem; }
.meta { color: #58616b; margin-top: 0; }
.answer { border-top: 1px solid #d7dde3; padding: 1rem 0; }
.answer h2 { font-size: 1.1rem; margin: 0 0 .2rem; }
.where { color: #58616b; font-size: .9rem; margin: 0 0 .6rem; }
.take { margin: .6rem 0 1rem; padding: .6rem .8rem; background: #f5f7f9; border-radius: 6px; }
.take h3 { font-size: .95rem; margin: 0 0 .4rem; }
.best { color: #0a7a3d; }
dl { display: grid; grid-template-columns: repeat(auto-fill, minmax(9rem, 1fr)); gap: .3rem 1rem; margin: .5rem 0; }
dt { color: #58616b; font-size: .8rem; } dd { margin: 0; font-variant-numeric: tabular-nums; }
svg.wave { width: 100%; height: 80px; background: #fff; border: 1px solid #d7dde3; border-radius: 4px; display: block; }
svg.wave .bar { fill: #2f6db3; } svg.wave .pause { fill: #f2c14e; opacity: .35; }
audio { width: 100%; margin-top: .4rem; }
.notes { white-space: pre-wrap; }
.points li { margin: .1rem 0; }
.transcript { background: #fff; border: 1px solid #d7dde3; border-radius: 4px; padding: .4rem .6rem; margin: .5rem 0; }
.transcript span[data-t] { cursor: pointer; border-radius: 3px; }
.transcript span[data-t]:hover { background: #dde8f5; }
.transcript span.now { background: #2f6db3; color: #fff; }
mark.filler { background: #f9d88a; color: inherit; border-radius: 3px; }
.review { border-left: 3px solid #f2a93b; padding-left: .6rem; margin: .5rem 0; }
.review p { margin: 0; } .review .comments { list-style: none; padding: 0; margin: .2rem 0; }
.review .at { font-variant-numeric: tabular-nums; color: #8a5a00; margin-right: .3rem; } .review li { white-space: pre-wrap; }
.coverage { list-style: none; padding-left: 0; margin: .3rem 0; }
.coverage .covered::before { content: "✓ "; color: #0a7a3d; } .coverage .missed::before { content: "✗ "; color: #b3261e; }
</style>
</head>
<body>
<h1>{{.Bank}}</h1>
<p class="meta">Session {{.ID}} · {{.Started.Local.Format "2006-01-02 15:04"}} · {{.Answered}} of {{.Questions}} questions answered · {{clock .Totals.RecordedS}} recorded · {{clock .Totals.SpeakingS}} speaking{{if .Totals.MeanRating}} · mean rating {{printf "%.1f" (deref .Totals.MeanRating)}}/5{{end}}{{if .Totals.ReviewMean}} · reviewers' mean {{printf "%.1f" (deref .Totals.ReviewMean)}}/5{{end}} · {{.Status}}</p>
<p class="meta">Shaded on each waveform: pauses of half a second or more.{{if .Transcripts}} Marked in each transcript: filler words; click a word to hear the answer from there.{{end}}</p>
{{range .Answers}}
<section class="answer" id="q{{.Position}}">
<h2>{{.Position}}. {{.Question}}</h2>
<p class="where">{{.Round}} · {{.Category}} · {{.QuestionID}}</p>
{{if .TalkingPoints}}<ul class="points">{{range .TalkingPoints}}<li>{{.}}</li>{{end}}</ul>{{end}}
{{if .Skipped}}<p class="skipped">Skipped.</p>{{end}}
{{range .Takes}}{{template "take" .}}{{end}}{{if .FollowUp}}
<h3 class="followup">Follow-up: {{.FollowUp}}</h3>
{{range .FollowUpTakes}}{{template "take" .}}{{end}}{{end}}
</section>
{{end}}{{if .Reviews}}
<section class="answer" id="reviews">
<h2>Reviews</h2>
{{range .Reviews}}<div class="take"><h3>{{.Reviewer}}{{if .MeanRating}} · mean rating {{printf "%.1f" (deref .MeanRating)}}/5{{end}}{{if .Saved}} · saved {{.Saved}}{{end}}</h3>{{if .Notes}}<p class="notes">{{.Notes}}</p>{{end}}</div>
{{end}}</section>
{{end}}{{if .Transcripts}}
<script>
(function () {
  function words(take) {
    if (!take.mockroundWords) {
      take.mockroundWords = Array.prototype.slice.call(take.querySelectorAll(".transcript span[data-t]"));
    }
    return take.mockroundWords;
  }
  document.addEventListener("click", function (e) {
    var w = e.target.closest ? e.target.closest(".transcript span[data-t]") : null;
    var take = w ? w.closest(".take") : null;
    var a = take ? take.querySelector("audio") : null;
    if (!a) { return; }
    a.currentTime = parseFloat(w.getAttribute("data-t"));
    var p = a.play();
    if (p && p.catch) { p.catch(function () {}); }
  });
  document.addEventListener("timeupdate", function (e) {
    var a = e.target;
    if (!a || a.tagName !== "AUDIO") { return; }
    var take = a.closest(".take");
    if (!take) { return; }
    var ws = words(take), t = a.currentTime, lo = 0, hi = ws.length - 1, at = -1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (parseFloat(ws[mid].getAttribute("data-t")) <= t) { at = mid; lo = mid + 1; } else { hi = mid - 1; }
    }
    var old = take.querySelector(".transcript span.now");
    if (old && old !== ws[at]) { old.classList.remove("now"); }
    if (at >= 0) { ws[at].classList.add("now"); }
  }, true);
})();
</script>{{end}}
</body>
</html>
{{define "take"}}
<div class="take">
<h3>Take {{.Number}} · {{timeText .Take}}{{with gapText .Take}} · {{.}}{{end}} · {{stars .Rating}}{{if .Best}} · <span class="best">best take</span>{{end}}{{if ne .Status "done"}} · {{.Status}}{{end}}</h3>
{{.Waveform}}{{if .Transcript}}
{{if .Words}}<p class="transcript">{{range .Words}}<span data-t="{{printf "%.2f" .Start}}">{{if .Filler}}<mark class="filler">{{.W}}</mark>{{else}}{{.W}}{{end}}</span> {{end}}</p>{{else}}<p class="transcript">No words heard.</p>{{end}}{{end}}
<dl>
<div><dt>first word</dt><dd>{{secs .FirstWordS}}</dd></div>
<div><dt>speaking</dt><dd>{{secs .SpeakingS}}</dd></div>
<div><dt>longest pause</dt><dd>{{secs .LongestPauseS}}</dd></div>
<div><dt>pauses over 2 s</dt><dd>{{int .PausesOver2s}}</dd></div>
<div><dt>peak</dt><dd>{{db .PeakDBFS}}</dd></div>
<div><dt>loudness (RMS)</dt><dd>{{db .RMSDBFS}}</dd></div>{{if .WPM}}
<div><dt>pace</dt><dd>{{pace .Take}}</dd></div>
<div><dt>fillers</dt><dd>{{fillerText .Take}}</dd></div>{{if .Coverage}}
<div><dt>talking points</dt><dd>{{coverageText .Take}}</dd></div>{{end}}{{end}}
</dl>{{if .Coverage}}
<ul class="coverage">{{range .Coverage}}<li class="{{if .Covered}}covered{{else}}missed{{end}}">{{.Point}}</li>{{end}}</ul>{{end}}
{{if .Notes}}<p class="notes">Notes: {{.Notes}}</p>{{end}}
{{range .Reviews}}<div class="review"><p class="reviewer"><b>{{.Reviewer}}</b>{{if .Rating}} · {{stars .Rating}}{{end}}</p>{{if .Comments}}
<ul class="comments">{{range .Comments}}<li><span class="at">{{moment .AtS}}</span> {{.Text}}</li>{{end}}</ul>{{end}}</div>
{{end}}{{if .Src}}<audio controls preload="metadata" src="{{.Src}}"></audio>{{else}}<p>Not recorded.</p>{{end}}
</div>
{{end}}`))
