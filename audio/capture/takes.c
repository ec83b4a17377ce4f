// The takes, as the capture thread writes them: Go posts edges (a take's
// start, pause, resume, stop) with their moments; the thread, after each
// read, resolves the edges whose moment its new frames have passed, at the
// first frame captured after it, and writes the frames of the take in
// progress straight to the take's file, one pwrite per read. So a take's
// audio is in the page cache as soon as the sound system hands it over,
// and a killed process loses only what the sound system still held.
#include "capture.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#define LOAD(p) __atomic_load_n((p), __ATOMIC_ACQUIRE)
#define STORE(p, v) __atomic_store_n((p), (v), __ATOMIC_RELEASE)

// frame_after is the index of the first ring frame captured after at,
// ring frame f having been captured at base + f frames: frames captured at
// or before the moment go before an edge, as in a cut.
static uint64_t frame_after(int64_t at, int64_t base, int64_t rate) {
	if (at < base) {
		return 0;
	}
	int64_t d = at - base;
	return (uint64_t)(d / 1000000000 * rate + d % 1000000000 * rate / 1000000000 + 1);
}

// publish packs the take's state for Go: its id in the top 24 bits, its
// write error in the next 8, its frames (under 2^31: a WAV's limit) below.
static void publish(mr_capture *c) {
	uint64_t err = c->take_err > 0 && c->take_err < 256 ? (uint64_t)c->take_err : (c->take_err ? 255 : 0);
	STORE(&c->take_state, (c->take_id & 0xFFFFFF) << 40 | err << 32 | (uint64_t)(uint32_t)c->take_frames);
}

// write_all writes len bytes at off, whatever the number of calls it takes;
// it returns 0 or an errno, and in *done how many bytes were written.
static int write_all(int fd, const char *p, size_t len, int64_t off, size_t *done) {
	*done = 0;
	while (*done < len) {
		ssize_t k = pwrite(fd, p + *done, len - *done, (off_t)(off + (int64_t)*done));
		if (k < 0) {
			if (errno == EINTR) {
				continue;
			}
			return errno;
		}
		if (k == 0) {
			return EIO;
		}
		*done += (size_t)k;
	}
	return 0;
}

// keep copies the n frames at s just written to the take's file into the
// take ring, for the analyser in Go, which reads them there rather than
// from the file.
static void keep(mr_capture *c, const int16_t *s, uint64_t n) {
	while (n > 0) {
		uint64_t at = c->emitted % c->ring_frames;
		uint64_t part = n < c->ring_frames - at ? n : c->ring_frames - at;
		memcpy(c->take_ring + at, s, part * sizeof(int16_t));
		STORE(&c->emitted, c->emitted + part);
		s += part;
		n -= part;
	}
}

// write_part appends n frames from s to the take's file, as little-endian
// samples; on an error it records it, and no more is written to the take.
static void write_part(mr_capture *c, const int16_t *s, uint64_t n) {
	const int16_t *native = s;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	for (uint64_t i = 0; i < n; i++) {
		uint16_t v = (uint16_t)s[i];
		c->scratch[i] = (int16_t)(uint16_t)(v << 8 | v >> 8);
	}
	s = c->scratch;
#endif
	size_t done;
	int err = write_all(c->take_fd, (const char *)s, (size_t)n * sizeof(int16_t), c->take_at + c->take_frames * (int64_t)sizeof(int16_t), &done);
	c->take_frames += (int64_t)(done / sizeof(int16_t));
	keep(c, native, done / sizeof(int16_t));
	if (err != 0) {
		c->take_err = err;
	}
}

// put_size writes v, little-endian, at off in the take's file.
static int put_size(mr_capture *c, uint32_t v, int64_t off) {
	unsigned char b[4] = {v & 0xFF, v >> 8 & 0xFF, v >> 16 & 0xFF, v >> 24 & 0xFF};
	size_t done;
	return write_all(c->take_fd, (const char *)b, sizeof b, off, &done);
}

// sizes brings the take's WAV header up to date, about once a second of
// audio: the RIFF size at offset 4 and the data size just before the data,
// as in the canonical header of audio.Writer. Written straight after the
// audio, within the same tick of the file system's clock, they cost little
// more: the file's times are updated once.
static void sizes(mr_capture *c) {
	if (c->take_err != 0 || c->take_frames - c->take_sized < (int64_t)c->rate) {
		return;
	}
	int64_t data = c->take_frames * (int64_t)sizeof(int16_t);
	int err = put_size(c, (uint32_t)(c->take_at - 8 + data), 4);
	if (err == 0) {
		err = put_size(c, (uint32_t)data, c->take_at - 4);
	}
	if (err != 0) {
		c->take_err = err;
		return;
	}
	c->take_sized = c->take_frames;
}

