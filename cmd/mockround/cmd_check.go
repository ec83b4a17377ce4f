package main

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/mockround/mockround/audio"
	"github.com/mockround/mockround/audio/capture"
	"github.com/mockround/mockround/audio/playback"
	"github.com/mockround/mockround/session"
	"github.com/mockround/mockround/ui/tui"
)

// Verdicts of a microphone check.
const (
	verdictSilent   = "silent"
	verdictQuiet    = "quiet"
	verdictGood     = "good"
	verdictClipping = "clipping"
)

// Thresholds of the verdicts, in dBFS.
const (
	silentPeak   = -60.0 // below: nothing reached the input
	clipPeak     = -0.1  // at or above (or any sample at full scale): clipping
	quietPeak    = -25.0 // below: too quiet
	quietLoudRMS = -40.0 // speech RMS below: too quiet
)

type checkOptions struct {
	io      IO
	length  time.Duration
	device  string
	rate    int
	noPlay  bool
	plain   bool
	seconds float64
}

func newCheckCmd(io IO) *cobra.Command {
	o := &checkOptions{io: io}
	c := &cobra.Command{
		Use:   "check",
		Short: "Check the microphone: a live level, a verdict, the take played back",
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
		RunE: func(c *cobra.Command, _ []string) error {
			if o.seconds <= 0 || o.seconds > 60 || math.IsNaN(o.seconds) {
				return usageErr("--seconds %g: want more than 0 and at most 60", o.seconds)
			}
			if o.rate != 0 && o.rate != 44100 && o.rate != 48000 {
				return usageErr("--rate %d: want 44100 or 48000", o.rate)
			}
			o.length = time.Duration(o.seconds * float64(time.Second))
			return runCheck(c.Context(), o)
		},
	}
	f := c.Flags()
	f.Float64Var(&o.seconds, "seconds", 3, "how long to record")
	f.StringVar(&o.device, "device", "", "input device name or index (see: mockround devices)")
	f.IntVar(&o.rate, "rate", 0, "sample rate in Hz (default: the device's if 44100 or 48000, else 48000)")
	f.BoolVar(&o.noPlay, "no-play", false, "do not play the take back")
	f.BoolVar(&o.plain, "plain", false, "print only the verdict line (the default when input or output is not a terminal)")
	return c
}

func runCheck(ctx context.Context, o *checkOptions) error {
	input, err := capture.OpenInput(capture.InputConfig{Device: o.device, Rate: o.rate})
	if err != nil {
		return fmt.Errorf("cannot record: %w\n  See the devices with: mockround devices; pick one with --device NAME|INDEX", err)
	}
	defer input.Close()
	tmp, err := os.MkdirTemp("", "mockround-check-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	path := filepath.Join(tmp, "check.wav")

	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var verdict string
	work := func(report func(line, advice string), playing func()) error {
		a, err := recordCheck(ctx, input, path, o.length)
		if err != nil {
			return err
		}
		var line string
		verdict, line = judgeCheck(a)
		report(line, checkAdvice[verdict])
		if o.noPlay {
			return nil
		}
		playing()
		p, _, err := playback.Play(path, 1)
		if err != nil {
			return fmt.Errorf("play the take back: %w", err)
		}
		if err := p.Wait(ctx); err != nil && ctx.Err() == nil {
			return fmt.Errorf("play the take back: %w", err)
		}
		return nil // stopped by a key or Ctrl-C: the verdict stands
	}
	if fullScreen(o.io, o.plain) {
		err = tui.Check(o.io.In, o.io.Out, tui.CheckOptions{Device: input.DeviceName(), Rate: input.Rate(), Length: o.length,
			Level: input.Level, Color: colorOK(), Cancel: cancel}, work)
	} else {
		err = work(func(line, _ string) { fmt.Fprintln(o.io.Out, line) }, func() {})
	}
	switch {
	case verdict == "" && ctx.Err() != nil:
		return &exitError{code: exitInterrupted, err: session.ErrInterrupted}
	case err != nil:
		return err
	case verdict != verdictGood:
		return &exitError{code: exitFailure, err: fmt.Errorf("check: %s: %w", verdict, errAlreadyReported)}
	}
	return nil
}

// recordCheck records d of input into path and analyses it.
func recordCheck(ctx context.Context, in *capture.Input, path string, d time.Duration) (audio.Analysis, error) {
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

// checkLevels are the figures a verdict is drawn from, in dBFS.
type checkLevels struct {
	Peak, RMS float64
	SpeechRMS float64 // RMS of the speech alone (the loud parts)
	Clipped   int64   // samples at full scale
}

// levelsOf takes the check's figures from a take's analysis. The RMS of
// the speech is what is left of the take's power once the quiet parts, at
// the noise floor, are taken out, spread over the speaking time.
func levelsOf(a audio.Analysis) checkLevels {
	l := checkLevels{Peak: a.PeakDBFS, RMS: a.RMSDBFS, SpeechRMS: a.RMSDBFS, Clipped: a.ClippedSamples}
	if a.SpeakingS > 0 && a.LengthS > a.SpeakingS {
		power := math.Pow(10, a.RMSDBFS/10) * a.LengthS
		noise := math.Pow(10, a.NoiseFloorDBFS/10) * (a.LengthS - a.SpeakingS)
		if speech := power - noise; speech > 0 {
			l.SpeechRMS = 10 * math.Log10(speech/a.SpeakingS)
		}
	}
	return l
}

// checkVerdict judges a check's levels.
func checkVerdict(l checkLevels) string {
	switch {
	case l.Peak < silentPeak:
		return verdictSilent
	case l.Clipped > 0 || l.Peak >= clipPeak:
		return verdictClipping
	case l.Peak < quietPeak || l.SpeechRMS < quietLoudRMS:
		return verdictQuiet
	}
	return verdictGood
}

// judgeCheck gives the verdict on a take and its one-line report.
func judgeCheck(a audio.Analysis) (verdict, line string) {
	l := levelsOf(a)
	verdict = checkVerdict(l)
	return verdict, fmt.Sprintf("check: %s · peak %s dBFS · RMS %s dBFS", verdict, dbText(l.Peak), dbText(l.RMS))
}

func dbText(v float64) string {
	if v <= audio.SilenceDBFS {
		return "-inf"
	}
	return fmt.Sprintf("%.1f", v)
}

var checkAdvice = map[string]string{
	verdictSilent: "Nothing reached the input: is the microphone muted, switched off, or not the default? " +
		"See the devices with: mockround devices (macOS: allow this terminal in System Settings › Privacy & Security › Microphone).",
	verdictQuiet:    "Too quiet: move closer to the microphone or raise its input gain, then check again.",
	verdictClipping: "Too loud, the take clips: move back from the microphone or lower its input gain, then check again.",
	verdictGood:     "The level suits recording.",
}
