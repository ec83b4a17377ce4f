package transcribe

// Resampler converts mono audio from one rate to another, streaming, with
// the windowed-sinc filter the engines' copies are made with (see
// resampler). The output keeps the input's timing and has
// round(len(input)·out/in) samples in all.
type Resampler struct{ r *resampler }

// NewResampler converts from the rate in to the rate out.
func NewResampler(in, out int) *Resampler { return &Resampler{newResampler(in, out)} }

// Write consumes x and appends the outputs it completes to dst.
func (r *Resampler) Write(dst, x []float32) []float32 { return r.r.write(dst, x) }

// Flush appends the remaining outputs, the input's end taken as silence.
func (r *Resampler) Flush(dst []float32) []float32 { return r.r.flush(dst) }
