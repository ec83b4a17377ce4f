//go:build unix

// Unix only: the tests check modes under syscall.Umask and the XDG layout.

package session

import (
	"errors"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// stUmask sets the process umask for the rest of the test.
func stUmask(t *testing.T, mask int) {
	t.Helper()
	old := syscall.Umask(mask)
	t.Cleanup(func() { syscall.Umask(old) })
}

func stMode(t *testing.T, path string) fs.FileMode {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return st.Mode()
}

// stNames lists the names in dir.
func stNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// stRecord is a session record with every kind of field filled in.
func stRecord(id string) *Record {
	started := time.Date(2026, 11, 27, 9, 0, 0, 123456789, time.UTC)
	ended := started.Add(4*time.Minute + 250*time.Millisecond)
	takeEnd := started.Add(3 * time.Minute)
	return &Record{
		Format:  FormatVersion,
		ID:      id,
		Status:  SessionComplete,
		Started: started,
		Ended:   &ended,
		Bank:    BankRef{Title: "METR Interview Questions - Round 1", Source: "built-in questions.json", Hash: "sha256:00ff"},
		Plan: PlanRecord{
			Seed: 42, Pick: PickRandom, Count: 1, Rounds: []string{"technical"},
			Questions: []PlanQuestion{{Position: 1, QuestionID: "eval-framework", Round: "technical", Category: "evaluation-measurement"}},
		},
		Settings: Settings{Answer: "90s", Record: true},
		Device:   &DeviceRef{Name: "pulse", SampleRate: 48000},
		Takes: []Take{{
			Position: 1, Take: 1, QuestionID: "eval-framework",
			Question: "How would you design an evaluation framework for AI agent capabilities? \"quoted\" <b>&</b> é",
			Round:    "technical", RoundTitle: "Technical Questions",
			Category: "evaluation-measurement", CategoryTitle: "Evaluation & Measurement",
			Limits:     LimitsRecord{PrepS: 30, AnswerS: 90, WarnS: 30, OvertimeS: 30},
			File:       WAVName(1, "eval-framework", 1),
			Started:    started.Add(30 * time.Second),
			Ended:      &takeEnd,
			Frames:     48000 * 150,
			SampleRate: 48000,
			LengthS:    150,
			Status:     TakeDone,
			Overflows:  2,
			Rating:     4,
			Notes:      "line one\nline two",
		}},
	}
}

func TestDataDir(t *testing.T) {
	home := t.TempDir()
	cwd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	platform := filepath.Join(home, ".local", "share", "mockround")
	switch runtime.GOOS {
	case "darwin":
		platform = filepath.Join(home, "Library", "Application Support", "mockround")
	}
	for _, tc := range []struct {
		name, mockroundHome, xdg, want string
		linuxOnly                      bool
	}{
		{name: "MOCKROUND_HOME", mockroundHome: "/srv/practice", want: "/srv/practice"},
		{name: "MOCKROUND_HOME wins over XDG", mockroundHome: "/srv/practice", xdg: "/xdg", want: "/srv/practice"},
		{name: "relative MOCKROUND_HOME made absolute", mockroundHome: "rel/dir", want: filepath.Join(cwd, "rel", "dir")},
		{name: "MOCKROUND_HOME cleaned", mockroundHome: "/srv/a/../practice/", want: "/srv/practice"},
		{name: "XDG_DATA_HOME", xdg: "/xdg/data", want: "/xdg/data/mockround", linuxOnly: true},
		{name: "relative XDG_DATA_HOME ignored", xdg: "xdg/data", want: platform, linuxOnly: true},
		{name: "neither set", want: platform},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.linuxOnly && runtime.GOOS == "darwin" {
				t.Skip("XDG applies on Linux and other Unix only")
			}
			t.Setenv("HOME", home)
			t.Setenv("MOCKROUND_HOME", tc.mockroundHome)
			t.Setenv("XDG_DATA_HOME", tc.xdg)
			got, err := DataDir()
			if err != nil {
				t.Fatalf("DataDir: %v", err)
			}
			if got != tc.want {
				t.Errorf("DataDir() = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestStoreCreate(t *testing.T) {
	stUmask(t, 0)
	root := filepath.Join(t.TempDir(), "data", "mockround")
	s := NewStore(root)
	if s.SessionsDir() != filepath.Join(root, "sessions") {
		t.Errorf("SessionsDir() = %q", s.SessionsDir())
	}
	now := time.Date(2026, 3, 4, 5, 6, 7, 890, time.FixedZone("UTC+5", 5*3600))
	id, dir, err := s.Create(now)
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	if !regexp.MustCompile(`^20260304T000607Z-[0-9a-f]{6}$`).MatchString(id) {
		t.Errorf("id %q, want the UTC time 20260304T000607Z, '-' and 6 hex digits", id)
	}
	if dir != filepath.Join(s.SessionsDir(), id) {
		t.Errorf("dir %q, want %q", dir, filepath.Join(s.SessionsDir(), id))
	}
	for _, d := range []string{root, s.SessionsDir(), dir} {
		if m := stMode(t, d); m != fs.ModeDir|0o700 {
			t.Errorf("%s: mode %v under umask 0, want drwx------", d, m)
		}
	}
	if names := stNames(t, dir); len(names) != 0 {
		t.Errorf("new session directory holds %v", names)
	}

	// Same second again: a different id, never the same directory.
	seen := map[string]bool{id: true}
	for range 20 {
		id2, _, err := s.Create(now)
		if err != nil {
			t.Fatalf("Create: %v", err)
		}
		if seen[id2] {
			t.Fatalf("Create gave id %q twice", id2)
		}
		seen[id2] = true
	}
}

// TestStoreCreateKeepsExistingModes: directories Create makes are private
// (TestStoreCreate); an existing sessions directory keeps the mode its
// owner gave it, neither opened up nor closed down.
func TestStoreCreateKeepsExistingModes(t *testing.T) {
	stUmask(t, 0)
	for _, mode := range []fs.FileMode{0o755, 0o750, 0o700, 0o777} {
		root := t.TempDir()
		s := NewStore(root)
		if err := os.Mkdir(s.SessionsDir(), mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(s.SessionsDir(), mode); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.Create(time.Now()); err != nil {
			t.Fatal(err)
		}
		if st, err := os.Stat(s.SessionsDir()); err != nil || st.Mode().Perm() != mode {
			t.Errorf("sessions dir made %v: mode now %v (%v)", mode, st.Mode(), err)
		}
	}
}

// TestStoreCreateUnwritable: a sessions directory its owner made read-only
// stays read-only, and Create says which directory and what to do.
func TestStoreCreateUnwritable(t *testing.T) {
	stUmask(t, 0)
	root := t.TempDir()
	s := NewStore(root)
	if err := os.Mkdir(s.SessionsDir(), 0o500); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(s.SessionsDir(), 0o700) })
	var err error
	asNobody(t, []string{root, s.SessionsDir()}, func() { _, _, err = s.Create(time.Now()) })
	if m := stMode(t, s.SessionsDir()); m != fs.ModeDir|0o500 {
		t.Errorf("sessions dir mode now %v, want dr-x------ as its owner left it", m)
	}
	if err == nil {
		t.Fatal("Create in a read-only sessions directory succeeded")
	}
	for _, want := range []string{s.SessionsDir(), "chmod u+w", "MOCKROUND_HOME"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	if names := stNames(t, s.SessionsDir()); len(names) != 0 {
		t.Errorf("sessions dir holds %v", names)
	}

	// A read-only data directory with no sessions directory yet.
	root = filepath.Join(t.TempDir(), "data")
	if err := os.Mkdir(root, 0o500); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(root, 0o700) })
	asNobody(t, []string{root}, func() { _, _, err = NewStore(root).Create(time.Now()) })
	if err == nil || !strings.Contains(err.Error(), root) || !strings.Contains(err.Error(), "chmod u+w") {
		t.Errorf("Create under a read-only data directory: %v", err)
	}
}

func TestSaveLoad(t *testing.T) {
	stUmask(t, 0)
	dir := t.TempDir()
	rec := stRecord("20261127T090000Z-abc123")
	if err := Save(dir, rec); err != nil {
		t.Fatalf("Save: %v", err)
	}
	if names := stNames(t, dir); !reflect.DeepEqual(names, []string{RecordFile}) {
		t.Errorf("directory after Save holds %v, want only %s", names, RecordFile)
	}
	path := filepath.Join(dir, RecordFile)
	if m := stMode(t, path); m != 0o600 {
		t.Errorf("mode %v under umask 0, want -rw-------", m)
	}
	got, err := Load(dir)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if !reflect.DeepEqual(got, rec) {
		t.Errorf("Load after Save:\n got %+v\nwant %+v", got, rec)
	}
}

func TestSaveReplaces(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, RecordFile)
	// An older, longer file, readable by others: Save must replace it whole.
	if err := os.WriteFile(path, []byte(strings.Repeat(" ", 1<<16)+"{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	first := stRecord("20261127T090000Z-abc123")
	if err := Save(dir, first); err != nil {
		t.Fatal(err)
	}
	second := stRecord("20261127T090000Z-abc123")
	second.Status = SessionQuit
	second.Takes = append(second.Takes, Take{Position: 2, Take: 1, QuestionID: "flaky-tests", Status: TakeSkipped, Started: first.Started})
	if err := Save(dir, second); err != nil {
		t.Fatal(err)
	}
	got, err := Load(dir)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if !reflect.DeepEqual(got, second) {
		t.Errorf("Load after the second Save:\n got %+v\nwant %+v", got, second)
	}
	if m := stMode(t, path); m != 0o600 {
		t.Errorf("mode %v, want -rw-------", m)
	}
	if names := stNames(t, dir); !reflect.DeepEqual(names, []string{RecordFile}) {
		t.Errorf("directory after two Saves holds %v", names)
	}
}

// TestSaveFailureKeepsOldRecord: a Save that fails leaves the previous record
// as it was and no temporary file behind.
func TestSaveFailureKeepsOldRecord(t *testing.T) {
	t.Run("unencodable record", func(t *testing.T) {
		dir := t.TempDir()
		good := stRecord("20261127T090000Z-abc123")
		if err := Save(dir, good); err != nil {
			t.Fatal(err)
		}
		before, err := os.ReadFile(filepath.Join(dir, RecordFile))
		if err != nil {
			t.Fatal(err)
		}
		bad := stRecord("20261127T090000Z-abc123")
		bad.Takes[0].LengthS = math.NaN()
		if err := Save(dir, bad); err == nil {
			t.Fatal("Save of a NaN length succeeded")
		}
		after, err := os.ReadFile(filepath.Join(dir, RecordFile))
		if err != nil || string(after) != string(before) {
			t.Errorf("failed Save changed the old record (err %v)", err)
		}
		if names := stNames(t, dir); !reflect.DeepEqual(names, []string{RecordFile}) {
			t.Errorf("directory holds %v", names)
		}
	})
	t.Run("rename fails", func(t *testing.T) {
		dir := t.TempDir()
		// A non-empty directory where session.json should be: rename cannot replace it.
		if err := os.MkdirAll(filepath.Join(dir, RecordFile, "x"), 0o700); err != nil {
			t.Fatal(err)
		}
		err := Save(dir, stRecord("20261127T090000Z-abc123"))
		if err == nil {
			t.Fatal("Save over a directory succeeded")
		}
		if !strings.Contains(err.Error(), filepath.Join(dir, RecordFile)) {
			t.Errorf("error %q does not name the file", err)
		}
		if names := stNames(t, dir); !reflect.DeepEqual(names, []string{RecordFile}) {
			t.Errorf("temporary file left behind: %v", names)
		}
	})
	t.Run("no directory", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "gone")
		if err := Save(dir, stRecord("x")); err == nil {
			t.Error("Save into a missing directory succeeded")
		}
	})
}

func TestParseRecordErrors(t *testing.T) {
	const path = "/data/sessions/20261127T090000Z-abc123/session.json"
	for _, tc := range []struct {
		name string
		data string
		want []string // substrings of the message, after the path
	}{
		{"truncated JSON", "{\n  \"format\": 1,\n  \"id\": \"abc", []string{"line 3, column 13", "unexpected end of JSON input"}},
		{"empty file", "", []string{"unexpected end of JSON input"}},
		{"syntax error", "{\n  \"format\": 1,\n  \"id\": x\n}", []string{"line 3, column ", "invalid character 'x'"}},
		{"future format", `{"format": 2, "id": "x"}`, []string{"format 2", "newer", "update mockround"}},
		{"far future format", `{"format": 99, "id": "x", "takes": "who knows"}`, []string{"format 99", "newer", "update mockround"}},
		{"missing format", `{"id": "x", "status": "complete"}`, []string{"no format version"}},
		{"null format", `{"format": null, "id": "x"}`, []string{"no format version"}},
		{"format 0", `{"format": 0, "id": "x"}`, []string{"bad format version 0"}},
		{"format as a string", "{\n  \"format\": \"1\"\n}", []string{"line 2", "format", "string"}},
		{"takes as an object", "{\n  \"format\": 1,\n  \"id\": \"x\",\n  \"takes\": {}\n}", []string{"line 4", "takes"}},
		{"frames as a string", `{"format": 1, "id": "x", "takes": [{"frames": "many"}]}`, []string{"line 1", "frames"}},
		{"bad time", `{"format": 1, "id": "x", "started": "yesterday"}`, []string{"yesterday"}},
		{"an array", `[1, 2]`, []string{"array"}},
		{"no id", `{"format": 1, "status": "complete"}`, []string{"no session id"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec, err := ParseRecord(path, []byte(tc.data))
			if err == nil {
				t.Fatalf("ParseRecord succeeded: %+v", rec)
			}
			if rec != nil {
				t.Errorf("a record came back with the error")
			}
			var re *RecordError
			if !errors.As(err, &re) {
				t.Fatalf("error %T %q, want *RecordError", err, err)
			}
			if re.Path != path {
				t.Errorf("RecordError.Path = %q, want %q", re.Path, path)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, path+": ") {
				t.Errorf("message %q does not start with the path", msg)
			}
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("message %q lacks %q", msg, w)
				}
			}
		})
	}
}

