package capture

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mockround/mockround/audio"
	"github.com/mockround/mockround/internal/audiotest"
)

// TestRecordFromVirtualMicrophone records through the real PortAudio stack
// while a known speech clip plays into the virtual microphone, and checks
// that the take holds that clip.
func TestRecordFromVirtualMicrophone(t *testing.T) {
	audiotest.RequireVirtualMic(t)
	dir := t.TempDir()

	in, err := OpenInput(InputConfig{})
	if err != nil {
		t.Fatalf("open the default input: %v", err)
	}
	defer in.Close()
	rate := in.Rate()
	if rate != 44100 && rate != 48000 {
		t.Fatalf("rate %d, want 44100 or 48000", rate)
	}
	res, m := recordClip(t, in, dir, "The quick brown fox jumps over the lazy dog. Testing one two three.", 0)
	info, err := audio.ReadInfo(res.Path)
	if err != nil {
		t.Fatal(err)
	}
	if !info.HeaderOK() || info.Frames() != res.Frames || info.Rate != rate || info.Channels != 1 || info.BitsPerSample != 16 {
		t.Fatalf("file %+v does not match result %+v", info, res)
	}
	// The virtual microphone is the monitor of a null sink, which renders a
	// period of what is played as soon as it has it: the monitor hands over
	// audio up to a period before its time, so the clip can be found up to
	// a period early. A real microphone only hands over audio already
	// captured.
	early := -audio.FramesDuration(periodFrames, rate) - 50*time.Millisecond
	if m.Lag < early || m.Lag > time.Second {
		t.Errorf("clip found at %s into the take, want from %s to 1s", m.Lag, early)
	}
}

// TestPauseAndConsecutiveTakes: a paused take leaves the paused time out,
// and takes after the first start at once on the open stream.
func TestPauseAndConsecutiveTakes(t *testing.T) {
	audiotest.RequireVirtualMic(t)
	dir := t.TempDir()
	in, err := OpenInput(InputConfig{})
	if err != nil {
		t.Fatalf("open the default input: %v", err)
	}
	defer in.Close()

	for i, pause := range []bool{false, true, false} {
		path := filepath.Join(dir, fmt.Sprintf("take%d.wav", i))
		began := time.Now()
		if err := in.StartTake(path); err != nil {
			t.Fatal(err)
		}
		if took := time.Since(began); i > 0 && took > 300*time.Millisecond {
			t.Errorf("take %d took %s to start on an open stream", i, took)
		}
		var paused time.Duration
		time.Sleep(time.Second)
		if pause {
			p := time.Now()
			in.Pause()
			time.Sleep(time.Second)
			in.Resume()
			paused = time.Since(p)
		}
		time.Sleep(time.Second)
		stop := time.Now()
		res, err := in.StopTake()
		if err != nil {
			t.Fatal(err)
		}
		want := stop.Sub(in.TakeStart()) - paused
		if d := res.Duration() - want; d < -25*time.Millisecond || d > 25*time.Millisecond {
			t.Errorf("take %d (pause %v): recorded %s, want %s ± 25 ms", i, pause, res.Duration(), want)
		}
		if info, err := audio.ReadInfo(path); err != nil || !info.HeaderOK() || info.Frames() != res.Frames {
			t.Errorf("take %d on disk: %+v, %v; result %+v", i, info, err, res)
		}
	}
}

// TestRingWraps records through a ring of 3 s (the writer takes from it
// once a second), so that a take of speech wraps it several times: the take
// holds the clip, whole, at its length, and nothing is dropped.
func TestRingWraps(t *testing.T) {
	audiotest.RequireVirtualMic(t)
	defer func(s int) { ringSeconds = s }(ringSeconds)
	ringSeconds = 3
	in, err := OpenInput(InputConfig{})
	if err != nil {
		t.Fatalf("open the default input: %v", err)
	}
	defer in.Close()
	text := "Ring buffers wrap around. This sentence is long enough to cross the end of the ring more than once, and it must come back whole."
	res, _ := recordClip(t, in, t.TempDir(), text, 2*time.Duration(ringSeconds)*time.Second)
	if res.Dropped != 0 || res.Overflows != 0 {
		t.Errorf("dropped %d frames, %d overflows", res.Dropped, res.Overflows)
	}
}

