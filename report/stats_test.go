package report

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mockround/mockround/audio"
	"github.com/mockround/mockround/bank"
	"github.com/mockround/mockround/session"
	"github.com/mockround/mockround/transcribe"
)

// The stats fixture: a small bank ("Fixture"), three readable sessions of
// it, three of two other banks and one unreadable session, with every figure
// chosen so that each rule of NewStats shows in the result. The expected
// values in the tests below are worked out by hand from it.
//
// Bank "Fixture": round tech "Technical" (categories beta "Beta": t-cache,
// t-queue; alpha "Alpha": t-index, t-graph) and round behav "Behavioral"
// (zulu "Zulu": b-conflict, b-failure, b-mentor, b-listen). x-retired is in
// the sessions only (round tech, category "Gamma"); o-only is asked by
// another bank only.
//
// A take is practice when it ended (done, stopped, interrupted, recovered)
// with at least 3 s of speech, or, without figures, at least 3 s long. An
// answer (a question's takes in one session) counts when one of its takes
// is practice; its figures are its chosen take's (the best, else the last
// with a recording), its rating the best take's when that is rated, else
// the latest rated take's. Every take has a recording and is 60 s long
// unless marked otherwise.
//
//	s1 "Fixture" 2026-01-10 09:00
//	  1 t-cache    take 1 done         09:01 rated 2  speaking 10     first word 1
//	  1 t-cache    take 2 done, best   09:03 rated 0  speaking 21     first word 3
//	  2 t-index    done                09:05 rated 4  speaking 30     no first word
//	  3 b-conflict skipped, no file    09:07 rated 5  speaking 99     first word 9  (no answer)
//	  4 b-listen   stopped             09:08 rated 1  speaking 2.999  first word 0.5 (too little speech)
//	o1 "Other" 2026-01-11 10:00
//	  1 t-cache    done                10:01 rated 1  speaking 70     first word 5
//	(2026-01-11 16:00: an unreadable session)
//	s2 "Fixture" 2026-01-12 12:00
//	  1 b-conflict done                12:01 rated 1  speaking 40     first word 2
//	  2 t-cache    done                12:02 rated 5  no figures, 3.0 s long, no file
//	  3 x-retired  take 1 done, best   12:03 rated 3  speaking 3.0    first word 0.5
//	  3 x-retired  take 2 stopped     12:03:30 rated 0 speaking 0.4    no first word (given up)
//	  4 b-mentor   take 1 done, best   12:04 rated 5  speaking 60     first word 1
//	  4 b-mentor   take 2 done         12:06 rated 2  speaking 45     first word 0.8 (rejected)
//	  5 t-index    done                12:08 rated 1  no figures, 2.5 s long, no file (too short)
//	o2 "Another" 2026-01-13 10:00
//	  1 o-only     done                10:01 rated 3  speaking 12     first word 1
//	s3 "Fixture" 2026-01-14 14:00
//	  1 b-failure  interrupted         14:01 rated 1  speaking 50     first word 4
//	  2 b-mentor   recording           14:02 rated 1  speaking 99     first word 9  (not ended)
//	  3 t-queue    interrupted         14:03 rated 0  speaking 0      no first word (no speech)
//	  4 t-index    take 1 done         14:05 rated 2  speaking 20     first word 2
//	  4 t-index    take 2 recovered    14:08 rated 5  speaking 25     first word 1.5
//	  4 t-index    take 3 stopped      14:12 rated 0  speaking 8      first word 1, no file
//	o3 "Other" 2026-01-15 10:00
//	  1 t-graph    done                10:01 rated 5  speaking 33     first word 2
//
// So, in the bank "Fixture", per answer (chosen take; rating):
//
//	s1 t-cache    2 practice takes; take 2 (best): 21, 3; rating 2 (best unrated: take 1's)
//	s1 t-index    1; 30, –; 4
//	s2 b-conflict 1; 40, 2; 1
//	s2 t-cache    1; –, –; 5                 (3.0 s long counts)
//	s2 x-retired  1 (take 2 is too short); take 1 (best): 3.0, 0.5; 3 (3.0 s of speech counts)
//	s2 b-mentor   2; take 1 (best): 60, 1; 5 (not the retake's 2)
//	s3 b-failure  1; 50, 4; 1
//	s3 t-index    3; take 2 (take 3 has no recording): 25, 1.5; 5 (the latest rated)
//
// and no answer: b-conflict in s1, b-listen, t-index in s2, b-mentor in s3,
// t-queue; x-retired's take 2 is no practice (nor its last practice).
var (
	fixtureQuestions = map[string][4]string{ // id: round, round title, category title, text in the session
		"t-cache":    {"tech", "Technical", "Beta", "Design a cache (as once worded)"},
		"t-queue":    {"tech", "Technical", "Beta", "Design a queue"},
		"t-index":    {"tech", "Technical", "Alpha", "Design an index"},
		"t-graph":    {"tech", "Technical", "Alpha", "Design a graph store"},
		"x-retired":  {"tech", "Technical", "Gamma", "A retired question"},
		"b-conflict": {"behav", "Behavioral", "Zulu", "A conflict"},
		"b-failure":  {"behav", "Behavioral", "Zulu", "A failure"},
		"b-mentor":   {"behav", "Behavioral", "Zulu", "Mentoring"},
		"b-listen":   {"behav", "Behavioral", "Zulu", "Listening"},
		"o-only":     {"other", "Other round", "Omega", "Only elsewhere"},
	}
	day1 = time.Date(2026, 1, 10, 9, 0, 0, 0, time.UTC)
	day2 = time.Date(2026, 1, 12, 12, 0, 0, 0, time.UTC)
	day3 = time.Date(2026, 1, 14, 14, 0, 0, 0, time.UTC)
	// statsNow is when the tests read the schedule: the moment t-cache
	// comes due (see TestNewStatsDue).
	statsNow = time.Date(2026, 1, 16, 12, 2, 0, 0, time.UTC)
)

