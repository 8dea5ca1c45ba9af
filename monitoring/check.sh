#!/usr/bin/env bash
# Checks the monitoring stack on a machine without Docker or Grafana (run by .ci/run after ./mvnw verify):
#   1. docker-compose.yml is valid with no settings at all (docker-compose config): it publishes on 127.0.0.1 unless
#      ECHO_PUBLISH_ADDRESS says otherwise, holds no password (each is a file the secrets service generates, checked
#      by check-secrets.sh), and starts each service once what it depends on is healthy (or, for the one-shot
#      secrets service, done); the Prometheus config is valid (promtool); every dashboard is well-formed with a
#      title, a unit and a datasource on each panel, both as provisioned (the datasource variable resolves to the
#      provisioned uid) and as imported into someone else's Grafana with another datasource (__inputs), the History
#      dashboard (PostgreSQL) too;
#   2. the built jar runs on a free port, every model it lists (GET /api/models) started on a free port, with a
#      real Prometheus scraping it every second;
#   3. load: a short POST /api/stress over every running model;
#   4. every dashboard expression, variables substituted, is evaluated by that Prometheus and must return series.
# Needs java (JAVA_HOME), docker-compose, prometheus + promtool, python3, curl. Every wait is bounded; every process
# started here is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."

JAVA_BIN=${JAVA_HOME:+$JAVA_HOME/bin/}java
# The dashboards on Prometheus; the History dashboard reads PostgreSQL and has checks of its own.
DASHBOARDS=(monitoring/grafana/dashboards/*.json)
HISTORY_DASHBOARD=monitoring/grafana/dashboards/history/history.json
STRESS_SECONDS=2
STRESS_CONNECTIONS=20
# The API user the app is given (echo.api.username, echo.api.password) and the calls below authenticate as.
export ECHO_API_USERNAME=${ECHO_API_USERNAME:-monitoring-check}

for tool in "$JAVA_BIN" docker-compose prometheus promtool python3 curl; do
  command -v "$tool" >/dev/null || { echo "check.sh needs $tool (.ci/run installs what is missing)" >&2; exit 1; }
done
jar=$(ls target/echo-lab-*.jar 2>/dev/null | head -n 1)
[ -n "$jar" ] || { echo "no target/echo-lab-*.jar: run ./mvnw verify (or package) first" >&2; exit 1; }

# shellcheck source=scripts/lib/processes.sh
. scripts/lib/processes.sh
work=$(mktemp -d)
cleanup() { # status
  if [ "$1" -ne 0 ]; then
    echo "---- last lines of the app's log"; tail -n 40 "$work/app.log" 2>/dev/null || true
    echo "---- last lines of Prometheus's log"; tail -n 15 "$work/prometheus.log" 2>/dev/null || true
  fi
  rm -rf "$work"
}
stop_tracked_on_exit cleanup

# One Prometheus instant query: prints the result vector as JSON.
promql() {
  curl -sf --max-time 10 "http://127.0.0.1:$prom_port/api/v1/query" --data-urlencode "query=$1" \
    | python3 -c 'import json, sys; print(json.dumps(json.load(sys.stdin)["data"]["result"]))'
}

echo "== static checks"
# Bare: no variable set and no .env file read, as on a fresh clone.
: >"$work/empty.env"
bare() {
  env -i PATH="$PATH" HOME="$work" "$@" docker-compose --env-file "$work/empty.env" -f docker-compose.yml config
}
bare >"$work/compose-default.yml"
bare ECHO_PUBLISH_ADDRESS=0.0.0.0 >"$work/compose-everywhere.yml"
python3 - "$work/compose-default.yml" "$work/compose-everywhere.yml" monitoring/grafana/provisioning/datasources/*.yml \
  <<'EOF'
# Every published port on 127.0.0.1 by default and on ECHO_PUBLISH_ADDRESS when set; every depends_on waits for a
# service that is healthy (it has a health check) or, for a one-shot service, that completed; no password has a value
# in the compose file or a datasource: each is read from a file of the secrets volume, which only the secrets service
# writes, or passed through from the environment, empty when not set. PyYAML comes with docker-compose v1.
import sys, yaml

SECRETS = "/run/echo-lab/secrets"

def check(path, address):
    problems = []
    services = yaml.safe_load(open(path))["services"]
    for name, service in services.items():
        for port in service.get("ports", []):
            host = port.get("host_ip") if isinstance(port, dict) else str(port).rsplit(":", 2)[0]
            if host != address:
                problems.append(f"{name}: port {port} is published on {host or 'every interface'}, not {address}")
        for dependency, how in (service.get("depends_on") or {}).items():
            condition = (how or {}).get("condition")
            target = services.get(dependency, {})
            if condition == "service_healthy":
                if "healthcheck" not in target:
                    problems.append(f"{name}: waits for {dependency} to be healthy, which has no healthcheck")
            elif condition == "service_completed_successfully":
                if target.get("restart", "no") != "no":
                    problems.append(f"{name}: waits for {dependency} to complete, which restarts")
            else:
                problems.append(f"{name}: depends_on {dependency} without a condition that waits")
        for key, value in (service.get("environment") or {}).items():
            if "PASSWORD" not in key:
                continue
            if key.endswith("_FILE"):
                if not str(value).startswith(SECRETS + "/"):
                    problems.append(f"{name}: {key}={value} is not a file of the secrets volume")
            elif value:
                # Bare, a variable passed through (${ECHO_API_PASSWORD:-}) is empty: only a default can show here.
                problems.append(f"{name}: {key} has a value in the compose file: {value!r}")
        for volume in service.get("volumes", []):
            if isinstance(volume, dict) and volume.get("source") == "secrets":
                writable = not volume.get("read_only")
                if writable != (name == "secrets"):
                    problems.append(f"{name}: mounts the secrets volume {'read-write' if writable else 'read-only'}")
    if "secrets" not in services:
        problems.append("no secrets service")
    return problems

def datasources(path):
    problems = []
    for source in yaml.safe_load(open(path)).get("datasources", []):
        password = (source.get("secureJsonData") or {}).get("password")
        if password is not None and not str(password).startswith("$__file{" + SECRETS + "/"):
            problems.append(f"{path}: datasource {source['name']} has a password that is not a secrets file")
    return problems

problems = check(sys.argv[1], "127.0.0.1") + check(sys.argv[2], "0.0.0.0")
for path in sys.argv[3:]:
    problems += datasources(path)
for problem in problems:
    print("FAIL", problem)
sys.exit(1 if problems else 0)
EOF
reader_role=$(sed -n 's/.*GRAFANA_READER_ROLE:-\([a-z_]*\)}.*/\1/p' docker/postgres/grafana-reader.sh)
datasource_user=$(sed -n 's/^ *user: *\([^ ]*\) *$/\1/p' monitoring/grafana/provisioning/datasources/sql-history.yml)
[ -n "$reader_role" ] && [ "$reader_role" = "$datasource_user" ] || {
  echo "the History datasource logs in as '$datasource_user', the read-only role is '$reader_role'" >&2; exit 1; }
echo "docker-compose.yml: valid with no settings; published on 127.0.0.1 unless ECHO_PUBLISH_ADDRESS is set;" \
  "no password in it or the datasources; start order by health"
bash monitoring/check-secrets.sh
promtool check config monitoring/prometheus/prometheus.yml
uid_of() { sed -n 's/^ *uid: *\([^ ]*\) *$/\1/p' "monitoring/grafana/provisioning/datasources/$1"; }
prometheus_uid=$(uid_of prometheus.yml)
history_uid=$(uid_of sql-history.yml)
echo "-- dashboards as provisioned (datasources $prometheus_uid, $history_uid)"
python3 monitoring/check_dashboards.py lint --datasource-uid "$prometheus_uid" "${DASHBOARDS[@]}"
python3 monitoring/check_dashboards.py lint --datasource-uid "$history_uid" "${HISTORY_DASHBOARD}"
echo "-- dashboards imported into another Grafana, with a datasource of its own"
mkdir -p "$work/imported" "$work/imported-history"
python3 monitoring/check_dashboards.py import --datasource-uid someone-elses-prometheus --out "$work/imported" "${DASHBOARDS[@]}"
python3 monitoring/check_dashboards.py lint --datasource-uid someone-elses-prometheus "$work/imported"/*.json
python3 monitoring/check_dashboards.py import --plugin grafana-postgresql-datasource \
  --datasource-uid someone-elses-postgres --out "$work/imported-history" "$HISTORY_DASHBOARD"
python3 monitoring/check_dashboards.py lint --datasource-uid someone-elses-postgres "$work/imported-history"/*.json

echo "== the app on free ports"
read -r -a ports <<<"$(free_ports 2)"
http_port=${ports[0]}
prom_port=${ports[1]}
api=http://127.0.0.1:$http_port/api
ECHO_API_PASSWORD=$(python3 -c 'import secrets; print(secrets.token_hex(12))')
export ECHO_API_PASSWORD
# No model starts with the app (their default ports may be taken here); each is started below on a free port.
"$JAVA_BIN" -jar "$jar" --server.address=127.0.0.1 --server.port="$http_port" --echo.autostart=false \
  --spring.datasource.url=jdbc:h2:mem:check \
  >"$work/app.log" 2>&1 &
app_pid=$!
track "$app_pid"
wait_for_process "$app_pid" 120 "the app's /actuator/health" curl -sf --max-time 2 "http://127.0.0.1:$http_port/actuator/health"
mapfile -t models < <(curl -sf --max-time 10 "$api/models" | python3 -c 'import json, sys; [print(m["id"]) for m in json.load(sys.stdin)]')
[ "${#models[@]}" -gt 0 ] || { echo "GET $api/models named no model" >&2; exit 1; }
for model in "${models[@]}"; do
  # Port 0: any free port. A model this platform cannot run answers with its reason and stays out of the check.
  curl -s --max-time 30 -u "$ECHO_API_USERNAME:$ECHO_API_PASSWORD" -H 'Content-Type: application/json' \
    -d '{"port":0}' "$api/servers/$model/start" | python3 -c 'import json, sys
answer = json.load(sys.stdin)
print(sys.argv[1] + ":", answer.get("state") or answer.get("status"), answer.get("port") or answer.get("detail") or "")' "$model"
done
echo "app on :$http_port (pid $app_pid), models: ${models[*]}"

echo "== Prometheus scraping it every second"
sed -e "s/app:8080/127.0.0.1:$http_port/" -e 's/scrape_interval: 5s/scrape_interval: 1s/' \
  monitoring/prometheus/prometheus.yml >"$work/prometheus.yml"
grep -q "127.0.0.1:$http_port" "$work/prometheus.yml" || { echo "target app:8080 not found in prometheus.yml" >&2; exit 1; }
promtool check config "$work/prometheus.yml" >/dev/null
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/tsdb" \
  --web.listen-address="127.0.0.1:$prom_port" >"$work/prometheus.log" 2>&1 &
prometheus_pid=$!
track "$prometheus_pid"
wait_for_process "$prometheus_pid" 60 "Prometheus to be ready" curl -sf --max-time 2 "http://127.0.0.1:$prom_port/-/ready"
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
models_json=$(printf '"%s",' "${running[@]}")
request="{\"models\":[${models_json%,}],\"connections\":$STRESS_CONNECTIONS,\"durationSeconds\":$STRESS_SECONDS}"
code=$(curl -s --max-time 10 -o "$work/stress.json" -D "$work/stress.headers" -w '%{http_code}' \
  -u "$ECHO_API_USERNAME:$ECHO_API_PASSWORD" -H 'Content-Type: application/json' -d "$request" "http://127.0.0.1:$http_port/api/stress")
case "$code" in
  202)
    location=$(sed -n 's/^[Ll]ocation: *\([^[:space:]]*\).*/\1/p' "$work/stress.headers")
    [[ $location == http* ]] || location="http://127.0.0.1:$http_port$location"
    echo "stress run $location: $request"
    limit=$(( ${#running[@]} * (STRESS_SECONDS + 10) + 60 ))
    status=
    for _ in $(seq 1 "$limit"); do
      status=$(curl -sf --max-time 5 "$location" | python3 -c 'import json, sys; print(json.load(sys.stdin)["status"])') || true
      case "$status" in SUCCEEDED|FAILED|CANCELLED|INCONCLUSIVE) break ;; esac
      sleep 1
    done
    case "$status" in
      SUCCEEDED|FAILED|CANCELLED|INCONCLUSIVE) echo "stress run ended: $status (the metrics check does not judge the run)" ;;
      *) echo "stress run still '$status' after ${limit}s" >&2; exit 1 ;;
    esac
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
  --rate-interval "$window" "${DASHBOARDS[@]}"
# The History dashboard reads PostgreSQL, not Prometheus: its own check, against a real PostgreSQL.
echo "== History dashboard (PostgreSQL)"
bash monitoring/check-history.sh
# Scale-out: two load generators under a Prometheus with file-based discovery, their merged result against it.
echo "== scale-out (two generators, merged)"
bash monitoring/check-scaleout.sh
echo "monitoring check passed"
