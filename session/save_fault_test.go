//go:build linux

// Linux only: the write failure comes from RLIMIT_FSIZE, whose EFBIG (with
// SIGXFSZ ignored, as the Go runtime does) is what Linux gives.

package session

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"

	"github.com/mockround/mockround/internal/safefs"
)

// sfaultGood saves a good record in a new directory and returns the
// directory, the record and the bytes of its session.json.
func sfaultGood(t *testing.T) (string, *Record, []byte) {
	t.Helper()
	dir := t.TempDir()
	rec := stRecord("20261127T090000Z-abc123")
	if err := Save(dir, rec); err != nil {
		t.Fatal(err)
	}
	return dir, rec, sfRead(t, filepath.Join(dir, RecordFile))
}

// sfaultKept checks that a failed Save returned an error naming the file
// (and wrapping want), and left the good session.json whole and no
// temporary file.
func sfaultKept(t *testing.T, dir string, good *Record, before []byte, err, want error) {
	t.Helper()
	path := filepath.Join(dir, RecordFile)
	if err == nil {
		t.Fatal("Save succeeded")
	}
	if !errors.Is(err, want) || !strings.HasPrefix(err.Error(), "save "+path+": ") {
		t.Errorf("Save error %q, want one starting %q and wrapping %v", err, "save "+path+": ", want)
	}
	if after := sfRead(t, path); string(after) != string(before) {
		t.Errorf("the good session.json was replaced (%d bytes, were %d)", len(after), len(before))
	}
	if got, err := Load(dir); err != nil || !reflect.DeepEqual(got, good) {
		t.Errorf("Load after the failed Save = %v; want the good record", err)
	}
	if names := stNames(t, dir); !reflect.DeepEqual(names, []string{RecordFile}) {
		t.Errorf("directory holds %v, want only %s", names, RecordFile)
	}
}

// TestSaveWriteFailureKeepsRecord: a write that fails part way (here the
// file size limit, as a full disk would) leaves the good session.json as it
// was: the partial temporary file is never renamed over it, and goes.
func TestSaveWriteFailureKeepsRecord(t *testing.T) {
	dir, good, before := sfaultGood(t)
	bigger := stRecord(good.ID)
	bigger.Takes[0].Notes = strings.Repeat("a long note ", 2000) // over 16 KiB
	var old syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &old); err != nil {
		t.Fatal(err)
	}
	const limit = 8 << 10 // room for part of the new record only
	if old.Cur < limit {
		t.Skipf("file size limit already %d bytes", old.Cur)
	}
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &syscall.Rlimit{Cur: limit, Max: old.Max}); err != nil {
		t.Fatal(err)
	}
	err := Save(dir, bigger)
	if rerr := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &old); rerr != nil {
		t.Fatal(rerr)
	}
	sfaultKept(t, dir, good, before, err, syscall.EFBIG)

	// With the limit gone, the same Save goes through.
	if err := Save(dir, bigger); err != nil {
		t.Fatal(err)
	}
	if got, err := Load(dir); err != nil || got.Takes[0].Notes != bigger.Takes[0].Notes {
		t.Errorf("Load after Save = %v", err)
	}
}

// errInjected is the failure a test makes a step of Save return.
var errInjected = errors.New("injected failure")

// sfaultFail makes step ("write", "sync", "close" or "rename") of
// writeFileAtomic fail with errInjected for the rest of the test, through
// the store's step variables; a write that fails writes half its data
// first.
func sfaultFail(t *testing.T, step string) {
	t.Helper()
	switch step {
	case "write":
		old := writeTemp
		writeTemp = func(f *os.File, b []byte) (int, error) { n, _ := old(f, b[:len(b)/2]); return n, errInjected }
		t.Cleanup(func() { writeTemp = old })
	case "sync":
		old := syncTemp
		syncTemp = func(*os.File) error { return errInjected }
		t.Cleanup(func() { syncTemp = old })
	case "close":
		old := closeTemp
		closeTemp = func(f *os.File) error { old(f); return errInjected }
		t.Cleanup(func() { closeTemp = old })
	case "rename":
		old := renameTemp
		renameTemp = func(*safefs.Dir, string, string) error { return errInjected }
		t.Cleanup(func() { renameTemp = old })
	default:
		t.Fatalf("no step %q", step)
	}
}

// TestSaveStepFailureKeepsRecord: whichever step of Save fails (write,
// sync, close, rename), the error is returned and the good session.json
// stays whole, with no temporary file left.
func TestSaveStepFailureKeepsRecord(t *testing.T) {
	for _, step := range []string{"write", "sync", "close", "rename"} {
		t.Run(step, func(t *testing.T) {
			dir, good, before := sfaultGood(t)
			sfaultFail(t, step)
			newer := stRecord(good.ID)
			newer.Status = SessionQuit
			sfaultKept(t, dir, good, before, Save(dir, newer), errInjected)
		})
	}
}
