#!/usr/bin/env bash
# Checks the monitoring stack on a machine without Docker or Grafana (run by .ci/run after ./mvnw verify):
#   1. docker-compose.yml is valid (docker-compose config), the Prometheus config too (promtool), and every
#      dashboard is well-formed with a datasource, a title and a unit on each panel;
#   2. the built jar runs on free ports with a real Prometheus scraping it every second;
#   3. load: a short POST /api/stress over every running model, or, while the stress API does not exist yet
#      (404), plain echo traffic from a small client (the stress panels are then skipped, and say so);
#   4. every dashboard expression, variables substituted, is evaluated by that Prometheus and must return series.
# Needs java (JAVA_HOME), docker-compose, prometheus + promtool, python3, curl. Every wait is bounded; every process
# started here is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."

JAVA_BIN=${JAVA_HOME:+$JAVA_HOME/bin/}java
DASHBOARDS=(monitoring/grafana/dashboards/*.json)
STRESS_SECONDS=2
STRESS_CONNECTIONS=20
FALLBACK_SECONDS=5

for tool in "$JAVA_BIN" docker-compose prometheus promtool python3 curl; do
  command -v "$tool" >/dev/null || { echo "check.sh needs $tool (.ci/run installs what is missing)" >&2; exit 1; }
done
jar=$(ls target/echo-lab-*.jar 2>/dev/null | head -n 1)
[ -n "$jar" ] || { echo "no target/echo-lab-*.jar: run ./mvnw verify (or package) first" >&2; exit 1; }

work=$(mktemp -d)
app_pid=
prometheus_pid=
stop() { # pid: TERM, up to 15 s to go, then KILL
  [ -n "$1" ] && kill -0 "$1" 2>/dev/null || return 0
  kill "$1" 2>/dev/null || true
  for _ in $(seq 1 30); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.5; done
  kill -9 "$1" 2>/dev/null || true
}
cleanup() {
  local status=$?
  stop "$prometheus_pid"
  stop "$app_pid"
  if [ "$status" -ne 0 ]; then
    echo "---- last lines of the app's log"; tail -n 40 "$work/app.log" 2>/dev/null || true
    echo "---- last lines of Prometheus's log"; tail -n 15 "$work/prometheus.log" 2>/dev/null || true
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Waits until a command succeeds, at most $1 seconds.
wait_for() {
  local seconds=$1 what=$2; shift 2
  for _ in $(seq 1 $((seconds * 2))); do "$@" >/dev/null 2>&1 && return 0; sleep 0.5; done
  echo "gave up after ${seconds}s waiting for $what" >&2
  return 1
}
free_ports() { # n ports free now, bound at once so they differ
  python3 - "$1" <<'EOF'
import socket, sys
socks = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))
EOF
}
# One Prometheus instant query: prints the result vector as JSON.
promql() {
  curl -sf --max-time 10 "http://127.0.0.1:$prom_port/api/v1/query" --data-urlencode "query=$1" \
    | python3 -c 'import json, sys; print(json.dumps(json.load(sys.stdin)["data"]["result"]))'
}

echo "== static checks"
docker-compose -f docker-compose.yml config -q && echo "docker-compose.yml: valid"
promtool check config monitoring/prometheus/prometheus.yml
datasource_uid=$(sed -n 's/^ *uid: *\([^ ]*\) *$/\1/p' monitoring/grafana/provisioning/datasources/*.yml | head -n 1)
python3 monitoring/check_dashboards.py lint --datasource-uid "$datasource_uid" "${DASHBOARDS[@]}"

echo "== the app on free ports"
# The models, from the one list (IoModel.java), so that each gets a free port instead of its default 700x.
# Read from the source: loading the enum would need every model's dependencies (Netty) on the class path.
mapfile -t models < <(sed -nE 's/^ +[A-Z_]+\("([a-z0-9-]+)", *[0-9]+,.*/\1/p' src/main/java/dev/echolab/server/IoModel.java)
[ "${#models[@]}" -gt 0 ] || { echo "no models found in IoModel.java" >&2; exit 1; }
read -r -a ports <<<"$(free_ports $(( ${#models[@]} + 2 )))"
http_port=${ports[0]}
prom_port=${ports[1]}
args=(--server.address=127.0.0.1 --server.port="$http_port")
declare -A port_of
for i in "${!models[@]}"; do
  port_of[${models[$i]}]=${ports[$((i + 2))]}
  args+=(--echo.servers."${models[$i]}".port="${ports[$((i + 2))]}")
done
api_password=$(python3 -c 'import secrets; print(secrets.token_hex(12))')
ECHO_API_PASSWORD=$api_password "$JAVA_BIN" -jar "$jar" "${args[@]}" >"$work/app.log" 2>&1 &
app_pid=$!
wait_for 120 "the app's /actuator/health" curl -sf --max-time 2 "http://127.0.0.1:$http_port/actuator/health"
echo "app on :$http_port (pid $app_pid), models: ${models[*]}"

echo "== Prometheus scraping it every second"
sed -e "s/app:8080/127.0.0.1:$http_port/" -e 's/scrape_interval: 5s/scrape_interval: 1s/' \
  monitoring/prometheus/prometheus.yml >"$work/prometheus.yml"
grep -q "127.0.0.1:$http_port" "$work/prometheus.yml" || { echo "target app:8080 not found in prometheus.yml" >&2; exit 1; }
promtool check config "$work/prometheus.yml" >/dev/null
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/tsdb" \
  --web.listen-address="127.0.0.1:$prom_port" >"$work/prometheus.log" 2>&1 &
prometheus_pid=$!
wait_for 60 "Prometheus to be ready" curl -sf --max-time 2 "http://127.0.0.1:$prom_port/-/ready"
target_up() { [ "$(promql 'up{job="echo-lab"} == 1')" != "[]" ]; }
wait_for 60 "Prometheus to scrape the app" target_up
echo "Prometheus on :$prom_port (pid $prometheus_pid)"

running=$(curl -sf --max-time 5 "http://127.0.0.1:$http_port/actuator/prometheus" \
  | sed -n 's/^echo_server_running{.*model="\([^"]*\)".*} 1\.0$/\1/p' | sort)
mapfile -t running <<<"$running"
[ -n "${running[0]:-}" ] || { echo "no model is running" >&2; exit 1; }
echo "running: ${running[*]}"

# GC pause meters appear with the first collection: make sure there was one.
"${JAVA_HOME:+$JAVA_HOME/bin/}jcmd" "$app_pid" GC.run >/dev/null 2>&1 || echo "(jcmd GC.run failed: GC panels may be empty)"

echo "== load"
started=$(date +%s)
stress_unavailable=
models_json=$(printf '"%s",' "${running[@]}")
request="{\"models\":[${models_json%,}],\"connections\":$STRESS_CONNECTIONS,\"durationSeconds\":$STRESS_SECONDS}"
code=$(curl -s --max-time 10 -o "$work/stress.json" -D "$work/stress.headers" -w '%{http_code}' \
  -u "admin:$api_password" -H 'Content-Type: application/json' -d "$request" "http://127.0.0.1:$http_port/api/stress")
case "$code" in
  202)
    location=$(sed -n 's/^[Ll]ocation: *\([^[:space:]]*\).*/\1/p' "$work/stress.headers")
    [[ $location == http* ]] || location="http://127.0.0.1:$http_port$location"
    echo "stress run $location: $request"
    limit=$(( ${#running[@]} * (STRESS_SECONDS + 10) + 60 ))
    status=
    for _ in $(seq 1 "$limit"); do
      status=$(curl -sf --max-time 5 "$location" | python3 -c 'import json, sys; print(json.load(sys.stdin)["status"])') || true
      case "$status" in SUCCEEDED|FAILED|CANCELLED) break ;; esac
      sleep 1
    done
    case "$status" in
      SUCCEEDED|FAILED|CANCELLED) echo "stress run ended: $status (the metrics check does not judge the run)" ;;
      *) echo "stress run still '$status' after ${limit}s" >&2; exit 1 ;;
    esac
    ;;
  404)
    stress_unavailable="POST /api/stress answered 404: the stress engine is not in this build, so its meters are absent"
    echo "$stress_unavailable; plain echo traffic for ${FALLBACK_SECONDS}s instead"
    targets=()
    for model in "${running[@]}"; do targets+=("$model=${port_of[$model]}"); done
    python3 - "$FALLBACK_SECONDS" "${targets[@]}" <<'EOF'
