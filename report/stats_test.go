package report

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/mockround/mockround/audio"
	"github.com/mockround/mockround/bank"
	"github.com/mockround/mockround/session"
)

// The stats fixture: a small bank and three readable sessions (plus one
// unreadable), with every figure chosen so that each rule of NewStats shows
// in the result. The expected values in the tests below are worked out by
// hand from it.
//
// Bank: round tech "Technical" (categories beta "Beta": t-cache, t-queue;
// alpha "Alpha": t-index, t-graph) and round behav "Behavioral" (zulu
// "Zulu": b-conflict, b-failure, b-mentor, b-listen). x-retired is in the
// history only (round tech, category gamma "Gamma").
//
//	s1 2026-01-10 09:00
//	  t-cache    take 1 done         rated 2  speaking 10  first word 1
//	  t-cache    take 2 done         rated 0  speaking 21  first word 3
//	  t-index    done                rated 4  speaking 30  no first word
//	  b-conflict skipped             rated 5  speaking 99  first word 9   (not counted)
//	s2 2026-01-12 12:00
//	  b-conflict done  12:01         rated 1  speaking 40  first word 2
//	  t-cache    done  12:02         rated 5  no analysis
//	  x-retired  done  12:03         rated 3  speaking 5   first word 0.5
//	  b-mentor   done  12:04         rated 5  speaking 60  first word 1
//	  t-index    done  12:05         rated 4  no analysis
//	s3 2026-01-14 14:00
//	  b-failure  done  14:01         rated 1  speaking 50  first word 4
//	  b-mentor   recording 14:02     rated 1  speaking 99  first word 9   (not counted)
//	  t-queue    interrupted 14:03   rated 0  speaking 0   no first word
//	  t-index    done  14:05         rated 5  speaking 20  first word 2
//	2026-01-11 (between s1 and s2): an unreadable session, skipped
var (
	fixtureQuestions = map[string][4]string{ // id: round, round title, category title, text in the session
		"t-cache":    {"tech", "Technical", "Beta", "Design a cache (as once worded)"},
		"t-queue":    {"tech", "Technical", "Beta", "Design a queue"},
		"t-index":    {"tech", "Technical", "Alpha", "Design an index"},
		"x-retired":  {"tech", "Technical", "Gamma", "A retired question"},
		"b-conflict": {"behav", "Behavioral", "Zulu", "A conflict"},
		"b-failure":  {"behav", "Behavioral", "Zulu", "A failure"},
		"b-mentor":   {"behav", "Behavioral", "Zulu", "Mentoring"},
	}
	day1 = time.Date(2026, 1, 10, 9, 0, 0, 0, time.UTC)
	day2 = time.Date(2026, 1, 12, 12, 0, 0, 0, time.UTC)
	day3 = time.Date(2026, 1, 14, 14, 0, 0, 0, time.UTC)
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
	a := &audio.Analysis{Version: audio.AnalysisVersion, SpeakingS: speaking}
	if first >= 0 {
		a.FirstWordS = &first
	}
	return a
}

const noSpeech = -1

func take(qid string, n int, status string, rating int, at time.Time, an *audio.Analysis) session.Take {
	q := fixtureQuestions[qid]
	return session.Take{Take: n, QuestionID: qid, Question: q[3], Round: q[0], RoundTitle: q[1],
		Category: strings.ToLower(q[2]), CategoryTitle: q[2], Status: status, Rating: rating, Started: at, Analysis: an}
}

func listed(id string, started time.Time, takes ...session.Take) session.Listed {
	for i := range takes {
		takes[i].Position = i + 1
	}
	return session.Listed{ID: id, Dir: "/data/sessions/" + id,
		Record: &session.Record{Format: 1, ID: id, Status: session.SessionComplete, Started: started, Takes: takes}}
}

