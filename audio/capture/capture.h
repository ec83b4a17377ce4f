// The capture thread: a plain POSIX thread that moves audio from a PortAudio
// input stream into a ring buffer, without the Go runtime. Go reads the ring
// (and the counters below, atomically) straight from this memory, so neither
// side calls the other while audio flows. See capture.go for why.
#ifndef MOCKROUND_CAPTURE_H
#define MOCKROUND_CAPTURE_H

#include <pthread.h>
#include <stdint.h>
#include <portaudio.h>

typedef struct {
	// Set before the thread starts; read-only afterwards.
	PaStream *stream;
	int16_t *ring;          // ring_frames samples (mono)
	uint64_t ring_frames;
	int16_t *scratch;       // reads land here when the ring is full
	uint64_t block_frames;  // the most frames one read takes; scratch's size
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
	int64_t last_ns;        // when audio last arrived
	int64_t polled_ns;      // when the thread last asked the stream for audio
	int64_t resumed_ns;     // when the thread last woke resume_ns or more later than it meant to:
	                        // the process was stopped or the machine asleep
	int64_t out_ns;         // how much later than it meant to, all such wakes together
	int64_t overflows;      // reads PortAudio reported as overflowed
	int64_t dropped;        // frames lost because the ring was full
	int32_t live;           // 1 once reads keep up with real time
	int32_t err;            // a PortAudio error that ended the thread, or 0
	int32_t exited;         // 1 once the thread has returned

	// Written by Go, read by the thread.
	uint64_t r;             // frames Go has taken from the ring
	int32_t stop;           // 1 asks the thread to return

	// hurry (under mu, signalled on cond): Go waits for audio (a take is
	// stopping), so poll closely and write to notify_fd after every read.
	int hurry;
	pthread_mutex_t mu;
	pthread_cond_t cond;
	pthread_t thread;
} mr_capture;

int64_t mr_now(void);
int64_t mr_boottime(void);
mr_capture *mr_new(uint64_t ring_frames, uint64_t block_frames, double rate, int64_t period_ns, int64_t fine_ns, int64_t stall_ns, int notify_fd);
void mr_free(mr_capture *c);
int mr_start(mr_capture *c);
void mr_join(mr_capture *c);
void mr_hurry(mr_capture *c, int on);
uint64_t mr_pack_level(const int16_t *s, uint64_t n);
PaError mr_open(mr_capture *c, PaDeviceIndex device, double rate, PaTime latency, unsigned long period_frames);

#endif
