#!/bin/sh
# run.sh [ROSTER ARGS...]: install what is missing, build, and start Roster
# against the built-in sandbox (sample data, no account needed).
# With arguments, they are passed to roster instead of --sandbox.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

sh build-aux/install-deps.sh
if [ ! -f _build/build.ninja ]; then
  meson setup _build
fi
ninja -C _build

export GSETTINGS_SCHEMA_DIR="$top/_build/data"
if [ "$#" -eq 0 ]; then
  set -- --sandbox
fi
exec "$top/_build/src/app/roster" "$@"
