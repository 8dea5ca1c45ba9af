#!/usr/bin/env bash
# Each model against its plain equivalent (bench/plain/PlainEcho.java: the shortest server a developer would write
# for it, none of the lab's contract), loaded by the same external client in the same run, interleaved:
#
#   ECHOLOAD=/path/to/echoload bench/plain.sh [ROUNDS]      (default 3 rounds; 0: memory only)
#
# ECHOLOAD is a single-threaded epoll ping-pong client that prints a line "RESULT ... msgs_per_s=N ..." (the C
# client the benchmarks doc describes; the lab does not ship it). Pairs: virtual-threads, thread-per-connection,
# netty and io-uring, each against its plain version. Per cell: 500 connections × 64 B for 10 s (the client's first
# second is not measured); the server's CPU per message from /proc/<pid>/stat over the measured seconds (the app's
# whole process for a model, so its idle overhead counts against it); then memory per idle connection: for each
# pair, a fresh app with only that model and a fresh plain server, each with native memory tracking, measured before
# and with 10,000 idle connections open (after a first 10,000 opened and closed): the heap's live objects plus the
# threads' committed stacks, from `jcmd`, over 10,000. (VmRSS moves with how much of its heap a JVM happened to touch,
# and says little here.) Writes bench/results/<date>-plain/plain.md and prints it.
#
# Settings: PLAIN_HTTP_PORT (default 28380) for the app, PLAIN_PORT_BASE (default 28400) for the servers,
# BENCH_SKIP_BUILD=1 to reuse target/echo-lab-*.jar, JAVA_HOME (21 or newer).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/processes.sh

rounds=${1:-3}
http=${PLAIN_HTTP_PORT:-28380}
base=${PLAIN_PORT_BASE:-28400}
client=${ECHOLOAD:?set ECHOLOAD to the C client (see the header)}
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
models=(virtual-threads thread-per-connection netty io-uring)
ulimit -n "$(ulimit -Hn)"

[ "${BENCH_SKIP_BUILD:-}" = 1 ] || ./mvnw -q -o package -DskipTests -Dspotless.check.skip=true
jar=$(ls target/echo-lab-*.jar | head -1)
out=bench/results/$(date -u +%Y-%m-%d-%H%M%S)-plain
work=$(mktemp -d)
mkdir -p "$out" "$work/lib"
cleanup() { rm -rf "$work"; }
stop_tracked_on_exit cleanup

# The plain Netty servers use the app's own Netty, from its jar.
unzip -q -j "$jar" 'BOOT-INF/lib/netty-*' -d "$work/lib"
password=$(head -c 12 /dev/urandom | base64 | tr -d '/+=')

# start_app HTTP-PORT LOG [JVM-OPTION...]: the app with no model running, ready; its pid in $app.
start_app() {
  local port=$1 log=$2
  shift 2
  ECHO_API_USERNAME=bench ECHO_API_PASSWORD=$password "$java" "$@" -jar "$jar" --server.port="$port" \
    --echo.autostart=false --spring.datasource.url="jdbc:h2:mem:plain" >"$log" 2>&1 &
  app=$!
  track $app
  wait_for 90 "the app on port $port" curl -sf "http://127.0.0.1:$port/actuator/health/readiness"
}

# start_model HTTP-PORT MODEL PORT
start_model() {
  curl -sf -u "bench:$password" -H 'Content-Type: application/json' -X POST \
    "http://127.0.0.1:$1/api/servers/$2/start" -d "{\"port\": $3}" >/dev/null
}

# start_plain MODE PORT LOG [JVM-OPTION...]: a plain server, answering; its pid in $plain.
start_plain() {
  local mode=$1 port=$2 log=$3
  shift 3
  "$java" "$@" -cp "$work/lib/*" bench/plain/PlainEcho.java "$mode" "$port" >"$log" 2>&1 &
  plain=$!
  track $plain
  wait_for 60 "plain $mode" bash -c "exec 3<>/dev/tcp/127.0.0.1/$port"
}

start_app "$http" "$out/app.log"
declare -A model_port plain_port plain_pid
i=0
for m in "${models[@]}"; do
  model_port[$m]=$((base + i)); plain_port[$m]=$((base + 50 + i)); i=$((i + 1))
  start_model "$http" "$m" "${model_port[$m]}"
  start_plain "$m" "${plain_port[$m]}" "$out/plain-$m.log"
  plain_pid[$m]=$plain
done


# cell LABEL PID PORT: one 10 s ping-pong; appends "label msgs_per_s cpu_us_per_msg" to $work/cells.
cell() {
  local label=$1 pid=$2 port=$3 before after line rate
  "$client" -a 127.0.0.1 -p "$port" -c 500 -l 64 -t 10 >"$work/out" &
  local loader=$!
  sleep 1; before=$(cpu_ticks "$pid")
  sleep 9.5; after=$(cpu_ticks "$pid")
  wait $loader
  line=$(grep RESULT "$work/out")
  rate=$(sed -E 's/.*msgs_per_s=([0-9]+).*/\1/' <<<"$line")
  echo "$label $rate $(micros_per_message $((after - before)) "$rate" 9.5)" >>"$work/cells"
  echo "  $label: $line" >&2
}

