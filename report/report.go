// Package report turns a session into what a candidate reads to improve:
// a terminal summary, JSON for scripts, and a self-contained HTML page.
package report

import (
	"math"
	"sort"
	"time"

	"github.com/mockround/mockround/audio"
	"github.com/mockround/mockround/session"
)

// Report is the view of one session that every format renders.
type Report struct {
	ID        string             `json:"id"`
	Dir       string             `json:"dir"`
	Started   time.Time          `json:"started"`
	Status    string             `json:"status"`
	Bank      string             `json:"bank"`
	Seed      uint64             `json:"seed"`
	Rounds    []string           `json:"rounds"`
	Questions int                `json:"questions"`
	Answered  int                `json:"answered"`
	Totals    Totals             `json:"totals"`
	Answers   []Answer           `json:"answers"`
	Notes     []string           `json:"preparation_notes,omitempty"`
	Generated time.Time          `json:"-"`
	Device    *session.DeviceRef `json:"device,omitempty"`
	// Reviews are reviewers' reviews (review --import), by reviewer name.
	Reviews []Review `json:"reviews,omitempty"`
}

// Totals sum a session's takes.
type Totals struct {
	RecordedS  float64  `json:"recorded_s"`
	SpeakingS  float64  `json:"speaking_s"`
	MeanRating *float64 `json:"mean_rating"`
	// ReviewMean is the mean of every reviewer's ratings; left out when
	// nobody reviewed the session.
	ReviewMean *float64 `json:"review_mean_rating,omitempty"`
}

// Answer is one question with all its takes.
type Answer struct {
	Position      int      `json:"position"`
	QuestionID    string   `json:"question_id"`
	Question      string   `json:"question"`
	Round         string   `json:"round"`
	Category      string   `json:"category"`
	TalkingPoints []string `json:"talking_points,omitempty"`
	Skipped       bool     `json:"skipped,omitempty"` // skipped: no take, or takes stopped by the skip
	Takes         []Take   `json:"takes"`
	// FollowUp is the follow-up asked after the answer, and FollowUpTakes
	// its takes (none when no follow-up was asked).
	FollowUp      string `json:"follow_up,omitempty"`
	FollowUpTakes []Take `json:"follow_up_takes,omitempty"`
}

// Take is one attempt with its figures. Times are in seconds.
type Take struct {
	Take           int             `json:"take"`
	Status         string          `json:"status"`
	File           string          `json:"file,omitempty"`
	Path           string          `json:"path,omitempty"`
	LengthS        float64         `json:"length_s"`
	FirstWordS     *float64        `json:"first_word_s"`
	SpeakingS      *float64        `json:"speaking_s"`
	LongestPauseS  *float64        `json:"longest_pause_s"`
	PausesOver2s   *int            `json:"pauses_over_2s"`
	PeakDBFS       *float64        `json:"peak_dbfs"`
	RMSDBFS        *float64        `json:"rms_dbfs"`
	ClippedSamples *int64          `json:"clipped_samples"`
	LimitS         *float64        `json:"limit_s"`               // the answer time it had (null: not known)
	OverS          *float64        `json:"over_s"`                // length minus the limit: negative when under
	MinS           *float64        `json:"min_s,omitempty"`       // the round's minimum answer, when it sets one
	UnderMin       *bool           `json:"under_min,omitempty"`   // shorter than that minimum
	SuspendedS     float64         `json:"suspended_s,omitempty"` // how long the process did not run while it recorded (a suspend)
	GapS           float64         `json:"gap_s,omitempty"`       // how much audio it lacks, for that or any other reason
	Rating         int             `json:"rating,omitempty"`
	Notes          string          `json:"notes,omitempty"`
	Best           bool            `json:"best,omitempty"`
	Reviews        []TakeReview    `json:"reviews,omitempty"` // reviewers' ratings and comments
	Analysis       *audio.Analysis `json:"-"`
	// The transcript and its figures, all left out when the take has no
	// transcript; Transcript and Words also when its file cannot be read.
	Transcript    *string        `json:"transcript,omitempty"`
	Words         []Word         `json:"words,omitempty"`
	WPM           *float64       `json:"wpm,omitempty"`
	Fillers       map[string]int `json:"fillers,omitzero"` // by kind
	FillersPer100 *float64       `json:"fillers_per_100_words,omitempty"`
	Coverage      []Coverage     `json:"coverage,omitempty"`
	Engine        string         `json:"engine,omitempty"`
	wordCount     int
	fillerCount   int
}

