// Package bank is the question bank format: the types a bank is made of,
// their lookups, and one parser that checks every rule and reports each
// problem with its JSON path and its line and column in the file.
package bank

import (
	"fmt"
	"strings"
	"time"
)

// Format is the newest question bank format version this code understands.
const Format = 1

// Bank is a parsed and validated question bank.
type Bank struct {
	Format int
	Title  string
	Notes  []string // preparation_notes
	Rounds []Round
	Source string // the name given to Parse (file path or "built-in questions.json")
	Hash   string // "sha256:" + hex of the raw bytes
}

// Round is one round of a bank, e.g. the technical questions.
type Round struct {
	ID, Title                    string
	Prep, Answer, Warn, Overtime *time.Duration // nil when the bank does not set them
	// FollowUpAnswer is the answer time of a follow-up question (nil: the
	// default, a minute).
	FollowUpAnswer *time.Duration
	// Min is the least an answer should last (nil: none): the full screen's
	// clock turns green once it is reached, and reports say when a take
	// was shorter.
	Min        *time.Duration
	Categories []Category
}

// Category groups the questions of a round.
type Category struct {
	ID, Title string
	Questions []Question
}

// Question is one interview question.
type Question struct {
	ID, Text      string
	Prep, Answer  *time.Duration // nil when unset
	TalkingPoints []string
	// FollowUps are questions an interviewer might ask after the answer;
	// a round asks one of them (see session.PlanOptions.FollowUps).
	FollowUps []string
}

// FindRound finds a round by its id (exactly), else by its title (ignoring
// case), else by a prefix of its id that matches one round only.
func (b *Bank) FindRound(name string) (*Round, error) {
	want := strings.TrimSpace(name)
	for i := range b.Rounds {
		if b.Rounds[i].ID == want {
			return &b.Rounds[i], nil
		}
	}
	for i := range b.Rounds {
		if strings.EqualFold(b.Rounds[i].Title, want) {
			return &b.Rounds[i], nil
		}
	}
	var matches []int
	if want != "" {
		lower := strings.ToLower(want)
		for i := range b.Rounds {
			if strings.HasPrefix(b.Rounds[i].ID, lower) {
				matches = append(matches, i)
			}
		}
	}
	if len(matches) == 1 {
		return &b.Rounds[matches[0]], nil
	}
	ids := make([]string, len(b.Rounds))
	for i, r := range b.Rounds {
		ids[i] = r.ID
	}
	valid := "rounds in this bank: " + strings.Join(ids, ", ")
	if len(matches) > 1 {
		amb := make([]string, len(matches))
		for i, m := range matches {
			amb[i] = b.Rounds[m].ID
		}
		return nil, fmt.Errorf("round %q is ambiguous: it matches %s; %s", name, strings.Join(amb, ", "), valid)
	}
	return nil, fmt.Errorf("unknown round %q; %s", name, valid)
}

// Question finds a question by id, with the round and category holding it.
// All three are nil when no question has that id.
func (b *Bank) Question(id string) (*Question, *Round, *Category) {
	for i := range b.Rounds {
		r := &b.Rounds[i]
		for j := range r.Categories {
			c := &r.Categories[j]
			for k := range c.Questions {
				if c.Questions[k].ID == id {
					return &c.Questions[k], r, c
				}
			}
		}
	}
	return nil, nil, nil
}

// QuestionCount is the number of questions in the bank.
func (b *Bank) QuestionCount() int {
	n := 0
	for _, r := range b.Rounds {
		for _, c := range r.Categories {
			n += len(c.Questions)
		}
	}
	return n
}
