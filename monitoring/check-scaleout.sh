#!/usr/bin/env bash
# Scale-out check on one machine (run by monitoring/check.sh): one echo server, two headless load generators
# (`run --shard 0/2` and `1/2`, started together by the server's coordinator, each serving its metrics) under a real
# Prometheus that finds them through file-based discovery, labelled role and generator as Kubernetes and compose label
# them. Then:
#   - the coordinator's merged run is what `merge` of the two result files gives, exactly the sum of their
#     connections, messages and bytes;
#   - the messages/s Prometheus saw, summed over the generators across the merged measured window, match the
#     merged throughput within a scrape's worth at each end of the window;
#   - every dashboard expression answers with the generator variable set.
# Before that, deploy/check-manifests.sh renders the Kubernetes manifests (base and examples) and checks them against
# the API's schemas, and the compose file's loadgen profile is checked (docker-compose config): the coordinated
# generators themselves run in ./mvnw verify (CoordinatedRunIntegrationTests, KubernetesManifestsTests).
# Ports: free ones, or SCALEOUT_PORTS="http echo metrics0 metrics1 prometheus".
# Needs java, prometheus, promtool, python3, curl, kubectl, node, npm, docker-compose.
set -euo pipefail
cd "$(dirname "$0")/.."

JAVA_BIN=${JAVA_HOME:+$JAVA_HOME/bin/}java
DURATION=20
SCRAPE_SECONDS=1
jar=$(ls target/echo-lab-*.jar 2>/dev/null | head -n 1)
[ -n "$jar" ] || { echo "no target/echo-lab-*.jar: run ./mvnw verify (or package) first" >&2; exit 1; }

# shellcheck source=scripts/lib/processes.sh
. scripts/lib/processes.sh
work=$(mktemp -d)
cleanup() { # status
  if [ "$1" -ne 0 ]; then
    for log in "$work"/*.log; do echo "---- last lines of $(basename "$log")"; tail -n 15 "$log"; done
  fi
  rm -rf "$work"
}
stop_tracked_on_exit cleanup

promql() { # query [time]: the result vector as JSON
  curl -sf --max-time 10 "http://127.0.0.1:$prom_port/api/v1/query" --data-urlencode "query=$1" \
    ${2:+--data-urlencode "time=$2"} | python3 -c 'import json, sys; print(json.dumps(json.load(sys.stdin)["data"]["result"]))'
}

echo "== the Kubernetes manifests, rendered and schema-checked"
bash deploy/check-manifests.sh
echo "== compose's loadgen profile"
GRAFANA_ADMIN_PASSWORD=check LOADGEN_ROUND=check docker-compose -f docker-compose.yml --profile loadgen config \
  >"$work/compose.yml"
grep -q -- "--coordinator=http://app:8080" "$work/compose.yml" && grep -q -- "--round=check" "$work/compose.yml" \
  || { echo "compose's loadgen service does not join the app's coordinator" >&2; exit 1; }

if [ -n "${SCALEOUT_PORTS:-}" ]; then
  read -r http_port echo_port metrics0 metrics1 prom_port <<<"$SCALEOUT_PORTS"
else
  read -r http_port echo_port metrics0 metrics1 prom_port <<<"$(free_ports 5)"
fi

echo "== one echo server (multiplexing on :$echo_port, API on :$http_port)"
password=$(python3 -c 'import secrets; print(secrets.token_hex(12))')
ECHO_API_PASSWORD=$password "$JAVA_BIN" -jar "$jar" --server.address=127.0.0.1 --server.port="$http_port" \
  --echo.autostart=false >"$work/server.log" 2>&1 &
server_pid=$!
track "$server_pid"
wait_for_process "$server_pid" 180 "the server's health" curl -sf --max-time 2 "http://127.0.0.1:$http_port/actuator/health"
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
prometheus_pid=$!
track "$prometheus_pid"
wait_for_process "$prometheus_pid" 60 "Prometheus to be ready" curl -sf --max-time 2 "http://127.0.0.1:$prom_port/-/ready"

# Both generators join the server's coordinator, which starts them at one instant once both are ready, however long
# their JVMs took to start, and merges their results into one stored run; wait prints it once it is merged.
echo "== two generators, --shard 0/2 and 1/2, started together by the server's coordinator"
for i in 0 1; do
  metrics=$metrics0; [ "$i" = 1 ] && metrics=$metrics1
  ECHO_API_PASSWORD=$password "$JAVA_BIN" -jar "$jar" run --coordinator "http://127.0.0.1:$http_port" \
    --group scaleout-check --shard "$i/2" --target "127.0.0.1:$echo_port=multiplexing" --connections 21 \
    --duration ${DURATION}s --warmup 2s --metrics-port "$metrics" --linger 5s --coordinator-timeout 5m \
    --out "$work/$i.json" 2>"$work/generator-$i.log" &
  track $!
  generator[$i]=$!
done
for i in 0 1; do
  wait "${generator[$i]}" || { echo "generator $i failed" >&2; exit 1; }
done
"$JAVA_BIN" -jar "$jar" wait --coordinator "http://127.0.0.1:$http_port" --group scaleout-check --timeout 2m \
  >"$work/merged.json" 2>"$work/wait.log" || { cat "$work/wait.log" >&2; exit 1; }
tail -n 1 "$work/wait.log"
# The same shards merged here, from their files, as without a coordinator: the same figures.
"$JAVA_BIN" -jar "$jar" merge "$work/0.json" "$work/1.json" >"$work/merged-here.json" 2>"$work/merge.log"
"$JAVA_BIN" -jar "$jar" merge --format md "$work/0.json" "$work/1.json" 2>/dev/null
python3 - "$work" <<'PYTHON'
import json, sys
work = sys.argv[1]
stored, here = (json.load(open(f"{work}/{name}.json"))["results"][0] for name in ("merged", "merged-here"))
for key in ("connections", "messages", "bytes", "throughput", "latencyMicros", "measuredFrom", "measuredTo"):
    assert stored[key] == here[key], f"{key}: the coordinator's {stored[key]} != merge's {here[key]}"
print("the coordinator's merged run = merge of the shards' files")
PYTHON

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
