# Allot: the two commands are `make bench` (the main job) and `make test` (the tests).
SWIFT ?= swift
BIN = $(shell $(SWIFT) build -c release --show-bin-path)

.PHONY: deps build bench bench-peers test test-tsan check-dependency format lint clean

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build -c release

## Runs the benchmark on built-in synthetic data, every workload on every device.
bench: build
	$(BIN)/allot bench

## Runs allot's k-means and gradient shapes, then scikit-learn, faiss and numpy on the same
## data (virtual environment Benchmarks/.venv, created from pinned versions on first use).
bench-peers: build
	Benchmarks/bench-peers.sh $(BIN)/allot .build/bench-peers

## Builds and runs the unit tests (the scheduler's concurrency suite again under the thread
## sanitizer), the dependency check, the quick bench and the command-line acceptance cases.
test: deps
	$(SWIFT) build -c release
	$(SWIFT) test -c release
	$(MAKE) test-tsan
	$(MAKE) check-dependency
	$(BIN)/allot bench --quick
	@if [ -d ../shared/acceptance ]; then python3 ../shared/acceptance/run_cases.py "$(BIN)/allot"; fi

## Builds a tiny package that depends on Allot by git URL (proves no unsafeFlags).
check-dependency:
	SWIFT=$(SWIFT) scripts/check-dependency.sh

## Runs the scheduler's concurrency tests under the thread sanitizer (separate build folder).
test-tsan:
	$(SWIFT) test -c release --sanitize=thread --scratch-path .build-tsan --filter SchedulerRuntimeTests

format:
	$(SWIFT) format --in-place --recursive Package.swift Sources Tests Kernels Benchmarks

lint:
	$(SWIFT) format lint --recursive Package.swift Sources Tests Kernels Benchmarks

clean:
	rm -rf .build
