#!/usr/bin/env bash
# Installs what mockround needs to build, and what its tests need to run
# real audio end to end. Safe to run again: it installs only what is missing.
#   scripts/deps.sh          # build + run dependencies
#   scripts/deps.sh --test   # also the test tools (PulseAudio, sox, espeak-ng, ffmpeg,
#                            # PocketSphinx with its English model and test clips, flite)
set -euo pipefail

want_test=false
[ "${1:-}" = --test ] && want_test=true

if ! command -v go >/dev/null 2>&1 && [ -x /usr/local/go/bin/go ]; then
	export PATH="$PATH:/usr/local/go/bin"
fi
if ! command -v go >/dev/null 2>&1; then
	echo "deps: Go is not installed. Install Go 1.26 or newer from your package manager or go.dev, then run this again." >&2
	exit 1
fi

case "$(uname -s)" in
Linux)
	if ! command -v apt-get >/dev/null 2>&1; then
		echo "deps: no apt-get here. Install PortAudio's development files (portaudio19-dev or portaudio-devel) and pkg-config with your package manager." >&2
		exit 1
	fi
	pkgs=(pkg-config gcc portaudio19-dev libasound2-dev libasound2-plugins libopus-dev libopusfile-dev)
	if $want_test; then
		pkgs+=(pulseaudio pulseaudio-utils alsa-utils espeak-ng sox ffmpeg python3 tmux chromium
			pocketsphinx pocketsphinx-en-us pocketsphinx-testdata flite)
	fi
	missing=()
	for p in "${pkgs[@]}"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
	done
	if [ ${#missing[@]} -gt 0 ]; then
		sudo=""
		[ "$(id -u)" = 0 ] || sudo=sudo
		echo "deps: installing ${missing[*]}"
		$sudo apt-get update -qq
		DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
	fi
	;;
Darwin)
	if ! command -v brew >/dev/null 2>&1; then
		echo "deps: install Homebrew (brew.sh), then run this again." >&2
		exit 1
	fi
	pkgs=(portaudio pkg-config opus opusfile)
	$want_test && pkgs+=(sox espeak-ng ffmpeg pulseaudio tmux)
	for p in "${pkgs[@]}"; do
		brew list "$p" >/dev/null 2>&1 || brew install "$p"
	done
	;;
*)
	echo "deps: unsupported system $(uname -s); install PortAudio and pkg-config by hand." >&2
	exit 1
	;;
esac
