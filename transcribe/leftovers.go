package transcribe

import (
	"fmt"
	"strings"
	"time"

	"github.com/mockround/mockround/internal/safefs"
)

// RemoveLeftovers removes from dir the temporary files that a process
// killed while transcribing or writing a transcript left behind: the
// engine's copies of takes and their output (TempPrefix...) and Write's
// temporary files (.NAME.transcript.json.*.tmp), when last changed more
// than olderThan ago (so that a transcription under way keeps its own).
// It returns how many it removed. Takes and transcripts are never touched.
func RemoveLeftovers(dir string, olderThan time.Duration) (int, error) {
	d, err := safefs.OpenDir(dir)
	if err != nil {
		return 0, err
	}
	defer d.Close()
	ents, err := d.ReadDir()
	if err != nil {
		return 0, fmt.Errorf("list %s: %w", dir, err)
	}
	n := 0
	for _, e := range ents {
		name := e.Name()
		ours := strings.HasPrefix(name, TempPrefix) ||
			(strings.HasPrefix(name, ".") && strings.HasSuffix(name, ".tmp") && strings.Contains(name, ".transcript.json."))
		if !ours || !e.Type().IsRegular() {
			continue
		}
		info, err := e.Info()
		if err != nil || time.Since(info.ModTime()) < olderThan {
			continue
		}
		if err := d.Remove(name); err == nil {
			n++
		}
	}
	return n, nil
}
