package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/mockround/mockround/audio/capture"
	"github.com/mockround/mockround/bank"
	"github.com/mockround/mockround/session"
)

// runResume continues a quit or interrupted session: the questions it did
// not reach are asked now, in that session, its takes saved beside the
// others.
func runResume(ctx context.Context, o *runOptions) error {
	if len(o.planFlags) > 0 {
		return usageErr("--resume asks the questions the session did not reach; it does not take %s", strings.Join(o.planFlags, ", "))
	}
	l, unlock, err := lockRunnable(o.f, o.resume)
	if err != nil {
		return err
	}
	defer unlock()
	plan, err := resumePlan(l.Record, o)
	if err != nil {
		return err
	}
	var input microphone
	if !o.noRecord {
		input, err = openMicrophone(ctx, o.f, capture.InputConfig{Device: o.device, Rate: o.rate}, false)
		if errors.Is(err, session.ErrInterrupted) {
			return err
		}
		if err != nil {
			return fmt.Errorf("cannot record: %w\n  See the devices with: %s devices", err, self)
		}
		defer input.Close()
	}
	cfg := session.Config{Plan: plan, Record: l.Record, Dir: l.Dir}
	var faults <-chan error
	if input != nil {
		if l.Record.Device == nil {
			l.Record.Device = &session.DeviceRef{Name: input.DeviceName(), SampleRate: input.Rate()}
		}
		cfg.Recorder = inputRecorder{input}
		faults = input.Faults()
	}
	l.Record.Settings.Record = l.Record.Settings.Record || input != nil
	return runError(runWithFace(ctx, o, nil, input, cfg, faults), l.Dir)
}

// lockRunnable resolves SESSION for --resume and takes its lock: a session
// a round is recording, or one that ended complete, cannot be resumed.
func lockRunnable(f *factory, arg string) (session.Listed, func(), error) {
	repairCutOff(f)
	if arg == "last" {
		// The newest session that can go on, not the newest session: a
		// round completed since is no reason to lose the one quit before.
		id, err := newestRunnable(f)
		if err != nil {
			return session.Listed{}, nil, err
		}
		arg = id
	}
	l, unlock, err := lockSession(f, arg, "resume")
	if err != nil {
		return l, nil, err
	}
	if resumable(l.Record.Status) {
		return l, unlock, nil
	}
	unlock()
	return l, nil, &session.UsageError{Err: fmt.Errorf("session %s is %s: there is nothing to resume; start a new one with: %s run",
		l.ID, l.Record.Status, self)}
}

// resumable reports whether a session of status st can go on.
func resumable(st string) bool {
	return st == session.SessionQuit || st == session.SessionInterrupted || st == session.SessionFailed
}

// newestRunnable is the id of the newest session that can be resumed.
func newestRunnable(f *factory) (string, error) {
	store, err := f.store()
	if err != nil {
		return "", err
	}
	list, err := store.List()
	if err != nil {
		return "", err
	}
	for _, l := range list { // newest first
		if l.Err == nil && resumable(l.Record.Status) {
			return l.ID, nil
		}
	}
	return "", &session.UsageError{Err: fmt.Errorf("no session was quit or interrupted: there is nothing to resume; start a new one with: %s run", self)}
}

// resumePlan is the plan of the questions r left unanswered (no take that
// is practice, not skipped: a question quit as its answer began is asked
// again), at their places in it, from what r kept of each question, or for
// older sessions from the bank.
func resumePlan(r *session.Record, o *runOptions) (*session.Plan, error) {
	answered := map[int]bool{}
	for _, t := range r.Takes {
		if t.Practice() {
			answered[t.Position] = true
		}
	}
	var qb *bank.Bank
	plan := &session.Plan{Rounds: r.Plan.Rounds}
	for _, q := range r.Plan.Questions {
		if answered[q.Position] || q.Skipped {
			continue
		}
		it := session.PlanItem{Position: q.Position, Question: bank.Question{ID: q.QuestionID, Text: q.Text, TalkingPoints: q.TalkingPoints},
			RoundID: q.Round, RoundTitle: q.RoundTitle, CategoryID: q.Category, CategoryTitle: q.CategoryTitle}
		if q.Text != "" && q.Limits != nil {
			it.Limits = q.Limits.Limits().With(o.limits)
		} else {
			if qb == nil {
				var err error
				if qb, err = loadBank(o.bank); err != nil {
					return nil, err
				}
			}
			bq, br, bc := qb.Question(q.QuestionID)
			if bq == nil {
				return nil, fmt.Errorf("session %s asks %q, which %s does not have; give its bank with --bank FILE", r.ID, q.QuestionID, qb.Source)
			}
			it.Question, it.RoundTitle, it.CategoryTitle = *bq, br.Title, bc.Title
			it.Limits = session.RoundLimits(br).With(o.limits)
		}
		plan.Items = append(plan.Items, it)
	}
	if len(plan.Items) == 0 {
		return nil, &session.UsageError{Err: errors.New("every question of that session was answered or skipped: there is nothing to resume")}
	}
	return plan, nil
}
