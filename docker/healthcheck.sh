#!/usr/bin/env bash
# Container health check: asks /actuator/health/readiness over bash's /dev/tcp, because the JRE image has no curl or
# wget. Healthy when the app answers with status UP within 3 seconds: the app is up and every echo server meant to
# run does. The history database is not asked: while it is down the app still serves and keeps finished runs in
# its outbox, so the container stays healthy. Usage: healthcheck.sh [port], 8080 by default.
set -uo pipefail
port=${1:-8080}
exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 1
printf 'GET /actuator/health/readiness HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3
response=$(timeout 3 cat <&3)
[[ $response == "HTTP/1."?" 200"* && $response == *'"status":"UP"'* ]]
