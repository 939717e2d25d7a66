#!/usr/bin/env bash
# The whole test suite, in order of cost. Called by `make test` (and so by .ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR=never
step() { echo; echo "==== $* ===="; }

step "format"
cargo fmt --all -- --check
step "UI type check and unit tests"
(cd ui && npm run --silent check && npm test --silent && npm run --silent build)
step "clippy"
cargo clippy --workspace --all-targets -- -D warnings
step "dependency audit (cargo deny: licenses, bans, sources; advisories: network DB or the shared snapshot)"
# cargo deny reads `cargo metadata` for every platform: fetch all packages first (a build only
# downloads the host's), then check without touching the network.
cargo fetch --locked --quiet
cargo deny --offline check licenses bans sources
if cargo deny fetch db >/dev/null 2>&1; then
  cargo deny check advisories
else
  bash scripts/audit-offline.sh
fi
step "fuzz smoke (the cargo-fuzz targets on stable: seeds + deterministic mutations)"
FIELDGUIDE_FUZZ_ITERS=4000 cargo test -p fieldguide-cli --test integration fuzz_smoke
step "Rust unit and integration tests"
cargo test --workspace
step "benchmark harness smoke run (make bench for the real figures)"
cargo run -q -p fieldguide-bench -- --quick --corpus kb-content --no-rg >/dev/null
step "relevance smoke (the shipped KB's query set whole, 25 queries of the others)"
cargo run -q -p fieldguide-bench -- --relevance --quick
step "desktop app build"
cargo build -p fieldguide-app
step "end-to-end GUI tests (real app under Xvfb through WebDriver)"
bash tests/e2e/run.sh
