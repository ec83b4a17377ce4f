/*
 * pa_rec: the smallest recorder that records the way mockround does, for
 * scripts/bench.py to measure beside it. It records the default input
 * through PortAudio (its ALSA host API on Linux) at the same settings as
 * mockround: mono 16-bit, a second of latency, 8192-frame periods, eight
 * ALSA periods; reads what is waiting, writes it to the file, and sleeps
 * until about the next period is due. What this costs is the floor of
 * recording through PortAudio here, before mockround does anything of its
 * own (the take's analysis, the session, the screen). Like mockround, it
 * first hides the ALSA PCMs a52 and pulse from PortAudio's device listing
 * (see audio/capture/alsa_linux.go), so the two start the same way.
 *
 *   pa_rec RATE SECONDS FILE      (raw little-endian 16-bit PCM)
 *
 * Reading a period at a time with a blocking Pa_ReadStream instead is the
 * simplest recorder of all, but through the ALSA pulse plugin it polls
 * the sound server many times a period and costs over ten times as much.
 */
#include <alsa/asoundlib.h>
#include <portaudio.h>
#include <pa_linux_alsa.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define PERIOD 8192
#define MOST (8 * PERIOD)

static void hide_pcm(const char *id) {
	snd_config_t *pcm, *n;
	if (snd_config_update() >= 0 && snd_config != NULL && snd_config_search(snd_config, "pcm", &pcm) >= 0 &&
	    snd_config_search(pcm, id, &n) >= 0) {
		snd_config_delete(n);
	}
}

int main(int argc, char **argv) {
	if (argc != 4) {
		fprintf(stderr, "usage: pa_rec RATE SECONDS FILE\n");
		return 2;
	}
	double rate = atof(argv[1]);
	long want = (long)(rate * atof(argv[2]));
	FILE *out = fopen(argv[3], "wb");
	if (out == NULL) {
		perror(argv[3]);
		return 1;
	}
	hide_pcm("a52");
	hide_pcm("pulse");
	PaError err = Pa_Initialize();
	PaStreamParameters in = {0};
	in.device = Pa_GetDefaultInputDevice();
	in.channelCount = 1;
	in.sampleFormat = paInt16;
	in.suggestedLatency = 1.0;
	PaAlsa_SetNumPeriods(8);
	PaStream *s = NULL;
	if (err == paNoError) {
		err = Pa_OpenStream(&s, &in, NULL, rate, PERIOD, paNoFlag, NULL, NULL);
	}
	if (err == paNoError) {
		err = Pa_StartStream(s);
	}
	if (err != paNoError) {
		fprintf(stderr, "pa_rec: %s\n", Pa_GetErrorText(err));
		return 1;
	}
	static int16_t buf[MOST];
	long got = 0;
	useconds_t period_us = (useconds_t)(1e6 * PERIOD / rate);
	while (got < want) {
		long n = Pa_GetStreamReadAvailable(s);
		if (n < 0) {
			fprintf(stderr, "pa_rec: %s\n", Pa_GetErrorText((PaError)n));
			return 1;
		}
		if (n == 0) {
			usleep(5000); /* due soon: look again shortly */
			continue;
		}
		n = n > MOST ? MOST : n;
		n = n > want - got ? want - got : n;
		err = Pa_ReadStream(s, buf, n);
		if (err != paNoError && err != paInputOverflowed) {
			fprintf(stderr, "pa_rec: %s\n", Pa_GetErrorText(err));
			return 1;
		}
		if (fwrite(buf, sizeof buf[0], (size_t)n, out) != (size_t)n || fflush(out) != 0) {
			perror(argv[3]);
			return 1;
		}
		got += n;
		usleep(period_us - period_us / 16); /* until just before the next period */
	}
	Pa_StopStream(s);
	Pa_CloseStream(s);
	Pa_Terminate();
	return fclose(out) == 0 ? 0 : 1;
}
