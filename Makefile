# mockround: practise interviews out loud.
#   make run    install what is missing, build, start a mock round
#   make test   install what is missing, start the virtual microphone, run every test
SHELL := /bin/bash
export PATH := $(PATH):/usr/local/go/bin
GO ?= go
BIN := bin/mockround

.PHONY: run build deps test-deps vmic test unit lint
run: build
	./$(BIN) run

build: deps
	$(GO) build -o $(BIN) ./cmd/mockround

deps:
	@./scripts/deps.sh

test-deps:
	@./scripts/deps.sh --test

vmic: test-deps
	@./scripts/virtual-mic.sh start

# Every test, the real-audio end-to-end ones included (they play speech into
# the virtual microphone and record it through PortAudio).
test: vmic
	$(GO) vet ./...
	test -z "$$(gofmt -l .)" || { gofmt -l .; echo "gofmt: the files above need formatting"; exit 1; }
	CI=$${CI:-1} $(GO) test -count=1 ./...

# Unit tests only: no sound system needed, end-to-end tests skip.
unit: deps
	$(GO) test -short ./...

lint:
	$(GO) vet ./...
	$(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2 ./...
