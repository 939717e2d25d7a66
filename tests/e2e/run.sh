#!/usr/bin/env bash
# End-to-end GUI tests: the real Fieldguide app (target/debug/fieldguide-app, built with the UI
# in ui/dist) under Xvfb, driven through tauri-driver/WebKitWebDriver by pytest + selenium.
#
#   bash tests/e2e/run.sh [pytest args…]      e.g.  bash tests/e2e/run.sh -k keyboard -x
#
# Prerequisites (`make deps-e2e`): Xvfb, WebKitWebDriver (webkit2gtk-driver), tauri-driver in
# ~/.cargo/bin, and the venv .venv with tests/e2e/requirements.txt. Build first:
# `(cd ui && npm run build) && cargo build -p fieldguide-app` (scripts/test.sh does).
#
# Each run gets a throw-away KB (kb-content/, the XSS payloads from tests/fixtures/xss/ as
# articles/security/…, and tests/e2e/kb/), a throw-away FIELDGUIDE_DATA_DIR, its own X display
# and free ports, and an `xdg-open` stand-in that records the URLs the app hands to the system
# browser. Everything it starts is stopped on exit (tauri-driver with SIGTERM, which also stops
# WebKitWebDriver; then whatever is left in its process group).
#
# Environment:
#   FIELDGUIDE_E2E_APP          app binary (default target/debug/fieldguide-app)
#   FIELDGUIDE_E2E_PORT         tauri-driver port (default: a free port)
#   FIELDGUIDE_E2E_NATIVE_PORT  WebKitWebDriver port (default: a free port)
#   FIELDGUIDE_E2E_ARTIFACTS    failure screenshots (<test>.png/.html) and, after a failed run,
#                               tauri-driver.log and xvfb.log (default /tmp/fieldguide-e2e)
#   FIELDGUIDE_E2E_KEEP=1       keep the temporary KB/data folder for inspection
#   FIELDGUIDE_SCREENSHOTS=1    also (re)write docs/screenshots/{search,reader}.png
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$PATH"

APP="${FIELDGUIDE_E2E_APP:-$ROOT/target/debug/fieldguide-app}"
PYTEST="$ROOT/.venv/bin/pytest"
ARTIFACTS="${FIELDGUIDE_E2E_ARTIFACTS:-/tmp/fieldguide-e2e}"

die() { echo "e2e: $*" >&2; exit 2; }
[ -x "$APP" ] || die "no app binary at $APP (run: cargo build -p fieldguide-app)"
[ -f "$ROOT/ui/dist/index.html" ] || die "ui/dist is missing (run: cd ui && npm run build)"
[ -x "$PYTEST" ] || die "no $PYTEST (run: make deps-e2e)"
command -v tauri-driver >/dev/null || die "tauri-driver not found (run: make deps-e2e)"
command -v WebKitWebDriver >/dev/null || die "WebKitWebDriver not found (apt-get install webkit2gtk-driver)"
command -v Xvfb >/dev/null || die "Xvfb not found (apt-get install xvfb)"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/fieldguide-e2e-run.XXXXXX")"
XVFB_PID=""
DRIVER_PID=""
PYTEST_PID=""

