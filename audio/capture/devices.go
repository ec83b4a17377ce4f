package capture

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gordonklaus/portaudio"

	"github.com/mockround/mockround/audio/internal/quiet"
)

// Device is an audio device as PortAudio sees it.
type Device struct {
	Index         int
	Name          string
	HostAPI       string
	Inputs        int
	Outputs       int
	DefaultRate   float64
	DefaultInput  bool
	DefaultOutput bool
}

var (
	paMu    sync.Mutex
	paUsers int
)

// acquire initialises PortAudio (quietly) for one more user; release undoes
// it. defaultOnly says that only the default device will be used, so
// PortAudio need not list the others that cost most to list (see
// hideUselessPCMs).
func acquire(defaultOnly bool) error {
	paMu.Lock()
	defer paMu.Unlock()
	if paUsers == 0 {
		if err := quiet.Run(func() error {
			hideUselessPCMs(defaultOnly)
			return portaudio.Initialize()
		}); err != nil {
			return fmt.Errorf("start PortAudio: %w", err)
		}
	}
	paUsers++
	return nil
}

func release() {
	paMu.Lock()
	defer paMu.Unlock()
	if paUsers == 0 {
		return
	}
	paUsers--
	if paUsers == 0 {
		_ = quiet.RunFor(2*time.Second, func() { portaudio.Terminate() })
	}
}

// Devices lists every audio device with its defaults marked.
func Devices() ([]Device, error) {
	if err := acquire(false); err != nil {
		return nil, err
	}
	defer release()
	var (
		infos  []*portaudio.DeviceInfo
		defIn  *portaudio.DeviceInfo
		defOut *portaudio.DeviceInfo
	)
	err := quiet.Run(func() error {
		var err error
		if infos, err = portaudio.Devices(); err != nil {
			return err
		}
		defIn, _ = portaudio.DefaultInputDevice()
		defOut, _ = portaudio.DefaultOutputDevice()
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list audio devices: %w", err)
	}
	out := make([]Device, 0, len(infos))
	for _, d := range infos {
		dev := Device{
			Index:       d.Index,
			Name:        d.Name,
			Inputs:      d.MaxInputChannels,
			Outputs:     d.MaxOutputChannels,
			DefaultRate: d.DefaultSampleRate,
		}
		if d.HostApi != nil {
			dev.HostAPI = d.HostApi.Name
		}
		dev.DefaultInput = defIn != nil && defIn.Index == d.Index
		dev.DefaultOutput = defOut != nil && defOut.Index == d.Index
		out = append(out, dev)
	}
	return out, nil
}

// ErrNoInput reports that no usable input device was found.
var ErrNoInput = errors.New("no input device")

// ErrNoSuchDevice reports that the input device asked for (by name or
// index) does not exist: a mistake in the command line rather than a
// machine without a microphone. It comes with ErrNoInput.
var ErrNoSuchDevice = errors.New("no such input device")

// noSuchDeviceError is ErrNoInput and ErrNoSuchDevice, in words of its own.
type noSuchDeviceError struct{ msg string }

func noSuchDevice(msg string) error { return &noSuchDeviceError{msg} }

func (e *noSuchDeviceError) Error() string   { return ErrNoInput.Error() + ": " + e.msg }
func (e *noSuchDeviceError) Unwrap() []error { return []error{ErrNoInput, ErrNoSuchDevice} }

// findInput picks the input device named by spec: "" for the default, a
// device index, or a case-insensitive name (exact, else a unique substring).
func findInput(spec string) (*portaudio.DeviceInfo, error) {
	var infos []*portaudio.DeviceInfo
	var def *portaudio.DeviceInfo
	err := quiet.Run(func() error {
		var err error
		infos, err = portaudio.Devices()
		def, _ = portaudio.DefaultInputDevice()
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("list audio devices: %w", err)
	}
	if spec == "" {
		if def == nil || def.MaxInputChannels < 1 {
			return nil, fmt.Errorf("%w: PortAudio reports no default input device", ErrNoInput)
		}
		return def, nil
	}
	var inputs []*portaudio.DeviceInfo
	for _, d := range infos {
		if d.MaxInputChannels > 0 {
			inputs = append(inputs, d)
		}
	}
	if i, err := strconv.Atoi(spec); err == nil {
		for _, d := range inputs {
			if d.Index == i {
				return d, nil
			}
		}
		return nil, noSuchDevice(fmt.Sprintf("no input device has index %d", i))
	}
	var matches []*portaudio.DeviceInfo
	for _, d := range inputs {
		if strings.EqualFold(d.Name, spec) {
			return d, nil
		}
		if strings.Contains(strings.ToLower(d.Name), strings.ToLower(spec)) {
			matches = append(matches, d)
		}
	}
	switch len(matches) {
	case 1:
		return matches[0], nil
	case 0:
		return nil, noSuchDevice(fmt.Sprintf("no input device is called %q", spec))
	}
	names := make([]string, len(matches))
	for i, d := range matches {
		names[i] = fmt.Sprintf("%d %q", d.Index, d.Name)
	}
	return nil, fmt.Errorf("%w: %q matches several input devices (%s); give its index", ErrNoInput, spec, strings.Join(names, ", "))
}

// ChooseRate picks the recording rate for a device whose default rate is
// def: the default itself when it is 44.1 or 48 kHz, else 48 kHz.
func ChooseRate(def float64) int {
	if def == 44100 || def == 48000 {
		return int(def)
	}
	return 48000
}
