#!/bin/sh
# PostgreSQL's image runs this once, when it creates the database (/docker-entrypoint-initdb.d, as user postgres):
# the read-only role of Grafana's History datasource (grafana-reader.sql), with its password from the secrets volume.
# The role's name is the datasource's user (monitoring/grafana/provisioning/datasources/sql-history.yml).
# monitoring/check_history.py runs it outside a container, with the paths and the role's name overridden.
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v role="${GRAFANA_READER_ROLE:-echolab_grafana}" \
  -v password="$(cat "${SECRETS_DIR:-/run/echo-lab/secrets}/grafana-db-password")" \
  -v sql="${GRAFANA_READER_SQL:-/etc/echo-lab/grafana-reader.sql}" <<'SQL' || exit 1
SET echolab.grafana_role = :'role';
SET echolab.grafana_password = :'password';
\i :sql
SQL
