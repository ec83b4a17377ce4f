// Command mockround runs timed mock interviews and records every spoken answer.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"

	"github.com/mockround/mockround/audio"
	"github.com/mockround/mockround/bank"
	"github.com/mockround/mockround/session"
)

// Exit statuses, the same for every command.
const (
	exitOK          = 0
	exitFailure     = 1
	exitUsage       = 2 // bad usage or a bad input file
	exitInterrupted = 130
)

// IO holds a command's streams, so tests can run commands in memory.
type IO struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer
}

func main() {
	// mockround never computes in parallel: it waits for the user and the
	// audio. With more than one P, every goroutine that wakes also wakes a
	// second thread to look for work, which finds none; while recording,
	// those wake-ups are a third of the process's CPU. GOMAXPROCS in the
	// environment still wins.
	if os.Getenv("GOMAXPROCS") == "" {
		runtime.GOMAXPROCS(1)
	}
	os.Exit(Main(os.Args[1:], IO{In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr}))
}

// Main runs mockround with args and returns the exit status. Errors are
// printed once, here.
func Main(args []string, io IO) int {
	root := newRootCmd(io)
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return exitOK
	}
	if !errors.Is(err, errAlreadyReported) {
		fmt.Fprintf(io.ErrOut, "mockround: %s\n", err)
	}
	return exitCode(err)
}

// errAlreadyReported marks an error whose message was shown to the user
// already; only its exit status is left to give.
var errAlreadyReported = errors.New("already reported")

func exitCode(err error) int {
	var usage *session.UsageError
	var bankErr *bank.Error
	var rec *session.RecordError
	var exit *exitError
	switch {
	case errors.As(err, &exit):
		return exit.code
	case errors.Is(err, session.ErrInterrupted):
		return exitInterrupted
	case errors.As(err, &usage), errors.As(err, &bankErr), errors.As(err, &rec), errors.Is(err, audio.ErrNotWAV):
		return exitUsage
	case strings.HasPrefix(err.Error(), "unknown command"), strings.HasPrefix(err.Error(), "unknown flag"):
		return exitUsage
	}
	return exitFailure
}

// exitError carries an explicit exit status.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func usageErr(format string, args ...any) error {
	return &session.UsageError{Err: fmt.Errorf(format, args...)}
}

func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

const exitCodesHelp = `
Exit status: 0 success · 1 failure · 2 bad usage or a bad input file · 130 interrupted (after saving).`

func newRootCmd(io IO) *cobra.Command {
	root := &cobra.Command{
		Use:   "mockround",
		Short: "Practise interviews out loud: timed mock rounds, every answer recorded",
		Long: `mockround runs a timed mock interview from a question bank (the METR interview
questions are built in), records each spoken answer to a WAV file, and keeps
every session on this machine for replay and review. Nothing leaves it.` + "\n" + exitCodesHelp,
		Example: `  mockround run --round behavioral --count 2
  mockround questions --round technical
  mockround sessions`,
		Version:       version(),
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	root.SetIn(io.In)
	root.SetOut(io.Out)
	root.SetErr(io.ErrOut)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageErr("%v (see: %s --help)", err, c.CommandPath())
	})
	root.AddCommand(
		newRunCmd(io),
		newQuestionsCmd(io),
		newSessionsCmd(io),
		newDevicesCmd(io),
		newReplayCmd(io),
		newReviewCmd(io),
		newRepairCmd(io),
		newReportCmd(io),
		newStatsCmd(io),
		newCheckCmd(io),
	)
	return root
}
