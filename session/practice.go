package session

// What counts as practice, and which rating stands for a question.

// MinPracticeS is the speaking time, in seconds, that makes a take practice:
// a take with less (a round stopped as it began, a question read and
// skipped) is kept but answers nothing, and the history ignores it. A take
// recorded without figures (or timed only, with --no-record) counts by its
// length instead.
const MinPracticeS = 3.0

// MinKeepS is the length of the shortest take that makes a session worth
// keeping, when nothing in it is rated or noted.
const MinKeepS = 1.0

// Practice reports whether the take is practice: it ended (not still
// recording, not a skipped question) with at least MinPracticeS of speech.
func (t *Take) Practice() bool {
	switch t.Status {
	case TakeDone, TakeStopped, TakeInterrupted, TakeRecovered:
	default:
		return false
	}
	if t.Analysis != nil {
		return t.Analysis.SpeakingS >= MinPracticeS
	}
	return t.LengthS >= MinPracticeS
}

// Rating is the rating that stands for the answer: its best take's when
// one is marked and rated, else its latest rated take's; false when no
// take is rated. Retakes the candidate rejected do not drag it down.
func (a *Answer) Rating() (int, bool) {
	for _, t := range a.Takes {
		if t.Best && t.Rating > 0 {
			return t.Rating, true
		}
	}
	for i := len(a.Takes) - 1; i >= 0; i-- {
		if a.Takes[i].Rating > 0 {
			return a.Takes[i].Rating, true
		}
	}
	return 0, false
}

// Practised reports whether any take of the answer is practice.
func (a *Answer) Practised() bool {
	for _, t := range a.Takes {
		if t.Practice() {
			return true
		}
	}
	return false
}

// Answered counts the questions with at least one take that is practice.
func (r *Record) Answered() int {
	n := 0
	for _, a := range r.Answers() {
		if a.Practised() {
			n++
		}
	}
	return n
}

// MeanRating is the mean over the rated questions of each one's Rating.
func (r *Record) MeanRating() (float64, bool) {
	sum, n := 0, 0
	for _, a := range r.Answers() {
		if v, ok := a.Rating(); ok {
			sum += v
			n++
		}
	}
	if n == 0 {
		return 0, false
	}
	return float64(sum) / float64(n), true
}

// Keep reports whether the session is worth keeping: a take of at least
// MinKeepS, or anything rated or noted. A round quit or interrupted before
// anything was said leaves nothing worth a place in the history.
func (r *Record) Keep() bool {
	for _, t := range r.Takes {
		if t.LengthS >= MinKeepS || t.Rating > 0 || t.Notes != "" {
			return true
		}
	}
	return false
}

// Skipped reports whether the question at position was skipped.
func (r *Record) Skipped(position int) bool {
	for _, q := range r.Plan.Questions {
		if q.Position == position && q.Skipped {
			return true
		}
	}
	for _, t := range r.Takes {
		if t.Position == position && t.Status == TakeSkipped {
			return true
		}
	}
	return false
}

// PlanQuestion returns the planned question at position, or nil.
func (r *Record) PlanQuestion(position int) *PlanQuestion {
	for i := range r.Plan.Questions {
		if r.Plan.Questions[i].Position == position {
			return &r.Plan.Questions[i]
		}
	}
	return nil
}
