#!/usr/bin/env python3
"""Measures the figures mockround must reach side by side with the reference
tools (arecord, sox) on the same machine, in one run, and prints
a table: figure, mockround, reference, ratio, bar, met. The last line is
`bench: K of N bars met`. It exits 0 whether bars are met or not; it exits
1 only when it cannot run at all.

  make bench                                   # builds, starts the virtual microphone, runs this
  BENCH_SECONDS=5 BENCH_LONG_SECONDS=20 scripts/bench.py   # a quick rehearsal
  BENCH_BIN=/path/to/mockround scripts/bench.py             # measure another build
  BENCH_ONLY=kill,latency scripts/bench.py                  # only these steps (bench_<name>)

It needs Linux, bin/mockround, Go, arecord, sox, espeak-ng and the virtual
microphone of scripts/virtual-mic.sh. Everything that records from or plays
into the virtual microphone holds the lock the end-to-end tests hold
(mockround-virtual-mic.lock in the temporary directory), so it waits for
them and they wait for it. A full run takes about 25 minutes, nearly all of
it real-time recording: 9 takes of BENCH_SECONDS (default 60; three each of
mockround, arecord and scripts/pa_rec.c), one of
BENCH_LONG_SECONDS (default 600), three of 10 s, ten kills mid-take (five
of mockround, five of arecord) and forty starts (twenty of each).
Item 10 (BENCH_ONLY=transcribe, about 2 minutes) also needs pocketsphinx,
pocketsphinx-en-us and pocketsphinx-testdata, and measures whisper.cpp
when whisper-cli and a model are found.
"""
import fcntl
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timezone

os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

SECONDS = int(os.environ.get("BENCH_SECONDS", "60"))         # item 1: length of each take
LONG_SECONDS = int(os.environ.get("BENCH_LONG_SECONDS", "600"))  # items 2 and 3: the long take
RUNS = 3                # item 1: alternating runs of each recorder
STARTS = 10             # item 4: starts, of which the median counts
KILLS = 5               # item 5: kills mid-take of each recorder, of which the median counts
LATENCY_STARTS = 20     # item 6: starts of each recorder
SHORT_TAKE = 10         # item 3: the short take, in seconds
ANALYSIS_SECONDS = 3600 # item 5: length of the file analysed
ANALYSIS_RATE = 48000
BIN = os.path.abspath(os.environ.get("BENCH_BIN", "bin/mockround"))
LOCK = os.path.join(tempfile.gettempdir(), "mockround-virtual-mic.lock")

rows = []      # (figure, mockround, reference, ratio, bar, met); met is None where there is no bar
children = []  # processes to end if the run is cut short
work = tempfile.mkdtemp(prefix="mockround-bench-")


def say(*args):
    print(*args, flush=True)


def heading(text):
    say("")
    say("== " + text)


def row(figure, mine, ref="—", ratio="—", bar="—", met=None):
    rows.append((figure, mine, ref, ratio, bar, met))


