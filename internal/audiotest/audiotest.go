// Package audiotest helps end-to-end tests drive real audio on a machine
// without a sound card: speech clips made with espeak-ng and sox, played into
// the PulseAudio virtual microphone that scripts/virtual-mic.sh sets up, and
// compared with what was recorded.
package audiotest

import (
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// InCI reports whether the tests run in continuous integration, where every
// end-to-end test must run: a missing tool or device there is a failure.
func InCI() bool { return os.Getenv("CI") != "" || os.Getenv("MOCKROUND_E2E") != "" }

// unavailable fails the test in CI and skips it elsewhere, saying how to
// get what is missing.
func unavailable(t testing.TB, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...) + " (run `make test`, which installs the tools and starts the virtual microphone)"
	if InCI() {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

// SkipShort skips an end-to-end test (real audio, a real terminal, a
// browser) under -short, the unit run. In CI -short is never given, so these
// tests always run there.
func SkipShort(t testing.TB) {
	t.Helper()
	if testing.Short() {
		t.Skip("end to end: skipped under -short (make test runs it)")
	}
}

// RequireTools checks that the named programs are installed. Under -short
// (the unit run) it skips: tests that need outside programs are end to end.
func RequireTools(t testing.TB, tools ...string) {
	t.Helper()
	SkipShort(t)
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			unavailable(t, "%s is not installed", tool)
		}
	}
}

// RequireVirtualMic checks that PulseAudio runs with a monitor source as its
// default source, so what Play plays is what the default input records.
// It also takes the machine-wide lock on the virtual microphone until the
// test ends: go test runs packages in parallel, and two tests playing into
// one microphone would hear each other.
func RequireVirtualMic(t testing.TB) {
	t.Helper()
	SkipShort(t)
	lock(t)
	RequireTools(t, "pactl", "paplay", "parecord", "espeak-ng", "sox")
	out, err := exec.Command("pactl", "info").CombinedOutput()
	if err != nil {
		unavailable(t, "PulseAudio is not running: %v: %s", err, strings.TrimSpace(string(out)))
	}
	if !strings.Contains(string(out), "Default Source: ") || !strings.Contains(string(out), ".monitor") {
		unavailable(t, "the default PulseAudio source is not a monitor (virtual microphone):\n%s", out)
	}
}

// MonitorSource returns the name of the default source: the monitor of the
// virtual speaker, where whatever is played can be recorded.
func MonitorSource(t testing.TB) string {
	t.Helper()
	out, err := exec.Command("pactl", "get-default-source").Output()
	if err != nil {
		t.Fatalf("pactl get-default-source: %v", err)
	}
	return strings.TrimSpace(string(out))
}

func lock(t testing.TB) {
	t.Helper()
	f, err := os.OpenFile(filepath.Join(os.TempDir(), "mockround-virtual-mic.lock"), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	})
}

// Speech writes text spoken by espeak-ng to dir as a 16-bit mono WAV at rate,
// with silence of lead before and tail after it, and returns its path.
func Speech(t testing.TB, dir, name, text string, rate int, lead, tail time.Duration) string {
	t.Helper()
	raw := filepath.Join(dir, name+".espeak.wav")
	out := filepath.Join(dir, name+".wav")
	run(t, "espeak-ng", "-s", "150", "-w", raw, text)
	run(t, "sox", raw, "-r", fmt.Sprint(rate), "-c", "1", "-b", "16", out,
		"pad", fmt.Sprintf("%.3f", lead.Seconds()), fmt.Sprintf("%.3f", tail.Seconds()))
	return out
}

// Play plays a WAV into the virtual microphone and returns a function that
// waits for it to finish.
func Play(t testing.TB, path string) (wait func()) {
	t.Helper()
	cmd := exec.Command("paplay", path)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("paplay %s: %v", path, err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-done
	})
	return func() {
		t.Helper()
		if err := <-done; err != nil {
			t.Errorf("paplay %s: %v: %s", path, err, stderr.String())
		}
		done <- nil // let Cleanup's receive pass
	}
}

func run(t testing.TB, name string, args ...string) {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
}

