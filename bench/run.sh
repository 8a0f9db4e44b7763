#!/usr/bin/env bash
# Helpdesk benchmark (`make bench`): release binary, freshly seeded database, wrk scenarios.
#
#   BENCH_TICKETS=100000   tickets to seed
#   BENCH_DB=sqlite        or postgres (a throw-away server from scripts/with-postgres.sh, unless
#                          TEST_DATABASE_URL already points at one; the database helpdesk_bench on it
#                          is dropped and created afresh)
#   BENCH_DURATION=10s     per scenario (whole seconds)
#   BENCH_CONNECTIONS=64   BENCH_THREADS=2   BENCH_TIMEOUT=10s   (wrk)
#   BENCH_SKIP_BUILD=1     use the binary as it is instead of `swift build -c release --product helpdesk`
#   HELPDESK_BIN=path      the binary to benchmark (default .build/release/helpdesk); it is copied first
#   BENCH_KEEP=1           keep the work directory (database, logs, raw wrk output) for a look afterwards
#   BENCH_QUIET_WAIT=60    before each scenario, wait up to this many seconds for other processes to
#                          leave the CPU idle (they are measured and reported as "other CPU %" anyway)
#
# Writes bench/out/results-<db>-<tickets>.json and prints the table. See bench/README.md.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"

tickets="${BENCH_TICKETS:-100000}"
db="${BENCH_DB:-sqlite}"
duration="${BENCH_DURATION:-10s}"
connections="${BENCH_CONNECTIONS:-64}"
threads="${BENCH_THREADS:-2}"
timeout="${BENCH_TIMEOUT:-10s}"
quiet_wait="${BENCH_QUIET_WAIT:-60}"

die() { echo "bench: $*" >&2; exit 1; }
[[ "$tickets" =~ ^[0-9]+$ && "$tickets" -ge 1 ]] || die "BENCH_TICKETS must be a whole number ≥ 1, got '$tickets'"
[[ "$duration" =~ ^[0-9]+s?$ ]] || die "BENCH_DURATION must be whole seconds like 10s, got '$duration'"
[[ "$connections" =~ ^[0-9]+$ && "$connections" -ge 4 ]] || die "BENCH_CONNECTIONS must be ≥ 4"
[[ "$threads" =~ ^[0-9]+$ && "$threads" -ge 1 ]] || die "BENCH_THREADS must be ≥ 1"
[[ "$timeout" =~ ^[0-9]+s?$ ]] || die "BENCH_TIMEOUT must be whole seconds like 10s"
[[ "$quiet_wait" =~ ^[0-9]+$ ]] || die "BENCH_QUIET_WAIT must be whole seconds"
duration_s="${duration%s}"
case "$db" in
  sqlite | postgres) ;;
  *) die "BENCH_DB must be sqlite or postgres, got '$db'" ;;
esac

# PostgreSQL: run this whole script again inside a throw-away server.
if [ "$db" = postgres ] && [ -z "${TEST_DATABASE_URL:-}" ]; then
  exec "$repo/scripts/with-postgres.sh" "$here/run.sh" "$@"
fi

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  echo "== swift build -c release --product helpdesk"
  (cd "$repo" && swift build -c release --product helpdesk)
fi
command -v wrk >/dev/null || "$repo/scripts/ensure-apt.sh" wrk
command -v python3 >/dev/null || "$repo/scripts/ensure-apt.sh" python3

source_bin="${HELPDESK_BIN:-$repo/.build/release/helpdesk}"
[ -x "$source_bin" ] || die "no binary at $source_bin (build it, or unset BENCH_SKIP_BUILD)"

work="$(mktemp -d /tmp/helpdesk-bench.XXXXXX)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$server_pid" 2>/dev/null || true
  fi
  if [ "${BENCH_KEEP:-0}" = 1 ]; then
    echo "bench: kept $work"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
mkdir -p "$work/scenarios"

# A copy, so that a rebuild in place during the run changes nothing.
bin="$work/helpdesk"
cp "$source_bin" "$bin"

# --- the server's environment -------------------------------------------------------------------
# Per-request logs are off (LOG_LEVEL=warning): one log line per request would measure the terminal.
# The login throttle is off so that the login storm measures bcrypt, not 429s. BCRYPT_COST and
# PASSWORD_THREADS are left at their defaults (12, and half the cores).
unset BCRYPT_COST PASSWORD_THREADS DATABASE_URL SQLITE_PATH
export LOG_LEVEL=warning
export THROTTLE_ENABLED=false
export JWT_SECRET="$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export PUBLIC_DIR="$repo/frontend/dist"
export OPENAPI_PATH="$repo/openapi.yml"