// emit writes ring frames [from, to) to the take in progress, if one is
// recording, in two parts where they wrap past the ring's end.
static void emit(mr_capture *c, uint64_t from, uint64_t to) {
	if (c->take_fd < 0 || !c->take_on || c->take_err != 0 || to <= from) {
		return;
	}
	uint64_t n = to - from;
	if ((int64_t)n > c->take_room - c->take_frames) {
		c->take_err = EFBIG; // a WAV holds 4 GiB of audio at most
		publish(c);
		return;
	}
	uint64_t at = from % c->ring_frames;
	uint64_t first = n < c->ring_frames - at ? n : c->ring_frames - at;
	write_part(c, c->ring + at, first);
	if (first < n && c->take_err == 0) {
		write_part(c, c->ring, n - first);
	}
	sizes(c);
	publish(c);
}

// resolve resolves the oldest pending edge at ring frame k and acts on it;
// it reports whether it stopped a take.
static int resolve(mr_capture *c, uint64_t k) {
	mr_edge *e = &c->edges[c->resolved % MR_EDGES];
	switch (e->kind) {
	case MR_START:
		c->take_fd = e->fd;
		c->take_on = 1;
		c->take_at = e->data_at;
		c->take_room = e->room;
		c->take_id = c->resolved + 1; // 0 is no take
		c->take_frames = 0;
		c->take_sized = 0;
		c->take_err = 0;
		break;
	case MR_PAUSE:
		c->take_on = 0;
		break;
	case MR_RESUME:
		c->take_on = c->take_fd >= 0;
		break;
	case MR_STOP:
		c->take_fd = -1;
		c->take_on = 0;
		break;
	}
	e->frame = k;
	e->frames = c->take_frames;
	e->emitted = c->emitted;
	e->err = c->take_err;
	publish(c);
	STORE(&c->resolved, c->resolved + 1); // after the edge's second half: Go reads it then
	return e->kind == MR_STOP;
}

// mr_process takes ring frames [cut, to), captured at base_ns + f frames:
// it resolves, in order, each pending edge whose moment they pass, writing
// the frames before it that belong to a take, then the rest. An edge whose
// moment is after the last of them waits for more. It publishes to as the
// ring's count and reports whether a take stopped.
int mr_process(mr_capture *c, uint64_t to, int64_t base_ns) {
	int stopped = 0;
	pthread_mutex_lock(&c->mu);
	uint64_t i = c->cut;
	while (c->resolved < c->posted) {
		uint64_t k = frame_after(c->edges[c->resolved % MR_EDGES].at_ns, base_ns, (int64_t)c->rate);
		if (k < i) {
			k = i;
		}
		if (k >= to) {
			break; // the edge falls after these frames
		}
		emit(c, i, k);
		i = k;
		stopped |= resolve(c, k);
	}
	emit(c, i, to);
	c->cut = to;
	STORE(&c->w, to);
	pthread_mutex_unlock(&c->mu);
	return stopped;
}

// mr_post posts an edge of kind at at_ns, or now if at_ns is 0, and returns
// its moment; -1 if MR_EDGES edges wait for Go to be done with them. Taken
// under the lock the thread processes its reads under, "now" is after every
// frame already processed: none of them goes on the wrong side of it.
int64_t mr_post(mr_capture *c, int kind, int fd, int64_t data_at, int64_t room, int64_t at_ns) {
	pthread_mutex_lock(&c->mu);
	if (c->posted - LOAD(&c->consumed) >= MR_EDGES) {
		pthread_mutex_unlock(&c->mu);
		return -1;
	}
	if (at_ns == 0) {
		at_ns = mr_now();
	}
	mr_edge *e = &c->edges[c->posted % MR_EDGES];
	memset(e, 0, sizeof *e);
	e->at_ns = at_ns;
	e->kind = kind;
	e->fd = fd;
	e->data_at = data_at;
	e->room = room;
	c->posted++;
	pthread_mutex_unlock(&c->mu);
	return at_ns;
}

// mr_force resolves the edges before upto still pending at the frames
// processed so far: no more audio is coming for them, or they waited
// long enough.
void mr_force(mr_capture *c, uint64_t upto) {
	pthread_mutex_lock(&c->mu);
	while (c->resolved < c->posted && c->resolved < upto) {
		resolve(c, c->cut);
	}
	pthread_mutex_unlock(&c->mu);
}

// mr_detach ends the take in progress, if any, with no edge: nothing more
// is written to its file, which Go may then close.
void mr_detach(mr_capture *c) {
	pthread_mutex_lock(&c->mu);
	c->take_fd = -1;
	c->take_on = 0;
	publish(c);
	pthread_mutex_unlock(&c->mu);
}
