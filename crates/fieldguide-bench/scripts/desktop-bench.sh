#!/usr/bin/env bash
# Desktop benchmark (issue 8 desktop figures): builds the UI and the release app, then runs
# desktop-bench.py (cold start, keystroke → results rendered, process-tree memory) under Xvfb
# through tauri-driver. Prints the figures and PASS/MISS against the targets.
#
#   bash crates/fieldguide-bench/scripts/desktop-bench.sh [--no-build] [desktop-bench.py args…]
#   e.g. … --runs 3 --only cold,memory --json target/bench-desktop.json
#
# Prerequisites: `make deps-ui deps-e2e` (Xvfb, WebKitWebDriver, tauri-driver, .venv with selenium).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../../.." && pwd)"
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$PATH"
if [ "${1:-}" = "--no-build" ]; then
  shift
else
  (cd ui && npm run build --silent)
  cargo build --release -p fieldguide-app
fi
[ -x .venv/bin/python ] || { echo "no .venv (run: make deps-e2e)" >&2; exit 2; }
exec .venv/bin/python crates/fieldguide-bench/scripts/desktop-bench.py "$@"