// TestParseRecordSyntaxErrorColumn wants the column of the bad character
// itself, as the bank's messages give it (bank.go syntaxError).
//
// Regression test: json.SyntaxError.Offset counts the bad byte itself, and
// describeJSONError once did not step back, giving "line 3, column 10" for an
// 'x' in column 9 (fixed in f591dee; an error at the end of input still
// points just past the last byte, see "truncated JSON" above).
func TestParseRecordSyntaxErrorColumn(t *testing.T) {
	data := "{\n  \"format\": 1,\n  \"id\": x\n}" // the x is at line 3, column 9
	_, err := ParseRecord("session.json", []byte(data))
	if err == nil {
		t.Fatal("ParseRecord accepted bad JSON")
	}
	if !strings.Contains(err.Error(), "line 3, column 9:") {
		t.Errorf("message %q, want the position of the bad character, line 3, column 9", err)
	}
}

func TestParseRecordAcceptsCurrentFormat(t *testing.T) {
	rec, err := ParseRecord("s.json", []byte(`{"format": 1, "id": "x", "unknown_future_field": true}`))
	if err != nil {
		t.Fatalf("ParseRecord: %v", err)
	}
	if rec.ID != "x" || rec.Format != 1 {
		t.Errorf("got %+v", rec)
	}
}