# memory_kib PID: the heap's live objects (a class histogram, taken after a full GC: exact bytes, where the heap's
# "used" also counts the unused tails of regions) plus the threads' committed stacks (NMT), KiB. (Not the JVM's whole
# native memory: the plain servers compile their source at launch, and that compiler's memory, freed later, would
# count against them.)
memory_kib() {
  local jcmd=${JAVA_HOME:+$JAVA_HOME/bin/}jcmd live stacks
  live=$("$jcmd" "$1" GC.class_histogram | awk '$1 == "Total" {print int($3 / 1024)}')
  stacks=$("$jcmd" "$1" VM.native_memory summary | sed -nE 's/.* Thread \(reserved=[0-9]+KB, committed=([0-9]+)KB.*/\1/p')
  echo $((live + stacks))
}

threads() { awk '/^Threads:/ {print $2}' "/proc/$1/status"; }

# idle LABEL PID PORT: bytes of memory per idle connection, 10,000 of them. A first 10,000 are opened and closed
# before, on both sides, so that what grows once and stays (hash tables sized for 10,000; the metadata the app's JFR
# stream, Micrometer's virtual-thread metrics, parses the first time; about 100 bytes a connection together on the
# app) counts for neither.
idle() {
  local label=$1 pid=$2 port=$3 before during
  local quiet
  quiet=$(threads "$pid")
  "$client" -a 127.0.0.1 -p "$port" -c 1 -l 64 -t 4 -i 10000 >/dev/null
  # A thread per connection takes a while to end once its client has gone.
  for _ in $(seq 60); do (($(threads "$pid") <= quiet + 5)) && break; sleep 1; done
  before=$(memory_kib "$pid")
  "$client" -a 127.0.0.1 -p "$port" -c 1 -l 64 -t 10 -i 10000 >"$work/out" &
  local loader=$!
  sleep 6; during=$(memory_kib "$pid")
  wait $loader
  echo "$label $(( (during - before) * 1024 / 10000 ))" >>"$work/idle"
  echo "  $label idle: $before KiB before, $during KiB with 10,000 idle connections ($(grep -o 'connected=[0-9]*' "$work/out"))" >&2
}

for r in $(seq 1 "$rounds"); do
  echo "round $r of $rounds" >&2
  for m in "${models[@]}"; do
    # Alternate which of the pair goes first, so drift does not favour one side.
    if ((r % 2)); then
      cell "$m" $app "${model_port[$m]}"; cell "plain-$m" "${plain_pid[$m]}" "${plain_port[$m]}"
    else
      cell "plain-$m" "${plain_pid[$m]}" "${plain_port[$m]}"; cell "$m" $app "${model_port[$m]}"
    fi
  done
done
stop_tracked
nmt=(-XX:NativeMemoryTracking=summary)
for m in "${models[@]}"; do
  start_app $((http + 1)) "$out/app-idle-$m.log" "${nmt[@]}"
  start_model $((http + 1)) "$m" $((base + 100))
  idle "$m" $app $((base + 100))
  stop_process $app
  start_plain "$m" $((base + 150)) "$out/plain-idle-$m.log" "${nmt[@]}"
  idle "plain-$m" $plain $((base + 150))
  stop_process $plain
done

python3 - "$work/cells" "$work/idle" "$rounds" "${models[@]}" >"$out/plain.md" <<'EOF'
import os, statistics, sys
cells, idle, rounds, models = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
rate, cpu, mem = {}, {}, {}
for line in open(cells) if os.path.exists(cells) else []:
    label, r, c = line.split()
    rate.setdefault(label, []).append(float(r))
    cpu.setdefault(label, []).append(float(c))
for line in open(idle):
    label, b = line.split()
    mem[label] = int(b)
med = statistics.median
print(f"500 connections × 64 B ping-pong, 10 s cells, {rounds} rounds interleaved; medians (per-round ratios in brackets). "
      "Idle: a fresh process each, 10,000 idle connections; live objects (class histogram) plus thread stacks (NMT), after a first 10,000 opened and closed.\n")
print("| model | msg/s | plain msg/s | ratio | CPU µs/msg | plain CPU µs/msg | idle bytes/conn | plain bytes/conn | ratio |")
print("|---|--:|--:|--:|--:|--:|--:|--:|--:|")
for m in models:
    p = "plain-" + m
    if m not in rate:
        print(f"| {m} | | | | | | {mem[m]:,} | {mem[p]:,} | ×{mem[m] / max(1, mem[p]):.2f} |")
        continue
    ratios = [a / b for a, b in zip(rate[m], rate[p])]
    print(f"| {m} | {med(rate[m]):,.0f} | {med(rate[p]):,.0f} | ×{med(ratios):.2f} ({', '.join(f'{x:.2f}' for x in ratios)}) "
          f"| {med(cpu[m]):.2f} | {med(cpu[p]):.2f} | {mem[m]:,} | {mem[p]:,} | ×{mem[m] / max(1, mem[p]):.2f} |")
EOF
{ echo; echo "Measured $(date -u +%FT%TZ) at $(git rev-parse --short HEAD), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $("$java" -version 2>&1 | head -1)."; } >>"$out/plain.md"
cat "$out/plain.md"
