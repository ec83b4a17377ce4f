#include "capture.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/mman.h>
#include <unistd.h>

#ifdef __linux__
#include <pa_linux_alsa.h>
#endif

#ifndef MAP_POPULATE
#define MAP_POPULATE 0 // Linux only; elsewhere the pages fault in as they fill
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

// nap sleeps for ns, or less if Go wakes the thread (a change of hurry, or
// a stop). It returns hurry. The thread wakes once a period for as long as
// the microphone is open, so its sleep is one poll on a pipe: a condition
// variable's timed wait costs its mutex and bookkeeping on top, at every
// wake.
static int nap(mr_capture *c, int64_t ns, int known) {
	if (LOAD(&c->hurry) == known && !LOAD(&c->stop)) {
		struct pollfd p = {.fd = c->wake_fd[0], .events = POLLIN};
		if (poll(&p, 1, (int)((ns + 999999) / 1000000)) > 0) {
			char b[64];
			while (read(c->wake_fd[0], b, sizeof b) > 0) {
			}
		}
	}
	return LOAD(&c->hurry);
}

// wake ends the thread's nap, or its next one if it is not napping. The
// pipe is non-blocking: if it is full, a wake is already on its way.
static void wake(mr_capture *c) {
	char b = 1;
	ssize_t n = write(c->wake_fd[1], &b, 1);
	(void)n;
}

void mr_hurry(mr_capture *c, int on) {
	STORE(&c->hurry, on);
	wake(c);
}

// mr_stop asks the thread to return, at once rather than at the end of its
// nap.
void mr_stop(mr_capture *c) {
	STORE(&c->stop, 1);
	wake(c);
}

// open_wake makes the wake pipe: non-blocking, and closed in the programs
// mockround runs (transcription).
static int open_wake(int fd[2]) {
	if (pipe(fd) != 0) {
		fd[0] = fd[1] = -1;
		return -1;
	}
	for (int i = 0; i < 2; i++) {
		if (fcntl(fd[i], F_SETFL, O_NONBLOCK) != 0 || fcntl(fd[i], F_SETFD, FD_CLOEXEC) != 0) {
			return -1;
		}
	}
	return 0;
}

mr_capture *mr_new(uint64_t ring_frames, uint64_t block_frames, double rate, int64_t period_ns, int64_t fine_ns, int64_t stall_ns, int notify_fd) {
	mr_capture *c = calloc(1, sizeof *c);
	if (c == NULL) {
		return NULL;
	}
	pthread_mutex_init(&c->mu, NULL);
	if (open_wake(c->wake_fd) != 0) {
		mr_free(c);
		return NULL;
	}
	// The rings' pages are made present now, in one call: touched one by
	// one as audio first fills them, each would cost a page fault, which
	// adds up to a third of the CPU of the first twenty seconds.
	void *ring = mmap(NULL, 2 * ring_frames * sizeof(int16_t), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (ring == MAP_FAILED) {
		mr_free(c);
		return NULL;
	}
	c->ring = ring;
	c->ring_frames = ring_frames;
	c->take_ring = c->ring + ring_frames;
	c->take_fd = -1;
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
		munmap(c->ring, 2 * c->ring_frames * sizeof(int16_t));
	}
	free(c->scratch);
	for (int i = 0; i < 2; i++) {
		if (c->wake_fd[i] >= 0) {
			close(c->wake_fd[i]);
		}
	}
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
#ifdef __linux__
	// ALSA makes the period a quarter of the buffer by default, and the
	// sound server then hands audio over a quarter-buffer at a time. With
	// more periods the buffer stays long (the thread may be late without
	// losing audio) while audio arrives, and reaches the take's file, in
	// small chunks: a killed process loses less.
	PaAlsa_SetNumPeriods(MR_ALSA_PERIODS);
#endif
	return Pa_OpenStream(&c->stream, &in, NULL, rate, period_frames, paNoFlag, NULL, NULL);
}

