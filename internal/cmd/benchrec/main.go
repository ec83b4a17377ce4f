// Command benchrec records one take of a given length through audio.Input
// and reports what it cost, as one line of JSON: the frames written,
// overflows and dropped frames, wall time and the process's peak resident
// memory. The benchmark script (scripts/bench.sh) uses it to compare the
// peak memory of a short and a long take.
//
// With --infile it records from an ALSA file PCM whose input is a FIFO that
// benchrec feeds with that raw s16le mono clip, over and over. The feed is
// paced in real time until the take has started (audio.Input only trusts a
// stream once a read has had to wait for fresh audio), then unpaced, so a
// ten-minute take records in seconds; the take is stopped by frame count.
// A plain file as infile never makes a read wait, so the take would never
// start. Without --infile it records from --device in real time.
//
//	benchrec --infile clip.raw --rate 48000 --seconds 600
//	benchrec --device default --seconds 10
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/mockround/mockround/audio"
)

// alsaDevice names the PCM of the generated ALSA configuration. It is the
// default PCM because PortAudio 19.6 aborts (an assertion in
// BuildDeviceList) when the configuration declares no "default".
const alsaDevice = "default"

type result struct {
	Device    string  `json:"device"`
	Rate      int     `json:"rate"`
	Frames    int64   `json:"frames"`
	Overflows int64   `json:"overflows"`
	Dropped   int64   `json:"dropped_frames"`
	WallS     float64 `json:"wall_s"`
	PeakRSSKB int64   `json:"peak_rss_kb"`
}

func main() {
	infile := flag.String("infile", "", "raw s16le mono clip, fed in a loop to an ALSA file PCM (unpaced once the take starts)")
	device := flag.String("device", "", "input device name or index (default: the default input)")
	rate := flag.Int("rate", 48000, "sample rate in Hz")
	seconds := flag.Float64("seconds", 10, "length of the take, in seconds of audio")
	flag.Parse()
	if err := run(*infile, *device, *rate, *seconds); err != nil {
		fmt.Fprintln(os.Stderr, "benchrec:", err)
		os.Exit(1)
	}
}

func run(infile, device string, rate int, seconds float64) error {
	if seconds <= 0 || rate <= 0 {
		return errors.New("--seconds and --rate must be positive")
	}
	dir, err := os.MkdirTemp("", "benchrec-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)

	var src *feeder
	if infile != "" {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		if src, err = startFeeder(ctx, dir, infile, rate); err != nil {
			return err
		}
	}
	want := int64(seconds * float64(rate))

	in, err := audio.OpenInput(audio.InputConfig{Device: device, Rate: rate})
	if err != nil {
		return err
	}
	defer in.Close()
	began := time.Now()
	if err := in.StartTake(filepath.Join(dir, "take.wav")); err != nil {
		return err
	}
	if src != nil {
		src.unpaced.Store(true)
	}
	// A ticker rather than time.After, so that waiting allocates nothing
	// that would count in the peak memory measured.
	tick := time.NewTicker(2 * time.Millisecond)
	defer tick.Stop()
	for in.TakeFrames() < want {
		select {
		case err := <-in.Faults():
			return err
		case <-tick.C:
		}
	}
	res, err := in.StopTake()
	if err != nil {
		return err
	}
	wall := time.Since(began)
	if src != nil {
		src.unpaced.Store(false) // keep the last reads fed until Close
	}
	if err := in.Close(); err != nil {
		return err
	}

	peak, err := peakRSS()
	if err != nil {
		return err
	}
	return json.NewEncoder(os.Stdout).Encode(result{
		Device:    in.DeviceName(),
		Rate:      res.Rate,
		Frames:    res.Frames,
		Overflows: res.Overflows,
		Dropped:   res.Dropped,
		WallS:     wall.Seconds(),
		PeakRSSKB: peak,
	})
}

// peakRSS returns the process's peak resident memory in kB: VmHWM, the
// high-water mark of this program's own address space. Getrusage's Maxrss
// is not used: Linux carries it across exec, so it reports at least the
// memory of the process that started this one (a Python script, say).
func peakRSS() (int64, error) {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		var ru syscall.Rusage
		if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
			return 0, err
		}
		return ru.Maxrss, nil // kB on Linux; not reached there
	}
	for _, line := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			return strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
		}
	}
	return 0, errors.New("no VmHWM in /proc/self/status")
}

// feeder writes a clip into the FIFO the ALSA file PCM reads from.
type feeder struct {
	unpaced atomic.Bool
}

// startFeeder creates the FIFO and an ALSA configuration reading it, points
// ALSA_CONFIG_PATH at it (before PortAudio starts, which reads it once) and
// feeds the FIFO until ctx ends.
func startFeeder(ctx context.Context, dir, infile string, rate int) (*feeder, error) {
	clip, err := os.ReadFile(infile)
	if err != nil {
		return nil, err
	}
	// Whole 1024-frame blocks, each written at once (under PIPE_BUF), so a
	// read never splits a sample.
	const block = 1024 * 2
	clip = clip[:len(clip)/block*block]
	if len(clip) == 0 {
		return nil, fmt.Errorf("%s: shorter than one block of %d bytes", infile, block)
	}
	fifo := filepath.Join(dir, "input.pcm")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		return nil, fmt.Errorf("mkfifo %s: %w", fifo, err)
	}
	// Open read-write: the open does not wait for a reader, and the FIFO
	// always has a writer, so ALSA's reads wait for data instead of ending.
	w, err := os.OpenFile(fifo, os.O_RDWR, 0)
	if err != nil {
		return nil, err
	}
	conf := fmt.Sprintf(`pcm.null {
	type null
}
pcm.%s {
	type file
	slave.pcm "null"
	file "/dev/null"
	infile %q
	format "raw"
}
`, alsaDevice, fifo)
	path := filepath.Join(dir, "asound.conf")
	if err := os.WriteFile(path, []byte(conf), 0o600); err != nil {
		w.Close()
		return nil, err
	}
	if err := os.Setenv("ALSA_CONFIG_PATH", path); err != nil {
		w.Close()
		return nil, err
	}

	f := &feeder{}
	blockDur := time.Duration(block/2) * time.Second / time.Duration(rate)
	go func() {
		defer w.Close()
		next := time.Now()
		for off := 0; ctx.Err() == nil; off = (off + block) % len(clip) {
			if !f.unpaced.Load() {
				next = next.Add(blockDur)
				time.Sleep(time.Until(next))
			} else {
				next = time.Now()
			}
			if _, err := w.Write(clip[off : off+block]); err != nil {
				return
			}
		}
	}()
	return f, nil
}
