package capture

/*
#include "capture.h"
*/
import "C"

import (
	"sync/atomic"
	"syscall"
	"time"
	"unsafe"

	"github.com/mockround/mockround/audio"
)

// edges is the capture thread's side of the takes (takes.c), seen from
// the writer: it posts each control as an edge, which the thread resolves
// at the first frame captured after the control's moment, writing the
// take's frames to its file meanwhile; the writer then carries it out.
type edges struct {
	c     *C.mr_capture
	clock monoClock
}

// resolvedEdge is what the capture thread says of a resolved edge.
type resolvedEdge struct {
	frame   uint64        // the first ring frame after its moment
	frames  int64         // the frames of the take in its file then
	emitted uint64        // the frames written to takes' files then (a start: where the take begins in the take ring)
	err     syscall.Errno // the take's write error then, or 0
}

// takeState is the take the capture thread writes, as it last said.
type takeState struct {
	id     uint64 // its start edge's index, plus 1; 0 for none yet
	frames int64  // frames written to its file
	err    syscall.Errno
}

func edgeKind(k controlKind) C.int {
	switch k {
	case ctlStart:
		return C.MR_START
	case ctlPause:
		return C.MR_PAUSE
	case ctlResume:
		return C.MR_RESUME
	}
	return C.MR_STOP
}

// post posts a control of kind at its moment at, or now if at is zero (by
// the capture thread's clock, so that the moment is after every frame it
// has already handed on); a start with f, the take's file. It returns the
// moment, or false if MR_EDGES edges wait to be done with.
func (e edges) post(kind controlKind, f *audio.Writer, at time.Time) (time.Time, bool) {
	fd, dataAt, room := C.int(-1), C.int64_t(0), C.int64_t(0)
	if f != nil {
		fd, dataAt, room = C.int(f.File().Fd()), audio.DataOffset, C.int64_t(f.Room()) // a new file: no frames yet
	}
	var ns int64
	if !at.IsZero() {
		ns = e.clock.ns(at)
	}
	got := int64(C.mr_post(e.c, edgeKind(kind), fd, dataAt, room, C.int64_t(ns)))
	if got < 0 {
		return time.Time{}, false
	}
	return e.clock.time(got), true
}

// resolved is how many edges the capture thread has resolved.
func (e edges) resolved() uint64 {
	return atomic.LoadUint64((*uint64)(unsafe.Pointer(&e.c.resolved)))
}

// edge is what became of edge i, which must be resolved and not done with.
func (e edges) edge(i uint64) resolvedEdge {
	r := &e.c.edges[i%C.MR_EDGES]
	return resolvedEdge{frame: uint64(r.frame), frames: int64(r.frames), emitted: uint64(r.emitted), err: syscall.Errno(r.err)}
}

// kept copies into s, if it still can, the frames written to takes' files
// from the nth on (see emitted in capture.h): the capture thread keeps the
// latest ring_frames of them, less the block it may be writing over.
func (e edges) kept(n uint64, s []int16) bool {
	size := uint64(e.c.ring_frames)
	safe := func() bool {
		emitted := atomic.LoadUint64((*uint64)(unsafe.Pointer(&e.c.emitted)))
		return n+uint64(len(s)) <= emitted && emitted-n <= size-uint64(e.c.block_frames)
	}
	if !safe() {
		return false
	}
	ring := unsafe.Slice((*int16)(unsafe.Pointer(e.c.take_ring)), size)
	at := n % size
	copy(s[copy(s, ring[at:]):], ring)
	return safe() // nothing overwritten while copying
}

// done tells the capture thread that the first n edges are done with.
func (e edges) done(n uint64) { atomic.StoreUint64((*uint64)(unsafe.Pointer(&e.c.consumed)), n) }

// force resolves the edges before upto still pending at the frames the
// capture thread has handed on so far.
func (e edges) force(upto uint64) { C.mr_force(e.c, C.uint64_t(upto)) }

// detach has the capture thread stop writing to the take in progress.
func (e edges) detach() { C.mr_detach(e.c) }

// state is the take the capture thread writes, as one atomic load.
func (e edges) state() takeState {
	v := atomic.LoadUint64((*uint64)(unsafe.Pointer(&e.c.take_state)))
	return takeState{id: v >> 40, err: syscall.Errno(v >> 32 & 0xFF), frames: int64(uint32(v))}
}

// testEdges is a capture thread's memory with no stream and no thread, of
// ringFrames frames at rate, for the writer's tests; put plays the thread.
func testEdges(ringFrames, rate int) (edges, func()) {
	c := C.mr_new(C.uint64_t(ringFrames), C.uint64_t(ringFrames/4), C.double(rate), C.int64_t(time.Second), C.int64_t(finePolling), C.int64_t(stallAfter), -1)
	if c == nil {
		panic("out of memory")
	}
	return edges{c: c, clock: newMonoClock()}, func() { C.mr_free(c) }
}

// put is the capture thread's read of samples, ring frames [first,
// first+len), captured at base + f frames: first must be the frames read
// so far.
func (e edges) put(samples []int16, first uint64, base time.Time) {
	if w := atomic.LoadUint64((*uint64)(unsafe.Pointer(&e.c.w))); w != first {
		panic("put: frames out of order")
	}
	ring := unsafe.Slice((*int16)(unsafe.Pointer(e.c.ring)), int(e.c.ring_frames))
	for i, s := range samples {
		ring[(first+uint64(i))%uint64(len(ring))] = s
	}
	C.mr_process(e.c, C.uint64_t(first+uint64(len(samples))), C.int64_t(e.clock.ns(base)))
}

// keepsUp is the capture thread's test of a stream going live (see
// mr_keeps_up), for tests.
func keepsUp(rate int, period time.Duration, waiting, firstWaiting, read uint64, sinceFirst time.Duration) bool {
	return C.mr_keeps_up(C.double(rate), C.int64_t(period), C.uint64_t(waiting), C.uint64_t(firstWaiting), C.uint64_t(read), C.int64_t(sinceFirst)) != 0
}
