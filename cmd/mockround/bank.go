package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/mockround/mockround"
	"github.com/mockround/mockround/bank"
	"github.com/mockround/mockround/session"
)

// loadBank reads the bank named by path, or the built-in one when path is "".
// A bad bank's error lists every problem and says how to check the file.
func loadBank(path string) (*bank.Bank, error) {
	if path == "" {
		b, err := bank.Parse(mockround.DefaultBankName, mockround.DefaultBank)
		if err != nil {
			return nil, fmt.Errorf("the built-in bank is broken (please report this): %w", err)
		}
		return b, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &session.UsageError{Err: fmt.Errorf("read bank: %w", err)}
	}
	b, err := bank.Parse(path, data)
	var be *bank.Error
	if errors.As(err, &be) {
		return nil, &bankProblems{be}
	}
	return b, err
}

// bankProblems presents a bad bank: every problem, then the next step.
type bankProblems struct{ be *bank.Error }

func (e *bankProblems) Error() string {
	n := len(e.be.Problems)
	s := "s"
	if n == 1 {
		s = ""
	}
	return fmt.Sprintf("bank %s has %d problem%s:\n%s\nFix the file, then check it with: %s questions check %s",
		e.be.File, n, s, e.be.Error(), self, e.be.File)
}

func (e *bankProblems) Unwrap() error { return e.be }
