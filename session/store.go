package session

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/mockround/mockround/internal/safefs"
)

// RecordFile is the name of a session's record inside its directory.
const RecordFile = "session.json"

// DataDir returns where mockround keeps its data: $MOCKROUND_HOME when set,
// else the platform's user data directory.
func DataDir() (string, error) {
	if d := os.Getenv("MOCKROUND_HOME"); d != "" {
		return filepath.Abs(d)
	}
	switch runtime.GOOS {
	case "windows":
		if d := os.Getenv("LOCALAPPDATA"); d != "" {
			return filepath.Join(d, "mockround"), nil
		}
	case "darwin":
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, "Library", "Application Support", "mockround"), nil
		}
	default:
		if d := os.Getenv("XDG_DATA_HOME"); d != "" && filepath.IsAbs(d) {
			return filepath.Join(d, "mockround"), nil
		}
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, ".local", "share", "mockround"), nil
		}
	}
	return "", errors.New("cannot tell where to keep sessions: set MOCKROUND_HOME to a directory")
}

// Store is the sessions directory of a data directory.
type Store struct {
	Root string // the data directory
	// Self is the command as the user runs it, for the hints in errors
	// ("mockround" when empty).
	Self string
}

// NewStore returns the store under the data directory root.
func NewStore(root string) *Store { return &Store{Root: root} }

// SessionsDir is where session directories live.
func (s *Store) SessionsDir() string { return filepath.Join(s.Root, "sessions") }

// Create makes a new, empty session directory (mode 0700) named after the
// UTC start time and a short random id, and returns its id and path. The
// sessions directory is made (mode 0700) when missing; an existing one keeps
// its mode, and must be writable and not a symbolic link.
func (s *Store) Create(now time.Time) (id, dir string, err error) {
	if err := mkdirPrivate(s.SessionsDir()); err != nil {
		return "", "", err
	}
	sd, err := safefs.OpenDir(s.SessionsDir())
	if err != nil {
		return "", "", fmt.Errorf("create a session: %w", err)
	}
	defer sd.Close()
	for range 5 {
		var b [3]byte
		if _, err := rand.Read(b[:]); err != nil {
			return "", "", err
		}
		id = now.UTC().Format("20060102T150405Z") + "-" + hex.EncodeToString(b[:])
		dir = filepath.Join(s.SessionsDir(), id)
		err = sd.Mkdir(id, 0o700)
		if err == nil {
			return id, dir, chmodDir(sd, id, 0o700)
		}
		if errors.Is(err, fs.ErrPermission) {
			return "", "", fmt.Errorf("create session directory: %w\n%s", err, fixUnwritable(s.SessionsDir()))
		}
		if !errors.Is(err, fs.ErrExist) {
			return "", "", fmt.Errorf("create session directory: %w", err)
		}
	}
	return "", "", fmt.Errorf("create session directory in %s: %w", s.SessionsDir(), err)
}

// chmodDir sets the mode of the directory name in d, which this process
// has just made: the umask may have taken bits from it.
func chmodDir(d *safefs.Dir, name string, mode fs.FileMode) error {
	sub, err := d.OpenDir(name)
	if err != nil {
		return err
	}
	defer sub.Close()
	return sub.Chmod(mode)
}

// fixUnwritable says what to do about a directory mockround cannot write in.
func fixUnwritable(dir string) string {
	return fmt.Sprintf("mockround cannot write in %s: make it writable (chmod u+w %q) or set MOCKROUND_HOME to a directory you can write in", dir, dir)
}