def dur(seconds):
    if seconds % 60 == 0 and seconds >= 60:
        return "%d min" % (seconds // 60)
    return "%d s" % seconds


class VirtualMic:
    """The machine-wide lock on the virtual microphone (flock, as the tests take it)."""

    def __enter__(self):
        self.fd = os.open(LOCK, os.O_CREAT | os.O_RDWR, 0o600)
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            say("   (waiting for the virtual microphone: another recording holds %s)" % LOCK)
            fcntl.flock(self.fd, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc):
        fcntl.flock(self.fd, fcntl.LOCK_UN)
        os.close(self.fd)


def peak_rss_kb(pid):
    """The process's peak resident memory so far (VmHWM, kB), or 0 once it is gone."""
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def measured(argv, env=None, stdout=subprocess.DEVNULL, timeout=None):
    """Runs argv to its end; returns (CPU seconds, user + sys; peak RSS in kB; wall seconds).

    CPU comes from wait4, so it is the child's own. Peak memory is the
    child's VmHWM, read every 50 ms while it runs and for the last time when
    it has exited but is not yet reaped (wait4's ru_maxrss would include the
    memory of this Python process, which Linux carries across fork and exec).
    A child still running after timeout seconds is killed.
    """
    with tempfile.TemporaryFile(dir=work) as err:
        t0 = time.monotonic()
        p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=stdout, stderr=err, env=env)
        children.append(p)
        watchdog = threading.Timer(timeout, p.kill) if timeout else None
        if watchdog:
            watchdog.start()
        peak = 0
        try:
            while True:
                peak = max(peak, peak_rss_kb(p.pid))
                # WNOWAIT: see it exit, then read its status once more, then reap it.
                if os.waitid(os.P_PID, p.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None:
                    break
                time.sleep(0.05)
            _, status, ru = os.wait4(p.pid, 0)
        finally:
            if watchdog:
                watchdog.cancel()
            children.remove(p)
        wall = time.monotonic() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        if p.returncode != 0:
            err.seek(0)
            msg = err.read().decode(errors="replace").strip()[-500:]
            raise RuntimeError("%s exited with %d: %s" % (os.path.basename(argv[0]), p.returncode, msg))
    return ru.ru_utime + ru.ru_stime, peak, wall


def mockround_env():
    home = tempfile.mkdtemp(dir=work, prefix="home-")
    return dict(os.environ, MOCKROUND_HOME=home), home


def mockround_take(seconds):
    """Records one take of `seconds` with `mockround run --plain`; returns (CPU s, the take in session.json).

    The take's peak memory (kB) is added to the take as "peak_rss_kb".
    The caller holds the virtual microphone.
    """
    env, home = mockround_env()
    argv = [BIN, "run", "--plain", "--round", "behavioral", "--count", "1", "--follow-ups=false", "--transcribe=false",
            "--prep", "0", "--answer", "%ds" % seconds, "--overtime", "0"]
    cpu, peak, _ = measured(argv, env, timeout=seconds + 60)
    sessions = os.path.join(home, "sessions")
    (sid,) = os.listdir(sessions)
    with open(os.path.join(sessions, sid, "session.json")) as f:
        rec = json.load(f)
    (take,) = rec["takes"]
    take["peak_rss_kb"] = peak
    return cpu, take


def stamp(s):
    """Parses an RFC 3339 time stamp as written by Go (nanoseconds, Z or offset)."""
    m = re.match(r"(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$", s)
    if not m:
        raise ValueError("bad time stamp %r" % s)
    base = datetime.fromisoformat(m.group(1) + ("+00:00" if m.group(3) == "Z" else m.group(3)))
    return base.timestamp() + float("0." + (m.group(2) or "0"))


def virtual_mic_problem():
    """Why the virtual microphone cannot be used, or None."""
    for tool in ("pactl", "arecord"):
        if not shutil.which(tool):
            return "%s is not installed" % tool
    try:
        out = subprocess.run(["pactl", "info"], capture_output=True, text=True, timeout=10).stdout
    except (subprocess.SubprocessError, OSError) as e:
        return "pactl info failed: %s" % e
    m = re.search(r"^Default Source: (.*)$", out, re.M)
    if not m or not m[1].endswith(".monitor"):
        return "PulseAudio's default source is not a monitor (run scripts/virtual-mic.sh start)"
    return None


def speech_clip(rate):
    """A WAV of spoken words and pauses at rate (about 7 s), made with espeak-ng and sox."""
    path = os.path.join(work, "clip-%d.wav" % rate)
    if not os.path.exists(path):
        raw = os.path.join(work, "espeak.wav")
        subprocess.run(["espeak-ng", "-s", "150", "-w", raw,
                        "Tell me about a time you disagreed with your lead, and what you did about it."], check=True)
        subprocess.run(["sox", raw, "-r", str(rate), "-c", "1", "-b", "16", path, "pad", "0.4", "1.3"], check=True)
    return path


# --- 1. CPU for real-time recording against arecord -------------------------

def pa_rec():
    """Builds scripts/pa_rec.c (the smallest PortAudio recorder) into the work directory; returns its path, or None."""
    path = os.path.join(work, "pa_rec")
    if not os.path.exists(path):
        try:
            flags = subprocess.run(["pkg-config", "--cflags", "--libs", "portaudio-2.0", "alsa"], capture_output=True,
                                   text=True, check=True).stdout.split()
            subprocess.run(["cc", "-O2", "-o", path, "scripts/pa_rec.c"] + flags, check=True, capture_output=True)
        except (OSError, subprocess.CalledProcessError) as e:
            say("   (no PortAudio reference: cannot build scripts/pa_rec.c: %s)" % e)
            return None
    return path


def bench_cpu():
    """1. CPU for real-time recording, mockround vs arecord and vs the smallest PortAudio recorder"""
    heading("1. CPU for %s of real-time recording: mockround, arecord and scripts/pa_rec.c (PortAudio alone), "
            "%d runs each, alternating" % (dur(SECONDS), RUNS))
    floor = pa_rec()
    mine, ref, pa = [], [], []
    for i in range(1, RUNS + 1):
        with VirtualMic():
            cpu, take = mockround_take(SECONDS)
        rate = take["sample_rate"]
        out = os.path.join(work, "arecord.wav")
        with VirtualMic():
            rcpu, _, _ = measured(["arecord", "-q", "-D", "default", "-f", "S16_LE", "-c", "1",
                                   "-r", str(rate), "-d", str(SECONDS), out], timeout=SECONDS + 60)
        os.remove(out)
        line = "   run %d: mockround %.3f s CPU (%.2f s take at %d Hz), arecord %.3f s CPU" % (i, cpu, take["length_s"], rate, rcpu)
        if floor:
            with VirtualMic():
                pcpu, _, _ = measured([floor, str(rate), str(SECONDS), out], timeout=SECONDS + 60)
            os.remove(out)
            pa.append(pcpu)
            line += ", pa_rec %.3f s CPU" % pcpu
        mine.append(cpu)
        ref.append(rcpu)
        say(line)
    m, r = sum(mine), sum(ref)
    ratio = m / r if r > 0 else float("inf")
    row("CPU s, %s take (sum of %d runs)" % (dur(SECONDS), RUNS), "%.2f" % m, "%.2f (arecord)" % r,
        "%.2f" % ratio, "≤ 1.5", ratio <= 1.5)
    if pa:
        p = sum(pa)
        ratio = m / p if p > 0 else float("inf")
        row("CPU s, %s take, against PortAudio alone" % dur(SECONDS), "%.2f" % m, "%.2f (pa_rec)" % p,
            "%.2f" % ratio, "≤ 1.1", ratio <= 1.1)


# --- 2. Dropped frames and clock accuracy with both cores busy --------------

def bench_load():
    """2. Dropped frames and clock accuracy with every core busy"""
    ncpu = os.cpu_count() or 2
    heading("2. %s take with %d busy loops (one per core) running" % (dur(LONG_SECONDS), ncpu))
    hogs = []
    with VirtualMic():
        try:
            for _ in range(ncpu):
                hogs.append(subprocess.Popen(["sh", "-c", "while :; do :; done"]))
                children.append(hogs[-1])
            _, take = mockround_take(LONG_SECONDS)
        finally:
            for h in hogs:
                h.kill()
                h.wait()
                children.remove(h)
    long_take_rss_kb.append(take["peak_rss_kb"])
    lost = take["overflows"] + take["dropped_frames"]
    wall = stamp(take["ended"]) - stamp(take["started"])
    expected = take["sample_rate"] * wall
    ratio = take["frames"] / expected
    say("   %d frames at %d Hz in %.3f s of wall time (%.3f s of audio); %d overflows, %d dropped frames"
        % (take["frames"], take["sample_rate"], wall, take["length_s"], take["overflows"], take["dropped_frames"]))
    row("overflows / dropped frames, %s, cores busy" % dur(LONG_SECONDS),
        "%d / %d" % (take["overflows"], take["dropped_frames"]), bar="0", met=lost == 0)
    row("recorded frames vs rate × wall time", "%d" % take["frames"], "%.0f" % expected,
        "%.5f" % ratio, "within 0.1%", abs(ratio - 1) <= 0.001)


# --- 3. Peak memory of a short and a long take ------------------------------

long_take_rss_kb = []  # item 2's take, which is the long take here


def bench_memory():
    """3. Peak memory of a short and a long take"""
    heading("3. Peak memory (VmHWM) of `mockround run --plain`: %s takes and the %s take of item 2"
            % (dur(SHORT_TAKE), dur(LONG_SECONDS)))
    if not long_take_rss_kb:
        raise RuntimeError("item 2 did not record its %s take" % dur(LONG_SECONDS))
    kb = []
    for _ in range(3):
        with VirtualMic():
            _, take = mockround_take(SHORT_TAKE)
        kb.append(take["peak_rss_kb"])
        say("   %s take: %.2f s recorded, peak RSS %.1f MB" % (dur(SHORT_TAKE), take["length_s"], take["peak_rss_kb"] * 1024 / 1e6))
    a = statistics.median(kb) * 1024 / 1e6
    b = long_take_rss_kb[0] * 1024 / 1e6
    say("   %s take (item 2, cores busy): peak RSS %.1f MB" % (dur(LONG_SECONDS), b))
    row("peak RSS MB, %s take (median of 3)" % dur(SHORT_TAKE), "%.1f" % a, bar="< 40 MB", met=a < 40)
    row("peak RSS MB, %s take" % dur(LONG_SECONDS), "%.1f" % b, "%.1f (%s take)" % (a, dur(SHORT_TAKE)),
        "%+.1f MB" % (b - a), "< 40 MB, ±5 MB", b < 40 and abs(b - a) <= 5)


# --- 4. Time to the first question -------------------------------------------

def bench_start():
    """4. Time to the first line on screen"""
    heading("4. Time from starting `run --plain` to its first words on screen (\"opening the microphone…\"), "
            "and to its first question once audio flows, %d starts" % STARTS)
    first, question = [], []
    with VirtualMic():
        for _ in range(STARTS):
            env, _ = mockround_env()
            t0 = time.monotonic()
            p = subprocess.Popen([BIN, "run", "--plain", "--round", "behavioral", "--count", "1", "--follow-ups=false", "--transcribe=false",
                                  "--prep", "0", "--answer", "10s", "--overtime", "0"],
                                 stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
            children.append(p)
            out, shown, asked = b"", None, None
            while asked is None:
                chunk = os.read(p.stdout.fileno(), 4096)  # the opening line ends only once audio flows
                if not chunk:
                    break
                out += chunk
                if shown is None and b"opening the microphone" in out:
                    shown = time.monotonic() - t0
                if b"Question " in out:
                    asked = time.monotonic() - t0
            p.send_signal(signal.SIGINT)  # saves the take and ends
            try:
                p.communicate(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()
                p.communicate()
            children.remove(p)
            if shown is None or asked is None:
                raise RuntimeError("mockround printed no opening or no question line (exit %d)" % p.returncode)
            first.append(shown * 1000)
            question.append(asked * 1000)
    say("   first words: " + " ".join("%.0f" % t for t in first) + " ms")
    say("   question:    " + " ".join("%.0f" % t for t in question) + " ms (the sound system's first audio decides)")
    med = statistics.median(first)
    row("ms to the first words on screen (median of %d)" % STARTS, "%.0f" % med, bar="< 150 ms", met=med < 150)
    row("ms to the first question, microphone live (median of %d)" % STARTS, "%.0f" % statistics.median(question))


# --- 5. Audio lost to kill -9 mid-take, against arecord -----------------------

class Growth(threading.Thread):
    """Polls a recording's size every 2 ms: (monotonic time, data frames) at each change."""

    def __init__(self, path, header=44):
        super().__init__(daemon=True)
        self.path, self.header = path, header
        self.seen = []
        self.done = threading.Event()
        self.start()

    def run(self):
        last = -1
        while not self.done.is_set():
            try:
                size = os.stat(self.path).st_size
            except OSError:
                size = 0
            frames = max(size - self.header, 0) // 2
            if frames != last:
                self.seen.append((time.monotonic(), frames))
                last = frames
            time.sleep(0.002)

    def first_data(self, timeout):
        """Waits for the first audio in the file; its monotonic time."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            for t, n in self.seen:
                if n > 0:
                    return t
            time.sleep(0.005)
        raise RuntimeError("no audio reached %s within %d s" % (self.path, timeout))

    def loss(self, killed, rate, start=None):
        """Audio lost to a kill at `killed`: the time from the recording's start to the kill, less
        the audio the file kept; the largest single step the file grew by (what the sound system
        hands over at once, for a recorder that writes what it reads); and the audio kept.

        Without a start, it is estimated from the file's growth as the capture thread stamps
        frames: min(t - frames/rate), right for a recorder that writes as it reads."""
        self.done.set()
        self.join()
        kept = max(os.stat(self.path).st_size - self.header, 0) // 2
        if start is None:
            before = [t - n / rate for t, n in self.seen if t <= killed and n > 0]
            if not before:
                raise RuntimeError("%s got no audio before the kill" % self.path)
            start = min(before)
        steps = [b[1] - a[1] for a, b in zip(self.seen, self.seen[1:])]
        return (killed - start) - kept / rate, max(steps or [0]) / rate, kept / rate


def kill_mockround(after):
    """Kills `mockround run --plain` -9 `after` seconds into a take; (loss s, handover s, kept s).

    The take starts when its recording line is printed (StartTake has returned: its first frame
    was captured a moment before)."""
    env, home = mockround_env()
    p = subprocess.Popen([BIN, "run", "--plain", "--round", "behavioral", "--count", "1", "--follow-ups=false", "--transcribe=false",
                          "--prep", "0", "--answer", "60s", "--overtime", "0"],
                         stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True)
    children.append(p)
    try:
        for line in p.stdout:
            if "· recording" in line:
                break
        else:
            raise RuntimeError("mockround printed no recording line (exit %s)" % p.poll())
        shown = time.monotonic()
        sessions = os.path.join(home, "sessions")
        (sid,) = os.listdir(sessions)
        wavs = [f for f in os.listdir(os.path.join(sessions, sid)) if f.endswith(".wav")]
        if len(wavs) != 1:
            raise RuntimeError("want one take file, found %s" % wavs)
        g = Growth(os.path.join(sessions, sid, wavs[0]))
        time.sleep(max(after - (time.monotonic() - shown), 0))
        p.kill()
        killed = time.monotonic()
        p.wait()
    finally:
        if p in children:
            children.remove(p)
    with open(os.path.join(sessions, sid, "session.json")) as f:
        rate = json.load(f)["device"]["sample_rate"]
    return g.loss(killed, rate, shown)


def kill_arecord(after, rate):
    """Kills arecord -9 `after` seconds into its recording; (loss s, handover s, kept s)."""
    out = os.path.join(work, "arecord-kill.wav")
    if os.path.exists(out):
        os.remove(out)
    p = subprocess.Popen(["arecord", "-q", "-D", "default", "-f", "S16_LE", "-c", "1", "-r", str(rate), out],
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    children.append(p)
    try:
        g = Growth(out)
        began = g.first_data(10)
        time.sleep(max(after - (time.monotonic() - began), 0))
        p.kill()
        killed = time.monotonic()
        p.wait()
    finally:
        children.remove(p)
    return g.loss(killed, rate)


def bench_kill():
    """5. Audio lost to kill -9 mid-take, mockround vs arecord"""
    heading("5. Audio lost to kill -9 mid-take (time to the kill less audio kept), %d kills each, alternating" % KILLS)
    mine, ref = [], []
    with VirtualMic():
        for i in range(KILLS):
            after = 2.0 + 0.45 * i  # at phases 0.08 s apart of a 0.37 s period
            m = kill_mockround(after)
            r = kill_arecord(after, 44100)
            mine.append(m)
            ref.append(r)
            say("   kill %d at %.2f s: mockround lost %.3f s (kept %.2f s, handover %.3f s), arecord lost %.3f s (kept %.2f s, handover %.3f s)"
                % (i + 1, after, m[0], m[2], m[1], r[0], r[2], r[1]))
    ml, rl = statistics.median(x[0] for x in mine), statistics.median(x[0] for x in ref)
    held = max(x[1] for x in mine)
    row("s of audio lost to kill -9 (median of %d)" % KILLS, "%.3f" % ml, "%.3f (arecord)" % rl,
        "%+.3f s" % (ml - rl), "≤ handover + 0.1 s", all(x[0] <= x[1] + 0.1 for x in mine))
    say("   mockround's largest handover %.3f s, arecord's %.3f s" % (held, max(x[1] for x in ref)))


# --- 6. Latency from the question to the recording -----------------------------

def start_latency():
    """Starts `mockround run --plain` once; (s to its question line, s to its recording line)."""
    env, _ = mockround_env()
    t0 = time.monotonic()
    p = subprocess.Popen([BIN, "run", "--plain", "--round", "behavioral", "--count", "1", "--follow-ups=false", "--transcribe=false",
                          "--prep", "0", "--answer", "3s", "--overtime", "0"],
                         stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True)
    children.append(p)
    q = r = None
    try:
        for line in p.stdout:
            if line.startswith("Question ") and q is None:
                q = time.monotonic() - t0
            if "· recording" in line:
                r = time.monotonic() - t0
                break
    finally:
        p.kill()
        p.wait()
        children.remove(p)
    if q is None or r is None:
        raise RuntimeError("mockround printed no question or no recording line")
    return q, r


def arecord_first_frames(rate):
    """Seconds from starting arecord to its first frames on standard output."""
    t0 = time.monotonic()
    p = subprocess.Popen(["arecord", "-q", "-D", "default", "-f", "S16_LE", "-c", "1", "-r", str(rate), "-t", "raw"],
                         stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    children.append(p)
    try:
        if not os.read(p.stdout.fileno(), 2):
            raise RuntimeError("arecord recorded nothing")
        return time.monotonic() - t0
    finally:
        p.kill()
        p.wait()
        children.remove(p)


def spread(ms):
    return "min %.0f, median %.0f, max %.0f ms" % (min(ms), statistics.median(ms), max(ms))


def bench_latency():
    """6. Question to recording, mockround vs arecord's first frames"""
    heading("6. From the question line to the recording line of `run --plain --prep 0`, %d starts; "
            "arecord's time to its first frames, %d starts" % (LATENCY_STARTS, LATENCY_STARTS))
    q2r, s2r, ref = [], [], []
    with VirtualMic():
        for _ in range(LATENCY_STARTS):
            q, r = start_latency()
            q2r.append((r - q) * 1000)
            s2r.append(r * 1000)
            ref.append(arecord_first_frames(44100) * 1000)
    say("   mockround, question to recording: " + spread(q2r))
    say("   mockround, start to recording:    " + spread(s2r))
    say("   arecord, start to first frames:   " + spread(ref))
    row("ms question → recording (median / worst of %d)" % LATENCY_STARTS,
        "%.0f / %.0f" % (statistics.median(q2r), max(q2r)),
        "%.0f / %.0f (arecord's first frames)" % (statistics.median(ref), max(ref)), "—", "worst < 700 ms", max(q2r) < 700)


# --- 7. Analysing an hour against sox ---------------------------------------

def analysis_seconds(wav):
    """Seconds mockround's analysis takes on wav, or None while there is no analysis.

    It runs, once, the Go benchmark that analyses the WAV named by
    MOCKROUND_ANALYSIS_WAV with audio.AnalyzeFile (a single streaming pass).
    """
    p = subprocess.run(["go", "test", "./audio", "-run", "^$", "-bench", "^BenchmarkAnalyzeFileEnv$", "-benchtime", "1x"],
                       env=dict(os.environ, MOCKROUND_ANALYSIS_WAV=wav), capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError("go test ./audio failed: " + (p.stdout + p.stderr)[-500:])
    m = re.search(r"^BenchmarkAnalyzeFileEnv\S*\s+\d+\s+([\d.]+) ns/op", p.stdout, re.M)
    return float(m[1]) / 1e9 if m else None


def bench_analysis():
    """7. Analysing an hour of audio, mockround vs sox"""
    heading("7. Analysing %s of %d Hz audio, mockround vs `sox FILE -n stat`" % (dur(ANALYSIS_SECONDS), ANALYSIS_RATE))
    clip = speech_clip(ANALYSIS_RATE)
    wav = os.path.join(work, "long.wav")
    out = subprocess.run(["soxi", "-D", clip], capture_output=True, text=True, check=True).stdout
    repeats = int(ANALYSIS_SECONDS / float(out) + 1)
    subprocess.run(["sox", clip, wav, "repeat", str(repeats), "trim", "0", str(ANALYSIS_SECONDS)], check=True)
    with open(wav, "rb") as f:  # both tools read it from the page cache
        while f.read(1 << 20):
            pass
    t0 = time.monotonic()
    subprocess.run(["sox", wav, "-n", "stat"], capture_output=True, check=True)
    sox = time.monotonic() - t0
    mine = analysis_seconds(wav)
    say("   sox stat: %.2f s for %.0f MB" % (sox, os.path.getsize(wav) / 1e6))
    if mine is None:
        row("s to analyse %s at %d Hz" % (dur(ANALYSIS_SECONDS), ANALYSIS_RATE), "n/a (no analysis yet)",
            "%.2f (sox stat)" % sox, "—", "< 1", False)
    else:
        say("   mockround: %.2f s" % mine)
        row("s to analyse %s at %d Hz" % (dur(ANALYSIS_SECONDS), ANALYSIS_RATE), "%.2f" % mine,
            "%.2f (sox stat)" % sox, "%.2f" % (mine / sox), "< 1", mine < sox)
    os.remove(wav)


# --- 8. Go benchmarks ---------------------------------------------------------

def bench_go():
    """8. Go benchmarks of the WAV writer and the analysis"""
    heading("8. Go benchmarks: go test -bench . -benchmem ./audio")
    p = subprocess.run(["go", "test", "-run", "^$", "-bench", ".", "-benchmem", "./audio"],
                       capture_output=True, text=True)
    found = {}
    for line in p.stdout.splitlines():
        if line.startswith("Benchmark") or line.startswith("ok") or line.startswith("FAIL"):
            say("   " + line)
        m = re.match(r"(Benchmark\S+?)(?:-\d+)?\s+\d+\s+([\d.]+) ns/op(?:\s+([\d.]+) MB/s)?(?:\s+(\d+) B/op\s+(\d+) allocs/op)?", line)
        if m:
            found[m[1]] = m
    if p.returncode != 0:
        say("   go test failed:\n" + (p.stdout + p.stderr)[-2000:])

    def figure(m):
        s = "%.0f µs/op" % (float(m[2]) / 1000)
        if m[3]:
            s = "%s MB/s" % m[3]
        if m[5] is not None:
            s += ", %s allocs/op" % m[5]
        return s

    w = found.get("BenchmarkWriter")
    if w and w[3]:
        realtime = ANALYSIS_RATE * 2 / 1e6
        row("WAV writer (BenchmarkWriter)", figure(w), "%.3f MB/s (real time, 48 kHz)" % realtime,
            "%.0f×" % (float(w[3]) / realtime), "runs", True)
    else:
        row("WAV writer (BenchmarkWriter)", "failed", bar="runs", met=False)
    analysis = [k for k in found if "Analy" in k]
    if analysis:
        row("analysis (Go benchmarks)", ", ".join(
            "%s %s" % (k[len("Benchmark"):], "%s MB/s" % found[k][3] if found[k][3] else figure(found[k])) for k in analysis),
            bar="runs", met=True)
    else:
        row("analysis (Go benchmarks)", "n/a (no analysis yet)", bar="runs", met=False)


# --- 9. The coach page ----------------------------------------------------------

EXPORT_TAKES = 3        # item 9: answers in the exported session
EXPORT_SECONDS = 120    # item 9: length of each
EXPORT_TEXT = ("When our deploys started failing at random, I first wrote down what we knew and what we only guessed. "
               "I split the pipeline into stages, timed each one, and found that a cache shared between jobs was being "
               "cleaned while another job still read from it. I proposed a fix to the team, we tried it behind a flag "
               "for a week, and the failures went from a few a day to none. What I learned is to measure before I "
               "change anything, and to tell people early what I am trying.")


def speech_wav(path, seconds, rate):
    """A WAV of read speech `seconds` long at rate: flite's voice (espeak-ng's without it), repeated."""
    raw = os.path.join(work, "speech-raw.wav")
    if shutil.which("flite"):
        subprocess.run(["flite", "-t", EXPORT_TEXT, "-o", raw], check=True)
    else:
        subprocess.run(["espeak-ng", "-s", "160", "-w", raw, EXPORT_TEXT], check=True)
    once = float(subprocess.run(["soxi", "-D", raw], capture_output=True, text=True, check=True).stdout)
    subprocess.run(["sox", raw, "-r", str(rate), "-c", "1", "-b", "16", path, "pad", "0", "0.8",
                    "repeat", str(int(seconds / (once + 0.8)) + 1), "trim", "0", str(seconds)], check=True)


def bench_export():
    """9. The coach page: three 2-minute answers, its size and the WAVs'"""
    heading("9. `mockround export`: a session of %d answers of %s, page size against the WAVs" % (EXPORT_TAKES, dur(EXPORT_SECONDS)))
    env, home = mockround_env()
    sid = "20261202T120000Z-e3c0a1"
    d = os.path.join(home, "sessions", sid)
    os.makedirs(d, 0o700)
    rate = 44100
    started = "2026-12-02T12:00:00Z"
    rec = {"format": 1, "id": sid, "status": "complete", "started": started,
           "bank": {"title": "METR Interview Questions - Round 1", "source": "built-in", "hash": ""},
           "plan": {"seed": 1, "pick": "ordered", "count": EXPORT_TAKES, "rounds": ["behavioral"], "questions": []},
           "settings": {"record": True}, "device": {"name": "bench", "sample_rate": rate}, "takes": []}
    wav_bytes = 0
    for i in range(EXPORT_TAKES):
        qid = "bench-answer-%d" % (i + 1)
        name = "%02d-%s.wav" % (i + 1, qid)
        speech_wav(os.path.join(d, name), EXPORT_SECONDS, rate)
        wav_bytes += os.path.getsize(os.path.join(d, name))
        rec["plan"]["questions"].append({"position": i + 1, "question_id": qid, "round": "behavioral", "category": "problem-solving",
                                         "text": "Walk through debugging a challenging issue (%d)" % (i + 1)})
        rec["takes"].append({"position": i + 1, "take": 1, "question_id": qid, "question": "Walk through debugging (%d)" % (i + 1),
                             "round": "behavioral", "round_title": "Behavioral Questions", "category": "problem-solving",
                             "category_title": "Problem Solving", "limits": {"prep_s": 30, "answer_s": 120, "warn_s": 30, "overtime_s": 30},
                             "file": name, "started": started, "frames": EXPORT_SECONDS * rate, "sample_rate": rate,
                             "length_s": EXPORT_SECONDS, "status": "done", "overflows": 0, "dropped_frames": 0})
    with open(os.path.join(d, "session.json"), "w") as f:
        json.dump(rec, f)
    os.chmod(os.path.join(d, "session.json"), 0o600)
    page = os.path.join(work, "coach.html")
    t0 = time.monotonic()
    subprocess.run([BIN, "export", sid, "-o", page], env=env, check=True, capture_output=True)
    took = time.monotonic() - t0
    size = os.path.getsize(page)
    minutes = EXPORT_TAKES * EXPORT_SECONDS / 60
    say("   page %.0f KB for %s of answers (%.1f s to export); WAVs %.1f MB" % (size / 1024, dur(EXPORT_TAKES * EXPORT_SECONDS), took, wav_bytes / 1e6))
    row("coach page KB per minute (%d × %s)" % (EXPORT_TAKES, dur(EXPORT_SECONDS)), "%.0f (%.0f KB in all)" % (size / 1024 / minutes, size / 1024),
        "%.0f (the WAVs)" % (wav_bytes / 1024 / minutes), "1/%.0f" % (wav_bytes / size), "≤ 300", size / 1024 / minutes <= 300)


# --- 10. Transcription: each engine's cost, and recording while it runs ----------

LIBRIVOX = "/usr/share/pocketsphinx/test/data/librivox"  # pocketsphinx-testdata's human speech
PS_MODEL = "/usr/share/pocketsphinx/model/en-us"
WHISPER_BINS = ("whisper-cli", "whisper-cpp")


def librivox_clip(rate):
    """The LibriVox clips one after another, half a second apart, at rate (about 28 s); its path and length."""
    path = os.path.join(work, "librivox-%d.wav" % rate)
    if not os.path.exists(path):
        try:
            clips = sorted(f for f in os.listdir(LIBRIVOX) if f.endswith(".wav"))
        except OSError:
            clips = []
        if not clips:
            raise RuntimeError("no LibriVox clips in %s (install pocketsphinx-testdata)" % LIBRIVOX)
        parts = []
        for i, c in enumerate(clips):
            p = os.path.join(work, "librivox-%d-%d.wav" % (i, rate))
            subprocess.run(["sox", os.path.join(LIBRIVOX, c), "-r", str(rate), "-c", "1", "-b", "16", p, "pad", "0", "0.5"], check=True)
            parts.append(p)
        subprocess.run(["sox"] + parts + [path], check=True)
    length = float(subprocess.run(["soxi", "-D", path], capture_output=True, text=True, check=True).stdout)
    return path, length


def run_transcribing(clip, length):
    """Records two takes with `mockround run --plain` (background transcription on, as by default), the clip
    played into each; the first is transcribed while the second records. Returns (env, session dir, record).
    The caller holds the virtual microphone."""
    env, home = mockround_env()
    seconds = int(length) + 2
    p = subprocess.Popen([BIN, "run", "--plain", "--round", "behavioral", "--count", "2", "--follow-ups=false",
                          "--prep", "0", "--answer", "%ds" % seconds, "--overtime", "0"],
                         stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True)
    children.append(p)
    plays = []
    try:
        for line in p.stdout:
            if "· recording" in line:  # the take's audio exists from here on
                plays.append(subprocess.Popen(["paplay", clip]))
                children.append(plays[-1])
        p.wait(timeout=120)
    finally:
        for q in plays + [p]:
            if q.poll() is None:
                q.kill()
            q.wait()
            children.remove(q)
    if p.returncode != 0 or len(plays) != 2:
        raise RuntimeError("mockround run exited with %d after %d takes" % (p.returncode, len(plays)))
    sessions = os.path.join(home, "sessions")
    (sid,) = os.listdir(sessions)
    d = os.path.join(sessions, sid)
    with open(os.path.join(d, "session.json")) as f:
        return env, d, json.load(f)


def transcript_of(d, take):
    """The take's transcript file, as the record refers to it."""
    ref = take.get("transcript")
    if not ref:
        raise RuntimeError("take %d has no transcript" % take["position"])
    with open(os.path.join(d, ref["file"])) as f:
        return json.load(f)


def engine_direct(wavs):
    """pocketsphinx_continuous run by hand on 16 kHz copies of wavs, as mockround runs it; (CPU s, peak kB)."""
    cpu, peak = 0.0, 0
    for w in wavs:
        w16 = os.path.join(work, "direct-16k.wav")
        subprocess.run(["sox", w, "-r", "16000", "-c", "1", "-b", "16", w16], check=True)
        c, kb, _ = measured(["pocketsphinx_continuous", "-infile", w16, "-time", "yes",
                             "-hmm", os.path.join(PS_MODEL, "en-us"), "-lm", os.path.join(PS_MODEL, "en-us.lm.bin"),
                             "-dict", os.path.join(PS_MODEL, "cmudict-en-us.dict")], timeout=600)
        cpu, peak = cpu + c, max(peak, kb)
    return cpu, peak


def bench_transcribe():
    """10. Transcription: each engine's real-time factor and memory, and a take recorded while another is transcribed"""
    heading("10. Transcription: two LibriVox takes recorded by `run --plain`, the first transcribed while the second "
            "records; then `mockround transcribe --force` with each engine found, against the engine run by hand")
    clip, length = librivox_clip(44100)
    with VirtualMic():
        env, d, rec = run_transcribing(clip, length)
    first, second = rec["takes"][0], rec["takes"][1]
    made = stamp(transcript_of(d, first)["created"])
    overlap = stamp(second["started"]) < made <= stamp(second["ended"])
    say("   take 2 recorded from %s to %s; take 1's transcript written at %s (%s)" % (
        second["started"], second["ended"], transcript_of(d, first)["created"],
        "while take 2 recorded" if overlap else "NOT while take 2 recorded"))
    lost = second["overflows"] + second["dropped_frames"]
    row("overflows / dropped frames, take recorded while another is transcribed",
        "%d / %d%s" % (second["overflows"], second["dropped_frames"], "" if overlap else " (no overlap)"),
        bar="0", met=lost == 0 and overlap)

    wavs = [os.path.join(d, t["file"]) for t in rec["takes"]]
    audio = sum(t["length_s"] for t in rec["takes"])
    sid = os.path.basename(d)
    whisper = next((b for b in WHISPER_BINS if shutil.which(b)), None)
    for engine in ("pocketsphinx", "whisper"):
        if engine == "whisper" and not whisper:
            say("   whisper: no whisper-cli on PATH")
            row("whisper: CPU s per audio s", "n/a (whisper-cli not found)")
            continue
        try:
            cpu, peak, wall = measured([BIN, "transcribe", "--plain", "--force", "--engine", engine, sid], env, timeout=1200)
        except RuntimeError as e:
            say("   %s: %s" % (engine, e))
            row("%s: CPU s per audio s" % engine, "n/a (%s)" % str(e).split(":")[-1].strip()[:40])
            continue
        with open(os.path.join(d, "session.json")) as f:
            trs = [transcript_of(d, t) for t in json.load(f)["takes"]]
        engine_cpu = sum(t.get("cpu_s", 0) for t in trs)
        engine_kb = max(t.get("peak_rss_kb", 0) for t in trs)
        say("   %s: %.1f s of audio in %.1f s (%.2f CPU s: the engine %.2f, mockround %.2f); engine peak %.0f MB, mockround's own %.0f MB"
            % (engine, audio, wall, cpu, engine_cpu, cpu - engine_cpu, engine_kb * 1024 / 1e6, peak * 1024 / 1e6))
        rtf = cpu / audio
        if engine == "pocketsphinx":
            ref_cpu, ref_kb = engine_direct(wavs)
            ref_rtf = ref_cpu / audio
            say("   pocketsphinx_continuous by hand: %.2f CPU s, peak %.0f MB" % (ref_cpu, ref_kb * 1024 / 1e6))
            row("pocketsphinx: CPU s per audio s", "%.3f" % rtf, "%.3f (the engine by hand)" % ref_rtf,
                "%.2f" % (rtf / ref_rtf), "≤ engine + 10%", rtf <= ref_rtf * 1.10)
            row("pocketsphinx: peak memory MB", "%.0f (engine), %.0f (mockround)" % (engine_kb * 1024 / 1e6, peak * 1024 / 1e6),
                "%.0f (the engine by hand)" % (ref_kb * 1024 / 1e6))
        else:
            row("%s: CPU s per audio s" % engine, "%.3f" % rtf)
            row("%s: peak memory MB" % engine, "%.0f (engine), %.0f (mockround)" % (engine_kb * 1024 / 1e6, peak * 1024 / 1e6))


# --- the run ------------------------------------------------------------------

def table():
    head = ("figure", "mockround", "reference", "ratio", "bar", "met")
    body = [(f, m, r, q, b, "—" if ok is None else ("yes" if ok else "NO")) for f, m, r, q, b, ok in rows]
    widths = [max(len(x[i]) for x in [head] + body) for i in range(len(head))]
    line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()
    say("")
    say(line(head))
    say(line(["-" * w for w in widths]))
    for b in body:
        say(line(b))


def cleanup(*_):
    for p in list(children):
        try:
            p.kill()
        except OSError:
            pass
    shutil.rmtree(work, ignore_errors=True)


def main():
    if sys.platform != "linux":
        say("bench: runs on Linux only (it needs ALSA, PulseAudio and arecord)")
        sys.exit(1)
    if not os.access(BIN, os.X_OK):
        say("bench: %s is missing; run `make bench` (or `make build` first)" % BIN)
        sys.exit(1)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    began = time.monotonic()
    say("mockround bench · %s · %d CPUs · load average %s" % (
        datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), os.cpu_count() or 0,
        " ".join("%.2f" % x for x in os.getloadavg())))
    say("takes: %s (CPU), %s (load, memory); override with BENCH_SECONDS, BENCH_LONG_SECONDS" % (dur(SECONDS), dur(LONG_SECONDS)))
    problem = virtual_mic_problem()
    steps = [  # (step, needs the virtual microphone, its rows should it not run)
        (bench_cpu, True, [("CPU s, %s take" % dur(SECONDS), "≤ 1.5"), ("CPU s against PortAudio alone", "≤ 1.1")]),
        (bench_load, True, [("overflows / dropped frames, %s, cores busy" % dur(LONG_SECONDS), "0"),
                            ("recorded frames vs rate × wall time", "within 0.1%")]),
        (bench_memory, True, [("peak RSS MB, %s take" % dur(SHORT_TAKE), "< 40 MB"),
                               ("peak RSS MB, %s take" % dur(LONG_SECONDS), "< 40 MB, ±5 MB")]),
        (bench_start, True, [("ms to the first words on screen", "< 150 ms")]),
        (bench_kill, True, [("s of audio lost to kill -9", "≤ handover + 0.1 s")]),
        (bench_latency, True, [("ms question → recording", "worst < 700 ms")]),
        (bench_analysis, False, [("s to analyse %s at %d Hz" % (dur(ANALYSIS_SECONDS), ANALYSIS_RATE), "< 1")]),
        (bench_go, False, [("WAV writer (BenchmarkWriter)", "runs"), ("analysis (Go benchmarks)", "runs")]),
        (bench_export, False, [("coach page KB per minute (%d × %s)" % (EXPORT_TAKES, dur(EXPORT_SECONDS)), "≤ 300")]),
        (bench_transcribe, True, [("overflows / dropped frames, take recorded while another is transcribed", "0"),
                                  ("pocketsphinx: CPU s per audio s", "≤ engine + 10%")]),
    ]
    try:
        run_steps(steps, problem)
    except KeyboardInterrupt:
        say("\nbench: interrupted")
        sys.exit(130)
    finally:
        cleanup()
    table()
    met = sum(1 for r in rows if r[5] is True)
    total = sum(1 for r in rows if r[5] is not None)
    say("")
    took = int(time.monotonic() - began)
    say("load average %s at the end; the run took %d min %02d s" % (
        " ".join("%.2f" % x for x in os.getloadavg()), took // 60, took % 60))
    say("bench: %d of %d bars met" % (met, total))


def run_steps(steps, problem):
    """Runs each step; a step that cannot run, or fails, leaves its rows as not met."""
    only = [n.strip() for n in os.environ.get("BENCH_ONLY", "").split(",") if n.strip()]
    names = [step.__name__[len("bench_"):] for step, _, _ in steps]
    unknown = [n for n in only if n not in names]
    if unknown:
        raise SystemExit("bench: BENCH_ONLY names %s; the steps are %s" % (", ".join(unknown), ", ".join(names)))
    for step, needs_mic, planned in steps:
        if only and step.__name__[len("bench_"):] not in only:
            continue
        if needs_mic and problem:
            heading(step.__doc__)
            say("   skipped: no virtual microphone: " + problem)
            for figure, bar in planned:
                row(figure, "n/a (no virtual microphone)", bar=bar, met=False)
            continue
        n = len(rows)
        try:
            step()
        except (RuntimeError, OSError, subprocess.CalledProcessError, ValueError, KeyError) as e:
            say("   failed: %s" % e)
            del rows[n:]
            for figure, bar in planned:
                row(figure, "failed", bar=bar, met=False)


main()
