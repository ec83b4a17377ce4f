# mockround: practise interviews out loud.
#   make install  install what is missing, build, put mockround on the PATH
#                 (into $(go env GOPATH)/bin, or PREFIX/bin: make install PREFIX=/usr/local)
#   make run      install what is missing, build, start a mock round
#   make test     install what is missing, start the virtual microphone, run every test
#   make bench    measure mockround against arecord and sox on this computer (about 20 minutes)
SHELL := /bin/bash
export PATH := $(PATH):/usr/local/go/bin
GO ?= go
BIN := bin/mockround

.PHONY: install run build deps test-deps vmic test unit lint bench faults fuzz mutate
run: build
	./$(BIN) run

build: deps
	$(GO) build -o $(BIN) ./cmd/mockround

# mockround on the PATH: into $(go env GOPATH)/bin, or $(PREFIX)/bin when
# PREFIX is given (make install PREFIX=/usr/local). Says so when that
# directory is not on the PATH yet.
PREFIX ?=
install: deps
	@dir="$(if $(PREFIX),$(PREFIX)/bin,$$($(GO) env GOPATH | cut -d: -f1)/bin)"; \
	mkdir -p "$$dir" && $(GO) build -o "$$dir/mockround" ./cmd/mockround && echo "installed $$dir/mockround" && \
	case ":$$PATH:" in *":$$dir:"*) ;; *) echo "$$dir is not on your PATH; add it, e.g. in ~/.profile: export PATH=\"$$dir:\$$PATH\"" ;; esac

deps:
	@./scripts/deps.sh

test-deps:
	@./scripts/deps.sh --test

vmic: test-deps
	@./scripts/virtual-mic.sh start

# Every test, the real-audio end-to-end ones included (they play speech into
# the virtual microphone and record it through PortAudio).
test: vmic lint
	CI=$${CI:-1} $(GO) test -count=1 -timeout 30m ./...

# The figures mockround must reach, measured side by side with arecord and sox
# on the virtual microphone: a table, then `bench: K of N bars met`.
# BENCH_SECONDS and BENCH_LONG_SECONDS (default 60 and 600) shorten a rehearsal.
bench: build vmic
	./scripts/bench.py

# Unit tests only: no sound system, no terminal; end-to-end tests skip.
unit: deps
	$(GO) test -short ./...

# vet, gofmt and staticcheck; part of make test. The pure packages must
# also build without cgo.
lint: deps
	$(GO) vet ./...
	@test -z "$$(gofmt -l .)" || { gofmt -l .; echo "gofmt: the files above need formatting"; exit 1; }
	$(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2 ./...
	CGO_ENABLED=0 $(GO) vet ./audio ./audio/ogg ./bank ./session/... ./report/... ./transcribe/... ./ui/... ./internal/text

# Fault tests (kill -9, signals, device loss, full disk, bad input), with a
# table of what was tried, what survived and what was lost.
faults: vmic
	@CI=$${CI:-1} $(GO) test -count=1 -run 'Fault' -v ./cmd/mockround > .faults.log 2>&1; status=$$?; \
	printf '%-22s | %-60s | %-75s | %s\n' "fault" "tried" "survived" "lost"; \
	grep -o 'FAULT|.*' .faults.log | awk -F'|' '{printf "%-22s | %-60s | %-75s | %s\n", $$2, $$3, $$4, $$5}'; \
	grep -E '^(--- FAIL|FAIL|ok)' .faults.log; rm -f .faults.log; exit $$status

# Fuzz every parser of outside input for FUZZTIME each (default 30s).
FUZZTIME ?= 30s
fuzz: deps
	$(GO) test ./bank -run '^$$' -fuzz '^FuzzParseBank$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 1s
	$(GO) test ./session -run '^$$' -fuzz '^FuzzParseRecord$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 1s
	$(GO) test ./audio -run '^$$' -fuzz '^FuzzReadInfoRepair$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 1s
	$(GO) test ./audio -run '^$$' -fuzz '^FuzzFmtChunk$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 1s
	$(GO) test ./session -run '^$$' -fuzz '^FuzzParseReview$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 1s

# Mutation testing of the pure packages: how many of the mutants each
# package's own tests reach do they kill (efficacy)? A survivor is a
# behaviour no test pins down. About 2 minutes per package on 2 cores.
# -E '/' mutates a package's own files only: gremlins would take in its
# sub-packages' too (ui/tui under ui), which have their own entry.
MUTATE ?= ./report ./session ./ui ./ui/tui ./bank ./audio ./audio/ogg ./transcribe
mutate: deps
	@for p in $(MUTATE); do \
		$(GO) run github.com/go-gremlins/gremlins/cmd/gremlins@v0.6.0 unleash --workers 1 --timeout-coefficient 15 -E '/' $$p > .mutate.log 2>&1; \
		printf '%-10s %s · %s · %s\n' "$$p" "$$(grep -o 'Test efficacy: .*' .mutate.log)" "$$(grep -o 'Killed: .*' .mutate.log)" "$$(grep -o 'Mutator coverage: .*' .mutate.log)"; \
		grep -E '^ *LIVED' .mutate.log | sed 's/^ */    /'; \
	done; rm -f .mutate.log
