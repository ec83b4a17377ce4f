// Package safefs opens the files and directories of mockround's data
// without following symbolic links: a link planted in a session directory
// (or a session directory that is itself a link) must never make mockround
// read from or write to a file elsewhere. Every file it opens must be a
// regular file, and one opened for writing must have no other hard link.
//
// A Dir is an open directory. Names are looked up relative to it (openat
// and friends where the system has them), so renaming or replacing its path
// after it was opened cannot redirect them.
package safefs

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// The problems safefs reports, each inside an *fs.PathError naming the path.
var (
	ErrSymlink    = errors.New("is a symbolic link, which mockround does not follow in its data; put the real file or directory there")
	ErrNotRegular = errors.New("is not a regular file")
	ErrNotDir     = errors.New("is not a directory")
	ErrHardLinked = errors.New("has more than one hard link (it may be a file elsewhere); refusing to write to it")
	ErrBadName    = errors.New("is not a plain file name")
)

// Dir is a directory opened by OpenDir or Dir.OpenDir. Close it when done.
type Dir struct {
	f    *os.File
	path string
}

// Path returns the directory's name as it was opened.
func (d *Dir) Path() string { return d.path }

// File returns the open directory, for locking or listing it.
func (d *Dir) File() *os.File { return d.f }

// Close closes the directory.
func (d *Dir) Close() error { return d.f.Close() }

// Sync commits the directory's entries (a rename, a new file) to storage.
func (d *Dir) Sync() error { return d.f.Sync() }

// ReadDir lists the directory. Entries report their own type: a symbolic
// link is a link, whatever it points to.
func (d *Dir) ReadDir() ([]fs.DirEntry, error) {
	if _, err := d.f.Seek(0, 0); err != nil {
		return nil, err
	}
	return d.f.ReadDir(-1)
}

// join names the entry name of d, for messages.
func (d *Dir) join(name string) string { return filepath.Join(d.path, name) }

// checkName refuses anything but one plain path element.
func (d *Dir) checkName(op, name string) error {
	if name == "" || name == "." || name == ".." || strings.ContainsAny(name, `/\`+"\x00") {
		return &fs.PathError{Op: op, Path: d.join(name), Err: ErrBadName}
	}
	return nil
}

// writes reports whether an open flag asks for write access.
func writes(flag int) bool { return flag&(os.O_WRONLY|os.O_RDWR) != 0 }

// problem names what is wrong with an entry of type mode where a directory
// (dir) or a regular file (!dir) is wanted; nil when nothing is.
func problem(mode fs.FileMode, dir bool) error {
	switch {
	case mode&fs.ModeSymlink != 0:
		return ErrSymlink
	case dir && !mode.IsDir():
		return ErrNotDir
	case !dir && !mode.IsRegular():
		return ErrNotRegular
	}
	return nil
}

// IsUnsafe reports whether err is one of the problems safefs refuses a
// path for (as opposed to a missing file or a failing disk).
func IsUnsafe(err error) bool {
	return errors.Is(err, ErrSymlink) || errors.Is(err, ErrNotRegular) || errors.Is(err, ErrNotDir) ||
		errors.Is(err, ErrHardLinked) || errors.Is(err, ErrBadName)
}