// mkdirPrivate makes sure the directory dir exists and that this process
// can make files in it. Directories it has to make (dir and its missing
// parents) get mode 0700, whatever the umask; an existing directory keeps
// the mode its owner gave it, made neither more open nor more private.
func mkdirPrivate(dir string) error {
	st, err := os.Stat(dir)
	switch {
	case err == nil && !st.IsDir():
		return fmt.Errorf("%s is not a directory: move it away, or set MOCKROUND_HOME to another directory", dir)
	case err == nil:
		if err := safefs.Writable(dir); err != nil {
			return fmt.Errorf("%s (mode %v): %w\n%s", dir, st.Mode().Perm(), errors.Unwrap(err), fixUnwritable(dir))
		}
		return nil
	case !errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("cannot use %s: %w", dir, err)
	}
	parent := filepath.Dir(dir)
	if parent == dir {
		return fmt.Errorf("cannot use %s: %w", dir, err)
	}
	if err := mkdirPrivate(parent); err != nil {
		return err
	}
	// The data directory and those above it may be links (the user's
	// choice); what is made here is a directory, opened without following.
	if err := os.Mkdir(dir, 0o700); err != nil {
		if errors.Is(err, fs.ErrPermission) {
			return fmt.Errorf("create %s: %w\n%s", dir, err, fixUnwritable(parent))
		}
		return fmt.Errorf("create %s: %w", dir, err)
	}
	d, err := safefs.OpenDir(dir)
	if err == nil {
		err = d.Chmod(0o700)
		d.Close()
	}
	if err != nil {
		return fmt.Errorf("make %s private: %w", dir, err)
	}
	return nil
}

// Save writes rec to dir/session.json atomically: a temporary file is
// written, synced and renamed over the old one, and the directory synced, so
// a crash leaves either the old record or the new one, never a torn file.
// Neither dir nor session.json may be a symbolic link.
func Save(dir string, rec *Record) error {
	data, err := json.MarshalIndent(rec, "", "  ")
	if err != nil {
		return fmt.Errorf("encode session %s: %w", rec.ID, err)
	}
	return writeFileAtomic(dir, RecordFile, append(data, '\n'))
}

// writeFileAtomic replaces the file name in dir with data. Everything is
// done relative to the open directory and nothing follows a link: the
// temporary file is made new (O_EXCL|O_NOFOLLOW), and a session.json that
// is a link is refused rather than replaced.
// The steps of writeFileAtomic that a full disk, a failing disk or a
// vanished directory can break, as variables so that tests make each fail.
var (
	writeTemp  = (*os.File).Write
	syncTemp   = (*os.File).Sync
	closeTemp  = (*os.File).Close
	renameTemp = (*safefs.Dir).Rename
)

func writeFileAtomic(dir, name string, data []byte) error {
	path := filepath.Join(dir, name)
	d, err := safefs.OpenDir(dir)
	if err != nil {
		return fmt.Errorf("save %s: %w", path, err)
	}
	defer d.Close()
	if mode, err := d.Type(name); err == nil && mode&fs.ModeSymlink != 0 {
		return fmt.Errorf("save %s: %w", path, &fs.PathError{Op: "replace", Path: path, Err: safefs.ErrSymlink})
	}
	var f *os.File
	var tmp string
	for range 10 {
		var b [6]byte
		if _, err := rand.Read(b[:]); err != nil {
			return fmt.Errorf("save %s: %w", path, err)
		}
		tmp = "." + name + "." + hex.EncodeToString(b[:]) + ".tmp"
		f, err = d.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if !errors.Is(err, fs.ErrExist) {
			break
		}
	}
	if err != nil {
		return fmt.Errorf("save %s: %w", path, err)
	}
	fail := func(err error) error {
		f.Close()
		d.Remove(tmp)
		return fmt.Errorf("save %s: %w", path, err)
	}
	if err := f.Chmod(0o600); err != nil {
		return fail(err)
	}
	if _, err := writeTemp(f, data); err != nil {
		return fail(err)
	}
	if err := syncTemp(f); err != nil {
		return fail(err)
	}
	if err := closeTemp(f); err != nil {
		return fail(err)
	}
	if err := renameTemp(d, tmp, name); err != nil {
		d.Remove(tmp)
		return fmt.Errorf("save %s: %w", path, err)
	}
	d.Sync()
	return nil
}

// RecordError reports a session.json that cannot be used.
type RecordError struct {
	Path  string // the file
	Field string // JSON path of the bad value, e.g. takes[3].rating; "" when not about one value
	Err   error  // what is wrong; its message starts with Field when Field is set
}

func (e *RecordError) Error() string { return fmt.Sprintf("%s: %v", e.Path, e.Err) }
func (e *RecordError) Unwrap() error { return e.Err }

// Load reads dir/session.json. Neither dir nor the file may be a symbolic
// link, and the file must be a regular file.
func Load(dir string) (*Record, error) {
	d, err := safefs.OpenDir(dir)
	if err != nil {
		return nil, &RecordError{Path: filepath.Join(dir, RecordFile), Err: err}
	}
	defer d.Close()
	return loadIn(d)
}

