#!/usr/bin/env bash
# The benchmark suite: compares every model under the same loads with the app's own stress engine, through the
# REST API, and prints one Markdown table per scenario.
#
#   bench/compare.sh [--repeat N] [--quick] [--db JDBC-URL] [--baseline ID|latest|DIR] [scenario...]
#                                                             e.g. bench/compare.sh note --repeat 5
#
# Scenarios (default: all of them, in the order listed under "Scenarios" below; the requests: SCENARIOS in
# bench/bench.py, the one list of them, on top of the stress API's defaults). --quick shrinks every scenario (a fifth of the connections,
# a tenth for c10k; 2-3 s) to prove the script works; its figures are not a measurement. --repeat N (default 1; 5 or
# more for verdicts: the rank test needs 5 a side) measures each model N times, interleaved: the tables show the median
# and the spread (± half the min-max range).
#
# Calibration (run only when named, never by default): `aa` measures BENCH_AA_MODEL (default netty) 2 × N times in
# one run (N = BENCH_AA_RUNS, default 5; quick 2), compares its odd repeats with its even ones through the app's
# statistics, BENCH_AA_COMPARISONS times (default 20; quick 2), and reports how many verdicts came out better or worse
# (each one false) and the spread of every metric. `slowed` starts two copies of bench/SlowEcho.java outside the app
# (on BENCH_ECHO_PORT_BASE + 101 and + 102), one waiting BENCH_SLOW_DELAY_US per message (default 5000: long
# enough that the wait, not the machine's noise, sets the pace of ping-pong), the other
# 20 % longer, loads both in one run with repeats (BENCH_SLOW_RUNS, default 8; quick 4) and checks that the slower
# one is called worse.
#
# How it runs. It builds the jar, raises `ulimit -n` as far as the hard limit allows (65536 wanted; where the hard
# limit is lower, e.g. 20000, it takes that: only root could go higher, and not even root inside some containers),
# and starts the app as child processes on ports of its own, stopping every one of them on exit (trap). Each
# instance starts with no model running (--echo.autostart=false); the script asks it for its models
# (GET /api/models) and starts the ones it measures (POST /api/servers/{id}/start), each on its default port moved
# by BENCH_ECHO_PORT_BASE. A model the platform cannot run (state UNAVAILABLE) is left out, and the script says so.
# - note, kib, few, pipeline, idle: one app instance; one POST /api/stress over every model with `repeats: N` (every
#   model once per repeat, interleaved: A B C A B C ...); the stress engine reports server CPU per message from the
#   models' own threads.
# - c10k needs 10,000 client sockets and 10,000 server sockets: 20,000+ descriptors do not fit in one JVM under a
#   hard limit of 20000. So it runs two instances: a load instance (--echo.autostart=false, HTTP on
#   BENCH_LOAD_HTTP_PORT, its allowed-targets set to the models' ports) whose POST /api/stress loads
#   `targets: ["127.0.0.1:<port>"]`, and a server instance with only the model under test running, started
#   fresh for each model and repeat so its memory starts from the same place. The load instance cannot see the
#   server's threads, so bench.py samples the server instance while the run goes: GET /api/servers/{model}
#   (cpuSeconds over the measured stretch / messages echoed in it = CPU-µs per message; the most `threads` seen)
#   and VmRSS of /proc/<server pid>/status (idle, before the run, against the highest value while all
#   connections are open, divided by the connections = resident memory per connection).
#
# History. The instances store their runs in an in-memory database of their own (nothing is kept, and nothing
# touches ./data, which a running app may hold). --db JDBC-URL stores the runs there instead, e.g. the compose
# PostgreSQL (jdbc:postgresql://127.0.0.1:5432/echolab, BENCH_DB_USER / BENCH_DB_PASSWORD) or an H2 file no other
# process uses (jdbc:h2:file:/tmp/bench-history).
#
# Regressions. --baseline prints, after each scenario's table, the verdicts of every model of this bench's run against
# a baseline (bench/baseline.py; c10k and the calibrations are not compared): a directory of an earlier bench
# (bench/results/<date>-<time>, its <scenario>.json compared through the jar's `compare`), or with --db a run ID
# (ids: comma-separated) or `latest`, the newest earlier run of the same request (through GET /api/stress/compare).
#
# Output: the tables on stdout and, under bench/results/<date>-<time>/ (UTC; -quick/ for --quick, which git ignores:
# a full bench's directory is meant to be committed, dated, beside the earlier ones): <scenario>.md, the raw run JSONs
# (<scenario>.json; c10k-<model>-r<N>.json plus .server.json, the server-side samples; aa-r<K>.json and its
# -compare.json; slowed.json and slowed-compare.json), <scenario>-compare.md with --baseline, manifest.json (git
# commit, JDK, JVM flags, cores, CPU, kernel, ulimit -n, dates, load average before and after), summary.md (the
# manifest in words and every table, ready for docs/benchmark-results.md) and the apps' logs.
#
# Settings (environment):
#   BENCH_HTTP_PORT       HTTP port of the (server) instance (default 18080)
#   BENCH_ECHO_PORT_BASE  model ports are this + (default port - 7000): 17001, 17002, ... (default 17000)
#   BENCH_LOAD_HTTP_PORT  HTTP port of the c10k load instance (default 18090)
#   BENCH_MODELS          space-separated model ids (default: every model of GET /api/models)
#   BENCH_C10K_MODELS     models for c10k (default: BENCH_MODELS but those SCENARIOS leaves out of c10k)
#   BENCH_PROFILE         extra JSON fields laid over every scenario's request, e.g. '"durationSeconds":5'
#   BENCH_SKIP_BUILD      1 to reuse target/echo-lab-*.jar
#   ECHO_API_USERNAME     the API user the instances are given and the script authenticates as (default bench);
#                         the password is made up for each run
#   JAVA_HOME, JAVA_OPTS  the JDK (21 or newer) and the options of every instance
#
# (Over 300 lines because half of it is this header, which --help prints; the JSON side is bench/bench.py.)
set -euo pipefail
cd "$(dirname "$0")/.."

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'
  echo "Scenarios:"
  python3 bench/bench.py scenarios --describe
}

