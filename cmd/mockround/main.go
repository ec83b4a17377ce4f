// Command mockround runs timed mock interviews and records every spoken answer.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"syscall"

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
	self = commandAsRun(os.Args[0], exec.LookPath, os.Executable)
	os.Exit(Main(os.Args[1:], IO{In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr}))
}

// Main runs mockround with args and returns the exit status.
//
// Its context is cancelled by Ctrl-C, SIGTERM or SIGHUP (the terminal
// closed). Commands that record or save as they go (annotated
// interruptible) finish cleanly on it and exit 130; any other command is
// ended at once with 130, as it would be without the handler.
func Main(args []string, streams IO) int {
	// A closed pipe on stdout (mockround run | head -1) must not kill a
	// recording: writes fail with EPIPE instead, and the faces stop cleanly.
	signal.Ignore(syscall.SIGPIPE)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	var interruptible atomic.Bool
	done := make(chan struct{})
	defer close(done) // before stop: see below
	go func() {
		select {
		case <-ctx.Done():
			select {
			case <-done: // Main has returned: stop cancelled ctx, no signal did
				return
			default:
			}
			if !interruptible.Load() {
				os.Exit(exitInterrupted)
			}
			stop() // a second Ctrl-C ends the process whatever it is doing
		case <-done:
		}
	}()
	f := newFactory(streams)
	return execute(ctx, f, args, func(c *cobra.Command) { interruptible.Store(c.Annotations[annInterruptible] != "") })
}

// annInterruptible marks a command that handles Ctrl-C itself: it saves
// what it has and returns an interrupted error.
const annInterruptible = "interruptible"

// interruptible is the Annotations of such a command.
var interruptible = map[string]string{annInterruptible: "saves on Ctrl-C"}

// execute runs the command line args with f and returns the exit status.
// Errors are printed once, here. started, if not nil, is told which command
// runs before it starts.
func execute(ctx context.Context, f *factory, args []string, started func(*cobra.Command)) int {
	root := newRootCmd(f)
	if started != nil {
		root.PersistentPreRun = func(c *cobra.Command, _ []string) { started(c) }
	}
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	if !errors.Is(err, errAlreadyReported) {
		fmt.Fprintf(f.IO.ErrOut, "mockround: %s\n", err)
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

func newRootCmd(f *factory) *cobra.Command {
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
	root.SetIn(f.IO.In)
	root.SetOut(f.IO.Out)
	root.SetErr(f.IO.ErrOut)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageErr("%v (see: %s --help)", err, c.CommandPath())
	})
	root.AddCommand(
		newRunCmd(f),
		newQuestionsCmd(f),
		newSessionsCmd(f),
		newDevicesCmd(f),
		newReplayCmd(f),
		newReviewCmd(f),
		newRepairCmd(f),
		newDeleteCmd(f),
		newReportCmd(f),
		newExportCmd(f),
		newStatsCmd(f),
		newCheckCmd(f),
		newTranscribeCmd(f),
	)
	return root
}
