package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

type devicesOptions struct {
	f *factory
}

func newDevicesCmd(f *factory) *cobra.Command {
	o := &devicesOptions{f: f}
	return &cobra.Command{
		Use:   "devices",
		Short: "List audio input and output devices",
		Long: `List the audio devices PortAudio can use, with the default input and output
marked and each device's default sample rate. Pass a device's index or name
to run --device.` + "\n" + exitCodesHelp,
		Example: `  mockround devices
  mockround run --device 3`,
		Args: noArgs,
		RunE: func(c *cobra.Command, _ []string) error { return runDevices(c.Context(), o) },
	}
}

func runDevices(_ context.Context, o *devicesOptions) error {
	out := o.f.IO.Out
	devs, err := o.f.Devices()
	if err != nil {
		return err
	}
	if len(devs) == 0 {
		fmt.Fprintln(out, "No audio devices found. Check that a microphone is connected and that the sound system (PulseAudio, PipeWire or ALSA) is running.")
		return nil
	}
	fmt.Fprintf(out, "%5s  %-40s  %-8s  %3s  %3s  %8s  %s\n", "INDEX", "NAME", "HOST", "IN", "OUT", "RATE", "DEFAULT")
	for _, d := range devs {
		var def []string
		if d.DefaultInput {
			def = append(def, "input")
		}
		if d.DefaultOutput {
			def = append(def, "output")
		}
		fmt.Fprintf(out, "%5d  %-40s  %-8s  %3d  %3d  %8.0f  %s\n", d.Index, d.Name, d.HostAPI, d.Inputs, d.Outputs, d.DefaultRate, strings.Join(def, ","))
	}
	return nil
}