// recordClip records one take while a speech clip of text, at least
// minLen long, plays into the virtual microphone. It checks that the take
// is as long as its wall-clock time and holds the clip, and returns the
// take and where the clip was found.
func recordClip(t *testing.T, in *Input, dir, text string, minLen time.Duration) (TakeResult, audiotest.Match) {
	t.Helper()
	rate := in.Rate()
	clip := audiotest.Speech(t, dir, "clip", text, rate, 300*time.Millisecond, 0)
	ref, _ := audiotest.Samples(t, clip)
	clipLen := time.Duration(len(ref)) * time.Second / time.Duration(rate)
	if clipLen < minLen {
		t.Fatalf("the clip is %s, shorter than the %s the test needs", clipLen, minLen)
	}
	take := filepath.Join(dir, "take.wav")
	if err := in.StartTake(take); err != nil {
		t.Fatal(err)
	}
	started := in.TakeStart()
	wait := audiotest.Play(t, clip)
	wait()
	time.Sleep(time.Until(started.Add(clipLen + 700*time.Millisecond)))
	wall := time.Since(started)
	res, err := in.StopTake()
	if err != nil {
		t.Fatal(err)
	}
	if d := res.Duration() - wall; d < -25*time.Millisecond || d > 25*time.Millisecond {
		t.Errorf("recorded %s in %s of wall time", res.Duration(), wall)
	}
	rec, _ := audiotest.Samples(t, take)
	m := audiotest.Find(rec, ref, rate, 2*time.Second)
	t.Logf("clip %s, take %s: %s, overflows %d, dropped %d", clipLen, res.Duration(), m, res.Overflows, res.Dropped)
	if m.Envelope < 0.9 || m.Wave < 0.6 {
		t.Errorf("the take does not hold the clip: %s", m)
	}
	return res, m
}

// helperEnv, set in a re-executed test binary, makes it record one take
// into the file it names instead of running the tests (see recordHelper).
const helperEnv = "MOCKROUND_CAPTURE_HELPER"

// helperTake is how long recordHelper records: after a 2 s stop 2 s in,
// time to see a stall (1.2 s), reopen the stream and get its first audio,
// which the virtual microphone hands a new stream up to 2.3 s after it
// opens (at 8 s, a reopened stream's audio sometimes came after the end).
const helperTake = 12 * time.Second

func TestMain(m *testing.M) {
	if path := os.Getenv(helperEnv); path != "" {
		os.Exit(recordHelper(path))
	}
	os.Exit(m.Run())
}

// helperReport is what recordHelper prints, as JSON, when it is done.
type helperReport struct {
	Result TakeResult
	Wall   time.Duration // from the take's start to StopTake
	Faults []string
	Err    string
}

// recordHelper records a take of helperTake into path from the default
// input, printing "started" once the take has begun and a helperReport at
// the end.
func recordHelper(path string) int {
	var rep helperReport
	defer func() { json.NewEncoder(os.Stdout).Encode(rep) }()
	in, err := OpenInput(InputConfig{})
	if err != nil {
		rep.Err = err.Error()
		return 1
	}
	defer in.Close()
	if err := in.StartTake(path); err != nil {
		rep.Err = err.Error()
		return 1
	}
	fmt.Println("started")
	end := time.After(time.Until(in.TakeStart().Add(helperTake)))
	for waiting := true; waiting; {
		select {
		case err := <-in.Faults():
			rep.Faults = append(rep.Faults, err.Error())
		case <-end:
			waiting = false
		}
	}
	rep.Wall = time.Since(in.TakeStart())
	rep.Result, err = in.StopTake()
	if err != nil {
		rep.Err = err.Error()
		return 1
	}
	return 0
}

// suspendedHelper runs recordHelper in a process of its own, calls
// started once its take has begun and, 2 s into the take, stops it
// (SIGSTOP) for stopped, calling meanwhile(pid) while it is stopped. It
// checks the helper reported no fault, and that its take is a valid WAV as
// long as the result says and, with its gap, as long as the time it ran;
// it returns the report.
func suspendedHelper(t *testing.T, path string, stopped time.Duration, started func(), meanwhile func(pid int)) helperReport {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), helperEnv+"="+path)
	var stderr strings.Builder // PortAudio's complaints about the stream
	cmd.Stderr = &stderr
	defer func() {
		if t.Failed() {
			t.Logf("the helper's standard error:\n%s", stderr.String())
		}
	}()
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	lines := bufio.NewScanner(out)
	lines.Buffer(nil, 1<<20)
	if !lines.Scan() || lines.Text() != "started" {
		t.Fatalf("the helper did not start a take: %q", lines.Text())
	}
	began := time.Now()
	if started != nil {
		started()
	}
	time.Sleep(time.Until(began.Add(2 * time.Second)))
	if err := cmd.Process.Signal(syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	resume := time.Now().Add(stopped)
	if meanwhile != nil {
		meanwhile(cmd.Process.Pid)
	}
	time.Sleep(time.Until(resume))
	if err := cmd.Process.Signal(syscall.SIGCONT); err != nil {
		t.Fatal(err)
	}
	var rep helperReport
	if !lines.Scan() {
		t.Fatalf("no report from the helper: %v", lines.Err())
	}
	if err := json.Unmarshal(lines.Bytes(), &rep); err != nil {
		t.Fatalf("the helper's report %q: %v", lines.Text(), err)
	}
	if err := cmd.Wait(); err != nil {
		t.Errorf("helper: %v", err)
	}
	res := rep.Result
	t.Logf("stopped %s: take %s of %s, suspended %s, gap %s, overflows %d, dropped %d", stopped, res.Duration(), rep.Wall, res.Suspended, res.Gap, res.Overflows, res.Dropped)
	if rep.Err != "" || len(rep.Faults) > 0 {
		t.Fatalf("the take failed: %s %q", rep.Err, rep.Faults)
	}
	if info, err := audio.ReadInfo(path); err != nil || !info.HeaderOK() || info.Frames() != res.Frames || info.Rate != res.Rate {
		t.Errorf("take on disk: %+v, %v; result %+v", info, err, res)
	}
	if d := res.Duration() + res.Gap - rep.Wall; d < -gapSlack || d > gapSlack {
		t.Errorf("the take holds %s and lacks %s, in %s", res.Duration(), res.Gap, rep.Wall)
	}
	// The capture thread wakes at least twice a second, so it sees nearly
	// all of a stop.
	if low := stopped - 600*time.Millisecond; res.Suspended < low || res.Suspended > stopped+500*time.Millisecond {
		t.Errorf("suspended %s, stopped %s", res.Suspended, stopped)
	}
	return rep
}

