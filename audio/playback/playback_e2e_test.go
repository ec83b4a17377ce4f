package playback

import (
	"context"
	"encoding/binary"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/mockround/mockround/audio"
	"github.com/mockround/mockround/internal/audiotest"
)

// TestPlaybackReachesTheSpeaker plays a WAV through beep into the virtual
// speaker (the null sink), records the sink's monitor with parecord, and
// checks that what came out is what the file holds.
func TestPlaybackReachesTheSpeaker(t *testing.T) {
	audiotest.RequireVirtualMic(t)
	dir := t.TempDir()
	clip := audiotest.Speech(t, dir, "clip", "Replay: this is the answer I recorded a moment ago.", 44100, 0, 0)
	ref, _ := audiotest.Samples(t, clip)

	captured := filepath.Join(dir, "captured.wav")
	rec := exec.Command("parecord", "--device="+audiotest.MonitorSource(t), "--rate=44100", "--channels=1", "--format=s16le", "--file-format=wav", captured)
	if err := rec.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond) // let parecord connect before playback starts

	p, repaired, err := Play(clip, 1)
	if err != nil {
		rec.Process.Kill()
		t.Fatal(err)
	}
	if repaired {
		t.Error("a truthful header was repaired")
	}
	if err := p.Wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Second) // the sound server's buffer drains into the monitor
	rec.Process.Signal(syscall.SIGINT)
	rec.Wait()

	got, _ := audiotest.Samples(t, captured)
	// The clip may start late on a machine whose sound server is cold (a
	// fresh CI runner took 2 s to open the first stream): look for it
	// wherever it lies whole in the capture (a partial overlap at the edges
	// can correlate by chance); where it starts is not what this test
	// checks, that what the file holds comes out is.
	if len(got) < len(ref) {
		t.Fatalf("captured %.2fs of output for a %.2fs clip", float64(len(got))/44100, float64(len(ref))/44100)
	}
	m := audiotest.FindBetween(got, ref, 44100, 0, time.Duration(len(got)-len(ref))*time.Second/44100)
	t.Logf("captured %.2fs of output for a %.2fs clip: %s", float64(len(got))/44100, float64(len(ref))/44100, m)
	if m.Envelope < 0.9 || m.Wave < 0.6 {
		t.Errorf("the speaker did not play the file: %s", m)
	}
}

// TestPlaybackOfLyingHeaders: beep's WAV decoder plays nothing for header
// sizes 0 or 0xFFFFFFFF and hangs for sizes past the end of the file; each
// such file is repaired and played in full.
func TestPlaybackOfLyingHeaders(t *testing.T) {
	audiotest.RequireVirtualMic(t)
	dir := t.TempDir()
	clip := audiotest.Speech(t, dir, "clip", "One two three.", 44100, 0, 0)
	want, err := audio.ReadInfo(clip)
	if err != nil {
		t.Fatal(err)
	}
	for name, size := range map[string]uint32{"zero": 0, "ffffffff": 0xFFFFFFFF, "past-the-end": uint32(want.DataBytes) * 3} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(dir, name+".wav")
			data, _ := os.ReadFile(clip)
			binary.LittleEndian.PutUint32(data[4:], size)
			binary.LittleEndian.PutUint32(data[want.DataOffset-4:], size)
			os.WriteFile(path, data, 0o600)

			p, repaired, err := Play(path, 1.5)
			if err != nil {
				t.Fatal(err)
			}
			if !repaired {
				t.Error("the lying header was not repaired")
			}
			ctx, cancel := context.WithTimeout(context.Background(), want.Duration()+3*time.Second)
			defer cancel()
			if err := p.Wait(ctx); err != nil {
				t.Fatalf("playback did not finish: %v", err)
			}
			if p.Position() != want.Duration().Truncate(time.Second/44100) && want.Duration()-p.Position() > time.Millisecond {
				t.Errorf("played %s of %s", p.Position(), want.Duration())
			}
		})
	}
}
