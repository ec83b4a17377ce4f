package report

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
)

// CoachOptions shape the page a reviewer gets (mockround export).
type CoachOptions struct {
	// AllTakes puts every take in the page; otherwise each question's best
	// take (marked in review), else its latest.
	AllTakes bool
	// Audio returns a take's recording compressed for the page (Ogg Opus)
	// from its WAV's path.
	Audio func(wavPath string) ([]byte, error)
}

// CoachStats say what went into a coach page.
type CoachStats struct {
	Takes      int
	AudioS     float64 // length of the takes in the page
	AudioBytes int     // compressed audio, before base64
}

// WriteCoach writes the page a candidate hands to a coach: one file, with
// nothing fetched (a strict Content-Security-Policy lets in only the data:
// URIs of its own audio and its one inline script, by hash). Per take: the
// question, the audio, the waveform, the figures and the transcript where
// one exists; and the review form: a rating 1–5, comments pinned to a
// moment (a button, or the c key while it plays), general notes, the
// reviewer's name, and "Save review", which builds the review file in the
// page and downloads it. The candidate's own ratings and notes stay out.
// All text is escaped by html/template; the script adds text with
// textContent only.
func (r *Report) WriteCoach(w io.Writer, opt CoachOptions) (CoachStats, error) {
	type takeView struct {
		Take
		Number   int
		Position int
		FollowUp bool
		Src      template.URL
		Waveform template.HTML
	}
	type answerView struct {
		Answer
		Takes, FollowUpTakes []takeView
	}
	var st CoachStats
	var answers []answerView
	views := func(pos int, followUp bool, takes []Take) ([]takeView, error) {
		var out []takeView
		for _, t := range pick(takes, opt.AllTakes) {
			tv := takeView{Take: t, Number: t.Take, Position: pos, FollowUp: followUp, Waveform: waveformSVG(t)}
			if t.Path != "" && opt.Audio != nil {
				data, err := opt.Audio(t.Path)
				if err != nil {
					return nil, err
				}
				tv.Src = template.URL("data:audio/ogg;codecs=opus;base64," + base64.StdEncoding.EncodeToString(data))
				st.AudioBytes += len(data)
			}
			st.Takes++
			st.AudioS += t.LengthS
			out = append(out, tv)
		}
		return out, nil
	}
	for _, a := range r.Answers {
		av := answerView{Answer: a}
		var err error
		if av.Takes, err = views(a.Position, false, a.Takes); err != nil {
			return st, err
		}
		if av.FollowUpTakes, err = views(a.Position, true, a.FollowUpTakes); err != nil {
			return st, err
		}
		if len(av.Takes)+len(av.FollowUpTakes) > 0 {
			answers = append(answers, av)
		}
	}
	err := coachPage.Execute(w, struct {
		*Report
		Answers []answerView
		CSP     string
	}{r, answers, coachCSP})
	return st, err
}

// pick chooses the takes a reviewer hears: all, or the best marked, else
// the latest that is practice, else the latest.
func pick(takes []Take, all bool) []Take {
	if all || len(takes) <= 1 {
		return takes
	}
	for _, t := range takes {
		if t.Best {
			return []Take{t}
		}
	}
	for i := len(takes) - 1; i >= 0; i-- {
		if t := takes[i]; t.SpeakingS == nil || *t.SpeakingS >= 3 {
			return []Take{t}
		}
	}
	return takes[len(takes)-1:]
}