psql_bin="$(command -v psql || ls -d /usr/lib/postgresql/*/bin/psql 2>/dev/null | sort -V | tail -n 1 || true)"
if [ "$db" = postgres ]; then
  [ -n "$psql_bin" ] || die "psql not found"
  "$psql_bin" "$TEST_DATABASE_URL" -q -v ON_ERROR_STOP=1 \
    -c "DROP DATABASE IF EXISTS helpdesk_bench" -c "CREATE DATABASE helpdesk_bench"
  export DATABASE_URL="$(sed -E 's#^(postgres(ql)?://[^/]+)/[^?]*#\1/helpdesk_bench#' <<<"$TEST_DATABASE_URL")"
  db_label="PostgreSQL $("$psql_bin" "$DATABASE_URL" -Atc 'SHOW server_version')"
else
  export SQLITE_PATH="$work/helpdesk.sqlite"
  db_label="SQLite (WAL)"
fi

db_size() {
  if [ "$db" = postgres ]; then
    "$psql_bin" "$DATABASE_URL" -Atc "SELECT pg_database_size('helpdesk_bench')"
  else
    local total=0 f
    for f in "$SQLITE_PATH" "$SQLITE_PATH-wal"; do
      [ -f "$f" ] && total=$((total + $(stat -c %s "$f")))
    done
    echo "$total"
  fi
}

now() { date +%s.%N; }
elapsed() { python3 -c "import sys; print(round(float(sys.argv[2]) - float(sys.argv[1]), 3))" "$1" "$2"; }

# --- seed ----------------------------------------------------------------------------------------
echo "== $db_label, $tickets tickets; work directory $work"
t0="$(now)"
"$bin" migrate --env production >"$work/migrate.log" 2>&1 || { cat "$work/migrate.log"; die "migrate failed"; }
t1="$(now)"
"$bin" seed --env production --tickets "$tickets" >"$work/seed.log" 2>&1 || { cat "$work/seed.log"; die "seed failed"; }
t2="$(now)"
migrate_seconds="$(elapsed "$t0" "$t1")"
seed_seconds="$(elapsed "$t1" "$t2")"
size_after_seed="$(db_size)"
echo "seeded in ${seed_seconds} s (migrate ${migrate_seconds} s); database $((size_after_seed / 1048576)) MiB"

# --- serve ---------------------------------------------------------------------------------------
harness="$repo/tests/harness/helpdesk_server.py"
port="$(python3 "$harness" free-port)"
base="http://127.0.0.1:$port"
"$bin" serve --env production --hostname 127.0.0.1 --port "$port" >"$work/server.log" 2>&1 &
server_pid=$!
python3 "$harness" wait-healthy "$base" --pid "$server_pid" --timeout 30 \
  || { cat "$work/server.log"; die "the server did not start"; }

# PostgreSQL's own CPU time (the postmaster and its backends), when it runs on this machine.
db_pid=""
if [ "$db" = postgres ]; then
  data_dir="$("$psql_bin" "$DATABASE_URL" -Atc 'SHOW data_directory' 2>/dev/null || true)"
  [ -n "$data_dir" ] && [ -r "$data_dir/postmaster.pid" ] && db_pid="$(head -n 1 "$data_dir/postmaster.pid")"
