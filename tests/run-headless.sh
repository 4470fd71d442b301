#!/bin/sh
# run-headless.sh COMMAND [ARGS...]
#
# Runs COMMAND with its own D-Bus session bus, a real gnome-keyring Secret
# Service with an unlocked "login" keyring, and its own Xvfb display, then
# tears all of it down. It is the default meson test wrapper (setup
# "headless"), and the way to take screenshots (see README.md).
#
# HEADLESS_SCREEN=WxHxD   screen size (default 1280x800x24)
# HEADLESS_KEYRING=none   do not start the keyring
set -eu
if [ -z "${RUN_HEADLESS_INNER:-}" ]; then
  # Private XDG dirs *before* the bus starts, so services the bus activates
  # (gnome-keyring, at-spi, dconf, gcr-prompter) use them and not $HOME.
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/headless.XXXXXX")
  export XDG_RUNTIME_DIR="$tmp/run" XDG_DATA_HOME="$tmp/data" \
         XDG_CONFIG_HOME="$tmp/config" XDG_CACHE_HOME="$tmp/cache" \
         RUN_HEADLESS_TMP="$tmp" RUN_HEADLESS_INNER=1
  mkdir -p "$XDG_RUNTIME_DIR" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME"
  chmod 700 "$XDG_RUNTIME_DIR"
  rc=0
  dbus-run-session -- "$0" "$@" || rc=$?
  if [ -s "$tmp/xvfb.pid" ]; then kill "$(cat "$tmp/xvfb.pid")" 2>/dev/null || true; fi
  rm -rf "$tmp"
  exit "$rc"
fi
unset RUN_HEADLESS_INNER
tmp=$RUN_HEADLESS_TMP
xvfb_pid=
cleanup() {
  if [ -n "$xvfb_pid" ]; then kill "$xvfb_pid" 2>/dev/null || true; wait "$xvfb_pid" 2>/dev/null || true; fi
}
trap cleanup EXIT
# Without these the EXIT trap is skipped on a signal. PIPE is real: when the
# command dies from a signal, sh prints "Aborted" to stderr; if stderr is a
# closed pipe (`| head`) the shell dies of SIGPIPE and Xvfb is left running.
trap 'exit 129' HUP; trap 'exit 130' INT; trap 'exit 141' PIPE; trap 'exit 143' TERM

if [ "${HEADLESS_KEYRING:-unlock}" != none ]; then
  # Creates and unlocks the "login" keyring, which becomes the "default"
  # alias. The daemon backgrounds itself and exits when the bus goes away.
  # Not with the tests' G_DEBUG=fatal-warnings nor their malloc checks:
  # gnome-keyring 42 warns "asked to register item …, but it's already
  # registered" when an item is created, and would abort mid-request.
  printf '%s' "${HEADLESS_KEYRING_PASSWORD:-test}" \
    | env -u G_DEBUG -u MALLOC_CHECK_ -u MALLOC_PERTURB_ \
        gnome-keyring-daemon --unlock --components=secrets >/dev/null
fi
# -displayfd: Xvfb picks a free display and reports it when ready, so
# parallel tests never race for a display number.
Xvfb -displayfd 3 -screen 0 "${HEADLESS_SCREEN:-1280x800x24}" -nolisten tcp \
  3>"$tmp/display" 2>"$tmp/xvfb.log" &
xvfb_pid=$!
echo "$xvfb_pid" >"$tmp/xvfb.pid"
i=0
until grep -q . "$tmp/display" 2>/dev/null; do
  i=$((i + 1))
  if [ "$i" -gt 100 ] || ! kill -0 "$xvfb_pid" 2>/dev/null; then
    echo "run-headless: Xvfb did not start" >&2; cat "$tmp/xvfb.log" >&2; exit 1
  fi
  sleep 0.1
done
export DISPLAY=":$(head -n1 "$tmp/display")" GDK_BACKEND=x11
unset WAYLAND_DISPLAY
"$@"
