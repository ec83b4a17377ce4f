#!/usr/bin/env bash
# Starts a PulseAudio daemon whose default source is the monitor of a null
# sink: a virtual microphone for machines without a sound card. Whatever is
# played into the sink (paplay) is what mockround records, and whatever
# mockround plays lands in the same sink, where parecord can capture it.
#
#   scripts/virtual-mic.sh start   # idempotent
#   scripts/virtual-mic.sh stop
set -euo pipefail

sink=mockround_vmic
case "${1:-start}" in
start)
	if ! pactl info >/dev/null 2>&1; then
		# As root (CI, containers) PulseAudio must be told it is meant.
		args=(--daemonize=yes --exit-idle-time=-1 --disallow-exit --log-target=stderr --log-level=error)
		if [ "$(id -u)" = 0 ]; then
			args+=(--system=no)
		fi
		pulseaudio "${args[@]}" -n \
			--load="module-native-protocol-unix" \
			--load="module-always-sink" 2>/dev/null || pulseaudio "${args[@]}"
		for _ in $(seq 50); do pactl info >/dev/null 2>&1 && break; sleep 0.1; done
		pactl info >/dev/null
	fi
	if ! pactl list short sinks | grep -q "$sink"; then
		pactl load-module module-null-sink sink_name="$sink" \
			sink_properties=device.description=mockround-virtual-microphone \
			rate=48000 channels=1 format=s16le >/dev/null
	fi
	pactl set-default-sink "$sink"
	pactl set-default-source "$sink.monitor"
	echo "virtual microphone ready: default source $sink.monitor"
	;;
stop)
	pulseaudio --kill 2>/dev/null || true
	;;
*)
	echo "usage: $0 start|stop" >&2
	exit 2
	;;
esac
