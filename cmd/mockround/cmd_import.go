package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/mockround/mockround/internal/safe"
	"github.com/mockround/mockround/internal/text"
	"github.com/mockround/mockround/session"
)

// runImportReview merges a reviewer's file into its session (review --import).
func runImportReview(o *reviewOptions) error {
	name := o.importF
	data, err := readReviewFile(name)
	if err != nil {
		return err
	}
	arg, named := o.session, false
	if arg == "" {
		arg = session.ReviewSession(data) // the session the file names, when it names one
		named = arg != ""
	}
	repairCutOff(o.f)
	l, unlock, err := lockSession(o.f, arg, "import a review into")
	var usage *session.UsageError
	if named && errors.As(err, &usage) {
		return &session.UsageError{Err: &session.ReviewError{File: name, Place: "session",
			Problem: fmt.Sprintf("the review is of session %s, which is not here (%v)", arg, usage.Err),
			Next:    "import it where that session was recorded, or name the session to import it into: " + self + " review --import " + name + " SESSION"}}
	}
	if err != nil {
		return err
	}
	defer unlock()
	rv, err := session.ParseReview(name, data, l.Record)
	if err != nil {
		return &session.UsageError{Err: err}
	}
	out := o.f.IO.Out
	who := safe.Text(rv.Reviewer)
	if newer := l.Record.NewerReview(rv); newer != nil {
		fmt.Fprintf(out, "%s's review already here was saved at %s, after this file's (%s): kept it; nothing changed\n",
			who, safe.Text(newer.Saved), safe.Text(rv.Saved))
		return nil
	}
	if !l.Record.MergeReview(rv) {
		fmt.Fprintf(out, "%s's review of session %s is imported already; nothing changed\n", who, l.ID)
		return nil
	}
	if err := session.Save(l.Dir, l.Record); err != nil {
		return err
	}
	rated, comments := 0, 0
	for _, t := range rv.Takes {
		if t.Rating > 0 {
			rated++
		}
		comments += len(t.Comments)
	}
	fmt.Fprintf(out, "Imported %s's review of session %s: %d %s rated, %d %s\n", who, l.ID,
		rated, text.Plural(rated, "take"), comments, text.Plural(comments, "comment"))
	fmt.Fprintf(out, "Next: %s report %s · %s replay %s\n", self, l.ID, self, l.ID)
	return nil
}

// readReviewFile reads a review file, refusing one over the size limit
// before reading it all.
func readReviewFile(name string) ([]byte, error) {
	bad := func(problem, next string) error {
		return &session.UsageError{Err: &session.ReviewError{File: name, Problem: problem, Next: next}}
	}
	f, err := os.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, bad("no such file", "give the path of the file the review page saved")
	}
	if err != nil {
		return nil, bad(err.Error(), "check the file's permissions")
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, bad(err.Error(), "")
	}
	if !st.Mode().IsRegular() {
		return nil, bad("not a regular file", "give the path of the file the review page saved")
	}
	data, err := io.ReadAll(io.LimitReader(f, session.MaxReviewBytes+1))
	if err != nil {
		return nil, bad(err.Error(), "")
	}
	if len(data) > session.MaxReviewBytes {
		return nil, bad(fmt.Sprintf("%d bytes; a review file is at most %d (1 MB)", st.Size(), session.MaxReviewBytes),
			"ask the reviewer to save the review again from the page that mockround export wrote")
	}
	return data, nil
}