// fixtureSessions lists the sessions newest first, as session.Store.List does.
func fixtureSessions() []session.Listed {
	m := func(d time.Time, min int) time.Time { return d.Add(time.Duration(min) * time.Minute) }
	const done, skipped = session.TakeDone, session.TakeSkipped
	s1 := listed("20260110T090000Z-000001", day1,
		take("t-cache", 1, done, 2, m(day1, 1), fig(10, 1)),
		take("t-cache", 2, done, 0, m(day1, 3), fig(21, 3)),
		take("t-index", 1, done, 4, m(day1, 5), fig(30, noSpeech)),
		take("b-conflict", 1, skipped, 5, m(day1, 7), fig(99, 9)),
	)
	s1.Record.Takes[1].Position = 1 // the retake of question 1
	s2 := listed("20260112T120000Z-000002", day2,
		take("b-conflict", 1, done, 1, m(day2, 1), fig(40, 2)),
		take("t-cache", 1, done, 5, m(day2, 2), nil),
		take("x-retired", 1, done, 3, m(day2, 3), fig(5, 0.5)),
		take("b-mentor", 1, done, 5, m(day2, 4), fig(60, 1)),
		take("t-index", 1, done, 4, m(day2, 5), nil),
	)
	s3 := listed("20260114T140000Z-000003", day3,
		take("b-failure", 1, done, 1, m(day3, 1), fig(50, 4)),
		take("b-mentor", 1, session.TakeRecording, 1, m(day3, 2), fig(99, 9)),
		take("t-queue", 1, session.TakeInterrupted, 0, m(day3, 3), fig(0, noSpeech)),
		take("t-index", 1, done, 5, m(day3, 5), fig(20, 2)),
	)
	return []session.Listed{s3, s2, unreadable(), s1}
}

func unreadable() session.Listed {
	return session.Listed{ID: "20260111T160000Z-000004", Dir: "/data/sessions/20260111T160000Z-000004",
		Err: errors.New("session.json: line 1, column 2: bad")}
}

// f renders an optional figure as the tests compare it.
func f(v *float64) string {
	if v == nil {
		return "nil"
	}
	return fmt.Sprint(*v)
}

func TestNewStatsCounts(t *testing.T) {
	st := NewStats(fixtureSessions(), "", fixtureBank(), day3)
	// The unreadable session is not counted (nor does it end the count:
	// s1, older, is counted); s1 3 answers (the skipped take
	// is none), s2 5, s3 3 (the take still recording is none): 11.
	if st.Sessions != 3 || st.Takes != 11 {
		t.Errorf("sessions %d takes %d, want 3 and 11", st.Sessions, st.Takes)
	}
}

