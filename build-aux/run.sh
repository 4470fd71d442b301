#!/bin/sh
# run.sh [ROSTER ARGS...]: install what is missing, build, and start Roster
# from the build directory on the built-in sandbox (sample data, nothing to
# set up). With arguments, they go to roster instead of --sandbox: `sh
# build-aux/run.sh --` opens the app on your own accounts.
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
if [ "$#" -eq 0 ]; then
  set -- --sandbox
elif [ "$1" = -- ]; then
  shift
fi
exec "$top/_build/src/app/roster" "$@"
