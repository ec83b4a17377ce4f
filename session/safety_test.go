//go:build unix

package session

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mockround/mockround/audio"
	"github.com/mockround/mockround/internal/safefs"
)

// sfBrokenWAV is a 16-bit mono WAV as a kill leaves it: sizes 0 and half a
// frame at the end, which audio.Repair would rewrite and cut.
func sfBrokenWAV() []byte {
	h := make([]byte, 44)
	copy(h, "RIFF\x00\x00\x00\x00WAVEfmt ")
	binary.LittleEndian.PutUint32(h[16:], 16)
	binary.LittleEndian.PutUint16(h[20:], 1)
	binary.LittleEndian.PutUint16(h[22:], 1)
	binary.LittleEndian.PutUint32(h[24:], 44100)
	binary.LittleEndian.PutUint32(h[28:], 88200)
	binary.LittleEndian.PutUint16(h[32:], 2)
	binary.LittleEndian.PutUint16(h[34:], 16)
	copy(h[36:], "data")
	return append(append(h, bytes.Repeat([]byte{0x90, 0x91}, 2000)...), 0x81)
}

// sfRepairWAV is the WAVRepair the commands use; calls counts its calls.
func sfRepairWAV(calls *[]string) WAVRepair {
	return func(path string) (int64, int, bool, error) {
		*calls = append(*calls, path)
		changed, info, err := audio.Repair(path)
		return info.Frames(), info.Rate, changed, err
	}
}

// sfRunning is a session cut off while recording its first take.
func sfRunning(id string) *Record {
	rec := stRecord(id)
	rec.Status = SessionRunning
	rec.Ended = nil
	rec.Takes[0].Status = TakeRecording
	rec.Takes[0].Ended = nil
	return rec
}

func sfWrite(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

func sfRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func sfSymlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
}

// sfWantLinkErr checks err names path as a symbolic link.
func sfWantLinkErr(t *testing.T, what string, err error, path string) {
	t.Helper()
	if err == nil {
		t.Errorf("%s: no error, want one about the symbolic link %s", what, path)
		return
	}
	if !errors.Is(err, safefs.ErrSymlink) || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "symbolic link") {
		t.Errorf("%s: error %q, want one naming %s as a symbolic link", what, err, path)
	}
}

// TestRepairRefusesSymlinkedWAV: a take whose WAV is a symbolic link to a
// WAV elsewhere is reported, and the file elsewhere is neither rewritten
// nor cut, by Repair or by the automatic repair of cut-off sessions.
func TestRepairRefusesSymlinkedWAV(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "elsewhere.wav")
	sfWrite(t, outside, sfBrokenWAV())
	s := NewStore(t.TempDir())
	id, dir, err := s.Create(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	rec := sfRunning(id)
	if err := Save(dir, rec); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, rec.Takes[0].File)
	sfSymlink(t, outside, link)

	var calls []string
	lines, err := s.RepairCutOff(sfRepairWAV(&calls))
	if err != nil {
		t.Fatal(err)
	}
	if len(calls) != 0 {
		t.Errorf("the WAV repair was called with %v", calls)
	}
	if got := sfRead(t, outside); !bytes.Equal(got, sfBrokenWAV()) {
		t.Errorf("the file the take links to changed (%d bytes, was %d)", len(got), len(sfBrokenWAV()))
	}
	if len(lines) != 1 || !strings.Contains(lines[0], link) || !strings.Contains(lines[0], "symbolic link") {
		t.Errorf("RepairCutOff said %q, want a line naming %s as a symbolic link", lines, link)
	}
	got, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if tk := got.Takes[0]; tk.Frames != rec.Takes[0].Frames || tk.LengthS != rec.Takes[0].LengthS {
		t.Errorf("the take's frames became %d (%.1f s), were %d", tk.Frames, tk.LengthS, rec.Takes[0].Frames)
	}

	// Again by hand (replay and repair call Repair), and through a FIFO.
	r, err := Repair(dir, sfRepairWAV(&calls))
	if err != nil || len(calls) != 0 || len(r.Actions) != 1 || !strings.Contains(r.Actions[0], "symbolic link") {
		t.Errorf("Repair = %+v, %v (WAV repair called with %v); want one action about the link", r, err, calls)
	}
	os.Remove(link)
	if err := syscall.Mkfifo(link, 0o600); err != nil {
		t.Fatal(err)
	}
	r, err = Repair(dir, sfRepairWAV(&calls))
	if err != nil || len(calls) != 0 || len(r.Actions) != 1 || !strings.Contains(r.Actions[0], "not a regular file") {
		t.Errorf("Repair with a FIFO = %+v, %v (WAV repair called with %v)", r, err, calls)
	}
}

