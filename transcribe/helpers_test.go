package transcribe

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
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
