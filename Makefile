# Fieldguide — two commands for a newcomer on a fresh Debian machine:
#   make run    set up everything and start the app on kb-content/
#   make test   set up everything and run the whole test suite (what CI runs)
SHELL := /bin/bash
.DEFAULT_GOAL := help
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
KB ?= kb-content
APT_PKGS := build-essential pkg-config curl libwebkit2gtk-4.1-dev libsoup-3.0-dev \
  libjavascriptcoregtk-4.1-dev librsvg2-dev libayatana-appindicator3-dev \
  xvfb xauth webkit2gtk-driver imagemagick ripgrep python3-venv fonts-dejavu-core
VENV := .venv
CARGO_BIN := $(HOME)/.cargo/bin
export PATH := $(CARGO_BIN):$(PATH)

help:
	@echo "make run   - install what is missing, build, start Fieldguide on $(KB)/"
	@echo "make test  - install what is missing, run every check and test (CI runs this)"
	@echo "make types - regenerate the UI's types.ts from the Rust types"
	@echo "make bench - benchmarks on ../shared/corpus (prints figures), then search relevance and redaction"
	@echo "             SCALE=1: also a 100,000-document KB (first open, reopen, CLI search, memory)"
	@echo "make bench-desktop - desktop figures through the real UI (cold start, keystrokes, memory)"

# ---- setup -------------------------------------------------------------------------------
deps-system:
	@missing=$$(for p in $(APT_PKGS); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing system packages: $$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi
	@command -v cargo >/dev/null || { echo "Rust is missing: install it with rustup (https://rustup.rs), then rerun"; exit 1; }
	@command -v npm >/dev/null || { DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nodejs npm >/dev/null; }

deps-ui: deps-system
	@if [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then \
	  cd ui && npm ci --no-audit --no-fund --loglevel=error; fi

deps-e2e: deps-system
	@command -v tauri-driver >/dev/null || cargo install tauri-driver --locked --quiet
	@[ -x $(VENV)/bin/pytest ] || { python3 -m venv $(VENV) && $(VENV)/bin/pip install -q -r tests/e2e/requirements.txt; }

deps-tools: deps-system
	@command -v cargo-deny >/dev/null || cargo install cargo-deny --locked --quiet

ui-build: deps-ui
	cd ui && npm run build --silent

# ---- run -----------------------------------------------------------------------------------
run: ui-build
	cargo build --release -p fieldguide-app -p fieldguide-cli
	./target/release/fieldguide-app --kb $(KB)

# ---- test ----------------------------------------------------------------------------------
test: deps-ui deps-e2e deps-tools
	bash scripts/test.sh

# Coverage-guided fuzzing (needs a nightly toolchain; the stable smoke run is part of make test).
fuzz: deps-system
	@rustup toolchain list | grep -q nightly || { echo "make fuzz needs a nightly Rust toolchain"; exit 1; }
	@command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked --quiet
	bash fuzz/seed.sh
	for t in front_matter render flow_parse; do \
	  (cd fuzz && cargo +nightly fuzz run $$t corpus/$$t -- -max_total_time=$${FUZZ_SECONDS:-60}) || exit 1; done

# Rewrites ui/src/lib/backend/types.ts from the Rust types (src-tauri/src/contract.rs); the
# test `contract_types_ts_is_up_to_date` fails while the checked-in file is stale.
types: ui-build
	FIELDGUIDE_WRITE_TYPES=1 cargo test -p fieldguide-app --lib contract_types_ts_is_up_to_date

bench: deps-system
	cargo run --release -p fieldguide-bench -- --corpus ../shared/corpus/officedocs-support --copies 8 --json target/bench.json
	cargo run --release -p fieldguide-bench -- --relevance --json target/bench-relevance.json
	cargo run --release -p fieldguide-bench -- --redaction
	@if [ "$(SCALE)" = 1 ]; then \
	  cargo build --release -p fieldguide-cli && \
	  cargo run --release -p fieldguide-bench -- --corpus ../shared/corpus/officedocs-support \
	    --scale $${SCALE_DOCS:-100000} --reps 5 --saves 20 --json target/bench-scale.json; fi

# Desktop figures through the real UI (release app under Xvfb): cold start, keystroke → results
# rendered, process-tree memory at idle. Prints them with PASS/MISS (docs/benchmarks.md).
bench-desktop: deps-ui deps-e2e
	bash crates/fieldguide-bench/scripts/desktop-bench.sh --json target/bench-desktop.json

.PHONY: help deps-system deps-ui deps-e2e deps-tools ui-build run test types bench bench-desktop fuzz