fi
db_cpu_ticks() {
  [ -n "$db_pid" ] || { echo 0; return; }
  # Fields after the ")" that ends the command name: state ppid … utime(12) stime(13).
  cat /proc/[0-9]*/stat 2>/dev/null | awk -v root="$db_pid" '
    { pid = $1; sub(/^.*\) /, "") }
    pid == root || $2 == root { total += $12 + $13 }
    END { print total + 0 }'
}
status_kb() { awk -v key="$1:" '$1 == key { print $2 }' "/proc/$server_pid/status"; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$server_pid/stat"; }
clock_ticks="$(getconf CLK_TCK)"
server_alive() {
  kill -0 "$server_pid" 2>/dev/null || { tail -n 50 "$work/server.log"; die "the server died during '$1'"; }
}

sleep 2
rss_idle_start="$(status_kb VmRSS)"
prepared="$(python3 "$here/prepare.py" "$base" "$work/cursors.txt")" || die "prepare.py failed"
eval "$prepared"
sleep 2
rss_idle_ready="$(status_kb VmRSS)"
echo "server pid $server_pid on $base; idle RSS $((rss_idle_start / 1024)) MiB after start," \
  "$((rss_idle_ready / 1024)) MiB after sign-in"

# --- scenarios -----------------------------------------------------------------------------------
lua="$here/lua"
scenario_number=0

# Runs wrk jobs in parallel while sampling the server's RSS and CPU time, then records each job.
# A job is "name|description|connections|threads|script|path|VAR=value VAR=value…".
run_jobs() {
  local jobs=("$@") pids=() job name description conns thr script path vars
  local start_ticks end_ticks start_time end_time max_rss=0 rss i
  local -A wrk_ticks=()
  wait_for_quiet
  local machine_start machine_end load db_start db_end
  load="$(cut -d' ' -f1 /proc/loadavg)"
  machine_start="$(machine_ticks)"
  db_start="$(db_cpu_ticks)"
  start_ticks="$(cpu_ticks)"
  start_time="$(now)"
  for job in "${jobs[@]}"; do
    IFS='|' read -r name description conns thr script path vars <<<"$job"
    # shellcheck disable=SC2086 # vars is a list of VAR=value words
    env $vars wrk --latency -t "$thr" -c "$conns" -d "$duration" --timeout "$timeout" \
      -s "$lua/$script" "$base${path%%\{*}" >"$work/scenarios/$name.wrk.txt" 2>&1 &
    pids+=($!)
  done
  # Sample until every wrk has finished; bounded by the duration plus a minute.
  for i in $(seq 1 $(((duration_s + 60) * 4))); do
    rss="$(status_kb VmRSS)"
    [ "${rss:-0}" -gt "$max_rss" ] && max_rss="$rss"
    local running=0 pid ticks
    for pid in "${pids[@]}"; do
      ticks="$(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || true)"
      [ -n "$ticks" ] && wrk_ticks[$pid]="$ticks" && running=1
    done
    [ "$running" = 1 ] || break
    sleep 0.25
  done
  local failed=0 pid
  for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
  end_ticks="$(cpu_ticks)"
  end_time="$(now)"
  machine_end="$(machine_ticks)"
  db_end="$(db_cpu_ticks)"
  local wrk_total=0 cpu_json
  for pid in "${!wrk_ticks[@]}"; do wrk_total=$((wrk_total + wrk_ticks[$pid])); done
  # CPU use over the scenario, in % of one core (200 = both cores of a 2-core machine).
  cpu_json="$(python3 -c 'import json, sys
server, wrk, hz, t0, t1 = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
b0, a0, b1, a1 = map(int, sys.argv[6:10])
db = int(sys.argv[12])
seconds = t1 - t0
machine = 100 * (b1 - b0) / max(1, a1 - a0) * int(sys.argv[10])
server_pct, wrk_pct, db_pct = (100 * ticks / hz / seconds for ticks in (server, wrk, db))
print(json.dumps({"server_cpu_pct": round(server_pct, 1), "wrk_cpu_pct": round(wrk_pct, 1),
                  "db_cpu_pct": round(db_pct, 1), "machine_cpu_pct": round(machine, 1),
                  "other_cpu_pct": round(max(0.0, machine - server_pct - wrk_pct - db_pct), 1),
                  "loadavg_before": float(sys.argv[11])})[1:-1])' \
    "$((end_ticks - start_ticks))" "$wrk_total" "$clock_ticks" "$start_time" "$end_time" \
    $machine_start $machine_end "$(nproc)" "$load" "$((db_end - db_start))")"
  for job in "${jobs[@]}"; do
    IFS='|' read -r name description conns thr script path vars <<<"$job"
    local raw="$work/scenarios/$name.wrk.txt" line
    line="$(grep '^BENCH_JSON ' "$raw" | tail -n 1 || true)"
    if [ "$failed" = 1 ] || [ -z "$line" ]; then cat "$raw"; die "wrk failed in '$name'"; fi
    scenario_number=$((scenario_number + 1))
    printf '{"order":%d,"name":"%s","description":"%s","method":"%s","path":"%s","connections":%d,"threads":%d,"concurrent_with":"%s",%s,"rss_max_kb":%d,"wrk":%s}\n' \
      "$scenario_number" "$name" "$description" "$(method_of "$script")" "$path" "$conns" "$thr" \
      "$(others "$name" "${jobs[@]}")" "$cpu_json" "$max_rss" "${line#BENCH_JSON }" \
      >"$work/scenarios/$(printf %02d "$scenario_number")-$name.json"
    python3 -c 'import json, sys
s = json.load(open(sys.argv[1])); w = s["wrk"]
print("%-14s %9.0f req/s  p50 %8.1f ms  p99 %8.1f ms  errors %d  CPU server %3.0f%% db %3.0f%% wrk %3.0f%% other %3.0f%%"
      % (s["name"], w["rps"], w["p50_ms"], w["p99_ms"], sum(w["errors"].values()),
         s["server_cpu_pct"], s["db_cpu_pct"], s["wrk_cpu_pct"], s["other_cpu_pct"]))' \
      "$work/scenarios/$(printf %02d "$scenario_number")-$name.json"
  done
  server_alive "${jobs[0]%%|*}"
  sleep 1
}
# "busy total" jiffies of the whole machine (busy: user, nice, system, irq, softirq).
machine_ticks() { awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat; }
# A slow scenario leaves requests queued in the server, and other processes (a build, another
# server) skew every number: wait, within bounds, until the machine is idle (under 25 % of one core
# over one second).
wait_for_quiet() {
  local i b0 a0 b1 a1
  for i in $(seq 1 "$quiet_wait"); do
    read -r b0 a0 < <(machine_ticks)
    sleep 1
    read -r b1 a1 < <(machine_ticks)
    [ $((100 * (b1 - b0) * $(nproc) / (a1 - a0 + 1))) -lt 25 ] && return 0
    [ "$i" = 1 ] && echo "bench: the CPU is busy (the server still draining queued requests, or other" \
      "processes); waiting up to ${quiet_wait} s for quiet"
  done
  return 0
}
method_of() { case "$1" in create_ticket.lua | add_comment.lua | login.lua) echo POST ;; *) echo GET ;; esac; }
others() {
  local self="$1" job names=()
  shift
  for job in "$@"; do [ "${job%%|*}" = "$self" ] || names+=("${job%%|*}"); done
  (IFS=,; echo "${names[*]:-}")
}

