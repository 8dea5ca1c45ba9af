#!/usr/bin/env bash
# Checks the History dashboard (monitoring/grafana/dashboards/history/) against a real PostgreSQL: the app's Flyway
# migrations, sample runs, then every panel's SQL with Grafana's macros expanded (see check_history.py).
# The database comes from libpq's variables (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE); .ci/run starts one
# and sets them. Run by monitoring/check.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v psql >/dev/null || { echo "check-history.sh needs psql (apt-get install postgresql-client)" >&2; exit 1; }
psql -X -q -c 'SELECT 1' >/dev/null || {
  echo "no PostgreSQL at PGHOST=${PGHOST:-} PGPORT=${PGPORT:-} PGDATABASE=${PGDATABASE:-}: .ci/run starts one" >&2
  exit 1
}
python3 monitoring/check_history.py monitoring/grafana/dashboards/history/history.json \
  src/main/resources/db/migration/V*.sql