// loadIn reads session.json in the open session directory d.
func loadIn(d *safefs.Dir) (*Record, error) {
	path := filepath.Join(d.Path(), RecordFile)
	f, err := d.OpenFile(RecordFile, os.O_RDONLY, 0)
	if err != nil {
		return nil, &RecordError{Path: path, Err: err}
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		return nil, &RecordError{Path: path, Err: err}
	}
	return ParseRecord(path, data)
}

// ParseRecord decodes a session.json, checking its format version and that
// its numbers are in range (a rating of 0 to 5, no negative length, ...):
// a value out of range is a *RecordError naming its JSON path.
func ParseRecord(path string, data []byte) (*Record, error) {
	var probe struct {
		Format *int `json:"format"`
	}
	if err := json.Unmarshal(data, &probe); err != nil {
		return nil, &RecordError{Path: path, Err: describeJSONError(data, err)}
	}
	switch {
	case probe.Format == nil:
		return nil, &RecordError{Path: path, Err: errors.New("no format version: not a mockround session file")}
	case *probe.Format > FormatVersion:
		return nil, &RecordError{Path: path, Err: fmt.Errorf("format %d is newer than this mockround understands (%d): update mockround", *probe.Format, FormatVersion)}
	case *probe.Format < 1:
		return nil, &RecordError{Path: path, Err: fmt.Errorf("bad format version %d", *probe.Format)}
	}
	var rec Record
	if err := json.Unmarshal(data, &rec); err != nil {
		return nil, &RecordError{Path: path, Err: describeJSONError(data, err)}
	}
	if rec.ID == "" {
		return nil, &RecordError{Path: path, Err: errors.New("no session id")}
	}
	if err := checkRecord(path, &rec); err != nil {
		return nil, err
	}
	return &rec, nil
}

// describeJSONError adds a line:column to JSON decoding errors.
func describeJSONError(data []byte, err error) error {
	var off int64 = -1
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		off = syn.Offset
		if off < int64(len(data)) {
			off = max(off-1, 0) // Offset counts the bad byte itself
		}
	case errors.As(err, &typ):
		off = typ.Offset
	}
	if off < 0 {
		return err
	}
	line, col := lineCol(data, off)
	return fmt.Errorf("line %d, column %d: %w", line, col, err)
}

// lineCol turns a byte offset into a 1-based line and column, the column
// counted in characters as an editor counts it: a note holding "é" or "—"
// before the problem must not send the reader past it.
func lineCol(data []byte, off int64) (line, col int) {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	line, col = 1, 1
	for _, r := range string(data[:off]) {
		if r == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return line, col
}

// Listed is one session found by List: its record, or why it is unreadable.
type Listed struct {
	ID     string
	Dir    string
	Record *Record // nil when Err is set
	Err    error
}

// List returns every session directory, newest first. A session whose
// record cannot be read is listed with its error, so one bad file never
// hides the others; so is an entry that is a symbolic link, which is
// never followed. The sessions directory itself must not be a link.
func (s *Store) List() ([]Listed, error) {
	sd, err := safefs.OpenDir(s.SessionsDir())
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("list sessions: %w", err)
	}
	defer sd.Close()
	entries, err := sd.ReadDir()
	if err != nil {
		return nil, fmt.Errorf("list sessions: %w", err)
	}
	var out []Listed
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") {
			continue
		}
		dir := filepath.Join(s.SessionsDir(), name)
		switch {
		case e.Type()&fs.ModeSymlink != 0:
			err := &RecordError{Path: filepath.Join(dir, RecordFile), Err: &fs.PathError{Op: "open", Path: dir, Err: safefs.ErrSymlink}}
			out = append(out, Listed{ID: name, Dir: dir, Err: err})
		case e.IsDir():
			rec, err := loadSession(sd, name)
			out = append(out, Listed{ID: name, Dir: dir, Record: rec, Err: err})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID > out[j].ID })
	return out, nil
}

// loadSession reads the record of the session directory name in sd.
func loadSession(sd *safefs.Dir, name string) (*Record, error) {
	d, err := sd.OpenDir(name)
	if err != nil {
		return nil, &RecordError{Path: filepath.Join(sd.Path(), name, RecordFile), Err: err}
	}
	defer d.Close()
	return loadIn(d)
}
