#!/usr/bin/env bash
# Memory of the whole desktop process tree (app + WebKit web/network processes) at idle with a KB
# open, under Xvfb: the memory part of desktop-bench.py (which also measures cold start and
# keystroke → results rendered). Usage: desktop-memory.sh [APP_BINARY] [KB_DIR] [SETTLE_SECONDS]
# Prints RSS, PSS (proportional: shared pages split between processes) and private memory per
# process and summed over the tree, after typed searches (WebDriver session) and for a plain
# launch without automation.
set -euo pipefail
cd "$(dirname "$0")/../../.."
APP=${1:-target/release/fieldguide-app}
KB=${2:-../shared/corpus/officedocs-support}
SETTLE=${3:-10}
exec .venv/bin/python crates/fieldguide-bench/scripts/desktop-bench.py --only memory \
  --app "$APP" --corpus "$KB" --settle "$SETTLE"