agent="BENCH_TOKEN=$AGENT_TOKEN"
customer="BENCH_TOKEN=$CUSTOMER_TOKEN"
c="$connections"
t="$threads"
storm_logins=$((connections / 4))
storm_list=$((connections - storm_logins))

echo "== warm-up (not recorded)"
BENCH_TOKEN="$AGENT_TOKEN" wrk -t "$t" -c "$c" -d 3s -s "$lua/header_only.lua" "$base/api/tickets?limit=20" \
  >/dev/null 2>&1 || true

echo "== scenarios: $c connections, $t threads, $duration each"
# The framework's own floor: an unknown API path is a JSON 404 that touches no database. Every other
# scenario is also reported as a share of it (report.py), so runs on different machines compare.
run_jobs "floor|unknown /api path: JSON 404, no database (its non-2xx count is expected)|$c|$t|header_only.lua|/api/no-such-endpoint|$agent"
run_jobs "stats-agent|GET /api/stats as an agent (counters and SLA counts)|$c|$t|header_only.lua|/api/stats|$agent"
# The same with 4 connections: the time one request takes, rather than 64 requests queueing for two cores.
run_jobs "stats-agent-4|GET /api/stats as an agent, 4 connections (latency without queueing)|4|1|header_only.lua|/api/stats|$agent"
run_jobs "list-agent|ticket list as an agent (newest first)|$c|$t|header_only.lua|/api/tickets?limit=20|$agent"
run_jobs "list-status|ticket list filtered by status=open, agent|$c|$t|header_only.lua|/api/tickets?limit=20&status=open|$agent"
run_jobs "list-customer|ticket list as a customer (own tickets only)|$c|$t|header_only.lua|/api/tickets?limit=20|$customer"
run_jobs "list-tag|ticket list filtered by a common tag (tag=billing, ~20 %), agent|$c|$t|header_only.lua|/api/tickets?limit=20&tag=billing|$agent"
run_jobs "list-tag-rare|ticket list filtered by a rare tag (tag=escalated, ~1 %), agent|$c|$t|header_only.lua|/api/tickets?limit=20&tag=escalated|$agent"
run_jobs "list-deep|a page at a random depth through a cursor, agent|$c|$t|page.lua|/api/tickets?limit=20|$agent BENCH_CURSORS=$work/cursors.txt"
run_jobs "list-due|ticket list soonest SLA due first (sort=due), agent|$c|$t|header_only.lua|/api/tickets?limit=20&sort=due|$agent"
run_jobs "list-breached|ticket list of SLA breaches (sla=breached), agent|$c|$t|header_only.lua|/api/tickets?limit=20&sla=breached|$agent"
run_jobs "list-at-risk|ticket list of tickets at SLA risk (sla=at_risk), agent|$c|$t|header_only.lua|/api/tickets?limit=20&sla=at_risk|$agent"
run_jobs "get-ticket|one ticket by a random id, agent|$c|$t|ticket.lua|/api/tickets/{id}|$agent BENCH_MAX_ID=$MAX_ID"
run_jobs "get-comments|the comments of a random ticket, agent|$c|$t|ticket.lua|/api/tickets/{id}/comments|$agent BENCH_MAX_ID=$MAX_ID BENCH_SUFFIX=/comments"
run_jobs "search-1-hit|search q=printer (one word, many hits)|$c|$t|header_only.lua|/api/tickets?limit=20&q=printer|$agent"
run_jobs "search-2-hit|search q=printer slow (two words, hits)|$c|$t|header_only.lua|/api/tickets?limit=20&q=printer%20slow|$agent"
run_jobs "search-1-miss|search q=zzzqqq (one word, no hit)|$c|$t|header_only.lua|/api/tickets?limit=20&q=zzzqqq|$agent"
run_jobs "search-2-miss|search q=printer zzzqqq (common word + miss)|$c|$t|header_only.lua|/api/tickets?limit=20&q=printer%20zzzqqq|$agent"
run_jobs \
  "storm-login|login storm (bcrypt cost 12) alongside storm-list|$storm_logins|1|login.lua|/api/auth/login|BENCH_LOGIN_EMAILS=$LOGIN_EMAILS" \
  "storm-list|ticket list as an agent during the login storm|$storm_list|$t|header_only.lua|/api/tickets?limit=20|$agent"
