//go:build !unix

package audio

// quietly runs f. Only Unix backends print start-up chatter on stderr.
func quietly(f func() error) error { return f() }
