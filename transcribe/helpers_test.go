package transcribe

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"strings"
	"testing"
)

func fileSum(t testing.TB, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// said makes a transcript of text: each word 0.25 s long with 0.05 s
// between words; "|" stands for a pause of 1 s, "||" for 3 s.
func said(text string) *Transcript {
	t := &Transcript{Engine: "test", Words: []Word{}}
	at := 0.0
	for _, f := range strings.Fields(text) {
		switch f {
		case "|":
			at += 0.95
			continue
		case "||":
			at += 2.95
			continue
		}
		t.Words = append(t.Words, Word{W: f, Start: round(at, 1000), End: round(at+0.25, 1000)})
		at += 0.3
	}
	return t
}

func kinds(fs []Filler) []string {
	out := []string{}
	for _, f := range fs {
		out = append(out, f.Kind)
	}
	return out
}
