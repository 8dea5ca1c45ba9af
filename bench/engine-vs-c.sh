#!/usr/bin/env bash
# The load generator against a C client: both load the same 1-thread C epoll echo server, one after the other in
# each round, so that the server, not the generator, should set the pace of both:
#
#   ECHOLOAD=/path/to/echoload EPOLL_ECHO=/path/to/epoll_echo bench/engine-vs-c.sh [ROUNDS] [CONNECTIONS...]
#
# (defaults: 3 rounds; 500 and 50 connections). ECHOLOAD is a single-threaded epoll ping-pong client that prints a
# line "RESULT ... msgs_per_s=N ..."; EPOLL_ECHO a single-threaded epoll echo server started as `EPOLL_ECHO PORT 1`
# (the two C programs the benchmarks doc describes; the lab does not ship them). Per cell: 64 B messages for 10 s.
# The C client's CPU per message is its process's (utime + stime from /proc, from its 1st to its 9.5th second); the
# engine's is its generator thread's over its measured window (`run --threads 1`, 2 s warm-up), as its result says,
# with its clientBound and machineBound flags. Writes bench/results/<date>-engine-vs-c/engine-vs-c.md and prints it.
#
# Settings: ENGINE_VS_C_PORT (default 28470) for the server, BENCH_SKIP_BUILD=1 to reuse target/echo-lab-*.jar,
# JAVA_HOME (21 or newer).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/processes.sh

rounds=${1:-3}
connections=("${@:2}")
[ ${#connections[@]} -gt 0 ] || connections=(500 50)
port=${ENGINE_VS_C_PORT:-28470}
client=${ECHOLOAD:?set ECHOLOAD to the C client (see the header)}
server=${EPOLL_ECHO:?set EPOLL_ECHO to the C echo server (see the header)}
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
ulimit -n "$(ulimit -Hn)"

[ "${BENCH_SKIP_BUILD:-}" = 1 ] || ./mvnw -q -o package -DskipTests -Dspotless.check.skip=true
jar=$(ls target/echo-lab-*.jar | head -1)
out=bench/results/$(date -u +%Y-%m-%d-%H%M%S)-engine-vs-c
work=$(mktemp -d)
mkdir -p "$out"
cleanup() { rm -rf "$work"; }
stop_tracked_on_exit cleanup

"$server" "$port" 1 >"$out/server.log" 2>&1 &
track $!
wait_for 10 "the C echo server" bash -c "exec 3<>/dev/tcp/127.0.0.1/$port"

for r in $(seq 1 "$rounds"); do
  for c in "${connections[@]}"; do
    "$client" -a 127.0.0.1 -p "$port" -c "$c" -l 64 -t 10 >"$work/c.out" &
    loader=$!
    sleep 1; before=$(cpu_ticks $loader)
    sleep 8.5; after=$(cpu_ticks $loader)
    wait $loader
    rate=$(grep -o 'msgs_per_s=[0-9]*' "$work/c.out" | cut -d= -f2)
    c_cpu=$(micros_per_message $((after - before)) "$rate" 8.5)
    "$java" -jar "$jar" run --target "127.0.0.1:$port" --connections "$c" --payload-bytes 64 --duration 10s \
      --warmup 2s --threads 1 --out "$work/engine.json" >/dev/null 2>"$work/engine.err"
    echo "$r $c $(cut -d' ' -f1 /proc/loadavg) $rate $c_cpu" >>"$work/rounds"
    cp "$work/engine.json" "$out/engine-$r-$c.json"
    echo "  round $r, $c connections: C $rate msg/s at $c_cpu µs/msg" >&2
  done
done

python3 - "$work/rounds" "$out" >"$out/engine-vs-c.md" <<'EOF'
import json, statistics, sys
rounds, out = sys.argv[1], sys.argv[2]
rows = {}
print("| round | connections | load avg | C msg/s | C µs/msg | engine msg/s | engine µs/msg | engine ÷ C | CPU ratio | engine says |")
print("|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|")
for line in open(rounds):
    r, c, load, rate, c_cpu = line.split()
    target = json.load(open(f"{out}/engine-{r}-{c}.json"))["results"][0]
    e_rate = target["throughput"]["messagesPerSecond"]
    e_cpu = target["client"]["cpuMicrosPerMessage"]
    says = ", ".join(k for k in ("clientBound", "machineBound") if target.get(k)) or "neither"
    ratio, cpu = e_rate / float(rate), e_cpu / float(c_cpu)
    rows.setdefault(c, []).append((ratio, cpu))
    print(f"| {r} | {c} | {load} | {float(rate):,.0f} | {c_cpu} | {e_rate:,.0f} | {e_cpu:.2f} | ×{ratio:.2f} | ×{cpu:.2f} | {says} |")
print()
for c, v in rows.items():
    print(f"- {c} connections: engine ÷ C ×{statistics.median(x for x, _ in v):.2f} (median of {len(v)}), "
          f"CPU per message ×{statistics.median(y for _, y in v):.2f}")
EOF
{ echo; echo "Measured $(date -u +%FT%TZ) at $(git rev-parse --short HEAD), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $("$java" -version 2>&1 | head -1)."; } >>"$out/engine-vs-c.md"
cat "$out/engine-vs-c.md"