func TestLoadMissing(t *testing.T) {
	dir := t.TempDir()
	_, err := Load(dir)
	var re *RecordError
	if !errors.As(err, &re) || re.Path != filepath.Join(dir, RecordFile) {
		t.Fatalf("Load of an empty directory: %v, want a *RecordError naming %s", err, RecordFile)
	}
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("error %v does not wrap fs.ErrNotExist", err)
	}
}

func TestList(t *testing.T) {
	s := NewStore(t.TempDir())
	base := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	mk := func(day int) (string, string) {
		t.Helper()
		id, dir, err := s.Create(base.AddDate(0, 0, day))
		if err != nil {
			t.Fatal(err)
		}
		return id, dir
	}
	// Created out of date order, so the order of creation proves nothing.
	midID, midDir := mk(1)
	oldID, oldDir := mk(0)
	newID, newDir := mk(3)
	brokenID, brokenDir := mk(2)
	emptyID, _ := mk(-1) // crashed before its first save
	recs := map[string]*Record{}
	for _, sd := range []struct{ id, dir string }{{midID, midDir}, {oldID, oldDir}, {newID, newDir}} {
		recs[sd.id] = stRecord(sd.id)
		if err := Save(sd.dir, recs[sd.id]); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(brokenDir, RecordFile), []byte("{\n  \"format\": 1,\n  \"id\": "), 0o600); err != nil {
		t.Fatal(err)
	}
	// Things in the sessions directory that are not sessions.
	if err := os.Mkdir(filepath.Join(s.SessionsDir(), ".trash"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(s.SessionsDir(), "README.txt"), []byte("hi"), 0o600); err != nil {
		t.Fatal(err)
	}

	got, err := s.List()
	if err != nil {
		t.Fatalf("List: %v", err)
	}
	var ids []string
	for _, l := range got {
		ids = append(ids, l.ID)
	}
	if want := []string{newID, brokenID, midID, oldID, emptyID}; !reflect.DeepEqual(ids, want) {
		t.Fatalf("List ids = %v, want newest first %v", ids, want)
	}
	for _, l := range got {
		if l.Dir != filepath.Join(s.SessionsDir(), l.ID) {
			t.Errorf("%s: Dir %q", l.ID, l.Dir)
		}
		switch l.ID {
		case brokenID:
			var re *RecordError
			if !errors.As(l.Err, &re) || re.Path != filepath.Join(brokenDir, RecordFile) || l.Record != nil {
				t.Errorf("broken session: Err %v, Record %v; want a *RecordError naming its session.json and no record", l.Err, l.Record)
			} else if !strings.Contains(l.Err.Error(), "line 3") {
				t.Errorf("broken session error %q has no line", l.Err)
			}
		case emptyID:
			if !errors.Is(l.Err, fs.ErrNotExist) || l.Record != nil {
				t.Errorf("session without a record: Err %v, Record %v", l.Err, l.Record)
			}
		default:
			if l.Err != nil {
				t.Errorf("%s: %v", l.ID, l.Err)
			} else if !reflect.DeepEqual(l.Record, recs[l.ID]) {
				t.Errorf("%s: record %+v, want %+v", l.ID, l.Record, recs[l.ID])
			}
		}
	}
}

func TestListMissing(t *testing.T) {
	for _, root := range []string{
		t.TempDir(), // data dir without sessions
		filepath.Join(t.TempDir(), "never", "created"),
	} {
		got, err := NewStore(root).List()
		if err != nil || len(got) != 0 {
			t.Errorf("List on %s = %v, %v; want nothing and no error", root, got, err)
		}
	}
}

func TestListSessionsNotADirectory(t *testing.T) {
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "sessions"), []byte("oops"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := NewStore(root).List(); err == nil {
		t.Error("List succeeded though sessions is a file")
	}
}
