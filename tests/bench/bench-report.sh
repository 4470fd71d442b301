#!/bin/sh
# bench-report.sh: rosterctl report against roster-sandbox --generate N,
# next to a naive reference (curl page by page, joined with jq).
#
#   sh tests/bench/bench-report.sh [BUILD_DIR] [N…]      (defaults: _build, 10000 100000)
#
# Not a meson test: it measures, it asserts nothing. For each N it starts a
# sandbox, runs
#   1. rosterctl report --format json       (the real thing)
#   2. the naive reference: every page of the same endpoints fetched one
#      after the other with curl (members, SAML identities, SCIM identities,
#      enterprise users), then joined by user_id with jq
# and prints the wall time, the number of HTTP requests and the peak RSS
# (/usr/bin/time -v, package "time") of both, and their ratio. Figures go to
# BENCHMARKS.md by hand. The machine's load matters: run it on a quiet one.
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-_build}
[ $# -gt 0 ] && shift
sizes=${*:-10000 100000}
case "$build" in /*) ;; *) build="$top/$build" ;; esac

sandbox="$build/src/sandbox/roster-sandbox"
rosterctl="$build/src/cli/rosterctl"
for tool in "$sandbox" "$rosterctl" /usr/bin/time curl jq; do
  command -v "$tool" >/dev/null 2>&1 || { echo "bench-report: missing $tool" >&2; exit 1; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/roster-bench.XXXXXX")
sandbox_pid=
cleanup() {
  [ -n "$sandbox_pid" ] && kill "$sandbox_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

token=bench-api-token
group=acme-corp

# naive.sh URL GROUP_ID OUT: the reference client.
cat > "$work/naive.sh" <<'NAIVE'
#!/bin/sh
set -eu
url=$1 gid=$2 out=$3 dir=$(mktemp -d)
requests=0
fetch_pages() {   # fetch_pages NAME PATH
  page=1
  : > "$dir/$1.pages"
  while :; do
    curl -sS --fail -H "PRIVATE-TOKEN: $ROSTER_API_TOKEN" -D "$dir/headers" \
      -o "$dir/$1.$page.json" "$url$2?per_page=100&page=$page"
    requests=$((requests + 1))
    echo "$dir/$1.$page.json" >> "$dir/$1.pages"
    next=$(tr -d '\r' < "$dir/headers" | awk 'tolower($1) == "x-next-page:" { print $2 }')
    [ -n "$next" ] || break
    page=$next
  done
  # shellcheck disable=SC2046
  jq -s '[.[][]]' $(cat "$dir/$1.pages") > "$dir/$1.json"
}
fetch_one() {     # fetch_one NAME PATH
  curl -sS --fail -H "PRIVATE-TOKEN: $ROSTER_API_TOKEN" -o "$dir/$1.json" "$url$2"
  requests=$((requests + 1))
}
fetch_pages members "/api/v4/groups/$gid/members"
fetch_one saml "/api/v4/groups/$gid/saml/identities"
fetch_one scim "/api/v4/groups/$gid/scim/identities"
fetch_pages enterprise "/api/v4/groups/$gid/enterprise_users"
# The join: tag every record, sort by user id (group_by is C code, so this
# stays O(n log n); jq 1.6's INDEX/reduce copy the object at every step).
jq -n --slurpfile m "$dir/members.json" --slurpfile s "$dir/saml.json" \
      --slurpfile c "$dir/scim.json" --slurpfile e "$dir/enterprise.json" '
  [ ($m[0][] | {user_id: .id, t: "m", username}),
    ($s[0][] | {user_id, t: "s", v: .extern_uid}),
    ($c[0][] | {user_id, t: "c", v: .extern_uid, active}),
    ($e[0][] | {user_id: .id, t: "e", username}) ]
  | group_by(.user_id)
  | map((map(select(.t == "m"))[0]) as $mm | (map(select(.t == "s"))[0]) as $ss
        | (map(select(.t == "c"))[0]) as $cc | (map(select(.t == "e"))[0]) as $ee
        | select($mm != null or $ss != null or $cc != null)
        | { user_id: .[0].user_id, username: ($mm.username // $ee.username),
            member: ($mm != null), enterprise: ($ee != null),
            saml_extern_uid: $ss.v, scim_extern_uid: $cc.v, scim_active: $cc.active,
            mismatch: ($ss != null and $cc != null and $ss.v != $cc.v) })
  | { users: . }
' > "$out"
echo "$requests" > "$out.requests"
rm -rf "$dir"
NAIVE

# measure LABEL OUT CMD…: runs CMD under /usr/bin/time -v, prints "seconds rss_kb".
measure() {
  out=$1; shift
  /usr/bin/time -v -o "$work/time" "$@" > "$out" 2> "$work/stderr" || {
    status=$?
    [ "$status" = 3 ] || { cat "$work/stderr" >&2; echo "bench-report: $* failed ($status)" >&2; exit 1; }
  }
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$work/time")
  rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/time")
  echo "$wall $rss"
}

printf '%-8s %-10s %10s %10s %12s\n' users client wall_s requests peak_rss_MB
for n in $sizes; do
  "$sandbox" --port 0 --generate "$n" --api-token "$token" --group "$group" > "$work/sandbox.out" 2>&1 &
  sandbox_pid=$!
  for _ in $(seq 1 600); do
    grep -q 'listening on' "$work/sandbox.out" 2>/dev/null && break
    sleep 0.1
  done
  url=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$work/sandbox.out" | head -n 1)
  [ -n "$url" ] || { cat "$work/sandbox.out" >&2; exit 1; }
  gid=$(curl -sS -H "PRIVATE-TOKEN: $token" "$url/api/v4/groups/$group" | jq -r .id)

  export ROSTER_API_TOKEN=$token
  set -- $(G_MESSAGES_DEBUG=roster-http measure "$work/report.json" "$rosterctl" report --url "$url" --group "$group" --format json)
  r_wall=$1 r_rss=$2
  r_requests=$(grep -c ' -> ' "$work/stderr" || true)
  r_users=$(jq '.users | length' "$work/report.json")

  set -- $(measure "$work/naive.json" sh "$work/naive.sh" "$url" "$gid" "$work/naive.json")
  n_wall=$1 n_rss=$2
  n_requests=$(cat "$work/naive.json.requests")
  n_users=$(jq '.users | length' "$work/naive.json")

  printf '%-8s %-10s %10s %10s %12s\n' "$n" rosterctl "$r_wall" "$r_requests" "$((r_rss / 1024))"
  printf '%-8s %-10s %10s %10s %12s\n' "$n" naive "$n_wall" "$n_requests" "$((n_rss / 1024))"
  echo "$n users: rosterctl/naive wall time $(awk -v a="$r_wall" -v b="$n_wall" 'BEGIN { printf "%.2f", a / b }'), users reported $r_users / $n_users"

  kill "$sandbox_pid"
  wait "$sandbox_pid" 2>/dev/null || true
  sandbox_pid=
done
