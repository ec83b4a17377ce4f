package session

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/mockround/mockround/internal/safefs"
)

// Resolve finds the session a SESSION argument names: "" or "last" for the
// newest session (its error if its file cannot be read), else a session id or a unique prefix of one. The
// argument is a name, never a path: it cannot reach outside the sessions
// directory, through ".." or a symbolic link (a session directory that is
// a link is refused, with an error naming it).
func (s *Store) Resolve(arg string) (Listed, error) {
	self := command(s.Self)
	arg = strings.TrimSpace(arg)
	if strings.ContainsAny(arg, `/\`) || strings.Contains(arg, "..") || filepath.IsAbs(arg) {
		return Listed{}, &UsageError{Err: fmt.Errorf("session %q: give a session id from `%s sessions` (or `last`), not a path", arg, self)}
	}
	list, err := s.List()
	if err != nil {
		return Listed{}, err
	}
	if len(list) == 0 {
		return Listed{}, fmt.Errorf("no sessions yet in %s; start one with: %s run", s.SessionsDir(), self)
	}
	var match []Listed
	if arg == "" || arg == "last" {
		// The newest session, even when its file cannot be read: quietly
		// taking an older one would review or replay the wrong session.
		// A link planted among the sessions is no session and is passed by.
		for _, l := range list {
			if l.Err != nil && safefs.IsUnsafe(l.Err) {
				continue
			}
			if l.Err != nil {
				return Listed{}, fmt.Errorf("the newest session, %s, cannot be read: %w\n"+
					"Fix or move that file, or name an older session by its id (see: %s sessions)", l.ID, l.Err, self)
			}
			match = []Listed{l}
			break
		}
		if len(match) == 0 {
			return Listed{}, fmt.Errorf("no readable session in %s; see: %s sessions", s.SessionsDir(), self)
		}
	} else {
		for _, l := range list {
			if l.ID == arg {
				match = []Listed{l}
				break
			}
			if strings.HasPrefix(l.ID, arg) {
				match = append(match, l)
			}
		}
	}
	switch {
	case len(match) == 0:
		return Listed{}, &UsageError{Err: fmt.Errorf("no session %q; see the ids with: %s sessions", arg, self)}
	case len(match) > 1:
		ids := make([]string, 0, 3)
		for _, l := range match[:min(3, len(match))] {
			ids = append(ids, l.ID)
		}
		return Listed{}, &UsageError{Err: fmt.Errorf("%q matches %d sessions (%s...); give more of the id", arg, len(match), strings.Join(ids, ", "))}
	}
	l := match[0]
	if err := s.inside(l.Dir); err != nil {
		return Listed{}, err
	}
	if l.Err != nil {
		return Listed{}, l.Err
	}
	return l, nil
}

// inside checks that dir is a directory directly inside the sessions
// directory, itself no symbolic link, reached through no symbolic link.
func (s *Store) inside(dir string) error {
	name := filepath.Base(dir)
	if filepath.Dir(dir) != s.SessionsDir() {
		return fmt.Errorf("session %s is not in %s; refusing to use it", name, s.SessionsDir())
	}
	sd, err := safefs.OpenDir(s.SessionsDir())
	if err != nil {
		return fmt.Errorf("session %s: %w", name, err)
	}
	defer sd.Close()
	d, err := sd.OpenDir(name)
	if err != nil {
		return fmt.Errorf("session %s: %w", name, err)
	}
	return d.Close()
}

// Answer is one answered question of a session with its takes in order.
type Answer struct {
	Position  int
	Takes     []*Take // every take of the question
	FollowUps []*Take // the takes of its follow-up question, if it was asked
}

// Chosen returns the take to play or rate by default: the one marked best,
// else the last take that has a recording, else the last take.
func (a *Answer) Chosen() *Take {
	for _, t := range a.Takes {
		if t.Best {
			return t
		}
	}
	for i := len(a.Takes) - 1; i >= 0; i-- {
		if a.Takes[i].File != "" {
			return a.Takes[i]
		}
	}
	return a.Takes[len(a.Takes)-1]
}

// Take returns take number n of the answer.
func (a *Answer) Take(n int) (*Take, error) {
	for _, t := range a.Takes {
		if t.Take == n {
			return t, nil
		}
	}
	return nil, &UsageError{Err: fmt.Errorf("question %d has no take %d (it has %d)", a.Position, n, len(a.Takes))}
}

// Answers groups the takes of r by question, in plan order. Takes point
// into r, so changes to them change the record. A question skipped before
// any take has none and is no answer.
func (r *Record) Answers() []Answer {
	var out []Answer
	index := map[int]int{}
	for i := range r.Takes {
		t := &r.Takes[i]
		if t.Status == TakeSkipped && t.File == "" {
			continue
		}
		j, ok := index[t.Position]
		if !ok {
			j = len(out)
			index[t.Position] = j
			out = append(out, Answer{Position: t.Position})
		}
		if t.FollowUp != "" {
			out[j].FollowUps = append(out[j].FollowUps, t)
			continue
		}
		out[j].Takes = append(out[j].Takes, t)
	}
	// A follow-up with no answer before it (a hand-edited file) is no answer.
	return slices.DeleteFunc(out, func(a Answer) bool { return len(a.Takes) == 0 })
}

// FindAnswers selects answers by an ANSWER argument: "" for all, a 1-based
// question number, or a question id.
func (r *Record) FindAnswers(arg string) ([]Answer, error) {
	all := r.Answers()
	if arg == "" {
		return all, nil
	}
	n, numErr := strconv.Atoi(arg)
	for _, a := range all {
		t := a.Takes[0]
		if (numErr == nil && a.Position == n) || t.QuestionID == arg {
			return []Answer{a}, nil
		}
	}
	var have []string
	for _, a := range all {
		have = append(have, fmt.Sprintf("%d %s", a.Position, a.Takes[0].QuestionID))
	}
	if len(have) == 0 {
		return nil, errors.New("this session has no answers")
	}
	return nil, &UsageError{Err: fmt.Errorf("no answer %q in session %s; it has: %s", arg, r.ID, strings.Join(have, ", "))}
}