# Per model, in parallel: three short connections, then one that echoes 1 KiB messages until the deadline.
import os, socket, sys, threading, time

seconds, targets = float(sys.argv[1]), [t.split("=") for t in sys.argv[2:]]
deadline = time.monotonic() + seconds
done = {}

def round_trip(sock, message):
    sock.sendall(message)
    echoed = b""
    while len(echoed) < len(message):
        chunk = sock.recv(len(message) - len(echoed))
        if not chunk:
            raise ConnectionError("closed by the server")
        echoed += chunk
    if echoed != message:
        raise ValueError("echo differs from what was sent")

def load(model, port):
    trips = 0
    try:
        for _ in range(3):
            with socket.create_connection(("127.0.0.1", int(port)), timeout=5) as s:
                round_trip(s, b"hello " + model.encode())
                trips += 1
        with socket.create_connection(("127.0.0.1", int(port)), timeout=5) as s:
            while time.monotonic() < deadline:
                round_trip(s, os.urandom(1024))
                trips += 1
    except (OSError, ValueError) as e:
        print(f"{model}: {e}")
    done[model] = trips

threads = [threading.Thread(target=load, args=t, name=f"load-{t[0]}") for t in targets]
for t in threads:
    t.start()
for t in threads:
    t.join(seconds + 15)
for model, _ in targets:
    print(f"{model}: {done.get(model, 0)} round trips")
sys.exit(0 if all(done.get(m, 0) > 3 for m, _ in targets) else 1)
EOF
    ;;
  *)
    echo "POST /api/stress answered $code:" >&2; cat "$work/stress.json" >&2; echo >&2
    exit 1
    ;;
esac

# A few scrapes after the load, then evaluate at the last one with a window that covers all of the load.
ended=$(date +%s)
scraped_after_load() {
  [ "$(promql "timestamp(up{job=\"echo-lab\"}) > $((ended + 3))")" != "[]" ]
}
wait_for 30 "Prometheus to scrape after the load" scraped_after_load
at=$(date +%s)
window="$(( at - started + 5 ))s"

echo "== dashboard expressions"
python3 monitoring/check_dashboards.py query --prometheus "http://127.0.0.1:$prom_port" --time "$at" \
  --rate-interval "$window" --stress-unavailable "$stress_unavailable" "${DASHBOARDS[@]}"
# Scale-out: two load generators under a Prometheus with file-based discovery, their merged result against it.
bash monitoring/check-scaleout.sh

echo "monitoring check passed"
