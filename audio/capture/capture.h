// The capture thread: a plain POSIX thread that moves audio from a PortAudio
// input stream into a ring buffer and, as it reads each period, writes the
// frames that belong to the take in progress to the take's file, without
// the Go runtime. Go reads the counters below with atomic loads, straight
// from this memory, and tells the thread where takes start, pause, resume
// and stop by posting edges (mr_post), so neither side waits on the other
// while audio flows. See capture.go for why.
#ifndef MOCKROUND_CAPTURE_H
#define MOCKROUND_CAPTURE_H

#include <pthread.h>
#include <stdint.h>
#include <portaudio.h>

// The kinds of edge: a take's start, pause, resume and stop.
enum { MR_START = 1, MR_PAUSE, MR_RESUME, MR_STOP };

// MR_EDGES is how many edges may be posted and not yet done with by Go.
#define MR_EDGES 64

// An edge is a control of a take at a moment. The thread resolves it at
// the first frame captured after that moment, and says so in its second
// half; Go reads that half once resolved counts it.
typedef struct {
	int64_t at_ns;    // the moment (CLOCK_MONOTONIC)
	int32_t kind;     // MR_START, ...
	int32_t fd;       // MR_START: the take's file, open for writing
	int64_t data_at;  // MR_START: the file offset of the take's first frame
	int64_t room;     // MR_START: the most frames the file can take

	uint64_t frame;   // resolved: the first ring frame after the moment
	int64_t frames;   // resolved: the frames of the take in its file then
	uint64_t emitted; // resolved: emitted then (MR_START: where the take begins in take_ring)
	int32_t err;      // resolved: the take's write error then (an errno), or 0
} mr_edge;

typedef struct {
	// Set before the thread starts; read-only afterwards.
	PaStream *stream;
	int16_t *ring;          // ring_frames samples (mono)
	uint64_t ring_frames;
	int16_t *take_ring;     // ring_frames samples: the frames written to takes' files (see emitted)
	int16_t *scratch;       // block_frames samples, for byte swapping where needed
	uint64_t block_frames;  // the most frames one read takes
	double rate;            // frames per second
	int64_t period_ns;      // how long one period of audio lasts
	int64_t fine_ns;        // for this long after the first read, poll closely
	int64_t stall_ns;       // no audio for this long: tell Go
	int64_t resume_ns;      // a wake this late means the process did not run (see resumed_ns)
	int notify_fd;          // a byte is written here on a stall and when the thread ends

	// Written by the thread, read by Go with atomic loads. While no thread
	// runs, Go may reset exited and err (see reopen in capture.go).
	uint64_t w;             // frames put in the ring so far
	int64_t base_ns;        // ring frame f was captured at base_ns + f frames (CLOCK_MONOTONIC)
	uint64_t level;         // the latest read's loudness, packed (see mr_pack_level)
	uint64_t loudest;       // the reads' since Go last took it, merged (see mr_merge_level); Go swaps in 0
	int64_t first_ns;       // when the first audio arrived
	int64_t last_ns;        // when audio last arrived
	int64_t polled_ns;      // when the thread last asked the stream for audio
	int64_t resumed_ns;     // when the thread last woke resume_ns or more later than it meant to:
	                        // the process was stopped or the machine asleep
	int64_t out_ns;         // how much later than it meant to, all such wakes together
	int64_t overflows;      // reads PortAudio reported as overflowed
	int64_t dropped;        // frames lost to the ring (none since takes are written as read)
	int32_t live;           // 1 once reads keep up with real time
	int32_t err;            // a PortAudio error that ended the thread, or 0
	int32_t exited;         // 1 once the thread has returned

	// Written by Go, read by the thread.
	int32_t stop;           // 1 asks the thread to return

	// The takes, under mu. Go posts edges; the thread resolves them in
	// order as the frames of their moments arrive (mr_process) and writes
	// the frames of the take in progress to its file.
	mr_edge edges[MR_EDGES];
	uint64_t posted;        // edges posted so far
	uint64_t resolved;      // edges resolved so far; also loaded atomically by Go
	uint64_t consumed;      // edges Go is done with, whose slots may be reused (Go stores it atomically)
	uint64_t cut;           // ring frames that have gone into a take or been passed over
	int take_fd;            // the file of the take in progress, or -1
	int take_on;            // its frames are written (started and not paused)
	int64_t take_at;        // the file offset of its first frame
	int64_t take_room;      // the most frames its file can take
	uint64_t take_id;       // the index of its MR_START edge, plus 1
	int64_t take_frames;    // frames written to its file
	int64_t take_sized;     // frames its WAV header says it holds
	int32_t take_err;       // its first write error (an errno), or 0: then no more are written
	uint64_t emitted;       // frames written to takes' files so far, all takes: the nth is also at
	                        // take_ring[n % ring_frames], for Go's analyser; also loaded atomically
	uint64_t take_state;    // take_id, take_err and take_frames packed, for Go's atomic loads

	// hurry (Go stores it, then wakes the thread): Go waits for audio (a
	// take is stopping), so poll closely.
	int32_t hurry;
	int wake_fd[2];         // a byte written to wake_fd[1] ends the thread's nap (mr_hurry, mr_stop)
	pthread_mutex_t mu;
	pthread_t thread;
} mr_capture;

int64_t mr_now(void);
int64_t mr_boottime(void);
mr_capture *mr_new(uint64_t ring_frames, uint64_t block_frames, double rate, int64_t period_ns, int64_t fine_ns, int64_t stall_ns, int notify_fd);
void mr_free(mr_capture *c);
int mr_start(mr_capture *c);
void mr_join(mr_capture *c);
void mr_hurry(mr_capture *c, int on);
void mr_stop(mr_capture *c);
uint64_t mr_pack_level(const int16_t *s, uint64_t n);
// MR_LEVEL_SEEN marks a merged level that holds at least one read.
#define MR_LEVEL_SEEN (1ULL << 17)
uint64_t mr_merge_level(uint64_t a, uint64_t b);
// MR_ALSA_PERIODS is how many periods the ALSA buffer is made of.
#define MR_ALSA_PERIODS 8

PaError mr_open(mr_capture *c, PaDeviceIndex device, double rate, PaTime latency, unsigned long period_frames);
int mr_keeps_up(double rate, int64_t period_ns, uint64_t waiting, uint64_t first_waiting, uint64_t read, int64_t since_first_ns);

int64_t mr_post(mr_capture *c, int kind, int fd, int64_t data_at, int64_t room, int64_t at_ns);
int mr_process(mr_capture *c, uint64_t to, int64_t base_ns);
void mr_force(mr_capture *c, uint64_t upto);
void mr_detach(mr_capture *c);

#endif
