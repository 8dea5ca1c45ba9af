#!/usr/bin/env bash
# Container health check: asks /actuator/health over bash's /dev/tcp, because the JRE image has no curl or wget.
# Healthy when the app answers with status UP within 3 seconds. Usage: healthcheck.sh [port], 8080 by default.
set -uo pipefail
port=${1:-8080}
exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 1
printf 'GET /actuator/health HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3
response=$(timeout 3 cat <&3)
[[ $response == "HTTP/1."?" 200"* && $response == *'"status":"UP"'* ]]
