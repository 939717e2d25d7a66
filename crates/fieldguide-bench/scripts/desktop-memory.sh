#!/usr/bin/env bash
# Memory of the whole desktop process tree (app + WebKit web/network processes) at idle with a KB
# open, under Xvfb. Usage: desktop-memory.sh [APP_BINARY] [KB_DIR] [SETTLE_SECONDS]
# Prints RSS and PSS (proportional: shared pages split between processes) summed over the tree.
set -euo pipefail
cd "$(dirname "$0")/../../.."
APP=${1:-target/release/fieldguide-app}
KB=${2:-../shared/corpus/officedocs-support}
SETTLE=${3:-15}
DISPLAY_NUM=:57
DATA=$(mktemp -d)
Xvfb $DISPLAY_NUM -screen 0 1280x800x24 >/dev/null 2>&1 &
XVFB=$!
cleanup() { [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null || true; kill "$XVFB" 2>/dev/null || true; rm -rf "$DATA"; }
trap cleanup EXIT
sleep 1
measure() {
  DISPLAY=$DISPLAY_NUM FIELDGUIDE_DATA_DIR=$DATA "$APP" --kb "$KB" >/dev/null 2>&1 &
  APP_PID=$!
  sleep "$SETTLE"
  local rss=0 pss=0 n=0 p r s
  for p in $(tree "$APP_PID"); do
    r=$(awk '/^VmRSS:/ {print $2}' "/proc/$p/status" 2>/dev/null || echo 0)
    s=$(awk '/^Pss:/ {print $2}' "/proc/$p/smaps_rollup" 2>/dev/null || echo 0)
    printf '  %-8s %-28s RSS %6d MB  PSS %6d MB\n' "$p" "$(cat /proc/$p/comm 2>/dev/null)" $((r/1024)) $((s/1024))
    rss=$((rss + r)); pss=$((pss + s)); n=$((n + 1))
  done
  echo "$1: process tree ($n processes) after ${SETTLE}s idle with $KB open: RSS $((rss/1024)) MB, PSS $((pss/1024)) MB"
  kill -TERM "$APP_PID"; wait "$APP_PID" 2>/dev/null || true
}
tree() { echo "$1"; for c in $(pgrep -P "$1" || true); do tree "$c"; done; }
APP_PID=
measure "first launch (builds the index)"
measure "second launch (index exists)"