func fixtureBank() *bank.Bank {
	q := func(id, text string) bank.Question { return bank.Question{ID: id, Text: text} }
	return &bank.Bank{Title: "Fixture", Rounds: []bank.Round{
		{ID: "tech", Title: "Technical", Categories: []bank.Category{
			{ID: "beta", Title: "Beta", Questions: []bank.Question{q("t-cache", "Design a cache"), q("t-queue", "Design a queue")}},
			{ID: "alpha", Title: "Alpha", Questions: []bank.Question{q("t-index", "Design an index"), q("t-graph", "Design a graph store")}},
		}},
		{ID: "behav", Title: "Behavioral", Categories: []bank.Category{
			{ID: "zulu", Title: "Zulu", Questions: []bank.Question{q("b-conflict", "A conflict"), q("b-failure", "A failure"),
				q("b-mentor", "Mentoring"), q("b-listen", "Listening")}},
		}},
	}}
}

// fig is a take's analysis: speaking time and, unless negative, the time
// to the first word.
func fig(speaking, first float64) *audio.Analysis {
	a := &audio.Analysis{Version: audio.AnalysisVersion, LengthS: 60, SpeakingS: speaking}
	if first >= 0 {
		a.FirstWordS = &first
	}
	return a
}

const noSpeech = -1

// take is take n of question qid at position pos: 60 s long, with a
// recording, unless opts change it.
func take(pos int, qid string, n int, status string, rating int, at time.Time, an *audio.Analysis, opts ...func(*session.Take)) session.Take {
	q := fixtureQuestions[qid]
	t := session.Take{Position: pos, Take: n, QuestionID: qid, Question: q[3], Round: q[0], RoundTitle: q[1],
		Category: strings.ToLower(q[2]), CategoryTitle: q[2], Status: status, Rating: rating, Started: at,
		LengthS: 60, File: session.WAVName(pos, qid, n), Analysis: an}
	for _, o := range opts {
		o(&t)
	}
	return t
}

func best(t *session.Take)   { t.Best = true }
func noFile(t *session.Take) { t.File = "" }
func long(s float64) func(*session.Take) {
	return func(t *session.Take) { t.LengthS, t.File = s, "" }
}

func listed(bankTitle, id string, started time.Time, takes ...session.Take) session.Listed {
	return session.Listed{ID: id, Dir: "/data/sessions/" + id,
		Record: &session.Record{Format: 1, ID: id, Status: session.SessionComplete, Started: started,
			Bank: session.BankRef{Title: bankTitle}, Takes: takes}}
}

// fixtureSessions lists the sessions newest first, as session.Store.List does.
func fixtureSessions() []session.Listed {
	m := func(d time.Time, min int) time.Time { return d.Add(time.Duration(min) * time.Minute) }
	const done, stopped, interrupted = session.TakeDone, session.TakeStopped, session.TakeInterrupted
	s1 := listed("Fixture", "20260110T090000Z-000001", day1,
		take(1, "t-cache", 1, done, 2, m(day1, 1), fig(10, 1)),
		take(1, "t-cache", 2, done, 0, m(day1, 3), fig(21, 3), best),
		take(2, "t-index", 1, done, 4, m(day1, 5), fig(30, noSpeech)),
		take(3, "b-conflict", 1, session.TakeSkipped, 5, m(day1, 7), fig(99, 9), noFile),
		take(4, "b-listen", 1, stopped, 1, m(day1, 8), fig(2.999, 0.5)),
	)
	s2 := listed("Fixture", "20260112T120000Z-000002", day2,
		take(1, "b-conflict", 1, done, 1, m(day2, 1), fig(40, 2)),
		take(2, "t-cache", 1, done, 5, m(day2, 2), nil, long(3.0)),
		take(3, "x-retired", 1, done, 3, m(day2, 3), fig(3.0, 0.5), best),
		take(3, "x-retired", 2, stopped, 0, m(day2, 3).Add(30*time.Second), fig(0.4, noSpeech)),
		take(4, "b-mentor", 1, done, 5, m(day2, 4), fig(60, 1), best),
		take(4, "b-mentor", 2, done, 2, m(day2, 6), fig(45, 0.8)),
		take(5, "t-index", 1, done, 1, m(day2, 8), nil, long(2.5)),
	)
	s3 := listed("Fixture", "20260114T140000Z-000003", day3,
		take(1, "b-failure", 1, interrupted, 1, m(day3, 1), fig(50, 4)),
		take(2, "b-mentor", 1, session.TakeRecording, 1, m(day3, 2), fig(99, 9)),
		take(3, "t-queue", 1, interrupted, 0, m(day3, 3), fig(0, noSpeech)),
		take(4, "t-index", 1, done, 2, m(day3, 5), fig(20, 2)),
		take(4, "t-index", 2, session.TakeRecovered, 5, m(day3, 8), fig(25, 1.5)),
		take(4, "t-index", 3, stopped, 0, m(day3, 12), fig(8, 1), noFile),
	)
	o1d := time.Date(2026, 1, 11, 10, 0, 0, 0, time.UTC)
	o2d := time.Date(2026, 1, 13, 10, 0, 0, 0, time.UTC)
	o3d := time.Date(2026, 1, 15, 10, 0, 0, 0, time.UTC)
	o1 := listed("Other", "20260111T100000Z-000011", o1d, take(1, "t-cache", 1, done, 1, m(o1d, 1), fig(70, 5)))
	o2 := listed("Another", "20260113T100000Z-000012", o2d, take(1, "o-only", 1, done, 3, m(o2d, 1), fig(12, 1)))
	o3 := listed("Other", "20260115T100000Z-000013", o3d, take(1, "t-graph", 1, done, 5, m(o3d, 1), fig(33, 2)))
	return []session.Listed{o3, s3, o2, s2, unreadable(), o1, s1}
}

func unreadable() session.Listed {
	return session.Listed{ID: "20260111T160000Z-000004", Dir: "/data/sessions/20260111T160000Z-000004",
		Err: errors.New("session.json: line 1, column 2: bad")}
}