// New builds the report of a session. bankPoints looks up a question's
// talking points in the bank (nil: none).
func New(l session.Listed, bankPoints func(questionID string) []string) *Report {
	r := l.Record
	rep := &Report{
		ID: r.ID, Dir: l.Dir, Started: r.Started, Status: r.Status, Bank: r.Bank.Title, Seed: r.Plan.Seed,
		Rounds: r.Plan.Rounds, Questions: len(r.Plan.Questions), Answered: r.Answered(), Device: r.Device,
		Generated: time.Now(),
	}
	answers := map[int]session.Answer{}
	for _, a := range r.Answers() {
		answers[a.Position] = a
	}
	for _, pos := range positions(r) {
		a, answered := answers[pos]
		if !answered && !r.Skipped(pos) {
			continue // not reached
		}
		ans := answerOf(r, pos, a)
		if bankPoints != nil && len(ans.TalkingPoints) == 0 {
			ans.TalkingPoints = bankPoints(ans.QuestionID)
		}
		for _, t := range a.Takes {
			tk := rep.take(l.Dir, t)
			tk.Reviews = takeReviews(r, t)
			ans.Takes = append(ans.Takes, tk)
		}
		for _, t := range a.FollowUps {
			ans.FollowUp = t.FollowUp
			tk := rep.take(l.Dir, t)
			tk.Reviews = takeReviews(r, t)
			ans.FollowUpTakes = append(ans.FollowUpTakes, tk)
		}
		rep.Answers = append(rep.Answers, ans)
	}
	rep.Totals.RecordedS = round3(r.TotalLength().Seconds())
	rep.Totals.SpeakingS = round3(rep.Totals.SpeakingS)
	if m, ok := r.MeanRating(); ok {
		rep.Totals.MeanRating = &m
	}
	rep.reviews(r)
	return rep
}

// take is the view of one take, its speaking time added to the totals.
func (rep *Report) take(dir string, t *session.Take) Take {
	tk := Take{Take: t.Take, Status: t.Status, File: t.File, LengthS: round3(t.LengthS),
		Rating: t.Rating, Notes: t.Notes, Best: t.Best, Analysis: t.Analysis,
		SuspendedS: round3(t.SuspendedS), GapS: round3(t.GapS)}
	if path, ok := t.WAVPath(dir); ok {
		tk.Path = path
	}
	tk.timing(t)
	tk.addTranscript(dir, t)
	if an := t.Analysis; an != nil {
		tk.FirstWordS = an.FirstWordS
		tk.SpeakingS, tk.LongestPauseS = &an.SpeakingS, &an.LongestPauseS
		tk.PausesOver2s = &an.PausesOver2s
		tk.PeakDBFS, tk.RMSDBFS, tk.ClippedSamples = &an.PeakDBFS, &an.RMSDBFS, &an.ClippedSamples
		rep.Totals.SpeakingS += an.SpeakingS
	}
	return tk
}

// timing fills the take's limit, how far over or under it, and whether it
// fell short of the round's minimum.
func (tk *Take) timing(t *session.Take) {
	if t.Limits.AnswerS <= 0 {
		return
	}
	limit, over := round3(t.Limits.AnswerS), round3(t.LengthS-t.Limits.AnswerS)
	tk.LimitS, tk.OverS = &limit, &over
	if t.Limits.MinS > 0 {
		least, under := round3(t.Limits.MinS), t.LengthS < t.Limits.MinS
		tk.MinS, tk.UnderMin = &least, &under
	}
}

// positions are the plan's question positions in order, and any position
// a take has that the plan lacks (a hand-edited file).
func positions(r *session.Record) []int {
	seen := map[int]bool{}
	var out []int
	for _, q := range r.Plan.Questions {
		if !seen[q.Position] {
			seen[q.Position] = true
			out = append(out, q.Position)
		}
	}
	for _, t := range r.Takes {
		if !seen[t.Position] {
			seen[t.Position] = true
			out = append(out, t.Position)
		}
	}
	sort.Ints(out)
	return out
}

// answerOf describes the question at pos from what the session kept of it:
// the plan's copy of the bank (sessions from now on), else its first take.
func answerOf(r *session.Record, pos int, a session.Answer) Answer {
	ans := Answer{Position: pos, Skipped: r.Skipped(pos), Takes: []Take{}}
	if q := r.PlanQuestion(pos); q != nil {
		ans.QuestionID, ans.Question, ans.Round, ans.Category = q.QuestionID, q.Text, q.RoundTitle, q.CategoryTitle
		ans.TalkingPoints = q.TalkingPoints
	}
	var first *session.Take
	if len(a.Takes) > 0 {
		first = a.Takes[0]
	} else {
		for i := range r.Takes {
			if r.Takes[i].Position == pos {
				first = &r.Takes[i]
				break
			}
		}
	}
	if first != nil {
		if ans.QuestionID == "" {
			ans.QuestionID = first.QuestionID
		}
		if ans.Question == "" {
			ans.Question = first.Question
		}
		if ans.Round == "" {
			ans.Round = first.RoundTitle
		}
		if ans.Category == "" {
			ans.Category = first.CategoryTitle
		}
	}
	return ans
}

func round3(v float64) float64 { return math.Round(v*1000) / 1000 }