// mr_pack_level packs a read's loudness in 64 bits for one atomic store: the
// mean square as a float in the high half, the clip flag in bit 16 and the
// peak magnitude (0 to 32768) in the low 16 bits.
uint64_t mr_pack_level(const int16_t *s, uint64_t n) {
	// In integers, with no branch: the loop runs over every frame of every
	// read, and so written it costs a third of the floating-point one. A
	// read's squares add up to under 2^46, exact in a double as well.
	uint64_t sq = 0;
	int32_t hi = 0, lo = 0;
	for (uint64_t i = 0; i < n; i++) {
		int32_t v = s[i];
		sq += (uint32_t)(v * v);
		hi = v > hi ? v : hi;
		lo = v < lo ? v : lo;
	}
	int32_t peak = hi > -lo ? hi : -lo;
	double sum = (double)sq;
	float ms = n > 0 ? (float)(sum / (double)n) : 0;
	uint32_t bits;
	memcpy(&bits, &ms, sizeof bits);
	return (uint64_t)bits << 32 | (uint64_t)(peak >= 32767) << 16 | (uint64_t)peak;
}

// mr_merge_level merges two packed levels into the louder mean square and
// the higher peak, clipped if either clipped, and marks the result as
// holding a read (MR_LEVEL_SEEN), which a packed level of silence alone
// cannot show.
uint64_t mr_merge_level(uint64_t a, uint64_t b) {
	uint64_t ms = (a >> 32) > (b >> 32) ? a >> 32 : b >> 32; // non-negative floats order as their bits
	uint64_t peak = (a & 0xFFFF) > (b & 0xFFFF) ? a & 0xFFFF : b & 0xFFFF;
	return ms << 32 | MR_LEVEL_SEEN | ((a | b) & (1ULL << 16)) | peak;
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

// notify wakes the Go side, which otherwise only looks at the capture
// thread on its own schedule. The pipe is non-blocking: if it is full, Go
// has yet to read an earlier byte, and that is enough.
static void notify(mr_capture *c) {
	char b = 1;
	ssize_t n = write(c->notify_fd, &b, 1);
	(void)n;
}

// mr_keeps_up tells, after a read, whether the stream delivers in real
// time, so that a take can start: a stream that has just started may first
// hand over a backlog faster than real time. It does once a read finds no
// more than a period waiting, the first read included; and a source that
// never runs short (an ALSA file PCM) does once the frames read beyond what
// waited at the first read are more than real time could have brought
// since, by two periods. waiting is what this read found, first_waiting
// what the first found, read the frames read so far, this read included.
int mr_keeps_up(double rate, int64_t period_ns, uint64_t waiting, uint64_t first_waiting, uint64_t read, int64_t since_first_ns) {
	double frame_ns = 1e9 / rate;
	if ((double)waiting * frame_ns <= 1.1 * (double)period_ns) {
		return 1;
	}
	double beyond = (double)read - (double)first_waiting;
	return beyond * frame_ns > (double)since_first_ns + 2.0 * (double)period_ns;
}

// The capture loop's own state.
typedef struct {
	uint64_t w;             // frames put in the ring
	uint64_t reads;         // reads that got audio
	uint64_t read;          // frames they got
	uint64_t first_waiting; // frames waiting at the first read
	int64_t first_read;     // when it returned
	int64_t base, base_seen;
	int base_valid;
	int stalled, live, hurry;
	// Arrivals: arrived is when the newest frame read arrived, as far as
	// the thread can tell; missed, when a poll last found nothing since
	// the last read (0 if none did), and misses how many in a row did.
	int64_t arrived, missed;
	int misses;
	// woke is when, on the boot clock, the loop last began, and meant how
	// long it then meant to sleep. A loop beginning resume_ns or more after
	// woke + meant finds that the process was not running (stopped, or the
	// machine asleep): the quiet before is not the device's doing.
	int64_t woke, meant;
} loop;

// How the loop times its reads to the arrivals of periods (see next_read).
#define MS 1000000
// A period arrives give or take 20 ms (the sound server's own timer), so
// the read comes a little after its predicted arrival: it rarely finds
// nothing (each look costs a wake here and in the sound library), and
// rarely finds it there long.
#define READ_AFTER (30 * MS) // after a period's predicted arrival, read this much later
#define PROBE (MS / 2)       // and predict each arrival this much earlier than the last
#define SLACK (80 * MS)      // a prediction this far before the read was no arrival
#define MISSED_POLL (4 * MS) // a read that found nothing looks again this much later, doubling
#define FINE (10 * MS)       // while watching closely, no arrival goes unseen longer than this
#define FINE_AHEAD (25 * MS) // and the looks for a period start this long before it is due

// go_live marks the stream live, once, and tells Go.
static void go_live(mr_capture *c, loop *l) {
	if (!l->live) {
		l->live = 1;
		STORE(&c->live, 1);
		notify(c);
	}
}

// noticed_out notes a wake resume_ns or more later than meant: the process
// did not run meanwhile.
static void noticed_out(mr_capture *c, loop *l) {
	int64_t boot = mr_boottime();
	if (l->woke != 0 && c->resume_ns > 0 && boot - l->woke - l->meant >= c->resume_ns) {
		__atomic_add_fetch(&c->out_ns, boot - l->woke - l->meant, __ATOMIC_RELEASE);
		STORE(&c->resumed_ns, mr_now());
	}
	l->woke = boot;
	l->meant = 0;
}

// sleep_for naps for ns and notes it as meant.
static void sleep_for(mr_capture *c, loop *l, int64_t ns) {
	l->meant = ns;
	l->hurry = nap(c, ns, l->hurry);
}

// due_in is how long until the thread should start looking for the next
// period while it watches closely: FINE_AHEAD before the period is due
// after the last arrival seen, or 0 if that is now or past, or no arrival
// has been seen. Looking from then on every few milliseconds sees the
// period arrive within FINE, as looking every FINE from the last read
// would, at a few wakes a period instead of one every FINE.
static int64_t due_in(mr_capture *c, loop *l, int64_t now) {
	if (l->arrived == 0) {
		return 0;
	}
	int64_t ns = l->arrived + c->period_ns - FINE_AHEAD - now;
	return ns > 0 ? ns : 0;
}

// idle handles a poll that found nothing: the stream is live if it has
// delivered before, a stall is told once, and the next poll comes soon
// while a period is due, or early on, or while Go waits for audio.
static void idle(mr_capture *c, loop *l, int64_t now, int fine) {
	int64_t wait = c->period_ns / 4;
	int early = 0;
	if (l->reads > 0) {
		go_live(c, l);
		int64_t since = LOAD(&c->last_ns);
		int64_t resumed = LOAD(&c->resumed_ns);
		if (resumed > since) {
			since = resumed;
		}
		if (!l->stalled && now - since >= c->stall_ns) {
			l->stalled = 1; // once per stall
			notify(c);
		}
		int64_t ahead = due_in(c, l, now);
		if (ahead > 0) {
			// Not due yet (Go asked to hurry): no miss, and no look
			// until the period is near.
			wait = ahead;
			early = 1;
		} else {
			l->missed = now;
			// Due, and a little late: look again soon, less often each time.
			if (l->misses < 5) {
				wait = (int64_t)MISSED_POLL << l->misses;
				l->misses++;
			}
		}
	}
	if (fine && !early && wait > FINE) {
		wait = FINE;
	}
	if (wait > c->period_ns / 4) {
		wait = c->period_ns / 4;
	}
	sleep_for(c, l, wait);
}

// stamp updates the time base after a read of n frames that found avail
// waiting. Audio arrives in bursts, so "now" is late for the newest frame
// by up to a burst's length. Ring frame f is stamped base + f frames, where
// base is the earliest estimate seen (the least late), allowed to creep
// forward by 1 ms a second to follow clock drift.
static void stamp(mr_capture *c, loop *l, int64_t now, uint64_t avail, uint64_t n) {
	const double frame_ns = 1e9 / c->rate;
	int64_t est = now - (int64_t)((double)(avail - n) * frame_ns) - (int64_t)((double)(l->w - 1) * frame_ns);
	int64_t crept = l->base + (now - l->base_seen) / 1000;
	if (!l->base_valid || est < crept) {
		l->base = est;
		l->base_valid = 1;
	} else {
		l->base = crept;
	}
	l->base_seen = now;
	STORE(&c->base_ns, l->base); // before w (mr_process): Go never sees frames without their time
}

// arrival notes when the newest of the n frames just read arrived, as far
// as the thread can tell: n frames' time after the last arrival, less
// PROBE, so that the guess creeps earlier until a read finds nothing,
// which shows the arrivals' phase again. If a poll since found nothing
// after the guess, or the guess is far before now (a late wake, or a
// stream that delivers in small pieces), they arrived now.
static void arrival(mr_capture *c, loop *l, uint64_t n, int64_t now) {
	int64_t a = l->arrived + (int64_t)((double)n * 1e9 / c->rate) - PROBE;
	if (l->arrived == 0 || a > now || a < now - SLACK || (l->missed != 0 && a <= l->missed)) {
		a = now;
	}
	l->arrived = a;
	l->missed = 0;
	l->misses = 0;
}

// next_read is how long to sleep after reading everything waiting: until a
// little after the next period arrives (READ_AFTER). So a killed process
// loses little more than what the sound system still held, at one wake a
// period.
static int64_t next_read(mr_capture *c, loop *l, int64_t now) {
	int64_t ns = l->arrived + c->period_ns + READ_AFTER - now;
	int64_t most = c->period_ns + c->period_ns / 4;
	if (ns < MS) {
		ns = MS;
	}
	return ns < most ? ns : most;
}

// take_read reads what is waiting (avail frames, up to a block) into the
// ring, times it and hands it to the takes. It returns 0 if the stream
// failed.
static int take_read(mr_capture *c, loop *l, uint64_t avail) {
	uint64_t n = avail < c->block_frames ? avail : c->block_frames;
	PaError err = read_into(c, l->w, n);
	int64_t now = mr_now();
	if (err != paNoError && err != paInputOverflowed) {
		STORE(&c->err, (int32_t)err);
		return 0;
	}
	uint64_t at = l->w % c->ring_frames;
	uint64_t part = at + n > c->ring_frames ? c->ring_frames - at : n; // the level uses the first part only
	uint64_t level = mr_pack_level(c->ring + at, part);
	STORE(&c->level, level);
	uint64_t loudest = LOAD(&c->loudest);
	while (!__atomic_compare_exchange_n(&c->loudest, &loudest, mr_merge_level(loudest, level), 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
	}
	if (err == paInputOverflowed) {
		__atomic_add_fetch(&c->overflows, 1, __ATOMIC_RELEASE);
		l->base_valid = 0; // frames were lost before this read
	}
	l->w += n;
	l->reads++;
	l->read += n;
	if (l->reads == 1) {
		l->first_read = now;
		l->first_waiting = avail;
		STORE(&c->first_ns, now);
	}
	if (mr_keeps_up(c->rate, c->period_ns, avail, l->first_waiting, l->read, now - l->first_read)) {
		go_live(c, l);
	}
	stamp(c, l, now, avail, n);
	if (mr_process(c, l->w, l->base)) {
		notify(c); // a take stopped: Go finishes it
	}
	if (avail <= n) {
		arrival(c, l, n, now);
	}
	STORE(&c->last_ns, now);
	l->stalled = 0;
	return 1;
}

static void *mr_loop(void *arg) {
	mr_capture *c = arg;
	loop l;
	memset(&l, 0, sizeof l);
	l.w = LOAD(&c->w); // a reopened stream carries on where the last one stopped
	while (!LOAD(&c->stop)) {
		noticed_out(c, &l);
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
		int fine = l.reads == 0 || now - l.first_read < c->fine_ns || l.hurry;
		if (avail == 0) {
			idle(c, &l, now, fine);
			continue;
		}
		if (!take_read(c, &l, (uint64_t)avail)) {
			break;
		}
		if ((uint64_t)avail > c->block_frames) {
			continue; // more is waiting: read it now
		}
		int64_t t = mr_now();
		int64_t ns = fine ? due_in(c, &l, t) : next_read(c, &l, t);
		sleep_for(c, &l, fine && ns < FINE ? FINE : ns);
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
