//go:build !unix

package main

import "testing"

// runAsNobody needs Unix user IDs: without them the test is skipped.
func runAsNobody(t *testing.T, args ...string) (sessions string, code int, stderr string) {
	t.Helper()
	t.Skip("running as another user needs Unix user IDs")
	return "", 0, ""
}
