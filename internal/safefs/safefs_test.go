//go:build unix

package safefs

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func wantErr(t *testing.T, what string, err, want error, path string) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Errorf("%s: error %v, want %v", what, err, want)
		return
	}
	var pe *fs.PathError
	if !errors.As(err, &pe) || pe.Path != path {
		t.Errorf("%s: error %q does not name %s", what, err, path)
	}
}

func TestOpenFile(t *testing.T) {
	dir := t.TempDir()
	outside := filepath.Join(t.TempDir(), "outside")
	write(t, outside, "keep")
	link := filepath.Join(dir, "link")
	if err := os.Symlink(outside, link); err != nil {
		t.Fatal(err)
	}
	plain := filepath.Join(dir, "plain")
	write(t, plain, "plain")
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	hard := filepath.Join(dir, "hard")
	if err := os.Link(plain, hard); err != nil {
		t.Fatal(err)
	}

	for _, flag := range []int{os.O_RDONLY, os.O_RDWR, os.O_WRONLY | os.O_TRUNC, os.O_WRONLY | os.O_CREATE, os.O_WRONLY | os.O_CREATE | os.O_EXCL} {
		f, err := OpenFile(link, flag, 0o600)
		if err == nil {
			f.Close()
		}
		wantErr(t, "symbolic link", err, ErrSymlink, link)
	}
	if got := read(t, outside); got != "keep" {
		t.Errorf("the link's target became %q", got)
	}
	f, err := OpenFile(dir, os.O_RDONLY, 0)
	if err == nil {
		f.Close()
	}
	wantErr(t, "directory", err, ErrNotRegular, dir)
	f, err = OpenFile(fifo, os.O_RDONLY, 0) // would block without O_NONBLOCK
	if err == nil {
		f.Close()
	}
	wantErr(t, "FIFO", err, ErrNotRegular, fifo)
	f, err = OpenFile(hard, os.O_RDWR, 0)
	if err == nil {
		f.Close()
	}
	wantErr(t, "second hard link, for writing", err, ErrHardLinked, hard)
	f, err = OpenFile(hard, os.O_RDONLY, 0)
	if err != nil {
		t.Errorf("second hard link, for reading: %v", err)
	} else {
		f.Close()
	}
	if _, err := OpenFile(filepath.Join(dir, "missing"), os.O_RDONLY, 0); !errors.Is(err, fs.ErrNotExist) || IsUnsafe(err) {
		t.Errorf("missing file: %v, want fs.ErrNotExist", err)
	}

	// A regular file opens as usual, blocking.
	os.Remove(hard)
	f, err = OpenFile(plain, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString("PLAIN"); err != nil {
		t.Error(err)
	}
	f.Close()
	if got := read(t, plain); got != "PLAIN" {
		t.Errorf("file holds %q", got)
	}
}

func TestDir(t *testing.T) {
	root := t.TempDir()
	real := filepath.Join(root, "real")
	if err := os.Mkdir(real, 0o700); err != nil {
		t.Fatal(err)
	}
	elsewhere := t.TempDir()
	write(t, filepath.Join(elsewhere, "session.json"), "elsewhere")
	if err := os.Symlink(elsewhere, filepath.Join(root, "linked")); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(root, "file"), "x")

	_, err := OpenDir(filepath.Join(root, "linked"))
	wantErr(t, "OpenDir of a link", err, ErrSymlink, filepath.Join(root, "linked"))
	_, err = OpenDir(filepath.Join(root, "file"))
	wantErr(t, "OpenDir of a file", err, ErrNotDir, filepath.Join(root, "file"))
	rd, err := OpenDir(root)
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	_, err = rd.OpenDir("linked")
	wantErr(t, "Dir.OpenDir of a link", err, ErrSymlink, filepath.Join(root, "linked"))
	if m, err := rd.Type("linked"); err != nil || m&fs.ModeSymlink == 0 {
		t.Errorf("Type of a link = %v, %v", m, err)
	}
	entries, err := rd.ReadDir()
	if err != nil || len(entries) != 3 {
		t.Fatalf("ReadDir = %v, %v", entries, err)
	}
	for _, name := range []string{"", ".", "..", "a/b", "../real"} {
		if _, err := rd.OpenFile(name, os.O_RDONLY, 0); !errors.Is(err, ErrBadName) {
			t.Errorf("OpenFile(%q): %v, want ErrBadName", name, err)
		}
	}

	d, err := rd.OpenDir("real")
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if d.Path() != real {
		t.Errorf("Path() = %q", d.Path())
	}
	if err := os.Symlink(filepath.Join(elsewhere, "session.json"), filepath.Join(real, "session.json")); err != nil {
		t.Fatal(err)
	}
	_, err = d.OpenFile("session.json", os.O_RDONLY, 0)
	wantErr(t, "Dir.OpenFile of a link", err, ErrSymlink, filepath.Join(real, "session.json"))

	// Rename over a link replaces the link, never its target.
	f, err := d.OpenFile("new", os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("new")
	f.Close()
	if err := d.Rename("new", "session.json"); err != nil {
		t.Fatal(err)
	}
	if got := read(t, filepath.Join(elsewhere, "session.json")); got != "elsewhere" {
		t.Errorf("Rename wrote through a link: target holds %q", got)
	}
	if m, err := d.Type("session.json"); err != nil || !m.IsRegular() {
		t.Errorf("after Rename, session.json is %v (%v)", m, err)
	}
	if err := d.Mkdir("sub", 0o700); err != nil {
		t.Error(err)
	}
	if err := d.Remove("session.json"); err != nil {
		t.Error(err)
	}
	if err := d.Sync(); err != nil {
		t.Error(err)
	}
	if err := d.Chmod(0o500); err != nil {
		t.Error(err)
	}
	if st, err := os.Stat(real); err != nil || st.Mode().Perm() != 0o500 {
		t.Errorf("Chmod: %v %v", st.Mode(), err)
	}
	if os.Geteuid() != 0 {
		err := Writable(real)
		if err == nil || !strings.Contains(err.Error(), real) {
			t.Errorf("Writable of a 0500 directory: %v", err)
		}
	}
	d.Chmod(0o700)
	if err := Writable(real); err != nil {
		t.Errorf("Writable of a 0700 directory: %v", err)
	}
}