command -v python3 >/dev/null || { echo "needs python3 (standard library only)" >&2; exit 1; }
mapfile -t default_scenarios < <(python3 bench/bench.py scenarios)
mapfile -t all_scenarios < <(python3 bench/bench.py scenarios --all)
scenarios=()
repeat=1
quick=()
db=
baseline=
while [ $# -gt 0 ]; do
  case $1 in
    --repeat) repeat=${2:-}; shift 2 || { usage >&2; exit 2; } ;;
    --repeat=*) repeat=${1#--repeat=}; shift ;;
    --quick) quick=(--quick); shift ;;
    --db) db=${2:-}; shift 2 || { usage >&2; exit 2; } ;;
    --db=*) db=${1#--db=}; shift ;;
    --baseline) baseline=${2:-}; shift 2 || { usage >&2; exit 2; } ;;
    --baseline=*) baseline=${1#--baseline=}; shift ;;
    -h|--help) usage; exit 0 ;;
    -*) echo "unknown option: $1 (options: --repeat N, --quick, --help)" >&2; exit 2 ;;
    *)
      [[ " ${all_scenarios[*]} " == *" $1 "* ]] || { echo "unknown scenario: $1 (scenarios: ${all_scenarios[*]})" >&2; exit 2; }
      scenarios+=("$1"); shift ;;
  esac
