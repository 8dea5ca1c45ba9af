#!/usr/bin/env bash
# Compares every model under the same load: builds the jar, starts it on ports of its own, runs the default
# stress profile (500 connections x 64 B ping-pong, 10 s after 2 s warm-up) over every model through the REST
# API, prints the Markdown table, keeps the raw JSON under bench/results/, and stops the app.
#
# Settings (environment):
#   BENCH_HTTP_PORT       HTTP port of the app (default 18080)
#   BENCH_ECHO_PORT_BASE  model ports are this + (default port - 7000): 17001, 17002, ... (default 17000)
#   BENCH_MODELS          space-separated model ids (default: every model in IoModel.java)
#   BENCH_PROFILE         extra JSON fields for the request, e.g. '"connections":100,"durationSeconds":5'
#   BENCH_SKIP_BUILD      1 to reuse target/echo-lab-*.jar
#   JAVA_HOME, JAVA_OPTS  the JDK (21 or newer) and its options
set -euo pipefail
cd "$(dirname "$0")/.."

http_port=${BENCH_HTTP_PORT:-18080}
echo_base=${BENCH_ECHO_PORT_BASE:-17000}
profile=${BENCH_PROFILE:-}
base="http://127.0.0.1:$http_port"
results=bench/results
mkdir -p "$results"

if [ -z "${JAVA_HOME:-}" ]; then
  JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
fi
export JAVA_HOME
java_bin="$JAVA_HOME/bin/java"
major=$("$java_bin" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
if [ "${major%%.*}" -lt 21 ] 2>/dev/null; then
  echo "needs JDK 21 or newer (found ${major:-none}); set JAVA_HOME" >&2
  exit 1
fi

# The models and their default ports, read from the one list of models.
mapfile -t model_lines < <(sed -nE 's/^ +[A-Z_]+\("([a-z0-9-]+)", *([0-9]+),.*/\1 \2/p' \
  src/main/java/dev/echolab/server/IoModel.java)
port_args=()
all_models=()
for line in "${model_lines[@]}"; do
  read -r id port <<<"$line"
  all_models+=("$id")
  port_args+=("--echo.servers.$id.port=$((echo_base + port - 7000))")
done
read -r -a models <<<"${BENCH_MODELS:-${all_models[*]}}"

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  echo "building the jar..." >&2
  ./mvnw -q -DskipTests package
fi
jar=$(ls target/echo-lab-*.jar | grep -v original | head -n 1)

# Every model server and the load generator hold one descriptor per connection.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" || true
export ECHO_API_PASSWORD="bench-$RANDOM$RANDOM"
log="$results/app-$(date +%Y%m%d-%H%M%S).log"
# shellcheck disable=SC2086
"$java_bin" ${JAVA_OPTS:-} -jar "$jar" --server.port="$http_port" "${port_args[@]}" >"$log" 2>&1 &
app=$!
trap 'kill $app 2>/dev/null; wait $app 2>/dev/null || true' EXIT

echo "waiting for $base/actuator/health (log: $log)..." >&2
for _ in $(seq 1 120); do
  curl -fsS "$base/actuator/health" 2>/dev/null | grep -q '"UP"' && break
  kill -0 "$app" 2>/dev/null || { echo "the app stopped; see $log" >&2; exit 1; }
  sleep 0.5
done
curl -fsS "$base/actuator/health" | grep -q '"UP"' || { echo "the app never got healthy; see $log" >&2; exit 1; }

load_before=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
model_json=$(printf '"%s",' "${models[@]}")
body="{\"models\":[${model_json%,}]${profile:+,$profile}}"
echo "POST /api/stress $body" >&2
run=$(curl -fsS -u "admin:$ECHO_API_PASSWORD" -H 'Content-Type: application/json' -d "$body" "$base/api/stress")
id=$(sed -nE 's/^\{"id":"([^"]+)".*/\1/p' <<<"$run")
[ -n "$id" ] || { echo "no run id in: $run" >&2; exit 1; }

status=QUEUED
for _ in $(seq 1 3600); do
  run=$(curl -fsS "$base/api/stress/$id")
  status=$(grep -o '"status":"[A-Z]*"' <<<"$run" | head -n 1 | cut -d'"' -f4)
  case $status in SUCCEEDED|FAILED|CANCELLED) break ;; esac
  progress=$(grep -o '"progress":[0-9.]*' <<<"$run" | head -n 1 | cut -d: -f2)
  printf '\r%s %s %s' "$id" "$status" "$progress" >&2
  sleep 2
done
printf '\n' >&2

stamp=$(date +%Y%m%d-%H%M%S)
printf '%s\n' "$run" >"$results/$stamp-$id.json"
curl -fsS -H 'Accept: text/markdown' "$base/api/stress/$id" | tee "$results/$stamp-$id.md"
cpu=$({ grep -m1 'model name' /proc/cpuinfo 2>/dev/null || echo ": $(uname -m)"; } | cut -d: -f2 | sed 's/^ //')
cores=$(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN)
jdk=$("$java_bin" -version 2>&1 | head -n 1)
printf '\nMeasured %s on %s cores (%s), %s; load average before the run: %s.\n' "$(date -u +%Y-%m-%d)" \
  "$cores" "$cpu" "$jdk" "$load_before" | tee -a "$results/$stamp-$id.md"
echo "raw JSON: $results/$stamp-$id.json" >&2
