package transcribe

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"
)

// The kinds of failure an engine reports. Every error an engine returns
// wraps one of them, and says in words what to do next.
var (
	ErrNoEngine  = errors.New("no speech-to-text engine found")
	ErrNoModel   = errors.New("no usable model")
	ErrFailed    = errors.New("the engine failed")
	ErrBadOutput = errors.New("the engine's output cannot be read")
	ErrTimeout   = errors.New("the engine took too long")
)

// Niceness is the scheduling priority engines run at: low, so that a
// recording under way is never starved of processor time.
const Niceness = 10

// maxStdout is what an engine may print before it is taken for broken.
var maxStdout = 64 << 20

const (
	stderrTail = 16 << 10 // what is kept of its messages, for errors
	waitDelay  = 2 * time.Second
)

// proc describes one run of an engine's binary.
type proc struct {
	engine string // for messages
	bin    string // resolved path
	args   []string
}

// procResult is what a run left.
type procResult struct {
	stdout   []byte
	stderr   string // the last stderrTail bytes
	wall     time.Duration
	cpu      time.Duration // user and system
	maxRSSKB int64
}

// run runs p at low priority in a process group of its own, with no
// standard input, its output captured (never on the terminal). When ctx is
// done the whole group is killed. A run that does not exit 0 gives an error
// wrapping ErrFailed, or ErrTimeout (or ctx's error) when ctx ended it.
func run(ctx context.Context, p proc, next string) (procResult, error) {
	name, args := p.bin, p.args
	niced := false
	if nice, err := exec.LookPath("nice"); err == nil {
		name, args = nice, append([]string{"-n", fmt.Sprint(Niceness), p.bin}, p.args...)
		niced = true
	}
	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	cmd := exec.CommandContext(runCtx, name, args...)
	stdout := &capBuffer{max: maxStdout, onOver: stop}
	stderr := &tailBuffer{max: stderrTail}
	cmd.Stdout, cmd.Stderr = stdout, stderr
	cmd.Env = append(os.Environ(), "LC_ALL=C")
	cmd.WaitDelay = waitDelay
	setGroup(cmd)
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return procResult{}, fmt.Errorf("%s: %w: cannot start %s: %v; %s", p.engine, ErrFailed, p.bin, err, next)
	}
	if !niced {
		lowerPriority(cmd.Process.Pid)
	}
	err := cmd.Wait()
	res := procResult{stdout: stdout.Bytes(), stderr: stderr.String(), wall: time.Since(start)}
	if ps := cmd.ProcessState; ps != nil {
		res.cpu = ps.UserTime() + ps.SystemTime()
		res.maxRSSKB = maxRSSKB(ps)
	}
	if stdout.over {
		return res, fmt.Errorf("%s: %w: it printed more than %d MiB, and was stopped; %s", p.engine, ErrBadOutput, maxStdout>>20, next)
	}
	if cerr := ctx.Err(); cerr != nil {
		if errors.Is(cerr, context.DeadlineExceeded) {
			return res, fmt.Errorf("%s: %w: stopped after %s; %s", p.engine, ErrTimeout, res.wall.Round(time.Second), next)
		}
		return res, fmt.Errorf("%s: stopped: %w", p.engine, cerr)
	}
	if err != nil {
		return res, fmt.Errorf("%s: %w (%v)%s; %s", p.engine, ErrFailed, err, saying(res.stderr), next)
	}
	return res, nil
}

// saying quotes what an engine said about a failure: its error lines, else
// its last line, as ": it said ...".
func saying(stderr string) string {
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	var picked []string
	for _, l := range lines {
		u := strings.ToUpper(l)
		if strings.Contains(u, "ERROR") || strings.Contains(u, "FATAL") || strings.Contains(u, "FAILED") {
			picked = append(picked, strings.TrimSpace(l))
		}
	}
	if len(picked) == 0 {
		if last := strings.TrimSpace(lines[len(lines)-1]); last != "" {
			picked = []string{last}
		}
	}
	if len(picked) == 0 {
		return ""
	}
	if len(picked) > 3 {
		picked = picked[len(picked)-3:]
	}
	s := strings.Join(picked, " / ")
	if len(s) > 400 {
		s = s[:400] + "…"
	}
	return ": it said " + strings.ToValidUTF8(s, "?")
}

// capBuffer keeps up to max bytes; when more come, it notes it and calls
// onOver (which stops the process).
type capBuffer struct {
	buf    bytes.Buffer // not embedded: io.Copy would use its ReadFrom and pass Write by
	max    int
	over   bool
	onOver func()
}

func (b *capBuffer) Write(p []byte) (int, error) {
	if room := b.max - b.buf.Len(); len(p) > room {
		if !b.over && b.onOver != nil {
			b.onOver()
		}
		b.over = true
		b.buf.Write(p[:max(room, 0)])
		return len(p), nil
	}
	return b.buf.Write(p)
}

// Bytes returns what was kept.
func (b *capBuffer) Bytes() []byte { return b.buf.Bytes() }

// tailBuffer keeps the last max bytes written.
type tailBuffer struct {
	buf []byte
	max int
}

func (b *tailBuffer) Write(p []byte) (int, error) {
	b.buf = append(b.buf, p...)
	if len(b.buf) > 2*b.max {
		b.buf = append(b.buf[:0], b.buf[len(b.buf)-b.max:]...)
	}
	return len(p), nil
}

func (b *tailBuffer) String() string {
	if len(b.buf) > b.max {
		return string(b.buf[len(b.buf)-b.max:])
	}
	return string(b.buf)
}
