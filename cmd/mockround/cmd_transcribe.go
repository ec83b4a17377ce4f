package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/mockround/mockround/internal/text"
	"github.com/mockround/mockround/session"
	"github.com/mockround/mockround/transcribe"
)

type transcribeOptions struct {
	f        *factory
	session  string
	engine   string
	force    bool
	model    string
	plain    bool
	getModel string
}

func newTranscribeCmd(f *factory) *cobra.Command {
	o := &transcribeOptions{f: f}
	c := &cobra.Command{
		Use:   "transcribe [SESSION]",
		Short: "Turn each recorded answer into text: pace, filler words, talking points covered",
		Long: `Transcribe every recorded take of a session that has no transcript yet
(every one with --force), on this computer: nothing leaves it. Each
transcript is kept beside its take, and report and stats then show its
words, the pace in words a minute, the filler words (um, like, you
know, ...) and which talking points the answer touched.

The engine is whisper.cpp (whisper-cli on the PATH, with a model: get one
with --get-model base.en) when it is there, else PocketSphinx
(pocketsphinx_continuous, with its US English model). --engine picks one.

Stopped with Ctrl-C or killed, it keeps what it finished; run it again to
do the rest. ` + sessionArgHelp + "\n" + exitCodesHelp,
		Example: `  mockround transcribe
  mockround transcribe last --engine pocketsphinx
  mockround transcribe --get-model base.en     # then whisper.cpp is used
  mockround transcribe --force                 # again, e.g. with a better model`,
		Args:        atMostArgs(1, "one SESSION"),
		Annotations: interruptible,
		RunE: func(c *cobra.Command, args []string) error {
			o.session = argAt(args, 0)
			return runTranscribe(c.Context(), o)
		},
	}
	c.Flags().StringVar(&o.engine, "engine", transcribe.Auto, "auto, whisper or pocketsphinx")
	c.Flags().BoolVar(&o.force, "force", false, "transcribe every take again, even those with a transcript")
	c.Flags().StringVar(&o.model, "model", "", "whisper.cpp model FILE (default: the best in the data directory's models)")
	c.Flags().BoolVar(&o.plain, "plain", false, "one line per answer, no progress line")
	c.Flags().StringVar(&o.getModel, "get-model", "", "download whisper.cpp model NAME (e.g. base.en) into the data directory, then exit")
	return c
}

func runTranscribe(ctx context.Context, o *transcribeOptions) error {
	if o.getModel != "" {
		if o.session != "" || o.force {
			return usageErr("--get-model downloads a model and does nothing else; run transcribe again to use it")
		}
		return runGetModel(ctx, o)
	}
	switch strings.ToLower(o.engine) {
	case transcribe.Auto, transcribe.WhisperName, transcribe.PocketSphinxName:
	default:
		return usageErr("--engine %q: use auto, whisper or pocketsphinx", o.engine)
	}
	repairCutOff(o.f)
	l, unlock, err := lockSession(o.f, o.session, "transcribe")
	if err != nil {
		return err
	}
	defer unlock()
	// This process holds the session: what another left is its own.
	transcribe.RemoveLeftovers(l.Dir, 0)
	points := transcriptPoints(l.Record)
	work := findWork(l, points, o.force)
	for _, err := range work.broken {
		fmt.Fprintf(o.f.IO.ErrOut, "mockround: %v; transcribing it again\n", err)
	}
	for _, t := range work.found {
		fmt.Fprintln(o.f.IO.Out, transcribedLine(t, "transcribed before"))
	}
	if len(work.found) > 0 {
		if err := session.Save(l.Dir, l.Record); err != nil {
			return err
		}
	}
	if work.recorded == 0 {
		fmt.Fprintf(o.f.IO.Out, "Session %s has no recorded answers to transcribe.\n", l.ID)
		return nil
	}
	if len(work.todo) == 0 {
		fmt.Fprintf(o.f.IO.Out, "Every recorded take of session %s has a transcript (again with --force). See them with: %s report %s\n", l.ID, self, l.ID)
		return nil
	}
	home, err := o.f.Home()
	if err != nil {
		return err
	}
	eng, err := transcribe.Find(transcribe.Options{Engine: o.engine, WhisperModel: o.model, DataDir: home})
	if err != nil {
		return &exitError{code: exitFailure, err: err}
	}
	return transcribeTakes(ctx, o, l, eng, work.todo, points)
}

