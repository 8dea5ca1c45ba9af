#!/usr/bin/env bash
# Checks docker/generate-secrets.sh, the compose stack's one-shot secrets service, without Docker: run with sh in
# directories of its own, as the service runs it in its volume. A first start makes every password (random, distinct,
# readable by the other services' users, the app's copy of the database password equal to the original) and prints
# Grafana's and the API's once; a second start keeps them all and prints none; the variables choose a password
# (the database's only on a first start, since PostgreSQL keeps the one it was created with). Run by check.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
script=docker/generate-secrets.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL $script: $*" >&2; exit 1; }

run() { # dir [VAR=value...]: the script's output
  local dir=$1; shift
  env -i PATH="$PATH" SECRETS_DIR="$dir" "$@" sh "$script"
}
files=(postgres-password grafana-db-password grafana-admin-password app/echo.api.password
  app/spring.datasource.password)

dir=$work/first
out=$(run "$dir")
declare -A value
for file in "${files[@]}"; do
  [ -f "$dir/$file" ] || fail "no $file after a first start"
  value[$file]=$(cat "$dir/$file")
  [[ ${value[$file]} =~ ^[0-9a-f]{36}$ ]] || fail "$file is not 36 hex digits: '${value[$file]}'"
  [ "$(stat -c %a "$dir/$file")" = 444 ] || fail "$file has mode $(stat -c %a "$dir/$file"), not 444"
done
[ "${value[app/spring.datasource.password]}" = "${value[postgres-password]}" ] || fail "the app's copy differs"
distinct=$(printf '%s\n' "${value[postgres-password]}" "${value[grafana-db-password]}" \
  "${value[grafana-admin-password]}" "${value[app/echo.api.password]}" | sort -u | wc -l)
[ "$distinct" -eq 4 ] || fail "the four passwords are not distinct"
grep -q "Grafana: user admin, password ${value[grafana-admin-password]}" <<<"$out" || fail "Grafana's not printed: $out"
grep -q "API: user admin, password ${value[app/echo.api.password]}" <<<"$out" || fail "the API's not printed: $out"
for file in postgres-password grafana-db-password; do
  ! grep -q "${value[$file]}" <<<"$out" || fail "$file printed"
done

out=$(run "$dir")
for file in "${files[@]}"; do
  [ "$(cat "$dir/$file")" = "${value[$file]}" ] || fail "$file changed on a second start"
  ! grep -q "${value[$file]}" <<<"$out" || fail "$file printed on a second start"
done

run "$dir" GRAFANA_ADMIN_PASSWORD=grafana-chosen ECHO_API_PASSWORD=api-chosen ECHO_DB_PASSWORD=db-chosen >/dev/null
[ "$(cat "$dir/grafana-admin-password")" = grafana-chosen ] || fail "GRAFANA_ADMIN_PASSWORD not taken"
[ "$(cat "$dir/app/echo.api.password")" = api-chosen ] || fail "ECHO_API_PASSWORD not taken"
[ "$(cat "$dir/postgres-password")" = "${value[postgres-password]}" ] \
  || fail "ECHO_DB_PASSWORD taken after the first start"

run "$work/chosen" ECHO_DB_PASSWORD=db-chosen >/dev/null
[ "$(cat "$work/chosen/postgres-password")" = db-chosen ] || fail "ECHO_DB_PASSWORD not taken on a first start"
[ "$(cat "$work/chosen/app/spring.datasource.password")" = db-chosen ] || fail "the app's copy of ECHO_DB_PASSWORD"

# The compose service runs it in busybox; where busybox is installed, so does this check.
if command -v busybox >/dev/null; then
  mkdir "$work/bin" && busybox --install -s "$work/bin"
  env -i PATH="$work/bin" SECRETS_DIR="$work/busybox" "$(command -v busybox)" sh "$script" >/dev/null
  [[ $(cat "$work/busybox/grafana-admin-password") =~ ^[0-9a-f]{36}$ ]] || fail "under busybox sh"
fi
echo "$script: a first start makes distinct random passwords and prints Grafana's and the API's; a second keeps" \
  "them; the variables choose them"
