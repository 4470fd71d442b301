#!/bin/sh
# run.sh [ROSTER ARGS...]: install what is missing, build, and start Roster
# from the build directory, arguments passed on to it.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

sh build-aux/install-deps.sh
if [ ! -f _build/build.ninja ]; then
  meson setup _build
fi
ninja -C _build

# The uninstalled app finds its schema in the build directory; its icon,
# UI and style are compiled into it.
export GSETTINGS_SCHEMA_DIR="$top/_build/data"
exec "$top/_build/src/app/roster" "$@"