// Samples reads a 16-bit mono PCM WAV (canonical or not) as floats in [-1, 1],
// trusting the file's length rather than its header sizes.
func Samples(t testing.TB, path string) (samples []float64, rate int) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(data) < 12 || string(data[0:4]) != "RIFF" || string(data[8:12]) != "WAVE" {
		t.Fatalf("%s: not a WAV file", path)
	}
	off := 12
	for off+8 <= len(data) {
		id, n := string(data[off:off+4]), int(binary.LittleEndian.Uint32(data[off+4:]))
		body := off + 8
		switch id {
		case "fmt ":
			if ch := binary.LittleEndian.Uint16(data[body+2:]); ch != 1 {
				t.Fatalf("%s: %d channels, want mono", path, ch)
			}
			if bits := binary.LittleEndian.Uint16(data[body+14:]); bits != 16 {
				t.Fatalf("%s: %d bits per sample, want 16", path, bits)
			}
			rate = int(binary.LittleEndian.Uint32(data[body+4:]))
		case "data":
			pcm := data[body:]
			samples = make([]float64, len(pcm)/2)
			for i := range samples {
				samples[i] = float64(int16(binary.LittleEndian.Uint16(pcm[2*i:]))) / 32768
			}
			return samples, rate
		}
		off = body + n + n&1
	}
	t.Fatalf("%s: no data chunk", path)
	return nil, 0
}

// Match is how well a recording holds a reference clip.
type Match struct {
	Lag      time.Duration // where the clip starts in the recording
	Envelope float64       // correlation of 10 ms loudness envelopes, in [-1, 1]
	Wave     float64       // correlation of the waveforms at the best lag
}

func (m Match) String() string {
	return fmt.Sprintf("lag %s, envelope correlation %.3f, waveform correlation %.3f", m.Lag.Round(time.Millisecond), m.Envelope, m.Wave)
}

// Find locates ref inside rec (both at rate), within maxLag either way:
// first by the loudness envelopes, which survive resampling and small
// delays, then sample by sample around that lag.
func Find(rec, ref []float64, rate int, maxLag time.Duration) Match {
	return FindBetween(rec, ref, rate, -maxLag, maxLag)
}

// FindBetween is Find for lags from minLag to maxLag.
func FindBetween(rec, ref []float64, rate int, minLag, maxLag time.Duration) Match {
	win := rate / 100
	er, ef := envelope(rec, win), envelope(ref, win)
	best, bestLag := math.Inf(-1), 0
	for lag := int(minLag.Seconds() * 100); lag <= int(maxLag.Seconds()*100); lag++ {
		if c := correlate(er, ef, lag); c > best {
			best, bestLag = c, lag
		}
	}
	m := Match{Envelope: best}
	bestW, bestS := math.Inf(-1), bestLag*win
	for s := bestLag*win - 2*win; s <= bestLag*win+2*win; s++ {
		if c := correlate(rec, ref, s); c > bestW {
			bestW, bestS = c, s
		}
	}
	m.Wave = bestW
	m.Lag = time.Duration(bestS) * time.Second / time.Duration(rate)
	return m
}

func envelope(x []float64, win int) []float64 {
	out := make([]float64, len(x)/win)
	for i := range out {
		var s float64
		for _, v := range x[i*win : (i+1)*win] {
			s += v * v
		}
		out[i] = math.Sqrt(s / float64(win))
	}
	return out
}

// correlate is the Pearson correlation of a[lag+i] and b[i] over their overlap.
func correlate(a, b []float64, lag int) float64 {
	var n, sa, sb, saa, sbb, sab float64
	for i := range b {
		j := i + lag
		if j < 0 || j >= len(a) {
			continue
		}
		x, y := a[j], b[i]
		n++
		sa += x
		sb += y
		saa += x * x
		sbb += y * y
		sab += x * y
	}
	if n < 2 {
		return math.Inf(-1)
	}
	cov := sab - sa*sb/n
	va, vb := saa-sa*sa/n, sbb-sb*sb/n
	if va <= 0 || vb <= 0 {
		return 0
	}
	return cov / math.Sqrt(va*vb)
}

// RMS is the root mean square of x.
func RMS(x []float64) float64 {
	if len(x) == 0 {
		return 0
	}
	var s float64
	for _, v := range x {
		s += v * v
	}
	return math.Sqrt(s / float64(len(x)))
}