// TestSuspendedProcess: a recording process stopped for a few seconds (a
// job control stop; to the sound server, a laptop's sleep is much the
// same) carries on with no fault when it resumes. PulseAudio keeps what
// was recorded meanwhile, so the take lacks nothing: speech played across
// the stop is in it, whole and in place.
func TestSuspendedProcess(t *testing.T) {
	audiotest.RequireVirtualMic(t)
	dir := t.TempDir()
	text := "While the recorder is stopped, the sound server keeps what the microphone hears."
	clip := audiotest.Speech(t, dir, "clip", text, 48000, 300*time.Millisecond, 0)
	path := filepath.Join(dir, "take.wav")
	var wait func()
	rep := suspendedHelper(t, path, 3*time.Second, func() { wait = audiotest.Play(t, clip) }, nil)
	wait()
	if rep.Result.Gap != 0 {
		t.Errorf("the take lacks %s", rep.Result.Gap)
	}
	ref, _ := audiotest.Samples(t, audiotest.Speech(t, dir, "ref", text, rep.Result.Rate, 300*time.Millisecond, 0))
	if len(ref) < 4*rep.Result.Rate {
		t.Fatalf("the clip is %d frames, too short to span the stop", len(ref))
	}
	rec, _ := audiotest.Samples(t, path)
	m := audiotest.Find(rec, ref, rep.Result.Rate, 2*time.Second)
	t.Logf("clip: %s", m)
	// Found where it is in a take with no stop (see
	// TestRecordFromVirtualMicrophone): its audio is where it was played.
	early := -audio.FramesDuration(periodFrames, rep.Result.Rate) - 50*time.Millisecond
	if m.Envelope < 0.9 || m.Wave < 0.6 || m.Lag < early || m.Lag > time.Second {
		t.Errorf("the take does not hold the clip in place: %s", m)
	}
}

// TestStreamReopenedAfterSuspend: a stream that fails, or stops
// delivering, when the process resumes from a stop is reopened, with no
// fault: the take goes on, lacking the audio from the stop until the new
// stream delivers, and says so. PulseAudio is made to drop the stopped
// process's connection (the stream fails) or its stream (it goes quiet).
func TestStreamReopenedAfterSuspend(t *testing.T) {
	audiotest.RequireVirtualMic(t)
	audiotest.RequireTools(t, "pacmd")
	for _, tc := range []struct{ name, kill string }{
		{"the stream fails", "kill-client"},
		{"the stream stalls", "kill-source-output"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "take.wav")
			const stopped = 2 * time.Second
			rep := suspendedHelper(t, path, stopped, nil, func(pid int) {
				output, client := pulseStream(t, pid)
				id := output
				if tc.kill == "kill-client" {
					id = client
				}
				if out, err := exec.Command("pacmd", tc.kill, id).CombinedOutput(); err != nil || len(out) > 0 {
					t.Errorf("pacmd %s %s: %v %s", tc.kill, id, err, out)
				}
			})
			// The take lacks the stop, and the time the new stream took.
			if res := rep.Result; res.Gap < stopped-500*time.Millisecond || res.Duration() < 3*time.Second {
				t.Errorf("the take holds %s and lacks %s: want audio after the reopen, and the stop missing", res.Duration(), res.Gap)
			}
		})
	}
}

// pulseStream finds the PulseAudio record stream of process pid: its
// source output's and its client's indexes.
func pulseStream(t *testing.T, pid int) (output, client string) {
	t.Helper()
	out, err := exec.Command("pactl", "list", "source-outputs").Output()
	if err != nil {
		t.Fatalf("pactl list source-outputs: %v", err)
	}
	for _, block := range strings.Split(string(out), "Source Output #")[1:] {
		if !strings.Contains(block, fmt.Sprintf("application.process.id = \"%d\"", pid)) {
			continue
		}
		output, _, _ = strings.Cut(block, "\n")
		for _, line := range strings.Split(block, "\n") {
			if c, ok := strings.CutPrefix(strings.TrimSpace(line), "Client: "); ok {
				client = c
			}
		}
		return strings.TrimSpace(output), client
	}
	t.Fatalf("no PulseAudio stream of process %d:\n%s", pid, out)
	return "", ""
}
