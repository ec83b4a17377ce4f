package main

import (
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

// takePath is where a take's WAV lives: a regular file in the session
// directory, named by base name. Anything else (an edited or hostile
// session.json, a link planted in the directory) is refused with why.
func takePath(l session.Listed, t *session.Take) (string, error) {
	return t.WAVFile(l.Dir)
}
