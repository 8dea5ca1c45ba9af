#!/usr/bin/env bash
# Scale-out check on one machine (run by monitoring/check.sh): one echo server, two headless load generators
# (`run --shard 0/2` and `1/2`, one --start-at, each serving its metrics) under a real Prometheus that finds them
# through file-based discovery, labelled role and generator as Kubernetes and compose label them. Then:
#   - `merge` of the two results gives exactly the sum of their connections, messages and bytes;
#   - the messages/s Prometheus saw, summed over the generators across the merged measured window, match the
#     merged throughput within a scrape's worth at each end of the window;
#   - every dashboard expression answers with the generator variable set.
# Ports: free ones, or SCALEOUT_PORTS="http echo metrics0 metrics1 prometheus". START_AHEAD (s, default 45) is how
# far ahead --start-at is: room for two JVMs to start (tripled for a second try if a shard was late).
# Needs java, prometheus, promtool, python3, curl.
set -euo pipefail
cd "$(dirname "$0")/.."

JAVA_BIN=${JAVA_HOME:+$JAVA_HOME/bin/}java
START_AHEAD=${START_AHEAD:-45}
DURATION=20
SCRAPE_SECONDS=1
jar=$(ls target/echo-lab-*.jar 2>/dev/null | head -n 1)
[ -n "$jar" ] || { echo "no target/echo-lab-*.jar: run ./mvnw verify (or package) first" >&2; exit 1; }