// TestTakeWAVFile: the path of a take's WAV is refused when it is a link
// or not a regular file, with the reason; a missing file is reported as such.
func TestTakeWAVFile(t *testing.T) {
	dir := t.TempDir()
	outside := filepath.Join(t.TempDir(), "x.wav")
	sfWrite(t, outside, sfBrokenWAV())
	sfWrite(t, filepath.Join(dir, "01-real.wav"), sfBrokenWAV())
	sfSymlink(t, outside, filepath.Join(dir, "02-link.wav"))
	if err := os.Mkdir(filepath.Join(dir, "03-dir.wav"), 0o700); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		file   string
		ok     bool  // WAVPath
		is     error // WAVFile's error wraps it; nil: no error
		inText string
	}{
		{"01-real.wav", true, nil, ""},
		{"02-link.wav", false, safefs.ErrSymlink, "symbolic link"},
		{"03-dir.wav", false, safefs.ErrNotRegular, "not a regular file"},
		{"04-missing.wav", true, fs.ErrNotExist, "04-missing.wav"},
		{"", false, errors.New(""), "not recorded"},
		{"../x.wav", false, errors.New(""), "not a WAV in the session directory"},
		{".hidden.wav", false, errors.New(""), "not a WAV in the session directory"},
		{"notes.txt", false, errors.New(""), "not a WAV in the session directory"},
	} {
		tk := &Take{Position: 2, Take: 1, File: tc.file}
		path, err := tk.WAVFile(dir)
		switch {
		case tc.is == nil && (err != nil || path != filepath.Join(dir, tc.file)):
			t.Errorf("%q: WAVFile = %q, %v", tc.file, path, err)
		case tc.is != nil && err == nil:
			t.Errorf("%q: WAVFile = %q, want an error", tc.file, path)
		case tc.is != nil && (tc.is.Error() != "" && !errors.Is(err, tc.is) || !strings.Contains(err.Error(), tc.inText)):
			t.Errorf("%q: WAVFile error %q, want %v and %q", tc.file, err, tc.is, tc.inText)
		}
		if _, ok := tk.WAVPath(dir); ok != tc.ok {
			t.Errorf("%q: WAVPath ok = %v, want %v", tc.file, ok, tc.ok)
		}
	}

	rec := &Record{ID: "x", Takes: []Take{{Position: 1, Take: 1, File: "02-link.wav"}}}
	n, errs := EnsureAnalysis(dir, rec)
	if n != 0 || len(errs) != 1 || !errors.Is(errs[0], safefs.ErrSymlink) {
		t.Errorf("EnsureAnalysis through a link = %d, %v", n, errs)
	}
}

// TestSymlinkedSessionDirRefused: a session directory that is a symbolic
// link to a session elsewhere is listed with the problem, refused by
// Resolve, Load, Save, Lock and Repair, and nothing elsewhere changes.
func TestSymlinkedSessionDirRefused(t *testing.T) {
	s := NewStore(t.TempDir())
	goodID, goodDir, err := s.Create(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if err := Save(goodDir, stRecord(goodID)); err != nil {
		t.Fatal(err)
	}
	elsewhere := t.TempDir()
	const linkID = "20990101T000000Z-aaaaaa" // the newest
	rec := sfRunning(linkID)
	if err := Save(elsewhere, rec); err != nil {
		t.Fatal(err)
	}
	wav := filepath.Join(elsewhere, rec.Takes[0].File)
	sfWrite(t, wav, sfBrokenWAV())
	before := sfRead(t, filepath.Join(elsewhere, RecordFile))
	link := filepath.Join(s.SessionsDir(), linkID)
	sfSymlink(t, elsewhere, link)

	list, err := s.List()
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].ID != linkID || list[0].Record != nil {
		t.Fatalf("List = %+v, want the link listed first, without a record", list)
	}
	sfWantLinkErr(t, "List", list[0].Err, link)
	_, err = s.Resolve(linkID)
	sfWantLinkErr(t, "Resolve", err, link)
	if l, err := s.Resolve("last"); err != nil || l.ID != goodID {
		t.Errorf("Resolve(last) = %s, %v; want the real session %s", l.ID, err, goodID)
	}
	_, err = Load(link)
	sfWantLinkErr(t, "Load", err, link)
	sfWantLinkErr(t, "Save", Save(link, rec), link)
	_, err = Lock(link)
	sfWantLinkErr(t, "Lock", err, link)
	var calls []string
	_, err = Repair(link, sfRepairWAV(&calls))
	sfWantLinkErr(t, "Repair", err, link)
	lines, err := s.RepairCutOff(sfRepairWAV(&calls))
	if err != nil || len(lines) != 0 || len(calls) != 0 {
		t.Errorf("RepairCutOff = %q, %v (WAV repair called with %v); want nothing done", lines, err, calls)
	}
	if got := sfRead(t, filepath.Join(elsewhere, RecordFile)); !bytes.Equal(got, before) {
		t.Error("the session.json elsewhere changed")
	}
	if got := sfRead(t, wav); !bytes.Equal(got, sfBrokenWAV()) {
		t.Error("the WAV elsewhere changed")
	}
	if names := stNames(t, elsewhere); len(names) != 2 {
		t.Errorf("files appeared elsewhere: %v", names)
	}
}

