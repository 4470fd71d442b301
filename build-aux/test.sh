#!/bin/sh
# test.sh [--quick]: install what is missing, build from scratch with
# warnings as errors, and run the whole test suite headless; then the same
# suite again under AddressSanitizer + UndefinedBehaviorSanitizer.
# --quick skips the sanitizer pass.
#
# Ends with the plain line "N passed, N failed, N skipped" (test programs,
# both passes added up) and exits non-zero when anything failed.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

asan=1
for arg in "$@"; do
  case "$arg" in
    --quick) asan=0 ;;
    *) echo "usage: $0 [--quick]" >&2; exit 2 ;;
  esac
done

sh build-aux/install-deps.sh || exit 1

scratch=$(mktemp -d "${TMPDIR:-/tmp}/roster-test.XXXXXX")
export TMPDIR="$scratch"   # the headless wrapper's private dirs go here
trap 'rm -rf "$scratch"' EXIT

rc=0
logs=

rm -rf _build-test
if meson setup _build-test --werror >"$scratch/setup.log" 2>&1 && ninja -C _build-test; then
  meson test -C _build-test --print-errorlogs || rc=1
  logs="$logs _build-test/meson-logs/testlog.json"
else
  cat "$scratch/setup.log" >&2
  echo "test.sh: the build failed" >&2
  rc=1
fi

if [ "$asan" = 1 ] && [ "$rc" = 0 ]; then
  rm -rf _build-asan
  if meson setup _build-asan --werror -Db_sanitize=address,undefined -Db_lundef=false \
       >/dev/null && ninja -C _build-asan; then
    meson test -C _build-asan --setup=asan --print-errorlogs || rc=1
    logs="$logs _build-asan/meson-logs/testlog-asan.json"
  else
    echo "test.sh: the sanitizer build failed" >&2
    rc=1
  fi
fi

if [ -n "$logs" ]; then
  # shellcheck disable=SC2086
  cat $logs | jq -rs '
    "\(map(select(.result=="OK" or .result=="EXPECTEDFAIL"))|length) passed, \(map(select(.result=="FAIL" or .result=="ERROR" or .result=="TIMEOUT" or .result=="UNEXPECTEDPASS"))|length) failed, \(map(select(.result=="SKIP"))|length) skipped"'
else
  echo "0 passed, 1 failed"
fi
exit $rc
