package session

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// followUpHarness plans q1 and q2, each with a 20 s follow-up after it.
func followUpHarness(t *testing.T) *harness {
	t.Helper()
	h := newHarness(t, []Limits{{Answer: 10 * time.Second}, {Answer: 10 * time.Second}}, true)
	var items []PlanItem
	for _, it := range h.e.items {
		items = append(items, it)
		fu := it
		fu.FollowUp = "And then what happened with " + it.Question.ID + "?"
		fu.Limits = Limits{Answer: 20 * time.Second, Warn: 5 * time.Second}
		items = append(items, fu)
	}
	h.e.items = items
	h.e.cfg.Plan.Items = items
	return h
}

func takeLine(r *Record) string {
	var s []string
	for _, t := range r.Takes {
		s = append(s, fmt.Sprintf("%d.%d %s %s %v", t.Position, t.Take, t.Status, t.File, t.FollowUp != ""))
	}
	return strings.Join(s, " | ")
}

// TestFollowUpAfterAFullAnswer: an answer given in full is followed up,
// in its own take, with its own clock; retaking the follow-up numbers its
// takes on their own.
func TestFollowUpAfterAFullAnswer(t *testing.T) {
	h := followUpHarness(t)
	h.advance(4 * time.Second)
	h.do(CmdFinish) // q1 answered: its follow-up starts at once
	if it := h.e.Current(); it.FollowUp == "" || h.e.Left(h.now) != 20*time.Second {
		t.Fatalf("after q1: current %+v, left %v; want its follow-up with 20 s", it, h.e.Left(h.now))
	}
	h.advance(3 * time.Second)
	h.do(CmdRetake)
	h.advance(25 * time.Second) // the follow-up's time runs out: on to q2
	if it := h.e.Current(); it == nil || it.Question.ID != "q2" || it.FollowUp != "" {
		t.Fatalf("after the follow-up: current %+v, want q2", it)
	}
	want := `1.1 done 01-q1.wav false | 1.1 done 01-q1.followup.wav true | 1.2 done 01-q1.followup.take2.wav true | 2.1 recording 02-q2.wav false`
	if got := takeLine(h.e.rec); got != want {
		t.Errorf("takes\n%s\nwant\n%s", got, want)
	}
	a := h.e.rec.Answers()[0]
	if len(a.Takes) != 1 || len(a.FollowUps) != 2 || a.FollowUps[0].FollowUp != "And then what happened with q1?" {
		t.Errorf("answer %+v: want one take and two follow-up takes", a)
	}
	for _, ev := range h.events {
		if ev.Kind == EvSessionStart || ev.Kind == EvQuestion {
			if ev.Total != 2 {
				t.Errorf("%v: total %d, want 2 questions (follow-ups do not count)", ev.Kind, ev.Total)
			}
		}
	}
}

// TestNoFollowUpAfterASkip: a question skipped, or an answer cut short by
// a skip, is not followed up.
func TestNoFollowUpAfterASkip(t *testing.T) {
	h := followUpHarness(t)
	h.advance(2 * time.Second)
	h.do(CmdSkip) // q1 cut short: no follow-up, on to q2
	if it := h.e.Current(); it == nil || it.Question.ID != "q2" || it.FollowUp != "" {
		t.Fatalf("after skipping q1: current %+v, want q2", it)
	}
	h.advance(11 * time.Second) // q2's time runs out: a full answer, followed up
	if it := h.e.Current(); it == nil || it.FollowUp == "" {
		t.Fatalf("after q2's time: current %+v, want its follow-up", it)
	}
}

func TestPlanFollowUps(t *testing.T) {
	b := ptDefaultBank(t)
	with, err := NewPlan(b, PlanOptions{Rounds: []string{"behavioral"}, Count: 2, Seed: 9, FollowUps: true})
	if err != nil {
		t.Fatal(err)
	}
	without, err := NewPlan(b, PlanOptions{Rounds: []string{"behavioral"}, Count: 2, Seed: 9})
	if err != nil {
		t.Fatal(err)
	}
	if len(with.Items) != 4 || with.Questions() != 2 || len(without.Items) != 2 {
		t.Fatalf("%d items (%d questions) with follow-ups, %d without; want 4 (2) and 2", len(with.Items), with.Questions(), len(without.Items))
	}
	for i, q := range without.Items {
		main, fu := with.Items[2*i], with.Items[2*i+1]
		if main.Question.ID != q.Question.ID || fu.Question.ID != q.Question.ID || main.FollowUp != "" {
			t.Errorf("item %d: %s then %s, want %s and its follow-up (the same questions with and without)", i, main.Question.ID, fu.Question.ID, q.Question.ID)
		}
		if !slices.Contains(q.Question.FollowUps, fu.FollowUp) || fu.Limits.Answer != time.Minute || fu.Limits.Prep != 0 || fu.Position != q.Position {
			t.Errorf("follow-up %+v of %s", fu, q.Question.ID)
		}
	}
}

// TestFollowUpNoLongerThanTheAnswer: with --answer 20s, a follow-up gets
// 20 s, not the round's minute.
func TestFollowUpNoLongerThanTheAnswer(t *testing.T) {
	answer := 20 * time.Second
	p, err := NewPlan(ptDefaultBank(t), PlanOptions{Questions: []string{"onboarding"}, Count: 1, FollowUps: true, Overrides: Overrides{Answer: &answer}})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Items) != 2 || p.Items[1].Limits.Answer != answer || p.Items[1].Limits.Warn != 5*time.Second {
		t.Fatalf("items %+v: want the follow-up with 20 s and a warning at 5 s", p.Items)
	}
}

// TestSkippingAFollowUpKeepsTheAnswer: skipping the follow-up of a
// question answered in full does not mark the question skipped.
func TestSkippingAFollowUpKeepsTheAnswer(t *testing.T) {
	h := followUpHarness(t)
	h.advance(4 * time.Second)
	h.do(CmdFinish) // q1 answered in full: its follow-up starts
	h.advance(2 * time.Second)
	h.do(CmdSkip) // the follow-up is skipped
	if it := h.e.Current(); it == nil || it.Question.ID != "q2" || it.FollowUp != "" {
		t.Fatalf("after skipping the follow-up: current %+v, want q2", it)
	}
	if h.e.rec.Skipped(1) {
		t.Errorf("question 1, answered in full, is marked skipped: %+v", h.e.rec.Plan.Questions)
	}
	h.do(CmdSkip) // q2 itself is skipped
	if !h.e.rec.Skipped(2) {
		t.Errorf("question 2, skipped, is not marked so: %+v", h.e.rec.Plan.Questions)
	}
}