// transcribeTakes transcribes the takes one by one, saving each transcript
// and session.json as it is done, so that whatever stops it keeps what was
// finished. A take that cannot be transcribed is reported and skipped.
func transcribeTakes(ctx context.Context, o *transcribeOptions, l session.Listed, eng transcribe.Engine,
	todo []*session.Take, points func(string) []string) error {
	out, errOut := o.f.IO.Out, o.f.IO.ErrOut
	fmt.Fprintf(out, "Transcribing %d %s of session %s with %s\n", len(todo), text.Plural(len(todo), "take"), l.ID, eng.Name())
	var prog *progress
	if !o.plain && o.f.OutTTY {
		prog = newProgress(o.f.Screen, todo)
		defer prog.stop()
	}
	say := func(dst io.Writer, line string) {
		if prog != nil {
			prog.say(dst, line)
		} else {
			fmt.Fprintln(dst, line)
		}
	}
	done, failed := 0, 0
	for _, t := range todo {
		if prog != nil {
			prog.start(t)
		}
		took, err := transcribeTake(ctx, l, eng, t, points)
		if prog != nil {
			prog.finish(t)
		}
		switch {
		case ctx.Err() != nil:
			return &exitError{code: exitInterrupted, err: fmt.Errorf("%w: %d of %d %s transcribed, and kept; run %s transcribe again to do the rest",
				session.ErrInterrupted, done, len(todo), text.Plural(len(todo), "take"), self)}
		case isEngineMissing(err):
			return &exitError{code: exitFailure, err: err}
		case err != nil:
			failed++
			say(errOut, fmt.Sprintf("mockround: %s: %v", takeName(t), err))
			continue
		}
		if err := session.Save(l.Dir, l.Record); err != nil {
			return err
		}
		done++
		say(out, transcribedLine(t, fmt.Sprintf("%.1f s", took.Seconds())))
	}
	if failed > 0 {
		return &exitError{code: exitFailure, err: fmt.Errorf("%d of %d %s could not be transcribed (see above)",
			failed, len(todo), text.Plural(len(todo), "take"))}
	}
	fmt.Fprintf(out, "Done. See the transcripts with: %s report %s\n", self, l.ID)
	return nil
}

// transcribeTake transcribes one take, writes its transcript beside it and
// refers the take to it. It returns how long the engine took.
func transcribeTake(ctx context.Context, l session.Listed, eng transcribe.Engine, t *session.Take, points func(string) []string) (time.Duration, error) {
	wav, err := t.WAVFile(l.Dir)
	if err != nil {
		return 0, err
	}
	start := time.Now()
	tr, err := eng.Transcribe(ctx, wav, l.Dir)
	if err != nil {
		return 0, err
	}
	took := time.Since(start)
	if err := transcribe.Write(filepath.Join(l.Dir, t.TranscriptName()), tr); err != nil {
		return took, err
	}
	t.SetTranscript(tr, points)
	return took, nil
}

// getModel downloads a whisper.cpp model; tests swap it.
var getModel = transcribe.GetModel

// runGetModel downloads model o.getModel into the data directory's models,
// with a progress line on a terminal.
func runGetModel(ctx context.Context, o *transcribeOptions) error {
	if transcribe.ModelByName(o.getModel) == nil {
		var names []string
		for _, m := range transcribe.Models {
			names = append(names, m.Name)
		}
		return usageErr("--get-model %q: no such model; choose one of %s", o.getModel, strings.Join(names, ", "))
	}
	home, err := o.f.Home()
	if err != nil {
		return err
	}
	dir := filepath.Join(home, "models")
	m := transcribe.ModelByName(o.getModel)
	fmt.Fprintf(o.f.IO.Out, "Downloading whisper.cpp model %s (about %s) into %s\n", m.Name, m.Size, dir)
	var report func(done, total int64)
	tty := o.f.OutTTY
	if tty {
		last := time.Time{}
		report = func(done, total int64) {
			if time.Since(last) < 200*time.Millisecond && done != total {
				return
			}
			last = time.Now()
			if total > 0 {
				fmt.Fprintf(o.f.Screen, "\r\x1b[K%d of %d MiB · %d%%", done>>20, total>>20, done*100/total)
			} else {
				fmt.Fprintf(o.f.Screen, "\r\x1b[K%d MiB", done>>20)
			}
		}
	}
	path, err := getModel(ctx, m.Name, dir, report)
	if tty {
		fmt.Fprint(o.f.Screen, "\r\x1b[K")
	}
	if err != nil {
		if ctx.Err() != nil {
			return &exitError{code: exitInterrupted, err: fmt.Errorf("%w: the download stopped; run the same command again to go on from where it stopped",
				session.ErrInterrupted)}
		}
		return err
	}
	fmt.Fprintf(o.f.IO.Out, "Model ready: %s\nTranscribe with it: %s transcribe --engine whisper\n", path, self)
	return nil
}
