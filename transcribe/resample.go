package transcribe

import (
	"math"
)

// EngineRate is the sample rate both engines read: 16 kHz.
const EngineRate = 16000

// resampler converts mono audio from one rate to another with a windowed-
// sinc low-pass filter evaluated in polyphase form: every output sample is
// the filter's response centred exactly on its own instant, so the output
// keeps the input's timing (no delay), which word timings rely on.
//
// The filter: cut-off at half the lower of the two rates; a Kaiser window
// (β 8.0, about 80 dB of stop-band attenuation) over as many taps as make
// the transition band 2 kHz wide at 16 kHz (1/8 of the lower rate) across
// that cut-off. Resampling to 16 kHz therefore passes everything up to
// 7 kHz flat (within 0.01 dB) and takes everything over 9 kHz down by more
// than 70 dB, so nothing over 8 kHz folds back into the speech band.
type resampler struct {
	in, out int   // rates
	l, m    int64 // out/in in lowest terms: l outputs for every m inputs
	half    int   // taps either side of the centre
	scale   float64
	beta    float64
	phases  [][]float32 // per phase (n·m mod l) the taps, nil when computed on the fly

	hist    []float32 // input not yet consumed, starting at input index base
	base    int64
	n       int64 // next output index
	flushed bool
}

const (
	kaiserBeta = 8.0
	// Kaiser's estimate of the taps for A = 80 dB over a transition of
	// width Δ (a fraction of the input rate) is (A-8)/(2.285·2π·Δ) ≈ 5/Δ;
	// the transition is 1/8 of the lower rate wide, centred on the cut-off.
	transitionFraction = 0.125
	maxPhaseTable      = 4096 // phases precomputed at most
)

func newResampler(in, out int) *resampler {
	g := gcd(int64(in), int64(out))
	r := &resampler{in: in, out: out, l: int64(out) / g, m: int64(in) / g, beta: kaiserBeta}
	low := float64(min(in, out))
	// Cut-off relative to the input rate, and the filter's gain.
	r.scale = low / float64(in)
	width := transitionFraction * low / float64(in) // transition, as a fraction of the input rate
	taps := int(math.Ceil(5.1 / width))
	r.half = max(taps/2, 2)
	if r.l <= maxPhaseTable {
		r.phases = make([][]float32, r.l)
		for p := range r.phases {
			r.phases[p] = r.taps(float64(p) / float64(r.l))
		}
	}
	return r
}

// taps returns the 2·half filter taps for an output whose instant lies frac
// (0 ≤ frac < 1) input samples after input sample i0: tap k weighs input
// sample i0-half+1+k. They are normalised to sum to 1 (unity gain at DC).
func (r *resampler) taps(frac float64) []float32 {
	h := make([]float64, 2*r.half)
	var sum float64
	for k := range h {
		t := frac + float64(r.half-1-k) // distance from the output instant, in input samples
		h[k] = r.scale * sinc(r.scale*t) * kaiser(t/float64(r.half), r.beta)
		sum += h[k]
	}
	out := make([]float32, len(h))
	for k := range h {
		out[k] = float32(h[k] / sum)
	}
	return out
}

// write consumes input samples and appends the outputs they complete to dst.
func (r *resampler) write(dst []float32, x []float32) []float32 {
	r.hist = append(r.hist, x...)
	return r.drain(dst, false)
}

// flush emits the remaining outputs, treating the input after its end as
// silence. The output has round(len(input)·out/in) samples in all.
func (r *resampler) flush(dst []float32) []float32 {
	if r.flushed {
		return dst
	}
	r.flushed = true
	return r.drain(dst, true)
}

func (r *resampler) drain(dst []float32, final bool) []float32 {
	total := r.base + int64(len(r.hist)) // input samples seen
	for {
		num := r.n * r.m // output instant in input samples, times l
		i0 := num / r.l
		if final {
			if r.n >= (total*r.l+r.m/2)/r.m {
				break
			}
		} else if i0+int64(r.half) >= total {
			break // needs input not yet seen
		}
		p := num % r.l
		var h []float32
		if r.phases != nil {
			h = r.phases[p]
		} else {
			h = r.taps(float64(p) / float64(r.l))
		}
		first := i0 - int64(r.half) + 1 // input index of tap 0
		var acc float64
		for k, c := range h {
			j := first + int64(k) - r.base
			if j < 0 || j >= int64(len(r.hist)) {
				continue // before the start (silence) or after the end
			}
			acc += float64(c) * float64(r.hist[j])
		}
		dst = append(dst, float32(acc))
		r.n++
	}
	// Drop the input no future output reaches.
	keepFrom := (r.n*r.m)/r.l - int64(r.half) + 1
	if drop := keepFrom - r.base; drop > 0 {
		drop = min(drop, int64(len(r.hist)))
		r.hist = append(r.hist[:0], r.hist[drop:]...)
		r.base += drop
	}
	return dst
}

func sinc(x float64) float64 {
	if x == 0 {
		return 1
	}
	return math.Sin(math.Pi*x) / (math.Pi * x)
}

// kaiser is the Kaiser window at x, from -1 to 1 across the window.
func kaiser(x, beta float64) float64 {
	if x <= -1 || x >= 1 {
		return 0
	}
	return besselI0(beta*math.Sqrt(1-x*x)) / besselI0(beta)
}

// besselI0 is the modified Bessel function of the first kind, order 0.
func besselI0(x float64) float64 {
	sum, term := 1.0, 1.0
	for k := 1; k < 200; k++ {
		f := x / (2 * float64(k))
		term *= f * f
		sum += term
		if term < sum*1e-17 {
			break
		}
	}
	return sum
}

func gcd(a, b int64) int64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}