// fixtureStats is the stats of the bank "Fixture", with its questions.
func fixtureStats() *Stats {
	return NewStats(fixtureSessions(), "Fixture", fixtureBank(), statsNow)
}

// f renders an optional figure as the tests compare it.
func f(v *float64) string {
	if v == nil {
		return "nil"
	}
	return fmt.Sprint(*v)
}

func TestNewStatsCounts(t *testing.T) {
	st := fixtureStats()
	// Sessions: s1, s2, s3 (the other banks' and the unreadable one are not
	// counted). Answers: s1 t-cache, t-index; s2 b-conflict, t-cache,
	// x-retired, b-mentor; s3 b-failure, t-index: 2 + 4 + 2 = 8. Practice
	// takes: s1 2 + 1; s2 1 + 1 + 1 (not x-retired's take 2) + 2; s3 1 + 3:
	// 3 + 5 + 4 = 12.
	got := fmt.Sprintf("bank %q others %q sessions %d answers %d takes %d",
		st.Bank, st.OtherBanks, st.Sessions, st.Answers, st.Takes)
	if want := `bank "Fixture" others ["Another" "Other"] sessions 3 answers 8 takes 12`; got != want {
		t.Errorf("%s\nwant %s", got, want)
	}
}

func TestNewStatsGroups(t *testing.T) {
	st := fixtureStats()
	// Sorted by round title, then category title; each answer once, with
	// its chosen take's figures and the rating that stands for it:
	//  Behavioral/Zulu: b-conflict s2, b-mentor s2, b-failure s3: 3 answers;
	//    speaking (40+60+50)/3 = 50; first word (2+1+4)/3 = 2.333;
	//    rating (1+5+1)/3 = 2.333 (b-mentor's rejected retake is neither
	//    its figures nor its rating; the recording and skipped takes are none)
	//  Technical/Alpha: t-index s1, s3: 2 answers (s2 too short); speaking
	//    (30+25)/2 = 27.5 (s3: take 2, the last with a recording); first word
	//    1.5/1 = 1.5 (s1 had none); rating (4+5)/2 = 4.5 (s3: the latest rated)
	//  Technical/Beta: t-cache s1, s2: 2 answers (t-queue had no speech);
	//    speaking 21/1 = 21 (s1: the best take; s2 no figures); first word
	//    3/1 = 3; rating (2+5)/2 = 3.5 (s1: the best take is unrated, take
	//    1's 2 stands). o1's t-cache is another bank's.
	//  Technical/Gamma: x-retired: 1 answer; 3; 0.5; 3
	want := []string{
		"Behavioral/Zulu answers 3 speaking 50 first 2.333 rating 2.333",
		"Technical/Alpha answers 2 speaking 27.5 first 1.5 rating 4.5",
		"Technical/Beta answers 2 speaking 21 first 3 rating 3.5",
		"Technical/Gamma answers 1 speaking 3 first 0.5 rating 3",
	}
	if got := groupLines(st.Groups); got != strings.Join(want, "\n") {
		t.Errorf("groups:\n%s\nwant:\n%s", got, strings.Join(want, "\n"))
	}
}

func groupLines(gs []Group) string {
	var got []string
	for _, g := range gs {
		got = append(got, fmt.Sprintf("%s/%s answers %d speaking %s first %s rating %s",
			g.Round, g.Category, g.Answers, f(g.MeanSpeakingS), f(g.MeanFirstWordS), f(g.MeanRating)))
	}
	return strings.Join(got, "\n")
}

