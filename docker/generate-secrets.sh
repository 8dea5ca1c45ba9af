#!/bin/sh
# The compose stack's secrets, made by its one-shot "secrets" service into the secrets volume before anything else
# starts, so that `docker compose up` needs no settings and publishes no well-known password. The other services read
# the files (PostgreSQL POSTGRES_PASSWORD_FILE, Grafana GF_SECURITY_ADMIN_PASSWORD__FILE and $__file{}, the app a
# Spring configtree), never a value in the compose file.
#
#   postgres-password         the owner of the history database (user echolab; the app logs in with it)
#   grafana-db-password       the read-only role Grafana's History datasource logs in as (docker/postgres/)
#   grafana-admin-password    Grafana's admin user
#   app/echo.api.password     the API's mutating calls (user admin)
#   app/spring.datasource.password  the app's copy of postgres-password (app/ is its configtree)
#
# A password is generated on the first start (144 random bits, hex) and kept; the variables below choose one instead.
# PostgreSQL takes its passwords when its data volume is created, so ECHO_DB_PASSWORD only counts then; a set
# GRAFANA_ADMIN_PASSWORD or ECHO_API_PASSWORD is written at every start. A generated Grafana or API password is
# printed once, here (docker compose logs secrets). `docker compose down -v` forgets them all.
#
# Environment: SECRETS_DIR (default /run/echo-lab/secrets), ECHO_DB_PASSWORD, GRAFANA_ADMIN_PASSWORD,
# ECHO_API_PASSWORD. POSIX sh and od: runs in busybox.
set -eu
dir=${SECRETS_DIR:-/run/echo-lab/secrets}
mkdir -p "$dir/app"
# Readable by every service that mounts the volume: each runs as a user of its own (postgres, grafana, the app's
# 10001). The volume is mounted in no other container.
chmod 0755 "$dir" "$dir/app"

random() {
  od -An -tx1 -N 18 /dev/urandom | tr -d ' \n'
}

# write FILE VALUE: replaces FILE at once (a reader never sees half a password), readable by all, no newline.
write() {
  printf '%s' "$2" >"$1.new"
  chmod 0444 "$1.new"
  mv -f "$1.new" "$1"
}

# secret FILE GIVEN RULE: makes sure FILE holds a password. GIVEN (a variable's value) wins when set: at every start
# with RULE=always, on the first start only with RULE=first. Otherwise FILE is kept, or generated when missing.
# Prints "generated" when it generated one, "given" when it wrote GIVEN, nothing when it kept FILE.
secret() {
  if [ -n "$2" ] && { [ "$3" = always ] || [ ! -s "$1" ]; }; then
    write "$1" "$2"
    echo given
  elif [ ! -s "$1" ]; then
    write "$1" "$(random)"
    echo generated
  fi
}

database=$(secret "$dir/postgres-password" "${ECHO_DB_PASSWORD:-}" first)
# The app's copy follows the original, whichever was made first.
[ "$(cat "$dir/app/spring.datasource.password" 2>/dev/null || true)" = "$(cat "$dir/postgres-password")" ] \
  || write "$dir/app/spring.datasource.password" "$(cat "$dir/postgres-password")"
reader=$(secret "$dir/grafana-db-password" "" first)
grafana=$(secret "$dir/grafana-admin-password" "${GRAFANA_ADMIN_PASSWORD:-}" always)
api=$(secret "$dir/app/echo.api.password" "${ECHO_API_PASSWORD:-}" always)

[ -z "$database$reader" ] \
  || echo "secrets: database passwords ${database:-kept}/${reader:-kept} (owner/Grafana's read-only role) in $dir"
# announce WHO FILE HOW VARIABLE: a generated password is shown once, the only time it is new.
announce() {
  case $3 in
    generated) echo "$1: user admin, password $(cat "$2") (generated on the first start, kept in $2)" ;;
    given) echo "$1: user admin, password from $4" ;;
  esac
}
announce Grafana "$dir/grafana-admin-password" "$grafana" GRAFANA_ADMIN_PASSWORD
announce "Echo Lab API" "$dir/app/echo.api.password" "$api" ECHO_API_PASSWORD
echo "secrets: ready in $dir"
