#!/bin/sh
# bench-window.sh BUILD_DIR [N_USERS]
#
# The window's benchmark (issue 6): a roster-sandbox with N_USERS generated
# users (default 100 000) in its own process, and Roster in benchmark mode
# under tests/run-headless.sh, which opens the group, measures and quits.
# Prints Roster's figures:
#   first_rows_ms        connecting → first rows in the list (target < 500)
#   loaded_ms            connecting → loaded, reconciled, counted (target < 5000)
#   worst_stall_*_ms     longest main loop stall per stage (target < 50)
#   worst_busy_*_ms      the main thread's own CPU time in that longest busy spell
#                        (the stall without the time other processes took)
#   frames_*             frames painted per stage
#   scroll_step_cpu_ms   the main thread's mean CPU time per scroll step
#   filter_stale_frames  frames painted after a filter chip is clicked that still
#                        showed rows of the category before (the worst switch)
#   refresh_ms           win.refresh with a row selected → new snapshot shown
#   refresh_selection_kept / _shown  the same user still selected / on screen
#   sort_name_ms, sort_status_ms     sorting by Name A–Z, then Status descending
#   sorted               whether the rows ended in the column view's order
#   peak_rss_mb          peak resident memory (target < 300)
# ROSTER_BENCH_UNTIL=STAGE (e.g. refreshing) stops after that stage.
# Not part of `meson test`: speed is measured, not asserted.
set -eu
build=${1:?usage: bench-window.sh BUILD_DIR [N_USERS]}
users=${2:-100000}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bench-window.XXXXXX")
sandbox_pid=
cleanup() {
  if [ -n "$sandbox_pid" ]; then kill "$sandbox_pid" 2>/dev/null || true; wait "$sandbox_pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT; trap 'exit 143' TERM

"$build/src/sandbox/roster-sandbox" --generate "$users" --port 0 >"$tmp/sandbox.out" 2>"$tmp/sandbox.err" &
sandbox_pid=$!
i=0
until grep -q "listening on" "$tmp/sandbox.out" 2>/dev/null; do
  i=$((i + 1))
  if [ "$i" -gt 600 ] || ! kill -0 "$sandbox_pid" 2>/dev/null; then
    echo "bench-window: the sandbox did not start" >&2; cat "$tmp/sandbox.err" >&2; exit 1
  fi
  sleep 0.1
done
url=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$tmp/sandbox.out" | head -n1)
echo "sandbox $url ($users users)"

ROSTER_BENCH_URL=$url ROSTER_BENCH_GROUP=acme-corp \
ROSTER_API_TOKEN=sandbox-api-token ROSTER_SCIM_TOKEN=sandbox-scim-token \
GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR="$build/data" \
GSK_RENDERER=${GSK_RENDERER:-cairo} GDK_DEBUG=gl-disable GTK_A11Y=none NO_AT_BRIDGE=1 \
GIO_USE_PROXY_RESOLVER=dummy G_MESSAGES_DEBUG=${G_MESSAGES_DEBUG:-} \
  "$here/../run-headless.sh" "$build/src/app/roster" 2>"$tmp/roster.err" || {
    echo "bench-window: roster failed" >&2; tail -n 20 "$tmp/roster.err" >&2; exit 1; }
grep -E "^stall|Reconciled" "$tmp/roster.err" >&2 || true