func TestNewStatsTrend(t *testing.T) {
	st := fixtureStats()
	// Oldest first, the sessions of "Fixture" only:
	//  s1: 2 answers; speaking (21+30)/2 = 25.5; rating (2+4)/2 = 3
	//  s2: 4 answers; speaking (40+3+60)/3 = 34.333 (t-cache has no
	//      figures); rating (1+5+3+5)/4 = 3.5
	//  s3: 2 answers; speaking (50+25)/2 = 37.5; rating (1+5)/2 = 3
	want := []string{
		"20260110T090000Z-000001 2026-01-10T09:00:00Z answers 2 speaking 25.5 rating 3",
		"20260112T120000Z-000002 2026-01-12T12:00:00Z answers 4 speaking 34.333 rating 3.5",
		"20260114T140000Z-000003 2026-01-14T14:00:00Z answers 2 speaking 37.5 rating 3",
	}
	var got []string
	for _, p := range st.Trend {
		got = append(got, fmt.Sprintf("%s %s answers %d speaking %s rating %s",
			p.ID, p.Started.Format(time.RFC3339), p.Answers, f(p.MeanSpeakingS), f(p.MeanRating)))
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("trend:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func questionLines(qs []QuestionStat) string {
	var lines []string
	for _, q := range qs {
		last := "never"
		if q.LastPractised != nil {
			last = q.LastPractised.Format(time.RFC3339)
		}
		lines = append(lines, fmt.Sprintf("%s (%s, %s) takes %d rating %s last %s", q.QuestionID, q.Round, q.Question, q.Takes, f(q.MeanRating), last))
	}
	return strings.Join(lines, "\n")
}

// Per question of "Fixture" (practice takes; the answers' ratings; the
// last practice take):
//
//	b-conflict  1 (s2)                  1              2026-01-12 12:01
//	b-failure   1 (s3)                  1              2026-01-14 14:01
//	b-listen    0                       –              never
//	b-mentor    2 (s2; s3 recording)    5              2026-01-12 12:06 (the retake)
//	t-cache     2 + 1                   (2+5)/2 = 3.5  2026-01-12 12:02
//	t-graph     0 (o3 is another bank)  –              never
//	t-index     1 + 3 (not s2)          (4+5)/2 = 4.5  2026-01-14 14:12 (take 3)
//	t-queue     0                       –              never
//	x-retired   1 (s2; not take 2)      3              2026-01-12 12:03 (not a bank question)

func TestNewStatsWeakest(t *testing.T) {
	st := fixtureStats()
	// The bank's rated questions by mean rating, lowest first, at most five;
	// equal means keep id order: b-conflict 1 (its skipped take rated 5 is
	// no answer), b-failure 1, t-cache 3.5, t-index 4.5, b-mentor 5.
	// x-retired (3) was practised but is not in the bank: not listed.
	want := strings.Join([]string{
		"b-conflict (behav, A conflict) takes 1 rating 1 last 2026-01-12T12:01:00Z",
		"b-failure (behav, A failure) takes 1 rating 1 last 2026-01-14T14:01:00Z",
		"t-cache (tech, Design a cache) takes 3 rating 3.5 last 2026-01-12T12:02:00Z",
		"t-index (tech, Design an index) takes 4 rating 4.5 last 2026-01-14T14:12:00Z",
		"b-mentor (behav, Mentoring) takes 2 rating 5 last 2026-01-12T12:06:00Z",
	}, "\n")
	if got := questionLines(st.Weakest); got != want {
		t.Errorf("weakest:\n%s\nwant:\n%s", got, want)
	}
}

func TestNewStatsLeastPractised(t *testing.T) {
	st := fixtureStats()
	// Fewest practice takes first, then least recently practised: never
	// practised first of all, in id order: b-listen (2.999 s of speech),
	// t-graph (practised in another bank only), t-queue (no speech). Then
	// the one-take questions by their last take: b-conflict (s2 12:01),
	// b-failure (s3 14:01); b-mentor (2), t-cache (3), t-index (4) are cut.
	want := strings.Join([]string{
		"b-listen (behav, Listening) takes 0 rating nil last never",
		"t-graph (tech, Design a graph store) takes 0 rating nil last never",
		"t-queue (tech, Design a queue) takes 0 rating nil last never",
		"b-conflict (behav, A conflict) takes 1 rating 1 last 2026-01-12T12:01:00Z",
		"b-failure (behav, A failure) takes 1 rating 1 last 2026-01-14T14:01:00Z",
	}, "\n")
	if got := questionLines(st.LeastPractised); got != want {
		t.Errorf("least practised:\n%s\nwant:\n%s", got, want)
	}
}

func dueLines(ds []DueStat) string {
	var lines []string
	for _, d := range ds {
		at := "now"
		if d.DueAt != nil {
			at = d.DueAt.Format(time.RFC3339)
		}
		lines = append(lines, fmt.Sprintf("%s (%s) due %s interval %v", d.QuestionID, d.Question, at, d.IntervalD))
	}
	return strings.Join(lines, "\n")
}

func nextDue(st *Stats) string {
	if st.NextDue == nil {
		return "none"
	}
	return st.NextDue.Format(time.RFC3339)
}

// TestNewStatsDue reads the schedule at three moments. From the answers'
// ratings, oldest first (session/due.go: 1 or 2 -> 1 day; 3 -> 2 days; 4 ->
// twice the interval, at least 3 days; 5 -> three times, at least 4 days),
// due at the last practice take plus the interval:
//
//	b-conflict  1              1 day              2026-01-13 12:01
//	b-failure   1              1 day              2026-01-15 14:01
//	t-cache     2, 5           1, max(4, 3) = 4   2026-01-16 12:02
//	b-mentor    5              4 days             2026-01-16 12:06
//	t-index     4, 5           3, max(4, 9) = 9   2026-01-23 14:12
//	b-listen, t-graph, t-queue: never practised, due now
func TestNewStatsDue(t *testing.T) {
	all := []string{
		"b-listen (Listening) due now interval 0",
		"t-graph (Design a graph store) due now interval 0",
		"t-queue (Design a queue) due now interval 0",
		"b-conflict (A conflict) due 2026-01-13T12:01:00Z interval 1",
		"b-failure (A failure) due 2026-01-15T14:01:00Z interval 1",
		"t-cache (Design a cache) due 2026-01-16T12:02:00Z interval 4",
		"b-mentor (Mentoring) due 2026-01-16T12:06:00Z interval 4",
		"t-index (Design an index) due 2026-01-23T14:12:00Z interval 9",
	}
	for _, tc := range []struct {
		now  time.Time
		due  int
		next string
	}{
		// A second before t-cache comes due: the three never practised,
		// b-conflict, b-failure.
		{statsNow.Add(-time.Second), 5, "2026-01-16T12:02:00Z"},
		// At 12:02 t-cache is due (due at its time, not after it); b-mentor
		// is next, at 12:06 (its retake's start, rated or not).
		{statsNow, 6, "2026-01-16T12:06:00Z"},
		// When t-index comes due, every question is: no next.
		{time.Date(2026, 1, 23, 14, 12, 0, 0, time.UTC), 8, "none"},
	} {
		st := NewStats(fixtureSessions(), "Fixture", fixtureBank(), tc.now)
		want := strings.Join(all[:tc.due], "\n")
		if st.DueNow != tc.due || nextDue(st) != tc.next || dueLines(st.Due) != want {
			t.Errorf("at %s: due now %d, next %s, due:\n%s\nwant %d, %s:\n%s",
				tc.now.Format(time.RFC3339), st.DueNow, nextDue(st), dueLines(st.Due), tc.due, tc.next, want)
		}
	}
}

func TestNewStatsWithoutBank(t *testing.T) {
	st := NewStats(fixtureSessions(), "Fixture", nil, statsNow)
	// The questions are those practised in the bank's sessions: x-retired
	// is in, while b-listen, t-graph and t-queue (never practised there) and
	// o-only (another bank's) are out. t-cache keeps the text it was first
	// asked with.
	//  Least practised: the one-take questions by their last take:
	//    b-conflict (s2 12:01), x-retired (s2 12:03), b-failure (s3 14:01);
	//    then b-mentor (2 takes), t-cache (3); t-index (4) is cut.
	//  Weakest: b-conflict 1, b-failure 1, x-retired 3, t-cache 3.5,
	//    t-index 4.5; b-mentor 5 is cut.
	//  Due: x-retired, rated 3, 2 days after 2026-01-12 12:03; with
	//    b-conflict, b-failure and t-cache: 4 due; next b-mentor.
	wantLeast := strings.Join([]string{
		"b-conflict (behav, A conflict) takes 1 rating 1 last 2026-01-12T12:01:00Z",
		"x-retired (tech, A retired question) takes 1 rating 3 last 2026-01-12T12:03:00Z",
		"b-failure (behav, A failure) takes 1 rating 1 last 2026-01-14T14:01:00Z",
		"b-mentor (behav, Mentoring) takes 2 rating 5 last 2026-01-12T12:06:00Z",
		"t-cache (tech, Design a cache (as once worded)) takes 3 rating 3.5 last 2026-01-12T12:02:00Z",
	}, "\n")
	if got := questionLines(st.LeastPractised); got != wantLeast {
		t.Errorf("least practised without a bank:\n%s\nwant:\n%s", got, wantLeast)
	}
	wantWeak := strings.Join([]string{
		"b-conflict (behav, A conflict) takes 1 rating 1 last 2026-01-12T12:01:00Z",
		"b-failure (behav, A failure) takes 1 rating 1 last 2026-01-14T14:01:00Z",
		"x-retired (tech, A retired question) takes 1 rating 3 last 2026-01-12T12:03:00Z",
		"t-cache (tech, Design a cache (as once worded)) takes 3 rating 3.5 last 2026-01-12T12:02:00Z",
		"t-index (tech, Design an index) takes 4 rating 4.5 last 2026-01-14T14:12:00Z",
	}, "\n")
	if got := questionLines(st.Weakest); got != wantWeak {
		t.Errorf("weakest without a bank:\n%s\nwant:\n%s", got, wantWeak)
	}
	wantDue := strings.Join([]string{
		"b-conflict (A conflict) due 2026-01-13T12:01:00Z interval 1",
		"x-retired (A retired question) due 2026-01-14T12:03:00Z interval 2",
		"b-failure (A failure) due 2026-01-15T14:01:00Z interval 1",
		"t-cache (Design a cache (as once worded)) due 2026-01-16T12:02:00Z interval 4",
	}, "\n")
	if st.DueNow != 4 || nextDue(st) != "2026-01-16T12:06:00Z" || dueLines(st.Due) != wantDue {
		t.Errorf("due now %d, next %s:\n%s\nwant 4, 2026-01-16T12:06:00Z:\n%s", st.DueNow, nextDue(st), dueLines(st.Due), wantDue)
	}
}

// TestNewStatsBanks: sessions of one bank only; every session when no bank
// is named; none, and the others named, for a bank never practised.
func TestNewStatsBanks(t *testing.T) {
	// "Other": o1 and o3. The other banks seen (s3, o2, s2, s1 in list
	// order: Fixture three times, Another once) once each, sorted. Its
	// questions, from its history: t-cache (o1 only: 1 take, rated 1, due
	// 1 day after 2026-01-11 10:01) and t-graph (rated 5: 4 days after
	// 2026-01-15 10:01); Fixture's practice of t-cache does not count.
	st := NewStats(fixtureSessions(), "Other", nil, statsNow)
	got := fmt.Sprintf("bank %q others %q sessions %d answers %d takes %d due %d next %s\n%s\n%s",
		st.Bank, st.OtherBanks, st.Sessions, st.Answers, st.Takes, st.DueNow, nextDue(st), groupLines(st.Groups), questionLines(st.Weakest))
	want := `bank "Other" others ["Another" "Fixture"] sessions 2 answers 2 takes 2 due 1 next 2026-01-19T10:01:00Z
Technical/Alpha answers 1 speaking 33 first 2 rating 5
Technical/Beta answers 1 speaking 70 first 5 rating 1
t-cache (tech, Design a cache (as once worded)) takes 1 rating 1 last 2026-01-11T10:01:00Z
t-graph (tech, Design a graph store) takes 1 rating 5 last 2026-01-15T10:01:00Z`
	if got != want {
		t.Errorf("bank Other:\n%s\nwant:\n%s", got, want)
	}

	// No bank named: all six readable sessions, no others. Answers 8 + 3,
	// takes 12 + 3. t-cache: s1, o1, s2: 2 + 1 + 1 takes, rating
	// (2+1+5)/3 = 2.667; t-graph practised (o3); o-only is not a question
	// of the bank given. Due: b-listen, t-queue (never), b-conflict,
	// b-failure, t-cache (1, 1, max(4, 3) = 4 days: 2026-01-16 12:02); next
	// b-mentor (t-graph: 4 days after 2026-01-15 10:01).
	st = NewStats(fixtureSessions(), "", fixtureBank(), statsNow)
	got = fmt.Sprintf("bank %q others %v sessions %d answers %d takes %d due %d next %s\n%s",
		st.Bank, st.OtherBanks, st.Sessions, st.Answers, st.Takes, st.DueNow, nextDue(st), questionLines(st.LeastPractised))
	want = `bank "" others [] sessions 6 answers 11 takes 15 due 5 next 2026-01-16T12:06:00Z
b-listen (behav, Listening) takes 0 rating nil last never
t-queue (tech, Design a queue) takes 0 rating nil last never
b-conflict (behav, A conflict) takes 1 rating 1 last 2026-01-12T12:01:00Z
b-failure (behav, A failure) takes 1 rating 1 last 2026-01-14T14:01:00Z
t-graph (tech, Design a graph store) takes 1 rating 5 last 2026-01-15T10:01:00Z`
	if got != want || st.OtherBanks != nil {
		t.Errorf("every bank:\n%s\nwant:\n%s", got, want)
	}
	if got := questionLines(st.Weakest[2:3]); got != "t-cache (tech, Design a cache) takes 4 rating 2.667 last 2026-01-12T12:02:00Z" {
		t.Errorf("t-cache over every bank: %s", got)
	}

	// A bank with no sessions: nothing counted, every question of it due
	// and never practised, the three other banks named.
	st = NewStats(fixtureSessions(), "Missing", fixtureBank(), statsNow)
	if st.Sessions != 0 || st.Answers != 0 || st.Takes != 0 || len(st.Groups) != 0 || len(st.Trend) != 0 ||
		len(st.Weakest) != 0 || st.DueNow != 8 || st.NextDue != nil ||
		!slices.Equal(st.OtherBanks, []string{"Another", "Fixture", "Other"}) {
		t.Errorf("bank Missing: %+v", st)
	}
	if got := questionLines(st.LeastPractised); got != strings.Join([]string{
		"b-conflict (behav, A conflict) takes 0 rating nil last never",
		"b-failure (behav, A failure) takes 0 rating nil last never",
		"b-listen (behav, Listening) takes 0 rating nil last never",
		"b-mentor (behav, Mentoring) takes 0 rating nil last never",
		"t-cache (tech, Design a cache) takes 0 rating nil last never",
	}, "\n") {
		t.Errorf("bank Missing, least practised:\n%s", got)
	}
}

// TestNewStatsTrendKeepsTheLastEight: of ten sessions that hold practice
// the trend shows the eight most recent, oldest first; sessions with no
// practice are not counted.
func TestNewStatsTrendKeepsTheLastEight(t *testing.T) {
	var list []session.Listed
	for i := 12; i >= 1; i-- { // newest first
		day := time.Date(2026, 2, i, 8, 0, 0, 0, time.UTC)
		list = append(list, listed("Fixture", fmt.Sprintf("202602%02dT080000Z-%06d", i, i), day,
			take(1, "t-cache", 1, session.TakeDone, 1+i%5, day.Add(time.Minute), fig(float64(i), 1))))
	}
	st := NewStats(list, "Fixture", nil, statsNow)
	// Session i speaks for i s: sessions 1 and 2 (1 and 2 s) are no
	// practice, so 12 sessions give 10 sessions, 10 answers and 10 takes.
	if st.Sessions != 10 || st.Answers != 10 || st.Takes != 10 || len(st.Trend) != TrendLength {
		t.Fatalf("sessions %d answers %d takes %d trend %d, want 10, 10, 10 and %d", st.Sessions, st.Answers, st.Takes, len(st.Trend), TrendLength)
	}
	for k, p := range st.Trend {
		i := k + 5 // sessions 1 to 4 are the oldest: left out
		if p.ID != fmt.Sprintf("202602%02dT080000Z-%06d", i, i) || p.Answers != 1 || *p.MeanSpeakingS != float64(i) || *p.MeanRating != float64(1+i%5) {
			t.Errorf("trend[%d] = %s answers %d speaking %s rating %s, want session %d", k, p.ID, p.Answers, f(p.MeanSpeakingS), f(p.MeanRating), i)
		}
	}
	// t-cache: ratings 1+i%5 for i = 3..12: 4+5+1+2+3+4+5+1+2+3 = 30 over
	// 10 = 3 (sessions 1 and 2, rated 2 and 3, are not practice).
	if got := questionLines(st.Weakest); got != "t-cache (tech, Design a cache (as once worded)) takes 10 rating 3 last 2026-02-12T08:01:00Z" {
		t.Errorf("weakest %s", got)
	}
}

func TestNewStatsNothing(t *testing.T) {
	st := NewStats(nil, "", nil, statsNow)
	data, err := json.Marshal(st)
	if err != nil {
		t.Fatal(err)
	}
	// Empty lists, never null, for scripts; no other banks, no next due.
	if want := `{"bank":"","sessions":0,"answers":0,"takes":0,"due_now":0,"next_due":null,"due":[],"groups":[],"trend":[],"weakest":[],"least_practised":[]}`; string(data) != want {
		t.Errorf("JSON %s, want %s", data, want)
	}
	var b strings.Builder
	st.WriteText(&b)
	if want := "No sessions yet. Start one with: mockround run\n"; b.String() != want {
		t.Errorf("text %q, want %q", b.String(), want)
	}
	// Sessions that are all unreadable count as none: every question of the
	// bank is never practised, so due.
	st = NewStats([]session.Listed{unreadable()}, "", fixtureBank(), statsNow)
	if st.Sessions != 0 || st.Answers != 0 || st.Takes != 0 || len(st.Groups) != 0 || len(st.Trend) != 0 ||
		len(st.Weakest) != 0 || len(st.LeastPractised) != 5 || st.DueNow != 8 || len(st.Due) != 8 || st.NextDue != nil {
		t.Errorf("only an unreadable session: %+v", st)
	}
}

// inUTC prints dates in UTC for the test.
func inUTC(t *testing.T) {
	old := time.Local
	time.Local = time.UTC
	t.Cleanup(func() { time.Local = old })
}

func TestStatsWriteText(t *testing.T) {
	inUTC(t)
	var b strings.Builder
	fixtureStats().WriteText(&b)
	// The figures of the tests above, rounded to one decimal as printed;
	// due at statsNow: 6, next b-mentor at 12:06.
	want := `Fixture · 3 sessions · 8 answers
(other banks, not counted: Another, Other; see one with --bank FILE)

ROUND                  CATEGORY                   ANSWERS  SPEAKING  FIRST WORD  RATING
Behavioral             Zulu                             3    50.0 s       2.3 s     2.3
Technical              Alpha                            2    27.5 s       1.5 s     4.5
Technical              Beta                             2    21.0 s       3.0 s     3.5
Technical              Gamma                            1     3.0 s       0.5 s     3.0

Trend over the last 3 sessions, oldest first:
  mean rating    3.0 → 3.5 → 3.0
  mean speaking  25.5 s → 34.3 s → 37.5 s

Weakest (lowest mean rating) · practise with: mockround run --pick weak
  1.0  b-conflict                 A conflict
  1.0  b-failure                  A failure
  3.5  t-cache                    Design a cache
  4.5  t-index                    Design an index
  5.0  b-mentor                   Mentoring

Due now: 6 questions · practise with: mockround run --pick due · next due 2026-01-16 12:06

Least practised · practise with: mockround run --pick fresh
   0 × never      b-listen                   Listening
   0 × never      t-graph                    Design a graph store
   0 × never      t-queue                    Design a queue
   1 × 2026-01-12 b-conflict                 A conflict
   1 × 2026-01-14 b-failure                  A failure
`
	if b.String() != want {
		t.Errorf("text:\n%s\nwant:\n%s", b.String(), want)
	}

	// A bank with no sessions names the banks that have some.
	b.Reset()
	NewStats(fixtureSessions(), "Missing", fixtureBank(), statsNow).WriteText(&b)
	want = `No sessions with "Missing" yet (there are with Another, Fixture, Other). Practise it with: mockround run --bank FILE` + "\n"
	if b.String() != want {
		t.Errorf("text %q, want %q", b.String(), want)
	}
}

// TestStatsWriteTextOneSession: one session prints no trend, no weakest
// list when nothing is rated, a dash for missing figures, singular nouns,
// and cuts round and category titles to their columns (22 and 26
// characters: a title that fits is kept whole); a take that is not practice
// leaves an empty table.
func TestStatsWriteTextOneSession(t *testing.T) {
	inUTC(t)
	round22 := "Round title of 22 chär"            // 22 characters (23 bytes): fits
	cat26 := "Category of exactly 26 ch."          // 26 characters: fits
	longRound := "Rounds of twenty-three é"        // 24 characters: cut to 21 and …
	longCat := "A category title that is too long" // 33 characters: cut to 25 and …
	s := listed("Solo", "20260301T100000Z-000001", time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC),
		session.Take{Position: 1, Take: 1, QuestionID: "q1", Question: "First", Round: "r", RoundTitle: round22, CategoryTitle: cat26,
			Status: session.TakeDone, LengthS: 45, Started: time.Date(2026, 3, 1, 10, 1, 0, 0, time.UTC)})
	var b strings.Builder
	// Timed only (no figures), 45 s: practice. Unrated, taken as a 3: due
	// 2 days after 2026-03-01 10:01, which is after statsNow.
	NewStats([]session.Listed{s}, "Solo", nil, statsNow).WriteText(&b)
	want := `Solo · 1 session · 1 answer

ROUND                  CATEGORY                   ANSWERS  SPEAKING  FIRST WORD  RATING
Round title of 22 chär Category of exactly 26 ch.       1         –           –       –

Due now: 0 questions · next due 2026-03-03 10:01

Least practised · practise with: mockround run --pick fresh
   1 × 2026-03-01 q1                         First
`
	if b.String() != want {
		t.Errorf("text:\n%s\nwant:\n%s", b.String(), want)
	}

	// Rated 4: 3 days.
	s.Record.Takes[0].RoundTitle, s.Record.Takes[0].CategoryTitle = longRound, longCat
	s.Record.Takes[0].Rating = 4
	s.Record.Takes[0].Analysis = fig(12.34, 0.96)
	b.Reset()
	NewStats([]session.Listed{s}, "Solo", nil, statsNow).WriteText(&b)
	want = `Solo · 1 session · 1 answer

ROUND                  CATEGORY                   ANSWERS  SPEAKING  FIRST WORD  RATING
Rounds of twenty-thre… A category title that is …       1    12.3 s       1.0 s     4.0

Weakest (lowest mean rating) · practise with: mockround run --pick weak
  4.0  q1                         First

Due now: 0 questions · next due 2026-03-04 10:01

Least practised · practise with: mockround run --pick fresh
   1 × 2026-03-01 q1                         First
`
	if b.String() != want {
		t.Errorf("text:\n%s\nwant:\n%s", b.String(), want)
	}

	// 2.9 s of speech in 60: no practice, so no answer, no group, nothing
	// rated or practised (its rating does not count), nothing due, and
	// no session counted either.
	s.Record.Takes[0].Analysis = fig(2.9, 0.5)
	b.Reset()
	st := NewStats([]session.Listed{s}, "Solo", nil, statsNow)
	st.WriteText(&b)
	want = `No practice yet with "Solo" (an answer counts with at least 3 s of speech). Practise with: mockround run` + "\n"
	if b.String() != want || st.Sessions != 0 || len(st.Trend) != 0 {
		t.Errorf("sessions %d trend %d text:\n%s\nwant:\n%s", st.Sessions, len(st.Trend), b.String(), want)
	}
}

// TestStatsWriteTextHints: the hints name the command as the user runs it,
// and the bank shown when it is not the built-in one.
func TestStatsWriteTextHints(t *testing.T) {
	inUTC(t)
	st := fixtureStats()
	st.Self, st.BankArg = "./bin/mockround", "'my bank.yaml'"
	var b strings.Builder
	st.WriteText(&b)
	for _, want := range []string{
		"\nWeakest (lowest mean rating) · practise with: ./bin/mockround run --pick weak --bank 'my bank.yaml'\n",
		" · practise with: ./bin/mockround run --pick due --bank 'my bank.yaml' · ",
		"\nLeast practised · practise with: ./bin/mockround run --pick fresh --bank 'my bank.yaml'\n",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("%q missing:\n%s", want, b.String())
		}
	}
	if strings.Contains(b.String(), " mockround") {
		t.Errorf("a hint names mockround:\n%s", b.String())
	}
	b.Reset()
	st = NewStats(fixtureSessions(), "Missing", fixtureBank(), statsNow)
	st.Self, st.BankArg = "./bin/mockround", "missing.yaml"
	st.WriteText(&b)
	if want := "Practise it with: ./bin/mockround run --bank missing.yaml\n"; !strings.HasSuffix(b.String(), want) {
		t.Errorf("text %q, want it to end %q", b.String(), want)
	}
	b.Reset()
	st = NewStats(nil, "", nil, statsNow)
	st.Self = "./bin/mockround"
	st.WriteText(&b)
	if want := "No sessions yet. Start one with: ./bin/mockround run\n"; b.String() != want {
		t.Errorf("text %q, want %q", b.String(), want)
	}
}