// coachScript runs the review form. It reads the takes from data-
// attributes, never puts text into markup (textContent only), and builds
// the review file in the page; nothing is sent anywhere.
const coachScript = `
(function () {
  "use strict";
  var body = document.body, status = document.getElementById("status"), current = null, dirty = false;
  function $(sel, el) { return (el || document).querySelector(sel); }
  function all(sel, el) { return Array.prototype.slice.call((el || document).querySelectorAll(sel)); }
  function clock(s) { s = Math.max(0, Math.floor(s)); return Math.floor(s / 60) + ":" + ("0" + (s % 60)).slice(-2); }
  function say(msg) { status.textContent = msg; }
  function take(el) { return el && el.closest ? el.closest(".take") : null; }
  function comments(t) { return all(".comments li", t); }
  function seek(t, s) {
    var a = $("audio", t);
    if (!a) { return; }
    a.currentTime = s;
    var p = a.play();
    if (p && p.catch) { p.catch(function () {}); }
  }
  function addComment(t, at, text) {
    var li = document.createElement("li"), go = document.createElement("button"), del = document.createElement("button");
    li.setAttribute("data-at", at.toFixed(3));
    go.type = "button"; go.className = "at"; go.textContent = clock(at) + " · " + text;
    go.setAttribute("aria-label", "play from " + clock(at) + ": " + text);
    go.setAttribute("data-text", text);
    del.type = "button"; del.className = "del"; del.textContent = "delete";
    del.setAttribute("aria-label", "delete the comment at " + clock(at));
    li.appendChild(go); li.appendChild(del);
    var list = $(".comments", t), after = null;
    comments(t).forEach(function (x) { if (!after && parseFloat(x.getAttribute("data-at")) > at) { after = x; } });
    list.insertBefore(li, after);
    marker(t, at);
    dirty = true;
    say("Comment added at " + clock(at) + ".");
  }
  function marker(t, at) {
    var len = parseFloat(t.getAttribute("data-length")), m = document.createElement("span");
    m.className = "mark"; m.style.left = (100 * at / len) + "%";
    m.setAttribute("data-at", at.toFixed(3));
    $(".wavebox", t).appendChild(m);
  }
  function openComment(t) {
    var a = $("audio", t), box = $(".new", t), at = a ? a.currentTime : 0;
    at = Math.min(at, parseFloat(t.getAttribute("data-length")));
    box.hidden = false;
    box.setAttribute("data-at", at.toFixed(3));
    $(".new-at", box).textContent = clock(at);
    var input = $("input", box);
    input.value = "";
    input.focus();
  }
  function closeComment(t) {
    $(".new", t).hidden = true;
    var a = $("audio", t);
    if (a) { a.focus(); }
  }
  document.addEventListener("play", function (e) {
    var t = take(e.target);
    if (!t) { return; }
    current = t;
    all("audio").forEach(function (a) { if (a !== e.target) { a.pause(); } });
  }, true);
  document.addEventListener("timeupdate", function (e) {
    var t = take(e.target);
    if (!t) { return; }
    var a = e.target, len = parseFloat(t.getAttribute("data-length"));
    $(".comment-btn .now", t).textContent = clock(a.currentTime);
    $(".playhead", t).style.left = (100 * Math.min(a.currentTime / len, 1)) + "%";
  }, true);
  document.addEventListener("click", function (e) {
    var el = e.target, t = take(el);
    if (!t) { return; }
    current = t;
    if (el.closest(".comment-btn")) { openComment(t); return; }
    if (el.classList.contains("add")) { commit(t); return; }
    if (el.classList.contains("cancel")) { closeComment(t); return; }
    if (el.classList.contains("at")) { seek(t, parseFloat(el.parentNode.getAttribute("data-at"))); return; }
    if (el.classList.contains("del")) {
      var at = el.parentNode.getAttribute("data-at");
      all(".mark", t).forEach(function (m) { if (m.getAttribute("data-at") === at) { m.remove(); } });
      el.parentNode.remove();
      dirty = true;
      say("Comment deleted.");
      return;
    }
    var wave = el.closest(".wavebox");
    if (wave) {
      var r = wave.getBoundingClientRect();
      seek(t, (e.clientX - r.left) / r.width * parseFloat(t.getAttribute("data-length")));
      return;
    }
    var w = el.closest(".transcript span[data-t]");
    if (w) { seek(t, parseFloat(w.getAttribute("data-t"))); }
  });
  function commit(t) {
    var box = $(".new", t), text = $("input", box).value.trim();
    if (text) { addComment(t, parseFloat(box.getAttribute("data-at")), text); }
    closeComment(t);
  }
  document.addEventListener("keydown", function (e) {
    var el = e.target, t = take(el);
    if (el.closest && el.closest(".new") && t) {
      if (e.key === "Enter") { e.preventDefault(); commit(t); }
      if (e.key === "Escape") { e.preventDefault(); closeComment(t); }
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName)) { return; }
    if (e.key === "c" || e.key === "C") {
      t = t || current;
      if (!t) { say("Play an answer first, then press c to comment at its moment."); return; }
      e.preventDefault();
      openComment(t);
    }
  });
  document.addEventListener("change", function () { dirty = true; });
  document.getElementById("notes").addEventListener("input", function () { dirty = true; });
  window.addEventListener("beforeunload", function (e) {
    if (dirty) { e.preventDefault(); e.returnValue = ""; }
  });
  document.getElementById("save").addEventListener("click", function () {
    var name = document.getElementById("reviewer");
    if (!name.value.trim()) { say("Enter your name first: the candidate sees it beside your comments."); name.focus(); return; }
    var takes = all(".take").map(function (t) {
      var r = $("input[type=radio]:checked", t);
      return {
        position: parseInt(t.getAttribute("data-position"), 10),
        take: parseInt(t.getAttribute("data-take"), 10),
        follow_up: t.getAttribute("data-follow-up") === "true",
        rating: r ? parseInt(r.value, 10) : 0,
        comments: comments(t).map(function (li) {
          return { at_s: parseFloat(li.getAttribute("data-at")), text: $(".at", li).getAttribute("data-text") };
        })
      };
    }).filter(function (x) { return x.rating > 0 || x.comments.length > 0; });
    var review = {
      format: 1, kind: "mockround-review", session: body.getAttribute("data-session"),
      reviewer: name.value.trim(), saved: new Date().toISOString(),
      notes: document.getElementById("notes").value.trim(), takes: takes
    };
    var file = "review-" + review.session + "-" + review.reviewer.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") + ".json";
    var a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([JSON.stringify(review, null, 2) + "\n"], { type: "application/json" }));
    a.download = file;
    body.appendChild(a);
    a.click();
    a.remove();
    dirty = false;
    say("Saved " + file + ". Send it back; it is imported with: mockround review --import " + file);
  });
})();
`

