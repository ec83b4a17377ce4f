package main

import (
	"os"
	"strings"
)

// self is mockround as the user can run it again, for the commands the
// program suggests ("Next: mockround replay …"): "mockround" when that
// is this program on the PATH, else the path it was run as. main sets it.
var self = "mockround"

// commandAsRun names the program run as argv0 the way the user can run it
// again. A name without a slash was found on the PATH: it stands as typed.
// A path stands as typed (relative or absolute) unless "mockround" on the
// PATH (lookPath) is this very program (executable), when that short name
// does. Characters the shell would take apart are quoted.
func commandAsRun(argv0 string, lookPath func(string) (string, error), executable func() (string, error)) string {
	if argv0 == "" {
		return "mockround"
	}
	if !strings.ContainsRune(argv0, '/') && !strings.ContainsRune(argv0, os.PathSeparator) {
		return shellWord(argv0)
	}
	if onPath, err := lookPath("mockround"); err == nil {
		if exe, err := executable(); err == nil && sameFile(onPath, exe) {
			return "mockround"
		}
	}
	return shellWord(argv0)
}

func sameFile(a, b string) bool {
	sa, err := os.Stat(a)
	if err != nil {
		return false
	}
	sb, err := os.Stat(b)
	return err == nil && os.SameFile(sa, sb)
}

// shellWord quotes s for a POSIX shell when it holds anything but plain
// path characters.
func shellWord(s string) string {
	plain := func(r rune) bool {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("/._-+:@%,=~", r)
	}
	if strings.IndexFunc(s, func(r rune) bool { return !plain(r) }) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