// TestStatsWriteTextTwoSessions: two sessions make a trend; a session with
// no rating and no figures shows dashes in it; one question due.
func TestStatsWriteTextTwoSessions(t *testing.T) {
	inUTC(t)
	d1 := time.Date(2026, 4, 1, 10, 0, 0, 0, time.UTC)
	d2 := time.Date(2026, 4, 2, 10, 0, 0, 0, time.UTC)
	list := []session.Listed{
		listed("Fixture", "20260402T100000Z-000002", d2, take(1, "t-queue", 1, session.TakeDone, 0, d2.Add(time.Minute), nil, long(60))),
		listed("Fixture", "20260401T100000Z-000001", d1, take(1, "t-cache", 1, session.TakeDone, 2, d1.Add(time.Minute), fig(61.24, 2.26))),
	}
	var b strings.Builder
	NewStats(list, "Fixture", nil, time.Date(2026, 4, 3, 0, 0, 0, 0, time.UTC)).WriteText(&b)
	// Technical/Beta: 2 answers (t-queue: 60 s, no figures); speaking 61.24
	// / 1 -> 61.2; first word 2.26 / 1 -> 2.3; rating 2 / 1 (t-queue is
	// unrated) -> 2.0. Trend: the second session has no rating and no
	// figures. Due on 2026-04-03: t-cache (rated 2: 1 day after 2026-04-01
	// 10:01); next t-queue (unrated, as a 3: 2 days after 2026-04-02 10:01).
	want := `Fixture · 2 sessions · 2 answers

ROUND                  CATEGORY                   ANSWERS  SPEAKING  FIRST WORD  RATING
Technical              Beta                             2    61.2 s       2.3 s     2.0

Trend over the last 2 sessions, oldest first:
  mean rating    2.0 → –
  mean speaking  61.2 s → –

Weakest (lowest mean rating) · practise with: mockround run --pick weak
  2.0  t-cache                    Design a cache (as once worded)

Due now: 1 question · practise with: mockround run --pick due · next due 2026-04-04 10:01

Least practised · practise with: mockround run --pick fresh
   1 × 2026-04-01 t-cache                    Design a cache (as once worded)
   1 × 2026-04-02 t-queue                    Design a queue
`
	if b.String() != want {
		t.Errorf("text:\n%s\nwant:\n%s", b.String(), want)
	}
}

