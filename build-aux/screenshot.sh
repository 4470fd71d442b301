#!/bin/sh
# screenshot.sh OUT.png [WIDTHxHEIGHT] [--dark] [--high-contrast] [--action NAME]
#               [--wait SECONDS] [-- ROSTER ARGS...]
#
# Starts the Roster of the build directory (_build, or $ROSTER_BUILD_DIR) on
# a private headless screen of WIDTHxHEIGHT (default 1280x800) with fresh
# settings and the window sized to the screen, waits until the window has
# drawn its first frame (ROSTER_READY_FILE), and saves the whole screen to
# OUT.png. --dark and --high-contrast pick libadwaita's dark and
# high-contrast styles. --action NAME activates the application action
# app.NAME (for example "about") over D-Bus before the shot. --wait waits
# SECONDS more before the shot (a load to finish…). Build first (ninja -C _build). Needs Xvfb and
# ImageMagick's import (build-aux/install-deps.sh).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${ROSTER_BUILD_DIR:-$top/_build}

usage() {
  echo "usage: $0 OUT.png [WIDTHxHEIGHT] [--dark] [--high-contrast] [--action NAME] [--wait SECONDS] [-- ROSTER ARGS...]" >&2
  exit 2
}

[ "$#" -ge 1 ] || usage
out=$1
shift
size=1280x800
dark=0
hc=0
action=
wait=0
while [ "$#" -gt 0 ]; do
  case "$1" in
    --dark) dark=1 ;;
    --high-contrast) hc=1 ;;
    --action) [ "$#" -ge 2 ] || usage; action=$2; shift ;;
    --wait) [ "$#" -ge 2 ] || usage; wait=$2; shift ;;
    --) shift; break ;;
    [0-9]*x[0-9]*) size=$1 ;;
    *) usage ;;
  esac
  shift
done

if [ ! -x "$build/src/app/roster" ]; then
  echo "screenshot: $build/src/app/roster is not built (ninja -C ${build#"$top"/})" >&2
  exit 1
fi
case "$out" in
  /*) ;;
  *) out="$PWD/$out" ;;
esac

if [ -z "${SCREENSHOT_INNER:-}" ]; then
  # Again, inside a private bus and X server of that size.
  export SCREENSHOT_INNER=1 HEADLESS_SCREEN="${size}x24"
  flags=
  [ "$dark" = 1 ] && flags="$flags --dark"
  [ "$hc" = 1 ] && flags="$flags --high-contrast"
  [ -n "$action" ] && flags="$flags --action $action"
  flags="$flags --wait $wait"
  # shellcheck disable=SC2086
  exec "$top/tests/run-headless.sh" "$0" "$out" "$size" $flags -- "$@"
fi

# Inside run-headless.sh: XDG_CONFIG_HOME is private, so the keyfile
# settings backend starts empty and is thrown away afterwards.
export GSETTINGS_BACKEND=keyfile GSETTINGS_SCHEMA_DIR="$build/data"
export GSK_RENDERER=cairo GTK_A11Y=none NO_AT_BRIDGE=1
[ "$dark" = 1 ] && export ADW_DEBUG_COLOR_SCHEME=prefer-dark
[ "$hc" = 1 ] && export ADW_DEBUG_HIGH_CONTRAST=1
# GNOME's interface font (fonts-cantarell), as its settings daemon would set
# it; without a daemon GTK falls back to "Sans 10" (DejaVu).
mkdir -p "$XDG_CONFIG_HOME/gtk-4.0"
printf '[Settings]\ngtk-font-name=Cantarell 11\n' >"$XDG_CONFIG_HOME/gtk-4.0/settings.ini"
# There is no window manager: the window sits at 0,0 at its saved size.
gsettings set io.github.rosterapp.Roster window-width "${size%x*}"
gsettings set io.github.rosterapp.Roster window-height "${size#*x}"

scratch=$(mktemp -d "${TMPDIR:-/tmp}/screenshot.XXXXXX")
pid=
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$scratch"
}
trap cleanup EXIT

ROSTER_READY_FILE="$scratch/ready" "$build/src/app/roster" "$@" &
pid=$!
i=0
until [ -e "$scratch/ready" ]; do
  i=$((i + 1))
  if [ "$i" -gt 300 ] || ! kill -0 "$pid" 2>/dev/null; then
    echo "screenshot: Roster did not draw its window" >&2
    exit 1
  fi
  sleep 0.1
done
if [ -n "$action" ]; then
  # The id of this build (….Devel for the development profile).
  app_id=$(sed -n 's/^#define APP_ID "\(.*\)"$/\1/p' "$build/config.h")
  gapplication action "$app_id" "$action"
  sleep 1
fi
# Let transitions and late icon loads settle.
sleep 0.5
sleep "$wait"
import -window root "$out"
echo "screenshot: $out ($size$([ "$dark" = 1 ] && echo ", dark")$([ "$hc" = 1 ] && echo ", high contrast")${action:+, app.$action})"
