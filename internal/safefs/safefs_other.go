//go:build !unix

package safefs

import (
	"io/fs"
	"os"
)

// Without openat and O_NOFOLLOW, each path is checked with Lstat before it
// is opened: a link made in between is not caught.

// OpenFile opens the regular file at path like os.OpenFile, except that
// path must not be a symbolic link and must be a regular file.
func OpenFile(path string, flag int, perm fs.FileMode) (*os.File, error) {
	if st, err := os.Lstat(path); err == nil {
		if p := problem(st.Mode(), false); p != nil {
			return nil, &fs.PathError{Op: "open", Path: path, Err: p}
		}
	}
	f, err := os.OpenFile(path, flag, perm)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err == nil && !st.Mode().IsRegular() {
		err = &fs.PathError{Op: "open", Path: path, Err: ErrNotRegular}
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// OpenDir opens the directory at path, which must not be a symbolic link.
func OpenDir(path string) (*Dir, error) {
	st, err := os.Lstat(path)
	if err != nil {
		return nil, err
	}
	if p := problem(st.Mode(), true); p != nil {
		return nil, &fs.PathError{Op: "open", Path: path, Err: p}
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	return &Dir{f: f, path: path}, nil
}

// OpenFile opens name, an entry of d, as the function OpenFile does.
func (d *Dir) OpenFile(name string, flag int, perm fs.FileMode) (*os.File, error) {
	if err := d.checkName("open", name); err != nil {
		return nil, err
	}
	return OpenFile(d.join(name), flag, perm)
}

// OpenDir opens name, an entry of d, which must be a directory and not a
// symbolic link.
func (d *Dir) OpenDir(name string) (*Dir, error) {
	if err := d.checkName("open", name); err != nil {
		return nil, err
	}
	return OpenDir(d.join(name))
}

// Type returns the type bits and permissions of the entry name of d,
// without following a link.
func (d *Dir) Type(name string) (fs.FileMode, error) {
	if err := d.checkName("lstat", name); err != nil {
		return 0, err
	}
	st, err := os.Lstat(d.join(name))
	if err != nil {
		return 0, err
	}
	return st.Mode(), nil
}

// Mkdir makes the directory name in d.
func (d *Dir) Mkdir(name string, perm fs.FileMode) error {
	if err := d.checkName("mkdir", name); err != nil {
		return err
	}
	return os.Mkdir(d.join(name), perm)
}

// Rename renames the entry from of d to to.
func (d *Dir) Rename(from, to string) error {
	if err := d.checkName("rename", from); err != nil {
		return err
	}
	if err := d.checkName("rename", to); err != nil {
		return err
	}
	return os.Rename(d.join(from), d.join(to))
}

// Remove removes the entry name of d.
func (d *Dir) Remove(name string) error {
	if err := d.checkName("remove", name); err != nil {
		return err
	}
	return os.Remove(d.join(name))
}

// RemoveDir removes the empty directory name inside d.
func (d *Dir) RemoveDir(name string) error { return d.Remove(name) }

// Chmod sets the permissions of the directory itself.
func (d *Dir) Chmod(perm fs.FileMode) error { return os.Chmod(d.path, perm) }

// Writable is not checked ahead where there is no access(2): creating a
// file in dir reports the problem.
func Writable(dir string) error { return nil }