// TestNewStatsSpeech: pace and fillers per 100 words come from the chosen
// take of each answer that has a transcript with words in it; fillers are
// counted over all the words, not averaged per answer.
func TestNewStatsSpeech(t *testing.T) {
	list := fixtureSessions()
	said := func(id string, qid string, n, words, fillers int, wpm float64) {
		for _, l := range list {
			if l.Record == nil || l.ID != id {
				continue
			}
			for i := range l.Record.Takes {
				if tk := &l.Record.Takes[i]; tk.QuestionID == qid && tk.Take == n {
					tk.Transcript = &session.TranscriptRef{Engine: "pocketsphinx",
						Figures: transcribe.Figures{Words: words, FillerCount: fillers, WPM: wpm}}
					return
				}
			}
		}
		t.Fatalf("no take %d of %s in %s", n, qid, id)
	}
	s1, s2, s3 := "20260110T090000Z-000001", "20260112T120000Z-000002", "20260114T140000Z-000003"
	said(s1, "t-cache", 2, 100, 5, 120) // the best take: counts
	said(s1, "t-cache", 1, 50, 50, 300) // not the chosen take
	said(s1, "t-index", 1, 0, 0, 0)     // no words heard: no pace
	said(s2, "b-conflict", 1, 200, 10, 140)
	said(s2, "b-mentor", 1, 100, 0, 100)
	said(s3, "t-index", 2, 300, 3, 150)
	st := NewStats(list, "Fixture", fixtureBank(), statsNow)

	var got []string
	for _, g := range st.Groups {
		got = append(got, fmt.Sprintf("%s/%s pace %s fillers %s", g.Round, g.Category, f(g.MeanWPM), f(g.FillersPer100)))
	}
	for _, p := range st.Trend {
		got = append(got, fmt.Sprintf("%s pace %s fillers %s", p.ID, f(p.MeanWPM), f(p.FillersPer100)))
	}
	// Zulu: b-conflict and b-mentor, (140+100)/2 = 120, 10 fillers in 300
	// words; Alpha: s3's t-index only; Beta: s1's best t-cache take;
	// Gamma: none. s1: t-cache only; s2: the two of Zulu; s3: t-index.
	want := []string{
		"Behavioral/Zulu pace 120 fillers 3.333",
		"Technical/Alpha pace 150 fillers 1",
		"Technical/Beta pace 120 fillers 5",
		"Technical/Gamma pace nil fillers nil",
		s1 + " pace 120 fillers 5",
		s2 + " pace 120 fillers 3.333",
		s3 + " pace 150 fillers 1",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	var b strings.Builder
	st.WriteText(&b)
	for _, line := range []string{
		"ROUND                  CATEGORY                   ANSWERS  SPEAKING  FIRST WORD  RATING  PACE FILLERS/100\n",
		"Technical              Gamma                            1     3.0 s       0.5 s     3.0     –           –\n",
		"Technical              Beta                             2    21.0 s       3.0 s     3.5   120         5.0\n",
		"  pace (wpm)     120 → 120 → 150\n  fillers/100    5.0 → 3.3 → 1.0\n",
	} {
		if !strings.Contains(b.String(), line) {
			t.Errorf("no %q in\n%s", line, b.String())
		}
	}
	data, err := json.Marshal(st.Groups)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(data), `"mean_wpm":`); n != 3 {
		t.Errorf("mean_wpm in %d groups, want the 3 with transcripts: %s", n, data)
	}

	// Without transcripts, neither the columns nor the trend lines show.
	b.Reset()
	fixtureStats().WriteText(&b)
	if strings.Contains(b.String(), "PACE") || strings.Contains(b.String(), "pace (wpm)") {
		t.Errorf("speech figures without transcripts:\n%s", b.String())
	}
}