// TestSymlinkedRecordRefused: a session.json that is a symbolic link is
// neither read nor written through, nor replaced.
func TestSymlinkedRecordRefused(t *testing.T) {
	s := NewStore(t.TempDir())
	id, dir, err := s.Create(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	outside := filepath.Join(t.TempDir(), "other.json")
	if err := Save(filepath.Dir(outside), stRecord(id)); err != nil {
		t.Fatal(err)
	}
	os.Rename(filepath.Join(filepath.Dir(outside), RecordFile), outside)
	before := sfRead(t, outside)
	path := filepath.Join(dir, RecordFile)
	sfSymlink(t, outside, path)

	_, err = Load(dir)
	sfWantLinkErr(t, "Load", err, path)
	var re *RecordError
	if !errors.As(err, &re) || re.Path != path {
		t.Errorf("Load error %v is not a *RecordError naming %s", err, path)
	}
	sfWantLinkErr(t, "Save", Save(dir, stRecord(id)), path)
	list, err := s.List()
	if err != nil || len(list) != 1 {
		t.Fatalf("List = %v, %v", list, err)
	}
	sfWantLinkErr(t, "List", list[0].Err, path)
	if got := sfRead(t, outside); !bytes.Equal(got, before) {
		t.Error("the file session.json links to changed")
	}
	if st, err := os.Lstat(path); err != nil || st.Mode()&fs.ModeSymlink == 0 {
		t.Errorf("session.json is no longer the link (%v)", err)
	}
	if names := stNames(t, dir); len(names) != 1 {
		t.Errorf("files left in the session: %v", names)
	}

	// A temporary file that is a link: Repair removes the link only.
	sfWrite(t, outside+".keep", []byte("keep"))
	tmp := filepath.Join(dir, "."+RecordFile+".123.tmp")
	sfSymlink(t, outside+".keep", tmp)
	os.Remove(path)
	if err := Save(dir, stRecord(id)); err != nil {
		t.Fatal(err)
	}
	if _, err := Repair(dir, sfRepairWAV(new([]string))); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(tmp); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("temporary link left: %v", err)
	}
	if got := sfRead(t, outside+".keep"); string(got) != "keep" {
		t.Errorf("the temporary link's target became %q", got)
	}
}

// TestSessionsDirSymlinkRefused: the sessions directory itself must not be
// a link; the data directory may be.
func TestSessionsDirSymlinkRefused(t *testing.T) {
	root := t.TempDir()
	elsewhere := t.TempDir()
	sessions := filepath.Join(root, "sessions")
	sfSymlink(t, elsewhere, sessions)
	s := NewStore(root)
	_, err := s.List()
	sfWantLinkErr(t, "List", err, sessions)
	_, _, err = s.Create(time.Now())
	sfWantLinkErr(t, "Create", err, sessions)
	if names := stNames(t, elsewhere); len(names) != 0 {
		t.Errorf("Create made %v through the link", names)
	}

	// A data directory that is a link (the user's choice) is fine.
	real := t.TempDir()
	linkedRoot := filepath.Join(t.TempDir(), "data")
	sfSymlink(t, real, linkedRoot)
	if _, _, err := NewStore(linkedRoot).Create(time.Now()); err != nil {
		t.Errorf("Create under a linked data directory: %v", err)
	}
}
