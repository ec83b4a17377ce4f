package main

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/mockround/mockround/audio"
	"github.com/mockround/mockround/audio/capture"
	"github.com/mockround/mockround/session"
	"github.com/mockround/mockround/ui"
	"github.com/mockround/mockround/ui/tui"
)

type checkOptions struct {
	f       *factory
	seconds float64
	device  string
	rate    int
	noPlay  bool
	plain   bool
}

func newCheckCmd(f *factory) *cobra.Command {
	o := &checkOptions{f: f}
	c := &cobra.Command{
		Use:         "check",
		Short:       "Check the microphone: a live level, a verdict, the take played back",
		Annotations: interruptible,
		Long: `Record a few seconds from the microphone while a live level meter runs
(on a terminal), then give the peak and RMS level in dBFS and a verdict, and
play the take back so you hear how you sound. Speak as you would in an
interview while it records.

Verdicts, from the recorded take:
  silent    the peak is below -60 dBFS: nothing reaches the input (muted,
            switched off, the wrong device, or no permission to use it)
  clipping  a sample reached full scale (peak at or above -0.1 dBFS): move
            back from the microphone or lower its input gain
  quiet     the peak is below -25 dBFS, or speech averages below -40 dBFS
            RMS: move closer or raise the input gain
  good      none of these

With --plain, or when output is not a terminal, it prints one line:
  check: good · peak -6.2 dBFS · RMS -24.0 dBFS

Exit status: 0 when the verdict is good · 1 for any other verdict or a
failure · 2 bad usage · 130 interrupted.`,
		Example: `  mockround check
  mockround check --seconds 5 --device 2
  mockround check --plain --no-play      # for scripts: one line, exit 0 when good`,
		Args: noArgs,
		RunE: func(c *cobra.Command, _ []string) error { return runCheck(c.Context(), o) },
	}
	fl := c.Flags()
	fl.Float64Var(&o.seconds, "seconds", 3, "how long to record")
	fl.StringVar(&o.device, "device", "", "input device name or index (see: mockround devices)")
	fl.IntVar(&o.rate, "rate", 0, "sample rate in Hz (default: the device's if 44100 or 48000, else 48000)")
	fl.BoolVar(&o.noPlay, "no-play", false, "do not play the take back")
	fl.BoolVar(&o.plain, "plain", false, "print only the verdict line (the default when input or output is not a terminal)")
	return c
}

func runCheck(ctx context.Context, o *checkOptions) error {
	if o.seconds <= 0 || o.seconds > 60 || math.IsNaN(o.seconds) {
		return usageErr("--seconds %g: want more than 0 and at most 60", o.seconds)
	}
	if err := checkRate(o.rate); err != nil {
		return err
	}
	length := time.Duration(o.seconds * float64(time.Second))
	input, err := openMicrophone(ctx, o.f, capture.InputConfig{Device: o.device, Rate: o.rate}, !o.f.fullScreen(o.plain))
	if err != nil {
		return fmt.Errorf("cannot record: %w\n  See the devices with: %s devices; pick one with --device NAME|INDEX", err, self)
	}
	defer input.Close()
	tmp, err := os.MkdirTemp("", "mockround-check-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	path := filepath.Join(tmp, "check.wav")

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var verdict audio.Verdict
	work := func(report func(line, advice string), playing func()) error {
		a, err := recordCheck(ctx, input, path, length)
		if err != nil {
			return err
		}
		l := audio.LevelsOf(a)
		verdict = l.Judge()
		report(l.Line(), verdict.Advice())
		if o.noPlay {
			return nil
		}
		playing()
		tr, _, err := o.f.Play(path, 1)
		if err != nil {
			return fmt.Errorf("play the take back: %w", err)
		}
		if err := ui.Wait(ctx, tr); err != nil && ctx.Err() == nil {
			return fmt.Errorf("play the take back: %w", err)
		}
		return nil // stopped by a key or Ctrl-C: the verdict stands
	}
	if o.f.fullScreen(o.plain) {
		err = tui.Check(o.f.IO.In, o.f.Screen, tui.CheckOptions{Device: input.DeviceName(), Rate: input.Rate(), Length: length,
			Level: input.Level, Color: o.f.Color, Cancel: cancel}, work)
	} else {
		err = work(func(line, _ string) { fmt.Fprintln(o.f.IO.Out, line) }, func() {})
	}
	switch {
	case verdict == "" && ctx.Err() != nil:
		return &exitError{code: exitInterrupted, err: session.ErrInterrupted}
	case err != nil:
		return err
	case verdict != audio.VerdictGood:
		return &exitError{code: exitFailure, err: fmt.Errorf("check: %s: %w", verdict, errAlreadyReported)}
	}
	return nil
}

// checkRate refuses a --rate that is neither 44100 nor 48000 (0: the default).
func checkRate(rate int) error {
	if rate != 0 && rate != 44100 && rate != 48000 {
		return usageErr("--rate %d: want 44100 or 48000", rate)
	}
	return nil
}

// recordCheck records d of input into path and analyses it.
func recordCheck(ctx context.Context, in microphone, path string, d time.Duration) (audio.Analysis, error) {
	if err := in.StartTake(path); err != nil {
		return audio.Analysis{}, err
	}
	var stopErr error
	select {
	case <-time.After(d):
	case <-ctx.Done():
		stopErr = ctx.Err()
	case err := <-in.Faults():
		stopErr = err
	}
	if _, err := in.StopTake(); err != nil || stopErr != nil {
		return audio.Analysis{}, errors.Join(stopErr, err)
	}
	return audio.AnalyzeFile(path)
}