run_jobs "create-ticket|POST a new ticket as a customer|$c|$t|create_ticket.lua|/api/tickets|$customer"
run_jobs "add-comment|POST a comment as an agent to one of 8 tickets|$c|$t|add_comment.lua|/api/tickets/{id}/comments|$agent BENCH_TICKET_IDS=$COMMENT_TICKET_IDS"

# One full CSV export (every ticket), timed, with the server's memory sampled as it streams.
echo "== CSV export of every ticket"
wait_for_quiet
python3 "$here/export.py" "$base" "$AGENT_TOKEN" "$server_pid" "$work/export.json" || die "the export failed"
server_alive "export-csv"

# --- summary -------------------------------------------------------------------------------------
rss_peak="$(status_kb VmHWM)"
rss_end="$(status_kb VmRSS)"
size_end="$(db_size)"
swift_version="$( (timeout 20 swift --version 2>/dev/null || true) | head -n 1)"
python3 - "$work/meta.json" <<EOF
import json, os, platform, subprocess, sys
def cpu_model():
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return "unknown"
def mem_total_kb():
    for line in open("/proc/meminfo"):
        if line.startswith("MemTotal:"):
            return int(line.split()[1])
commit = subprocess.run(["git", "-C", "$repo", "describe", "--always", "--dirty"], capture_output=True, text=True).stdout.strip()
# The source tree may have moved on since the binary was built: name the binary itself too.
import datetime, hashlib
binary = {"path": "$source_bin",
          "built": datetime.datetime.fromtimestamp(os.stat("$source_bin").st_mtime, datetime.timezone.utc)
                   .strftime("%Y-%m-%d %H:%M:%S UTC"),
          "sha256": hashlib.sha256(open("$bin", "rb").read()).hexdigest()[:16]}
meta = {
    "db": "$db", "db_label": "$db_label", "tickets": $tickets,
    "date": subprocess.run(["date", "-u", "+%Y-%m-%d %H:%M UTC"], capture_output=True, text=True).stdout.strip(),
    "commit": commit or "unknown", "binary": binary,
    "machine": {"nproc": os.cpu_count(), "cpu": cpu_model(), "mem_total_kb": mem_total_kb(),
                "kernel": platform.release(), "swift": "$swift_version" or "unknown"},
    "connections": $connections, "threads": $threads, "duration_s": $duration_s, "wrk_timeout": "$timeout",
    "server_env": {"LOG_LEVEL": "warning", "THROTTLE_ENABLED": "false", "BCRYPT_COST": "12 (default)",
                   "env": "production"},
    "migrate_seconds": $migrate_seconds, "seed_seconds": $seed_seconds,
    "db_size_bytes_after_seed": $size_after_seed, "db_size_bytes_end": $size_end,
    "rss_idle_start_kb": $rss_idle_start, "rss_idle_ready_kb": $rss_idle_ready,
    "rss_peak_kb": $rss_peak, "rss_end_kb": $rss_end,
    "export": json.load(open("$work/export.json")),
}
json.dump(meta, open(sys.argv[1], "w"), indent=2)
EOF

mkdir -p "$here/out"
out="$here/out/results-$db-$tickets.json"
echo
python3 "$here/report.py" collect "$work" "$out"
echo
echo "bench: wrote $out"
