//go:build unix

package safefs

import (
	"errors"
	"io/fs"
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// OpenFile opens the regular file at path like os.OpenFile, except that the
// last component of path must not be a symbolic link (O_NOFOLLOW), the
// file opened must be a regular file (a FIFO or a device is refused without
// blocking on it), and a file opened for writing must have one link only.
func OpenFile(path string, flag int, perm fs.FileMode) (*os.File, error) {
	return openFile(unix.AT_FDCWD, path, path, flag, perm)
}

// OpenDir opens the directory at path; its last component must not be a
// symbolic link.
func OpenDir(path string) (*Dir, error) {
	return openDir(unix.AT_FDCWD, path, path)
}

// OpenFile opens name, an entry of d, as the function OpenFile does.
func (d *Dir) OpenFile(name string, flag int, perm fs.FileMode) (*os.File, error) {
	if err := d.checkName("open", name); err != nil {
		return nil, err
	}
	return openFile(int(d.f.Fd()), name, d.join(name), flag, perm)
}

// OpenDir opens name, an entry of d, which must be a directory and not a
// symbolic link.
func (d *Dir) OpenDir(name string) (*Dir, error) {
	if err := d.checkName("open", name); err != nil {
		return nil, err
	}
	return openDir(int(d.f.Fd()), name, d.join(name))
}

// Type returns the type bits (fs.ModeDir, fs.ModeSymlink, ...; none for a
// regular file) and permissions of the entry name of d, without following
// a link.
func (d *Dir) Type(name string) (fs.FileMode, error) {
	if err := d.checkName("lstat", name); err != nil {
		return 0, err
	}
	mode, err := typeAt(int(d.f.Fd()), name)
	if err != nil {
		return 0, &fs.PathError{Op: "lstat", Path: d.join(name), Err: err}
	}
	return mode, nil
}

// Mkdir makes the directory name in d with permissions perm (less the umask).
func (d *Dir) Mkdir(name string, perm fs.FileMode) error {
	if err := d.checkName("mkdir", name); err != nil {
		return err
	}
	if err := unix.Mkdirat(int(d.f.Fd()), name, uint32(perm.Perm())); err != nil {
		return &fs.PathError{Op: "mkdir", Path: d.join(name), Err: err}
	}
	return nil
}

// Rename renames the entry from of d to to, replacing what to was (the
// entry itself: a link there is replaced, not followed).
func (d *Dir) Rename(from, to string) error {
	if err := d.checkName("rename", from); err != nil {
		return err
	}
	if err := d.checkName("rename", to); err != nil {
		return err
	}
	fd := int(d.f.Fd())
	if err := unix.Renameat(fd, from, fd, to); err != nil {
		return &os.LinkError{Op: "rename", Old: d.join(from), New: d.join(to), Err: err}
	}
	return nil
}

// Remove removes the entry name of d (a link itself, never its target).
func (d *Dir) Remove(name string) error {
	if err := d.checkName("remove", name); err != nil {
		return err
	}
	if err := unix.Unlinkat(int(d.f.Fd()), name, 0); err != nil {
		return &fs.PathError{Op: "remove", Path: d.join(name), Err: err}
	}
	return nil
}

// RemoveDir removes the empty directory name inside d.
func (d *Dir) RemoveDir(name string) error {
	if err := d.checkName("remove", name); err != nil {
		return err
	}
	if err := unix.Unlinkat(int(d.f.Fd()), name, unix.AT_REMOVEDIR); err != nil {
		return &fs.PathError{Op: "remove", Path: d.join(name), Err: err}
	}
	return nil
}

// Chmod sets the permissions of the directory itself.
func (d *Dir) Chmod(perm fs.FileMode) error {
	if err := unix.Fchmod(int(d.f.Fd()), uint32(perm.Perm())); err != nil {
		return &fs.PathError{Op: "chmod", Path: d.path, Err: err}
	}
	return nil
}

// Writable reports, as an error naming dir, when this process may not
// create files in the directory dir.
func Writable(dir string) error {
	if err := unix.Access(dir, unix.W_OK|unix.X_OK); err != nil {
		return &fs.PathError{Op: "access", Path: dir, Err: err}
	}
	return nil
}

func openFile(dirfd int, name, full string, flag int, perm fs.FileMode) (*os.File, error) {
	fd, err := unix.Openat(dirfd, name, flag|unix.O_NOFOLLOW|unix.O_CLOEXEC|unix.O_NONBLOCK, uint32(perm.Perm()))
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: full, Err: why(dirfd, name, err, false)}
	}
	fail := func(err error) (*os.File, error) {
		unix.Close(fd)
		return nil, &fs.PathError{Op: "open", Path: full, Err: err}
	}
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return fail(err)
	}
	if st.Mode&unix.S_IFMT != unix.S_IFREG {
		return fail(ErrNotRegular)
	}
	if writes(flag) && uint64(st.Nlink) > 1 {
		return fail(ErrHardLinked)
	}
	// O_NONBLOCK only kept a FIFO from blocking the open: reads and writes
	// of a regular file block as usual.
	if err := unix.SetNonblock(fd, false); err != nil {
		return fail(err)
	}
	return os.NewFile(uintptr(fd), full), nil
}

func openDir(dirfd int, name, full string) (*Dir, error) {
	fd, err := unix.Openat(dirfd, name, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: full, Err: why(dirfd, name, err, true)}
	}
	return &Dir{f: os.NewFile(uintptr(fd), full), path: full}, nil
}

// why turns the error of an O_NOFOLLOW open into the reason, when the
// reason is a symbolic link or the wrong kind of file.
func why(dirfd int, name string, err error, dir bool) error {
	if errors.Is(err, syscall.ENOENT) {
		return err
	}
	mode, serr := typeAt(dirfd, name)
	if serr != nil {
		return err
	}
	if p := problem(mode, dir); p != nil {
		return p
	}
	return err
}

func typeAt(dirfd int, name string) (fs.FileMode, error) {
	var st unix.Stat_t
	if err := unix.Fstatat(dirfd, name, &st, unix.AT_SYMLINK_NOFOLLOW); err != nil {
		return 0, err
	}
	mode := fs.FileMode(st.Mode & 0o777)
	switch st.Mode & unix.S_IFMT {
	case unix.S_IFREG:
	case unix.S_IFDIR:
		mode |= fs.ModeDir
	case unix.S_IFLNK:
		mode |= fs.ModeSymlink
	case unix.S_IFIFO:
		mode |= fs.ModeNamedPipe
	case unix.S_IFSOCK:
		mode |= fs.ModeSocket
	case unix.S_IFCHR:
		mode |= fs.ModeDevice | fs.ModeCharDevice
	case unix.S_IFBLK:
		mode |= fs.ModeDevice
	default:
		mode |= fs.ModeIrregular
	}
	return mode, nil
}
