package main

import (
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/mockround/mockround/session"
)

// sessionArgHelp explains the SESSION argument in every command that takes one.
const sessionArgHelp = `SESSION is a session id from "mockround sessions", a unique prefix of one,
or "last" (the default): the newest session.`

// atMostArgs accepts up to n arguments, named in the usage error.
func atMostArgs(n int, names string) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		if len(args) > n {
			return usageErr("%s takes at most %s; see: %s --help", c.CommandPath(), names, c.CommandPath())
		}
		return nil
	}
}

// noArgs refuses any argument.
func noArgs(c *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usageErr("%s takes no arguments (got %q); see: %s --help", c.CommandPath(), args[0], c.CommandPath())
	}
	return nil
}

// argAt returns args[i], or "" when there are fewer.
func argAt(args []string, i int) string {
	if i < len(args) {
		return args[i]
	}
	return ""
}

// takePath is where a take's WAV lives. A session file names its WAVs by
// base name; anything else (an edited or hostile session.json) is refused.
func takePath(l session.Listed, t *session.Take) (string, error) {
	if t.File == "" {
		return "", fmt.Errorf("take %d of question %d was not recorded", t.Take, t.Position)
	}
	path, ok := t.WAVPath(l.Dir)
	if !ok {
		return "", fmt.Errorf("%s: take %d of question %d names the file %q, which is not a WAV in the session directory",
			filepath.Join(l.Dir, session.RecordFile), t.Take, t.Position, t.File)
	}
	return path, nil
}