work=$(mktemp -d)
pids=()
cleanup() {
  local status=$?
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ "$status" -ne 0 ]; then
    for log in "$work"/*.log; do echo "---- last lines of $(basename "$log")"; tail -n 15 "$log"; done
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_for() { # seconds, what, command...
  local seconds=$1 what=$2; shift 2
  for _ in $(seq 1 $((seconds * 2))); do "$@" >/dev/null 2>&1 && return 0; sleep 0.5; done
  echo "gave up after ${seconds}s waiting for $what" >&2
  return 1
}
promql() { # query [time]: the result vector as JSON
  curl -sf --max-time 10 "http://127.0.0.1:$prom_port/api/v1/query" --data-urlencode "query=$1" \
    ${2:+--data-urlencode "time=$2"} | python3 -c 'import json, sys; print(json.dumps(json.load(sys.stdin)["data"]["result"]))'
}

if [ -n "${SCALEOUT_PORTS:-}" ]; then
  read -r http_port echo_port metrics0 metrics1 prom_port <<<"$SCALEOUT_PORTS"
else
  read -r http_port echo_port metrics0 metrics1 prom_port <<<"$(python3 -c '
import socket
socks = [socket.socket() for _ in range(5)]
for s in socks: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))')"
fi

echo "== one echo server (multiplexing on :$echo_port, API on :$http_port)"
password=$(python3 -c 'import secrets; print(secrets.token_hex(12))')
ECHO_API_PASSWORD=$password "$JAVA_BIN" -jar "$jar" --server.address=127.0.0.1 --server.port="$http_port" \
  --echo.autostart=false >"$work/server.log" 2>&1 &
pids+=($!)
wait_for 180 "the server's health" curl -sf --max-time 2 "http://127.0.0.1:$http_port/actuator/health"
curl -sf --max-time 10 -u "${ECHO_API_USERNAME:-admin}:$password" -H 'Content-Type: application/json' -d "{\"port\":$echo_port}" \
  "http://127.0.0.1:$http_port/api/servers/multiplexing/start" >/dev/null

echo "== Prometheus, finding the server and the generators in a file"
cat >"$work/targets.json" <<EOF
[{"targets": ["127.0.0.1:$http_port"], "labels": {"role": "server"}},
 {"targets": ["127.0.0.1:$metrics0"], "labels": {"role": "loadgen", "generator": "0"}},
 {"targets": ["127.0.0.1:$metrics1"], "labels": {"role": "loadgen", "generator": "1"}}]
EOF
cat >"$work/prometheus.yml" <<EOF
global:
  scrape_interval: ${SCRAPE_SECONDS}s
scrape_configs:
  - job_name: echo-lab
    metrics_path: /actuator/prometheus
    file_sd_configs:
      - files: ["$work/targets.json"]
        refresh_interval: 1s
EOF
promtool check config "$work/prometheus.yml" >/dev/null
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/tsdb" \
  --web.listen-address="127.0.0.1:$prom_port" >"$work/prometheus.log" 2>&1 &
pids+=($!)
wait_for 60 "Prometheus to be ready" curl -sf --max-time 2 "http://127.0.0.1:$prom_port/-/ready"

# Both generators wait for one --start-at. A machine too busy to start two JVMs in time makes a shard late (it
# exits 2 and says so): then once more, with three times the room.
run_generators() { # seconds ahead; 0 when both ran, 1 when one was late, exits on any other failure
  local ahead=$1 start_at i metrics failed=0
  echo "== two generators, --shard 0/2 and 1/2, one --start-at ${ahead}s ahead"
  start_at=$(( $(date +%s) + ahead ))000
  for i in 0 1; do
    metrics=$metrics0; [ "$i" = 1 ] && metrics=$metrics1
    "$JAVA_BIN" -jar "$jar" run --target "127.0.0.1:$echo_port=multiplexing" --shard "$i/2" --start-at "$start_at" \
      --connections 21 --duration ${DURATION}s --warmup 2s --metrics-port "$metrics" --linger 5s \
      --out "$work/$i.json" 2>"$work/generator-$i.log" &
    pids+=($!)
    generator[$i]=$!
  done
  for i in 0 1; do
    wait "${generator[$i]}" || failed=1
  done
  [ "$failed" = 0 ] && return 0
  grep -q "start late" "$work"/generator-*.log || { echo "a generator failed" >&2; exit 1; }
  return 1
}
run_generators "$START_AHEAD" || run_generators $((START_AHEAD * 3)) \
  || { echo "a generator started late twice: the machine is too busy" >&2; exit 1; }
"$JAVA_BIN" -jar "$jar" merge "$work/0.json" "$work/1.json" >"$work/merged.json" 2>"$work/merge.log"
"$JAVA_BIN" -jar "$jar" merge --format md "$work/0.json" "$work/1.json" 2>/dev/null

echo "== merged = the sum of the shards; Prometheus agrees within a scrape"
python3 - "$work" "$prom_port" "$SCRAPE_SECONDS" <<'EOF'
import json, sys, urllib.parse, urllib.request
work, prom_port, scrape = sys.argv[1], sys.argv[2], float(sys.argv[3])
shards = [json.load(open(f"{work}/{i}.json"))["results"][0] for i in (0, 1)]
merged = json.load(open(f"{work}/merged.json"))["results"][0]
for path in ("connections.requested", "connections.established", "messages.sent", "messages.echoed",
             "bytes.sent", "bytes.echoed"):
    get = lambda r: r[path.split(".")[0]][path.split(".")[1]]
    assert get(merged) == sum(get(s) for s in shards), f"{path}: {get(merged)} != {[get(s) for s in shards]}"
p99s = sorted(s["latencyMicros"]["p99"] for s in shards)
assert p99s[0] <= merged["latencyMicros"]["p99"] <= p99s[1], (merged["latencyMicros"]["p99"], p99s)

def samples(frm, to):
    """The generators' summed message counter as Prometheus stored it, one point a scrape, over [frm, to]."""
    query = 'sum(echo_stress_messages_total{role="loadgen"})'
    url = f"http://127.0.0.1:{prom_port}/api/v1/query_range?" + urllib.parse.urlencode(
        {"query": query, "start": frm, "end": to, "step": scrape})
    result = json.load(urllib.request.urlopen(url, timeout=10))["data"]["result"]
    assert result, f"Prometheus has no echo_stress_messages_total of the generators between {frm} and {to}"
    return [(float(t), float(v)) for t, v in result[0]["values"]]

frm, to = merged["measuredFrom"] / 1e6, merged["measuredTo"] / 1e6
points = samples(frm, to)
# On a busy machine the first scrape of a generator can come after its measured window began: compare the rates
# over the part of the window that Prometheus saw (most of it: at least half, or the check says so).
(t0, v0), (t1, v1) = points[0], points[-1]
covered = t1 - t0
assert covered >= (to - frm) / 2, f"Prometheus saw only {covered:.1f} s of the {to - frm:.1f} s window"
seen = (v1 - v0) / covered
rate = merged["throughput"]["messagesPerSecond"]
# Prometheus holds one sample per scrape: each end of the window may be off by up to a scrape's messages.
tolerance = 2 * scrape * rate / covered
print(f"merged: {merged['connections']['established']} connections, {merged['messages']['echoed']} messages, "
      f"{rate:.0f} msg/s over {to - frm:.1f} s; Prometheus, generators summed: {seen:.0f} msg/s over "
      f"{covered:.1f} s of it (allowed ±{tolerance:.0f})")
assert abs(seen - rate) <= tolerance, f"Prometheus saw {seen:.0f} msg/s, the merge says {rate:.0f}"
EOF
cat "$work/merge.log"

echo "== the dashboards, with generators to choose from"
# At the end of the measured window, while every generator was still being scraped.
at=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["results"][0]["measuredTo"] / 1e6)' "$work/merged.json")
python3 monitoring/check_dashboards.py query --prometheus "http://127.0.0.1:$prom_port" --time "$at" \
  --rate-interval 4s monitoring/grafana/dashboards/*.json
echo "scale-out check passed"