var coachCSP = "default-src 'none'; media-src data:; img-src data:; style-src 'unsafe-inline'; script-src 'sha256-" +
	func() string { h := sha256.Sum256([]byte(coachScript)); return base64.StdEncoding.EncodeToString(h[:]) }() +
	"'; form-action 'none'; base-uri 'none'"

var coachPage = template.Must(template.New("coach").Funcs(template.FuncMap{
	"clock":    clock,
	"timeText": TimeText,
	"secs":     secs,
	"int": func(v *int) string {
		if v == nil {
			return "–"
		}
		return fmt.Sprint(*v)
	},
	"fillerText":   FillerText,
	"pace":         PaceText,
	"coverageText": CoverageText,
	"len3":         func(v float64) string { return fmt.Sprintf("%.3f", v) },
	"ratings":      func() []int { return []int{1, 2, 3, 4, 5} },
}).Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{{.CSP}}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Review · {{.Bank}} · {{.Started.Local.Format "2006-01-02"}}</title>
<style>
body { font: 15px/1.45 system-ui, sans-serif; max-width: 60rem; margin: 0 auto; padding: 0 1rem 4rem; color: #1d232a; }
header { position: sticky; top: 0; background: #fff; border-bottom: 1px solid #d7dde3; padding: .8rem 0; z-index: 2; }
h1 { font-size: 1.35rem; margin: 0 0 .2rem; }
.meta, .where, .hint { color: #58616b; margin: 0; font-size: .9rem; }
.who { display: flex; gap: .6rem; align-items: center; flex-wrap: wrap; margin-top: .5rem; }
.who input { font: inherit; padding: .25rem .4rem; min-width: 14rem; }
button { font: inherit; padding: .25rem .7rem; border: 1px solid #2f6db3; background: #fff; color: #2f6db3; border-radius: 5px; cursor: pointer; }
button.primary, #save { background: #2f6db3; color: #fff; }
button:focus-visible, input:focus-visible, textarea:focus-visible, audio:focus-visible { outline: 3px solid #f2a93b; outline-offset: 2px; }
#status { min-height: 1.3em; margin: .3rem 0 0; font-size: .9rem; color: #0a7a3d; }
.answer { border-top: 1px solid #d7dde3; padding: 1rem 0 .4rem; }
.answer h2 { font-size: 1.1rem; margin: 0 0 .2rem; }
.take { margin: .7rem 0 1rem; padding: .7rem .9rem; background: #f5f7f9; border-radius: 8px; }
.take h3 { font-size: .95rem; margin: 0 0 .4rem; }
.wavebox { position: relative; cursor: pointer; }
svg.wave { width: 100%; height: 80px; background: #fff; border: 1px solid #d7dde3; border-radius: 4px; display: block; }
svg.wave .bar { fill: #2f6db3; } svg.wave .pause { fill: #f2c14e; opacity: .35; }
.playhead { position: absolute; top: 0; bottom: 0; left: 0; width: 2px; background: #b3261e; pointer-events: none; }
.mark { position: absolute; top: -6px; width: 10px; height: 10px; margin-left: -5px; border-radius: 50%; background: #f2a93b; border: 1px solid #8a5a00; pointer-events: none; }
audio { width: 100%; margin-top: .4rem; }
.controls { display: flex; gap: 1rem; align-items: center; flex-wrap: wrap; margin: .5rem 0; }
fieldset.rating { border: 0; padding: 0; margin: 0; display: flex; gap: .15rem; align-items: center; }
fieldset.rating legend { float: left; margin-right: .4rem; color: #58616b; font-size: .9rem; }
fieldset.rating label { padding: .1rem .45rem; border: 1px solid #c4ccd4; border-radius: 4px; background: #fff; cursor: pointer; }
fieldset.rating input { position: absolute; opacity: 0; }
fieldset.rating input:checked + span { font-weight: bold; color: #fff; }
fieldset.rating label:has(input:checked) { background: #2f6db3; border-color: #2f6db3; }
fieldset.rating label:has(input:focus-visible) { outline: 3px solid #f2a93b; }
.new { display: flex; gap: .4rem; align-items: center; margin: .3rem 0; }
.new[hidden] { display: none; }
.new input { flex: 1; font: inherit; padding: .25rem .4rem; }
.comments { list-style: none; padding: 0; margin: .3rem 0; }
.comments li { display: flex; gap: .4rem; margin: .2rem 0; }
.comments .at { flex: 1; text-align: left; border-color: #c4ccd4; color: #1d232a; white-space: pre-wrap; }
.comments .del { color: #b3261e; border-color: #e0b4b0; }
dl { display: grid; grid-template-columns: repeat(auto-fill, minmax(9rem, 1fr)); gap: .3rem 1rem; margin: .5rem 0; }
dt { color: #58616b; font-size: .8rem; } dd { margin: 0; font-variant-numeric: tabular-nums; }
.transcript { background: #fff; border: 1px solid #d7dde3; border-radius: 4px; padding: .4rem .6rem; margin: .5rem 0; }
.transcript span[data-t] { cursor: pointer; } .transcript span[data-t]:hover { background: #dde8f5; }
mark.filler { background: #f9d88a; color: inherit; border-radius: 3px; }
textarea { width: 100%; min-height: 7rem; font: inherit; padding: .4rem; box-sizing: border-box; }
kbd { border: 1px solid #c4ccd4; border-bottom-width: 2px; border-radius: 3px; padding: 0 .3rem; font-size: .85em; }
</style>
</head>
<body data-session="{{.ID}}">
<header>
<h1>{{.Bank}}: a practice session to review</h1>
<p class="meta">Session {{.ID}} · {{.Started.Local.Format "2006-01-02 15:04"}} · {{len .Answers}} {{if eq (len .Answers) 1}}answer{{else}}answers{{end}}</p>
<div class="who">
<label for="reviewer">Your name</label> <input id="reviewer" autocomplete="name" maxlength="80" placeholder="shown beside your comments">
<button type="button" id="save">Save review</button>
</div>
<p id="status" role="status" aria-live="polite"></p>
</header>
<p class="hint">Play an answer, rate it 1–5, and pin comments to its moments: <kbd>c</kbd> while it plays, or the “comment at” button; <kbd>Enter</kbd> adds the comment, <kbd>Esc</kbd> drops it. Click a comment, the waveform or a word to hear it from there. “Save review” downloads a small file for the candidate; nothing leaves this page otherwise.</p>
{{range .Answers}}
<section class="answer" id="q{{.Position}}">
<h2>{{.Position}}. {{.Question}}</h2>
<p class="where">{{.Round}} · {{.Category}}</p>
{{if .TalkingPoints}}<p class="where">Talking points: {{range $i, $p := .TalkingPoints}}{{if $i}}; {{end}}{{$p}}{{end}}</p>{{end}}
{{range .Takes}}{{template "take" .}}{{end}}{{if .FollowUp}}
<h3 class="followup">Follow-up: {{.FollowUp}}</h3>
{{range .FollowUpTakes}}{{template "take" .}}{{end}}{{end}}
</section>
{{end}}
<section class="answer">
<h2><label for="notes">General notes</label></h2>
<textarea id="notes" maxlength="20000" placeholder="What went well, what to practise next"></textarea>
</section>
<script>` + coachScript + `</script>
</body>
</html>
{{define "take"}}
<div class="take" data-position="{{.Position}}" data-take="{{.Number}}" data-follow-up="{{.FollowUp}}" data-length="{{len3 .LengthS}}">
<h3>{{if .FollowUp}}Follow-up, take{{else}}Take{{end}} {{.Number}} · {{timeText .Take}}</h3>
<div class="wavebox">{{.Waveform}}<span class="playhead"></span></div>
{{if .Src}}<audio controls preload="metadata" src="{{.Src}}" aria-label="answer {{.Position}}, take {{.Number}}"></audio>{{else}}<p>Not recorded.</p>{{end}}
<div class="controls">
<fieldset class="rating"><legend>Rating</legend>{{$id := printf "r%d-%d-%t" .Position .Number .FollowUp}}{{range ratings}}<label><input type="radio" name="{{$id}}" value="{{.}}" aria-label="{{.}} of 5"><span>{{.}}</span></label>{{end}}</fieldset>
<button type="button" class="comment-btn">comment at <span class="now">0:00</span></button>
</div>
<div class="new" hidden><span>at <b class="new-at">0:00</b></span><input type="text" maxlength="2000" aria-label="comment"><button type="button" class="add primary">add</button><button type="button" class="cancel">cancel</button></div>
<ul class="comments" aria-label="comments"></ul>{{if .Transcript}}
{{if .Words}}<p class="transcript">{{range .Words}}<span data-t="{{printf "%.2f" .Start}}">{{if .Filler}}<mark class="filler">{{.W}}</mark>{{else}}{{.W}}{{end}}</span> {{end}}</p>{{else}}<p class="transcript">No words heard.</p>{{end}}{{end}}
<dl>
<div><dt>first word</dt><dd>{{secs .FirstWordS}}</dd></div>
<div><dt>speaking</dt><dd>{{secs .SpeakingS}}</dd></div>
<div><dt>longest pause</dt><dd>{{secs .LongestPauseS}}</dd></div>
<div><dt>pauses over 2 s</dt><dd>{{int .PausesOver2s}}</dd></div>{{if .WPM}}
<div><dt>pace</dt><dd>{{pace .Take}}</dd></div>
<div><dt>fillers</dt><dd>{{fillerText .Take}}</dd></div>{{if .Coverage}}
<div><dt>talking points</dt><dd>{{coverageText .Take}}</dd></div>{{end}}{{end}}
</dl>
</div>
{{end}}`))
