//go:build unix

package audio

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mockround/mockround/internal/safefs"
)

// wsBroken is a 16-bit mono WAV as a kill leaves it: sizes 0 and half a
// frame at the end, so that Repair would rewrite its header and cut it.
func wsBroken() []byte {
	return append(wtWithSizes(wtCanonical(wtRate, wtPCM(wtSamples(300))), 44, wtU32(0), wtU32(0)), 0x81)
}

// TestSymlinkedWAVRefused: a take that is a symbolic link to a WAV
// elsewhere is neither read nor written through the link.
func TestSymlinkedWAVRefused(t *testing.T) {
	outside := wtWriteFile(t, "elsewhere.wav", wsBroken())
	dir := t.TempDir()
	link := filepath.Join(dir, "01-q.wav")
	if err := os.Symlink(outside, link); err != nil {
		t.Fatal(err)
	}
	var checkAt func(what, link string, err error)
	check := func(what string, err error) {
		t.Helper()
		checkAt(what, link, err)
	}
	checkAt = func(what, link string, err error) {
		t.Helper()
		if !errors.Is(err, safefs.ErrSymlink) {
			t.Errorf("%s: error %v, want one wrapping safefs.ErrSymlink", what, err)
		} else if !strings.Contains(err.Error(), link) || !strings.Contains(err.Error(), "symbolic link") {
			t.Errorf("%s: error %q does not name the link and the problem", what, err)
		}
	}
	changed, _, err := Repair(link)
	check("Repair", err)
	if changed {
		t.Error("Repair says it changed something")
	}
	_, err = ReadInfo(link)
	check("ReadInfo", err)
	_, err = AnalyzeFile(link)
	check("AnalyzeFile", err)
	if got := wtReadFile(t, outside); !bytes.Equal(got, wsBroken()) {
		t.Errorf("the file the link points to changed (%d bytes, was %d)", len(got), len(wsBroken()))
	}

	// CreateWAV through a link: to a file that exists, to one that does not.
	w, err := CreateWAV(link, wtRate)
	if err == nil {
		w.Close()
	}
	check("CreateWAV over a link to a file", err)
	if got := wtReadFile(t, outside); !bytes.Equal(got, wsBroken()) {
		t.Errorf("CreateWAV changed the file a link points to")
	}
	dangling := filepath.Join(dir, "02-q.wav")
	target := filepath.Join(t.TempDir(), "new.wav")
	if err := os.Symlink(target, dangling); err != nil {
		t.Fatal(err)
	}
	w, err = CreateWAV(dangling, wtRate)
	if err == nil {
		w.Close()
	}
	checkAt("CreateWAV over a dangling link", dangling, err)
	if _, err := os.Lstat(target); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("CreateWAV made the file a dangling link points to (%v)", err)
	}
}

// TestRepairRefusesHardLink: a take with a second hard link may be a file
// elsewhere; Repair does not write to it.
func TestRepairRefusesHardLink(t *testing.T) {
	path := wtWriteFile(t, "take.wav", wsBroken())
	other := filepath.Join(filepath.Dir(path), "other.wav")
	if err := os.Link(path, other); err != nil {
		t.Skipf("no hard links here: %v", err)
	}
	changed, _, err := Repair(path)
	if !errors.Is(err, safefs.ErrHardLinked) || changed {
		t.Errorf("Repair = changed %v, err %v; want safefs.ErrHardLinked", changed, err)
	}
	if got := wtReadFile(t, other); !bytes.Equal(got, wsBroken()) {
		t.Error("Repair wrote to a file with two links")
	}
}

// TestReadInfoRefusesFIFO: a named pipe where a take should be is refused
// at once, not waited on.
func TestReadInfoRefusesFIFO(t *testing.T) {
	path := filepath.Join(t.TempDir(), "take.wav")
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	done := make(chan error, 3)
	go func() {
		_, err := ReadInfo(path)
		done <- err
		_, _, err = Repair(path)
		done <- err
		_, err = AnalyzeFile(path)
		done <- err
	}()
	for range 3 {
		select {
		case err := <-done:
			if !errors.Is(err, safefs.ErrNotRegular) {
				t.Errorf("error %v, want safefs.ErrNotRegular", err)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("opening a FIFO blocked")
		}
	}
}
