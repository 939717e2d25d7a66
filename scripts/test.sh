#!/usr/bin/env bash
# The whole test suite, in order of cost. Called by `make test` (and so by .ci/run).
#
# One build serves every step: clippy checks, and `cargo build`/`cargo test` compile, the same
# selection (`--workspace --all-targets`, same features, dev profile), so the fuzz smoke, the
# tests, the bench smokes and the e2e app reuse the build step's artifacts instead of compiling
# the workspace again per package (`-p X` resolves dependency features for X alone, which
# rebuilds every dependency whose features differ, and everything above it). The bench smokes
# and the e2e tests run the built binaries directly for the same reason. Each phase's wall time
# is printed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR=never

PHASES=()
phase_name=""
phase_start=0
run_start=$(date +%s)
end_phase() {
  if [ -n "$phase_name" ]; then PHASES+=("$(($(date +%s) - phase_start))|$phase_name"); fi
  phase_name=""
}
step() {
  end_phase
  phase_name="$*"
  phase_start=$(date +%s)
  echo
  echo "==== $* ===="
}
report() {
  local rc=$?
  end_phase
  echo
  echo "==== time per phase ($( [ $rc = 0 ] && echo passed || echo "FAILED, exit $rc")) ===="
  local p
  for p in "${PHASES[@]}"; do
    printf '%6s  %s\n' "$(mmss "${p%%|*}")" "${p#*|}"
  done
  printf '%6s  %s\n' "$(mmss $(($(date +%s) - run_start)))" "total"
}
mmss() { printf '%d:%02d' $(($1 / 60)) $(($1 % 60)); }
trap report EXIT

CARGO_SEL=(--workspace --all-targets --locked)

step "format"
cargo fmt --all -- --check
step "UI type check, unit tests, build"
(cd ui && npm run --silent check && npm test --silent && npm run --silent build)
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
step "clippy (the selection the build step compiles)"
cargo clippy "${CARGO_SEL[@]}" -- -D warnings
step "build (workspace, every target, once: tests, the CLI, the app, the bench)"
cargo build "${CARGO_SEL[@]}"
step "fuzz smoke (the cargo-fuzz targets on stable: seeds + deterministic mutations)"
FIELDGUIDE_FUZZ_ITERS=4000 cargo test "${CARGO_SEL[@]}" fuzz_smoke::
step "Rust unit and integration tests"
cargo test --workspace --locked -- --skip fuzz_smoke::
step "benchmark harness smoke run (make bench for the real figures)"
target/debug/fieldguide-bench --quick --corpus kb-content --no-rg >/dev/null
step "relevance smoke (the shipped KB's query set whole, 25 queries of the others)"
target/debug/fieldguide-bench --relevance --quick
step "end-to-end GUI tests (real app under Xvfb through WebDriver)"
bash tests/e2e/run.sh