# Stops what this script started, by pid/process group; never by name.
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [ -n "$PYTEST_PID" ] && kill -0 "$PYTEST_PID" 2>/dev/null; then
    kill -TERM "$PYTEST_PID" 2>/dev/null
    wait "$PYTEST_PID" 2>/dev/null
  fi
  if [ -n "$DRIVER_PID" ] && kill -0 "$DRIVER_PID" 2>/dev/null; then
    # SIGTERM (never SIGKILL): tauri-driver then stops WebKitWebDriver itself.
    kill -TERM "$DRIVER_PID" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$DRIVER_PID" 2>/dev/null || break; sleep 0.1; done
  fi
  if [ -n "$DRIVER_PID" ]; then
    # tauri-driver was started as the leader of its own process group: whatever is left in
    # that group (an app whose session was never closed, its web processes) goes too.
    if pgrep -g "$DRIVER_PID" >/dev/null 2>&1; then
      kill -TERM -- "-$DRIVER_PID" 2>/dev/null
      for _ in $(seq 30); do pgrep -g "$DRIVER_PID" >/dev/null 2>&1 || break; sleep 0.1; done
      pgrep -g "$DRIVER_PID" >/dev/null 2>&1 && kill -KILL -- "-$DRIVER_PID" 2>/dev/null
    fi
  fi
  if [ -n "$XVFB_PID" ]; then
    kill -TERM "$XVFB_PID" 2>/dev/null
    for _ in $(seq 30); do kill -0 "$XVFB_PID" 2>/dev/null || break; sleep 0.1; done
  fi
  # Logs of a failed run (the app's stderr goes through tauri-driver) next to the screenshots.
  [ "$rc" = 0 ] || cp "$WORK"/*.log "$ARTIFACTS/" 2>/dev/null
  if [ "${FIELDGUIDE_E2E_KEEP:-0}" = 1 ]; then
    echo "e2e: kept $WORK"
  else
    rm -rf "$WORK"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# ---- the KB under test -------------------------------------------------------------------
KB="$WORK/northwind/kb-content"   # the header shows "…/northwind/kb-content" (screenshots)
mkdir -p "$WORK/northwind"
cp -r "$ROOT/kb-content" "$KB"
rm -rf "$KB/.fieldguide"
mkdir -p "$KB/articles/security"
cp "$ROOT"/tests/fixtures/xss/*.md "$KB/articles/security/"
cp -r "$ROOT/tests/e2e/kb/." "$KB/"   # a few plain documents the tests need (external links)
# Each test module starts from this copy (conftest.py restores the KB from it).
cp -r "$KB" "$WORK/pristine-kb"
mkdir -p "$WORK/data" "$WORK/bin" "$ARTIFACTS"

# The app opens http(s)/mailto links with the system opener (xdg-open first): record the URL
# instead of starting a browser, so tests can see what was handed over.
OPENED="$WORK/opened.log"
: >"$OPENED"
cat >"$WORK/bin/xdg-open" <<EOF
#!/bin/sh
printf '%s\n' "\$*" >>"$OPENED"
EOF
chmod +x "$WORK/bin/xdg-open"

# ---- X display ---------------------------------------------------------------------------
# -displayfd: Xvfb picks a free display number itself and prints it once it is ready.
exec 3>"$WORK/display"
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp >"$WORK/xvfb.log" 2>&1 &
XVFB_PID=$!
exec 3>&-
for _ in $(seq 100); do [ -s "$WORK/display" ] && break; sleep 0.05; done
[ -s "$WORK/display" ] || die "Xvfb did not start (see $ARTIFACTS/xvfb.log)"
DISPLAY=":$(head -n1 "$WORK/display")"
export DISPLAY

# ---- tauri-driver ------------------------------------------------------------------------
PORT="${FIELDGUIDE_E2E_PORT:-$(free_port)}"
NATIVE_PORT="${FIELDGUIDE_E2E_NATIVE_PORT:-$(free_port)}"
[ "$PORT" != "$NATIVE_PORT" ] || NATIVE_PORT="$(free_port)"

# The app inherits this environment through tauri-driver and WebKitWebDriver.
export FIELDGUIDE_DATA_DIR="$WORK/data"
# The webview's own storage (localStorage: recent documents, theme) stays out of the
# developer's real profile too.
export XDG_DATA_HOME="$WORK/xdg/data" XDG_CONFIG_HOME="$WORK/xdg/config" XDG_CACHE_HOME="$WORK/xdg/cache"
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME"
export PYTHONDONTWRITEBYTECODE=1
# The KB goes in as `--kb` (tauri:options.args), checked by a test: no FIELDGUIDE_KB fallback.
unset FIELDGUIDE_KB
export PATH="$WORK/bin:$PATH"
export NO_AT_BRIDGE=1 GTK_A11Y=none

setsid tauri-driver --port "$PORT" --native-port "$NATIVE_PORT" >"$WORK/tauri-driver.log" 2>&1 &
DRIVER_PID=$!
ready=0
for _ in $(seq 100); do
  if curl -fs "http://127.0.0.1:$PORT/status" >/dev/null 2>&1; then ready=1; break; fi
  kill -0 "$DRIVER_PID" 2>/dev/null || break
  sleep 0.1
done
[ "$ready" = 1 ] || die "tauri-driver did not come up on port $PORT (see $ARTIFACTS/tauri-driver.log)"

# ---- tests -------------------------------------------------------------------------------
export FIELDGUIDE_E2E_URL="http://127.0.0.1:$PORT"
export FIELDGUIDE_E2E_APP="$APP"
export FIELDGUIDE_E2E_KB="$KB"
export FIELDGUIDE_E2E_PRISTINE_KB="$WORK/pristine-kb"
export FIELDGUIDE_E2E_RUN_DIR="$WORK"
export FIELDGUIDE_E2E_OPENED="$OPENED"
export FIELDGUIDE_E2E_ARTIFACTS="$ARTIFACTS"
echo "e2e: display $DISPLAY, tauri-driver :$PORT (native :$NATIVE_PORT), KB $KB"
# The whole folder unless test files/node ids are given (`run.sh tests/e2e/test_xss.py -x`).
args=("$@")
has_path=0
for a in "$@"; do
  case "$a" in -*) ;; *) [ -e "${a%%::*}" ] && has_path=1 ;; esac
done
[ "$has_path" = 1 ] || args=("$ROOT/tests/e2e" "$@")
# In the background + wait, so that INT/TERM reach the trap at once instead of after pytest.
"$PYTEST" -q -p no:cacheprovider "${args[@]}" &
PYTEST_PID=$!
wait "$PYTEST_PID"