done
[[ $repeat =~ ^[1-9][0-9]*$ ]] || { echo "--repeat needs a positive number, not '$repeat'" >&2; exit 2; }
[ ${#scenarios[@]} -gt 0 ] || scenarios=("${default_scenarios[@]}")
[[ -z $db || $db == jdbc:* ]] || { echo "--db needs a JDBC URL (jdbc:postgresql://... or jdbc:h2:file:...), not '$db'" >&2; exit 2; }
if [ -n "$baseline" ] && [ ! -d "$baseline" ]; then
  [ -n "$db" ] || { echo "--baseline $baseline: not a directory of an earlier bench; a run id or 'latest' needs --db, the database the runs are in" >&2; exit 2; }
  [[ $baseline =~ ^[A-Za-z0-9,-]+$ ]] || { echo "--baseline needs a bench directory, a run id or 'latest', not '$baseline'" >&2; exit 2; }
fi
# Where the instances keep their runs: see History above.
store_args=(--spring.datasource.url="${db:-jdbc:h2:mem:bench}")
[ -z "$db" ] || store_args+=(--spring.datasource.username="${BENCH_DB_USER:-}" --spring.datasource.password="${BENCH_DB_PASSWORD:-}")
no_store_args=(--spring.datasource.url=jdbc:h2:mem:bench)

http_port=${BENCH_HTTP_PORT:-18080}
echo_base=${BENCH_ECHO_PORT_BASE:-17000}
load_http_port=${BENCH_LOAD_HTTP_PORT:-18090}
base="http://127.0.0.1:$http_port"
load_base="http://127.0.0.1:$load_http_port"

if [ -z "${JAVA_HOME:-}" ]; then
  JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
fi
export JAVA_HOME
java_bin="$JAVA_HOME/bin/java"
major=$("$java_bin" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
if ! [ "${major%%.*}" -ge 21 ] 2>/dev/null; then
  echo "needs JDK 21 or newer (found ${major:-none}); set JAVA_HOME" >&2
  exit 1
fi
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  echo "building the jar..." >&2
  ./mvnw -q -B -DskipTests package >&2 # the tables alone go to stdout
fi
jar=$(ls target/echo-lab-*.jar | grep -v original | head -n 1)

# Every connection is a descriptor on each side. The hard limit caps the soft one, and raising the hard limit
# needs root (and, in a container, a runtime that allows it): take what it allows and say so.
want=65536
hard=$(ulimit -Hn)
if [ "$hard" != unlimited ] && [ "$hard" -lt "$want" ]; then
  want=$hard
fi
ulimit -n "$want" 2>/dev/null || echo "could not raise ulimit -n to $want; it stays $(ulimit -n)" >&2
echo "ulimit -n: $(ulimit -n) (hard limit $hard)" >&2
if [[ " ${scenarios[*]} " == *" c10k "* && ${#quick[@]} -eq 0 ]] && [ "$(ulimit -n)" -lt 10500 ]; then
  echo "warning: c10k needs about 10,200 descriptors per instance; ulimit -n is $(ulimit -n)" >&2
fi

# The instances take the API user from these (echo.api.username, echo.api.password); bench.py authenticates with them.
export ECHO_API_USERNAME=${ECHO_API_USERNAME:-bench}
export ECHO_API_PASSWORD="bench-$RANDOM$RANDOM"
stamp=$(date -u +%Y-%m-%d-%H%M%S)
dir="bench/results/$stamp${quick[0]:+-quick}"
mkdir -p "$dir"

# shellcheck source=scripts/lib/processes.sh
. scripts/lib/processes.sh
stop_tracked_on_exit

# Runs a bench.py step in the background and waits for it, so that a signal reaches the trap at once.
bench_py() {
  python3 bench/bench.py "$@" &
  local helper=$!
  track "$helper"
  wait "$helper"
  local rc=$?
  untrack "$helper"
  return "$rc"
}

# start_app NAME HTTP_PORT ARGS...: starts an instance with no model running, sets app_pid, waits (up to 2 min)
# until it is healthy.
start_app() {
  local name=$1 port=$2
  shift 2
  local log="$dir/app-$name.log"
  echo "--- $(date -u +%FT%TZ) ${*}" >>"$log"
  # shellcheck disable=SC2086
  "$java_bin" ${JAVA_OPTS:-} -jar "$jar" --server.port="$port" --echo.autostart=false "$@" >>"$log" 2>&1 &
  app_pid=$!
  track "$app_pid"
  local health="http://127.0.0.1:$port/actuator/health"
  wait_for_process "$app_pid" 120 "the $name instance to be healthy" curl -sf --max-time 2 "$health" || {
    echo "see $log; its health:" >&2
    curl -s --max-time 2 "$health" >&2 || true
    exit 1
  }
}

# The models and their default ports, from the app itself.
# slowed: two copies of bench/SlowEcho.java outside the app, loaded as targets.
slow_ports=($((echo_base + 101)) $((echo_base + 102)))
server_args=("${store_args[@]}")
if [[ " ${scenarios[*]} " == *" slowed "* ]]; then
  server_args+=(--echo.stress.allowed-targets="127.0.0.1:${slow_ports[0]},127.0.0.1:${slow_ports[1]}")
fi
echo "starting the app (HTTP $http_port, models on $echo_base + n; log: $dir/app-server.log)..." >&2
start_app server "$http_port" "${server_args[@]}"
server_pid=$app_pid
declare -A port_of
all_models=()
while read -r id port; do
  all_models+=("$id")
  port_of[$id]=$((echo_base + port - 7000))
done < <(bench_py models --url "$base")
[ ${#all_models[@]} -gt 0 ] || { echo "GET $base/api/models named no model" >&2; exit 1; }
read -r -a models <<<"${BENCH_MODELS:-${all_models[*]}}"
aa_model=${BENCH_AA_MODEL:-netty}
calibration_only=1
for s in "${scenarios[@]}"; do [[ $s == aa || $s == slowed ]] || calibration_only=0; done
[ "$calibration_only" = 0 ] || models=("$aa_model") # nothing else is measured: start only what aa loads
read -r -a c10k_models <<<"${BENCH_C10K_MODELS:-$(bench_py scenario-models --scenario c10k --url "$base" --models "${models[*]}")}"
for m in "${models[@]}" "${c10k_models[@]}" "$aa_model"; do
  [ -n "${port_of[$m]:-}" ] || { echo "unknown model: $m (models: ${all_models[*]})" >&2; exit 2; }
done

single=()
for s in "${scenarios[@]}"; do [ "$s" = c10k ] || single+=("$s"); done
[[ " ${scenarios[*]} " == *" c10k "* ]] || c10k_models=()

if [ ${#single[@]} -gt 0 ]; then
  started=$(bench_py start --url "$base" --models "${models[*]}" --port-base "$echo_base")
  read -r -a models <<<"$started"
  [ ${#models[@]} -gt 0 ] || { echo "no model could be started" >&2; exit 1; }
fi
bench_py manifest --begin --dir "$dir" "${quick[@]}" --repeat "$repeat" --scenarios "${single[*]} ${c10k_models[*]:+c10k}" \
  --models "${models[*]}" --c10k-models "${c10k_models[*]}" --jar "$jar" \
  --app-args "--server.port=$http_port --echo.autostart=false, then each model started on $echo_base + (its port - 7000)"

# start_slow_echo PORT DELAY_US: a bench/SlowEcho.java process, waited for (up to a minute) until it listens.
start_slow_echo() {
  local port=$1 delay=$2 log="$dir/slow-echo-$1.log"
  "$java_bin" bench/SlowEcho.java --port "$port" --delay-us "$delay" >"$log" 2>&1 &
  local pid=$!
  track "$pid"
  wait_for_process "$pid" 60 "bench/SlowEcho.java to listen on $port (see $log)" grep -q '^listening' "$log" || exit 1
}

aa_scenario() {
  local runs=${BENCH_AA_RUNS:-$([ ${#quick[@]} -gt 0 ] && echo 2 || echo 5)}
  local count=${BENCH_AA_COMPARISONS:-$([ ${#quick[@]} -gt 0 ] && echo 2 || echo 20)}
  # The JVM's first load of the model runs on cold code: a run of its own, never compared, takes that.
  echo "aa, warm-up run (not compared): $aa_model" >&2
  bench_py run --scenario aa --url "$base" --models "$aa_model" --out "$dir/aa-warmup.json" "${quick[@]}"
  for k in $(seq 1 "$count"); do
    echo "aa, comparison $k of $count: $aa_model, $((2 * runs)) interleaved repeats" >&2
    bench_py run --scenario aa --url "$base" --models "$aa_model" --repeats $((2 * runs)) --out "$dir/aa-r$k.json" "${quick[@]}"
    id=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$dir/aa-r$k.json")
    bench_py compare --url "$base" --run "$id" --base "$aa_model" --candidate "$aa_model" --out "$dir/aa-r$k-compare.json"
  done
  bench_py aa-table --dir "$dir"
}

slowed_scenario() {
  local runs=${BENCH_SLOW_RUNS:-$([ ${#quick[@]} -gt 0 ] && echo 4 || echo 8)}
  local delay=${BENCH_SLOW_DELAY_US:-5000}
  local slower=$((delay * 12 / 10))
  start_slow_echo "${slow_ports[0]}" "$delay"
  start_slow_echo "${slow_ports[1]}" "$slower"
  echo "slowed: SlowEcho at $delay and $slower µs per message, $runs interleaved repeats" >&2
  bench_py run --scenario slowed --url "$base" --repeats "$runs" --out "$dir/slowed.json" "${quick[@]}" \
    --targets "127.0.0.1:${slow_ports[0]}=slow-echo 127.0.0.1:${slow_ports[1]}=slow-echo-20pct"
  id=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$dir/slowed.json")
  bench_py compare --url "$base" --run "$id" --base slow-echo --candidate slow-echo-20pct --out "$dir/slowed-compare.json"
  bench_py slowed-table --dir "$dir" --what "bench/SlowEcho.java waiting $delay µs per message, against a copy waiting $slower µs."
}

if [ ${#single[@]} -gt 0 ]; then
  for s in "${single[@]}"; do
    bench_py manifest --dir "$dir" --scenario "$s" --event start
    case $s in
      aa) aa_scenario ;;
      slowed) slowed_scenario ;;
      *)
        run_models=$(bench_py scenario-models --scenario "$s" --url "$base" --models "${models[*]}")
        echo "$s: $run_models, $repeat interleaved repeats" >&2
        bench_py run --scenario "$s" --url "$base" --models "$run_models" --repeats "$repeat" --out "$dir/$s.json" "${quick[@]}"
        bench_py table --dir "$dir" --scenario "$s"
        [ -z "$baseline" ] || python3 bench/baseline.py --url "$base" --dir "$dir" --scenario "$s" --baseline "$baseline" --jar "$jar"
        ;;
    esac
    bench_py manifest --dir "$dir" --scenario "$s" --event end
  done
fi
stop_process "$server_pid"

if [ ${#c10k_models[@]} -gt 0 ]; then
  allowed=$(for m in "${c10k_models[@]}"; do printf '127.0.0.1:%s,' "${port_of[$m]}"; done)
  echo "c10k: starting the load instance (HTTP $load_http_port; log: $dir/app-load.log)..." >&2
  start_app load "$load_http_port" --echo.stress.allowed-targets="${allowed%,}" "${store_args[@]}"
  load_pid=$app_pid
  bench_py manifest --dir "$dir" --scenario c10k --event start
  for m in "${c10k_models[@]}"; do
    for r in $(seq 1 "$repeat"); do
      echo "c10k, $m, run $r of $repeat: a fresh server instance (log: $dir/app-server.log)" >&2
      start_app server "$http_port" "${no_store_args[@]}"
      server_pid=$app_pid
      started=$(bench_py start --url "$base" --models "$m" --port-base "$echo_base")
      [ "$started" = "$m" ] || { stop_process "$server_pid"; continue 2; }
      sleep 2 # let start-up work (JIT, GC) settle before the idle memory is read
      bench_py run --scenario c10k --url "$load_base" --target "127.0.0.1:${port_of[$m]}" --label "$m" \
        --server "$base" --server-pid "$server_pid" --out "$dir/c10k-$m-r$r.json" "${quick[@]}"
      stop_process "$server_pid"
    done
  done
  bench_py manifest --dir "$dir" --scenario c10k --event end
  stop_process "$load_pid"
  bench_py table --dir "$dir" --scenario c10k
fi

bench_py manifest --dir "$dir" --end
bench_py summary --dir "$dir"
echo "results: $dir (summary.md, manifest.json, raw JSON)" >&2