func TestNewStatsGroups(t *testing.T) {
	st := NewStats(fixtureSessions(), "", fixtureBank(), day3)
	// Sorted by round title, then category title (first seen: Technical/Beta,
	// Technical/Alpha, Behavioral/Zulu, Technical/Gamma).
	//  Behavioral/Zulu: b-conflict s2, b-mentor s2, b-failure s3: 3 answers;
	//    speaking (40+60+50)/3 = 50; first word (2+1+4)/3 = 2.333;
	//    rating (1+5+1)/3 = 2.333 (the skipped and recording takes count nowhere)
	//  Technical/Alpha: t-index s1, s2, s3: 3 answers; speaking (30+20)/2 = 25
	//    (s2 has no analysis); first word 2/1 = 2 (s1 had none); rating (4+4+5)/3 = 4.333
	//  Technical/Beta: t-cache s1 ×2, s2; t-queue s3: 4 answers; speaking
	//    (10+21+0)/3 = 10.333; first word (1+3)/2 = 2; rating (2+5)/2 = 3.5
	//    (the two takes rated 0 are unrated, not 0 stars)
	//  Technical/Gamma: x-retired: 1 answer; 5; 0.5; 3
	want := []string{
		"Behavioral/Zulu answers 3 speaking 50 first 2.333 rating 2.333",
		"Technical/Alpha answers 3 speaking 25 first 2 rating 4.333",
		"Technical/Beta answers 4 speaking 10.333 first 2 rating 3.5",
		"Technical/Gamma answers 1 speaking 5 first 0.5 rating 3",
	}
	var got []string
	for _, g := range st.Groups {
		got = append(got, fmt.Sprintf("%s/%s answers %d speaking %s first %s rating %s",
			g.Round, g.Category, g.Answers, f(g.MeanSpeakingS), f(g.MeanFirstWordS), f(g.MeanRating)))
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("groups:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestNewStatsTrend(t *testing.T) {
	st := NewStats(fixtureSessions(), "", fixtureBank(), day3)
	// Oldest first:
	//  s1: 3 answers; speaking (10+21+30)/3 = 20.333; rating (2+4)/2 = 3
	//  s2: 5 answers; speaking (40+5+60)/3 = 35; rating (1+5+3+5+4)/5 = 3.6
	//  s3: 3 answers; speaking (50+0+20)/3 = 23.333; rating (1+5)/2 = 3
	want := []string{
		"20260110T090000Z-000001 2026-01-10T09:00:00Z answers 3 speaking 20.333 rating 3",
		"20260112T120000Z-000002 2026-01-12T12:00:00Z answers 5 speaking 35 rating 3.6",
		"20260114T140000Z-000003 2026-01-14T14:00:00Z answers 3 speaking 23.333 rating 3",
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

func TestNewStatsWeakest(t *testing.T) {
	st := NewStats(fixtureSessions(), "", fixtureBank(), day3)
	// Rated questions by mean rating, lowest first, at most five; equal means
	// keep id order:
	//  b-conflict 1/1 = 1 (its skipped take rated 5 is not counted)
	//  b-failure 1/1 = 1
	//  x-retired 3/1 = 3 (not in the bank: from the history, text as recorded)
	//  t-cache (2+5)/2 = 3.5 (3 takes, the one rated 0 unrated; the bank's text)
	//  t-index (4+4+5)/3 = 4.333
	//  b-mentor 5 is sixth, left out; t-queue is unrated, b-listen and
	//  t-graph never practised.
	want := strings.Join([]string{
		"b-conflict (behav, A conflict) takes 1 rating 1 last 2026-01-12T12:01:00Z",
		"b-failure (behav, A failure) takes 1 rating 1 last 2026-01-14T14:01:00Z",
		"x-retired (tech, A retired question) takes 1 rating 3 last 2026-01-12T12:03:00Z",
		"t-cache (tech, Design a cache) takes 3 rating 3.5 last 2026-01-12T12:02:00Z",
		"t-index (tech, Design an index) takes 3 rating 4.333 last 2026-01-14T14:05:00Z",
	}, "\n")
	if got := questionLines(st.Weakest); got != want {
		t.Errorf("weakest:\n%s\nwant:\n%s", got, want)
	}
}

func TestNewStatsLeastPractised(t *testing.T) {
	st := NewStats(fixtureSessions(), "", fixtureBank(), day3)
	// Fewest takes first, then least recently practised; never practised
	// first of all, in id order (b-listen, t-graph). Then the one-take
	// questions by their last take: b-conflict (s2 12:01), x-retired (s2
	// 12:03), b-mentor (s2 12:04: its later take is still recording and does
	// not count), then b-failure (s3 14:01) and t-queue (s3 14:03), cut.
	want := strings.Join([]string{
		"b-listen (behav, Listening) takes 0 rating nil last never",
		"t-graph (tech, Design a graph store) takes 0 rating nil last never",
		"b-conflict (behav, A conflict) takes 1 rating 1 last 2026-01-12T12:01:00Z",
		"x-retired (tech, A retired question) takes 1 rating 3 last 2026-01-12T12:03:00Z",
		"b-mentor (behav, Mentoring) takes 1 rating 5 last 2026-01-12T12:04:00Z",
	}, "\n")
	if got := questionLines(st.LeastPractised); got != want {
		t.Errorf("least practised:\n%s\nwant:\n%s", got, want)
	}
}

func TestNewStatsWithoutBank(t *testing.T) {
	st := NewStats(fixtureSessions(), "", nil, day3)
	// Only the history: the never practised b-listen and t-graph are gone, so
	// the one-take questions lead: b-conflict, x-retired, b-mentor (s2),
	// b-failure, t-queue (s3). t-cache keeps the text it was asked with.
	want := strings.Join([]string{
		"b-conflict (behav, A conflict) takes 1 rating 1 last 2026-01-12T12:01:00Z",
		"x-retired (tech, A retired question) takes 1 rating 3 last 2026-01-12T12:03:00Z",
		"b-mentor (behav, Mentoring) takes 1 rating 5 last 2026-01-12T12:04:00Z",
		"b-failure (behav, A failure) takes 1 rating 1 last 2026-01-14T14:01:00Z",
		"t-queue (tech, Design a queue) takes 1 rating nil last 2026-01-14T14:03:00Z",
	}, "\n")
	if got := questionLines(st.LeastPractised); got != want {
		t.Errorf("least practised without a bank:\n%s\nwant:\n%s", got, want)
	}
	if got := questionLines(st.Weakest[3:4]); got != "t-cache (tech, Design a cache (as once worded)) takes 3 rating 3.5 last 2026-01-12T12:02:00Z" {
		t.Errorf("t-cache without a bank: %s", got)
	}
}

// TestNewStatsTrendKeepsTheLastEight: of ten sessions the trend shows the
// eight most recent, oldest first.
func TestNewStatsTrendKeepsTheLastEight(t *testing.T) {
	var list []session.Listed
	for i := 10; i >= 1; i-- { // newest first
		day := time.Date(2026, 2, i, 8, 0, 0, 0, time.UTC)
		list = append(list, listed(fmt.Sprintf("202602%02dT080000Z-%06d", i, i), day,
			take("t-cache", 1, session.TakeDone, 1+i%5, day.Add(time.Minute), fig(float64(i), 1))))
	}
	st := NewStats(list, "", nil, day3)
	if st.Sessions != 10 || st.Takes != 10 || len(st.Trend) != TrendLength {
		t.Fatalf("sessions %d takes %d trend %d, want 10, 10 and %d", st.Sessions, st.Takes, len(st.Trend), TrendLength)
	}
	for k, p := range st.Trend {
		i := k + 3 // sessions 1 and 2 are the oldest: left out
		if p.ID != fmt.Sprintf("202602%02dT080000Z-%06d", i, i) || *p.MeanSpeakingS != float64(i) || *p.MeanRating != float64(1+i%5) {
			t.Errorf("trend[%d] = %s speaking %s rating %s, want session %d", k, p.ID, f(p.MeanSpeakingS), f(p.MeanRating), i)
		}
	}
	// t-cache: ratings 1+i%5 for i = 1..10: 2,3,4,5,1 twice = 30/10 = 3.
	if len(st.Weakest) != 1 || *st.Weakest[0].MeanRating != 3 || st.Weakest[0].Takes != 10 {
		t.Errorf("weakest %s", questionLines(st.Weakest))
	}
}

func TestNewStatsNothing(t *testing.T) {
	st := NewStats(nil, "", nil, day3)
	data, err := json.Marshal(st)
	if err != nil {
		t.Fatal(err)
	}
	// Empty lists, never null, for scripts.
	if want := `{"sessions":0,"takes":0,"groups":[],"trend":[],"weakest":[],"least_practised":[]}`; string(data) != want {
		t.Errorf("JSON %s, want %s", data, want)
	}
	var b strings.Builder
	st.WriteText(&b)
	if want := "No sessions yet. Start one with: mockround run\n"; b.String() != want {
		t.Errorf("text %q, want %q", b.String(), want)
	}
	// Sessions that are all unreadable count as none.
	st = NewStats([]session.Listed{unreadable()}, "", fixtureBank(), day3)
	if st.Sessions != 0 || st.Takes != 0 || len(st.Groups) != 0 || len(st.Trend) != 0 || len(st.Weakest) != 0 || len(st.LeastPractised) != 5 {
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
	NewStats(fixtureSessions(), "", fixtureBank(), day3).WriteText(&b)
	// The figures of the tests above, rounded to one decimal as printed.
	want := `3 sessions · 11 answers

ROUND                  CATEGORY                   ANSWERS  SPEAKING  FIRST WORD  RATING
Behavioral             Zulu                             3    50.0 s       2.3 s     2.3
Technical              Alpha                            3    25.0 s       2.0 s     4.3
Technical              Beta                             4    10.3 s       2.0 s     3.5
Technical              Gamma                            1     5.0 s       0.5 s     3.0

Trend over the last 3 sessions, oldest first:
  mean rating    3.0 → 3.6 → 3.0
  mean speaking  20.3 s → 35.0 s → 23.3 s

Weakest (lowest mean rating) · practise with: mockround run --pick weak
  1.0  b-conflict                 A conflict
  1.0  b-failure                  A failure
  3.0  x-retired                  A retired question
  3.5  t-cache                    Design a cache
  4.3  t-index                    Design an index

Least practised · practise with: mockround run --pick fresh
   0 × never      b-listen                   Listening
   0 × never      t-graph                    Design a graph store
   1 × 2026-01-12 b-conflict                 A conflict
   1 × 2026-01-12 x-retired                  A retired question
   1 × 2026-01-12 b-mentor                   Mentoring
`
	if b.String() != want {
		t.Errorf("text:\n%s\nwant:\n%s", b.String(), want)
	}
}

// TestStatsWriteTextOneSession: one session prints no trend, no weakest
// list when nothing is rated, a dash for missing figures, singular nouns,
// and cuts round and category titles to their columns (22 and 26
// characters: a title that fits is kept whole).
func TestStatsWriteTextOneSession(t *testing.T) {
	inUTC(t)
	round22 := "Round title of 22 chär"            // 22 characters (23 bytes): fits
	cat26 := "Category of exactly 26 ch."          // 26 characters: fits
	longRound := "Rounds of twenty-three é"        // 24 characters: cut to 21 and …
	longCat := "A category title that is too long" // 33 characters: cut to 25 and …
	s := listed("20260301T100000Z-000001", time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC),
		session.Take{QuestionID: "q1", Question: "First", Round: "r", RoundTitle: round22, CategoryTitle: cat26,
			Status: session.TakeDone, Started: time.Date(2026, 3, 1, 10, 1, 0, 0, time.UTC)})
	var b strings.Builder
	NewStats([]session.Listed{s}, "", nil, day3).WriteText(&b)
	want := `1 session · 1 answer

ROUND                  CATEGORY                   ANSWERS  SPEAKING  FIRST WORD  RATING
Round title of 22 chär Category of exactly 26 ch.       1         –           –       –

Least practised · practise with: mockround run --pick fresh
   1 × 2026-03-01 q1                         First
`
	if b.String() != want {
		t.Errorf("text:\n%s\nwant:\n%s", b.String(), want)
	}

	s.Record.Takes[0].RoundTitle, s.Record.Takes[0].CategoryTitle = longRound, longCat
	s.Record.Takes[0].Rating = 4
	s.Record.Takes[0].Analysis = fig(12.34, 0.96)
	b.Reset()
	NewStats([]session.Listed{s}, "", nil, day3).WriteText(&b)
	want = `1 session · 1 answer

ROUND                  CATEGORY                   ANSWERS  SPEAKING  FIRST WORD  RATING
Rounds of twenty-thre… A category title that is …       1    12.3 s       1.0 s     4.0

Weakest (lowest mean rating) · practise with: mockround run --pick weak
  4.0  q1                         First

Least practised · practise with: mockround run --pick fresh
   1 × 2026-03-01 q1                         First
`
	if b.String() != want {
		t.Errorf("text:\n%s\nwant:\n%s", b.String(), want)
	}
}

// TestStatsWriteTextTwoSessions: two sessions make a trend; a session with
// no rating and no figures shows dashes in it.
func TestStatsWriteTextTwoSessions(t *testing.T) {
	inUTC(t)
	d1 := time.Date(2026, 4, 1, 10, 0, 0, 0, time.UTC)
	d2 := time.Date(2026, 4, 2, 10, 0, 0, 0, time.UTC)
	list := []session.Listed{
		listed("20260402T100000Z-000002", d2, take("t-queue", 1, session.TakeDone, 0, d2.Add(time.Minute), nil)),
		listed("20260401T100000Z-000001", d1, take("t-cache", 1, session.TakeDone, 2, d1.Add(time.Minute), fig(61.24, 2.26))),
	}
	var b strings.Builder
	NewStats(list, "", nil, day3).WriteText(&b)
	// Technical/Beta: 2 answers; speaking 61.24 / 1 -> 61.2; first word
	// 2.26 / 1 -> 2.3; rating 2 / 1 (the take rated 0 is unrated) -> 2.0.
	// Trend: the second session has no rating and no figures.
	want := `2 sessions · 2 answers

ROUND                  CATEGORY                   ANSWERS  SPEAKING  FIRST WORD  RATING
Technical              Beta                             2    61.2 s       2.3 s     2.0

Trend over the last 2 sessions, oldest first:
  mean rating    2.0 → –
  mean speaking  61.2 s → –

Weakest (lowest mean rating) · practise with: mockround run --pick weak
  2.0  t-cache                    Design a cache (as once worded)

Least practised · practise with: mockround run --pick fresh
   1 × 2026-04-01 t-cache                    Design a cache (as once worded)
   1 × 2026-04-02 t-queue                    Design a queue
`
	if b.String() != want {
		t.Errorf("text:\n%s\nwant:\n%s", b.String(), want)
	}
}
