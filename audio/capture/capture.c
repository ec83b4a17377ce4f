#include "capture.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/mman.h>
#include <unistd.h>

#ifndef MAP_POPULATE
#define MAP_POPULATE 0 // Linux only; elsewhere the pages fault in as they fill
#endif

// The clock of nap's deadlines: the monotonic one where a condition
// variable can wait on it (not on macOS).
#ifdef __APPLE__
#define NAP_CLOCK CLOCK_REALTIME
#else
#define NAP_CLOCK CLOCK_MONOTONIC
#endif

#define LOAD(p) __atomic_load_n((p), __ATOMIC_ACQUIRE)
#define STORE(p, v) __atomic_store_n((p), (v), __ATOMIC_RELEASE)

int64_t mr_now(void) {
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

// mr_boottime is a clock that, unlike CLOCK_MONOTONIC, runs on while the
// machine sleeps, where there is one.
int64_t mr_boottime(void) {
	struct timespec ts;
#ifdef CLOCK_BOOTTIME
	clock_gettime(CLOCK_BOOTTIME, &ts);
#else
	clock_gettime(CLOCK_MONOTONIC, &ts);
#endif
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

// nap sleeps for ns, or less if hurry differs from what the thread knows.
// It returns hurry.
static int nap(mr_capture *c, int64_t ns, int known) {
	struct timespec ts;
	clock_gettime(NAP_CLOCK, &ts);
	int64_t until = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec + ns;
	ts.tv_sec = until / 1000000000;
	ts.tv_nsec = until % 1000000000;
	pthread_mutex_lock(&c->mu);
	while (c->hurry == known && !LOAD(&c->stop)) {
		if (pthread_cond_timedwait(&c->cond, &c->mu, &ts) == ETIMEDOUT) {
			break;
		}
	}
	int hurry = c->hurry;
	pthread_mutex_unlock(&c->mu);
	return hurry;
}

void mr_hurry(mr_capture *c, int on) {
	pthread_mutex_lock(&c->mu);
	c->hurry = on;
	pthread_cond_signal(&c->cond);
	pthread_mutex_unlock(&c->mu);
}

mr_capture *mr_new(uint64_t ring_frames, uint64_t block_frames, double rate, int64_t period_ns, int64_t fine_ns, int64_t stall_ns, int notify_fd) {
	mr_capture *c = calloc(1, sizeof *c);
	if (c == NULL) {
		return NULL;
	}
	pthread_condattr_t attr;
	pthread_condattr_init(&attr);
#ifndef __APPLE__
	pthread_condattr_setclock(&attr, NAP_CLOCK);
#endif
	pthread_cond_init(&c->cond, &attr);
	pthread_condattr_destroy(&attr);
	pthread_mutex_init(&c->mu, NULL);
	// The ring's pages are made present now, in one call: touched one by
	// one as audio first fills them, each would cost a page fault, which
	// adds up to a third of the CPU of the first twenty seconds.
	void *ring = mmap(NULL, ring_frames * sizeof(int16_t), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (ring == MAP_FAILED) {
		mr_free(c);
		return NULL;
	}
	c->ring = ring;
	c->ring_frames = ring_frames;
	c->scratch = malloc(block_frames * sizeof(int16_t));
	if (c->scratch == NULL) {
		mr_free(c);
		return NULL;
	}
	c->block_frames = block_frames;
	c->rate = rate;
	c->period_ns = period_ns;
	c->fine_ns = fine_ns;
	c->stall_ns = stall_ns;
	c->notify_fd = notify_fd;
	return c;
}

void mr_free(mr_capture *c) {
	if (c == NULL) {
		return;
	}
	if (c->ring != NULL) {
		munmap(c->ring, c->ring_frames * sizeof(int16_t));
	}
	free(c->scratch);
	pthread_cond_destroy(&c->cond);
	pthread_mutex_destroy(&c->mu);
	free(c);
}

PaError mr_open(mr_capture *c, PaDeviceIndex device, double rate, PaTime latency, unsigned long period_frames) {
	PaStreamParameters in;
	memset(&in, 0, sizeof in);
	in.device = device;
	in.channelCount = 1;
	in.sampleFormat = paInt16;
	in.suggestedLatency = latency;
	return Pa_OpenStream(&c->stream, &in, NULL, rate, period_frames, paNoFlag, NULL, NULL);
}

// mr_pack_level packs a read's loudness in 64 bits for one atomic store: the
// mean square as a float in the high half, the clip flag in bit 16 and the
// peak magnitude (0 to 32768) in the low 16 bits.
uint64_t mr_pack_level(const int16_t *s, uint64_t n) {
	double sum = 0;
	int peak = 0;
	for (uint64_t i = 0; i < n; i++) {
		int v = s[i];
		sum += (double)v * v;
		if (v < 0) {
			v = -v;
		}
		if (v > peak) {
			peak = v;
		}
	}
	float ms = n > 0 ? (float)(sum / (double)n) : 0;
	uint32_t bits;
	memcpy(&bits, &ms, sizeof bits);
	return (uint64_t)bits << 32 | (uint64_t)(peak >= 32767) << 16 | (uint64_t)peak;
}

// read_into reads n frames into the ring at frame position w, in two parts
// when the ring wraps. It returns the first error, an overflow included.
static PaError read_into(mr_capture *c, uint64_t w, uint64_t n) {
	uint64_t at = w % c->ring_frames;
	uint64_t first = n;
	if (at + first > c->ring_frames) {
		first = c->ring_frames - at;
	}
	PaError err = Pa_ReadStream(c->stream, c->ring + at, first);
	if (err != paNoError && err != paInputOverflowed) {
		return err;
	}
	if (first < n) {
		PaError err2 = Pa_ReadStream(c->stream, c->ring, n - first);
		if (err2 != paNoError) {
			return err2;
		}
	}
	return err;
}

// notify wakes the Go side, which otherwise only looks at the ring on its
// own schedule. The pipe is non-blocking: if it is full, Go has yet to read
// an earlier byte, and that is enough.
static void notify(mr_capture *c) {
	char b = 1;
	ssize_t n = write(c->notify_fd, &b, 1);
	(void)n;
}

// go_live marks the stream live, once, and tells Go.
static void go_live(mr_capture *c, int *live) {
	if (!*live) {
		*live = 1;
		STORE(&c->live, 1);
		notify(c);
	}
}

static void *mr_loop(void *arg) {
	mr_capture *c = arg;
	const double frame_ns = 1e9 / c->rate;
	uint64_t w = LOAD(&c->w); // a reopened stream carries on where the last one stopped
	uint64_t reads = 0;
	int64_t first_read = 0;
	int64_t base = 0, base_seen = 0;
	int base_valid = 0;
	uint32_t rnd = 2463534242u;
	int stalled = 0;
	int live = 0;
	int hurry = 0;
	// woke is when, on the boot clock, the loop last began, and meant how
	// long it then meant to sleep. A loop beginning resume_ns or more after
	// woke + meant finds that the process was not running (stopped, or the
	// machine asleep): the quiet before is not the device's doing.
	int64_t woke = 0, meant = 0;

	while (!LOAD(&c->stop)) {
		int64_t boot = mr_boottime();
		if (woke != 0 && c->resume_ns > 0 && boot - woke - meant >= c->resume_ns) {
			__atomic_add_fetch(&c->out_ns, boot - woke - meant, __ATOMIC_RELEASE);
			STORE(&c->resumed_ns, mr_now());
		}
		woke = boot;
		meant = 0;
		signed long avail = Pa_GetStreamReadAvailable(c->stream);
		if (avail < 0) {
			STORE(&c->err, (int32_t)avail);
			break;
		}
		int64_t now = mr_now();
		STORE(&c->polled_ns, now);
		// Early on, and while Go waits for audio, poll closely: the first
		// arrivals (and so the time of each frame) are seen to within 10 ms,
		// and a stopping take gets its last audio as soon as it is there.
		int fine = reads == 0 || now - first_read < c->fine_ns || hurry;
		if (avail == 0) {
			if (reads > 0) {
				go_live(c, &live);
				int64_t since = LOAD(&c->last_ns);
				int64_t resumed = LOAD(&c->resumed_ns);
				if (resumed > since) {
					since = resumed;
				}
				if (!stalled && now - since >= c->stall_ns) {
					stalled = 1; // once per stall
					notify(c);
				}
			}
			meant = fine ? 10000000 : c->period_ns / 4;
			hurry = nap(c, meant, hurry);
			continue;
		}
		uint64_t n = (uint64_t)avail < c->block_frames ? (uint64_t)avail : c->block_frames;
		uint64_t room = c->ring_frames - (w - LOAD(&c->r));
		PaError err;
		const int16_t *got;
		if (room >= n) {
			err = read_into(c, w, n);
			got = c->ring + w % c->ring_frames; // the level uses the first part only
		} else {
			// Go is far behind: losing this read is better than waiting.
			err = Pa_ReadStream(c->stream, c->scratch, n);
			got = c->scratch;
		}
		now = mr_now();
		if (err != paNoError && err != paInputOverflowed) {
			STORE(&c->err, (int32_t)err);
			break;
		}
		uint64_t part = n;
		if (got != c->scratch && w % c->ring_frames + part > c->ring_frames) {
			part = c->ring_frames - w % c->ring_frames;
		}
		STORE(&c->level, mr_pack_level(got, part));
		if (got == c->scratch) {
			__atomic_add_fetch(&c->dropped, (int64_t)n, __ATOMIC_RELEASE);
			base_valid = 0; // the ring skips these frames: its count no longer tells time
		} else {
			w += n;
		}
		if (err == paInputOverflowed) {
			__atomic_add_fetch(&c->overflows, 1, __ATOMIC_RELEASE);
			base_valid = 0; // frames were lost before this read
		}
		reads++;
		if (reads == 1) {
			first_read = now;
		}
		// A stream that has just started may first hand over a backlog
		// faster than real time; it is live once a read finds no more than
		// a period waiting. A source that never runs short (an ALSA
		// file PCM) counts as live after a second.
		if (reads > 1 && ((double)avail * frame_ns <= 1.1 * (double)c->period_ns || now - first_read > 1000000000)) {
			go_live(c, &live);
		}
		// Audio arrives in bursts, so "now" is late for the newest frame by
		// up to a burst's length. Ring frame f is stamped base + f frames,
		// where base is the earliest estimate seen (the least late), allowed
		// to creep forward by 1 ms a second to follow clock drift.
		if (w > 0) {
			int64_t est = now - (int64_t)((double)((uint64_t)avail - n) * frame_ns) - (int64_t)((double)(w - 1) * frame_ns);
			int64_t crept = base + (now - base_seen) / 1000;
			if (!base_valid || est < crept) {
				base = est;
				base_valid = 1;
			} else {
				base = crept;
			}
			base_seen = now;
			STORE(&c->base_ns, base);
		}
		STORE(&c->w, w); // after base: Go never sees frames without their time
		STORE(&c->last_ns, now);
		stalled = 0;
		if (hurry) {
			notify(c);
		}
		if ((uint64_t)avail > n) {
			continue; // more is waiting: read it now
		}
		if (fine) {
			meant = 10000000;
			hurry = nap(c, meant, hurry);
			continue;
		}
		// Everything waiting is read, and the next period lands about a
		// period from now. Wake a little later than that, by a varying
		// amount: never just before an arrival (finding nothing), and at
		// every phase of the period over time, so the earliest estimate
		// above stays within a few milliseconds of the truth.
		rnd ^= rnd << 13;
		rnd ^= rnd >> 17;
		rnd ^= rnd << 5;
		meant = c->period_ns + (int64_t)(rnd % 1024) * (c->period_ns / 4) / 1024;
		hurry = nap(c, meant, hurry);
	}
	STORE(&c->exited, 1);
	notify(c);
	return NULL;
}

int mr_start(mr_capture *c) {
	return pthread_create(&c->thread, NULL, mr_loop, c);
}

void mr_join(mr_capture *c) {
	pthread_join(c->thread, NULL);
}
