#!/usr/bin/env python3
"""Checks the History dashboard against a real PostgreSQL, without Grafana (standard library + psql).

  check_history.py DASHBOARD.json MIGRATION.sql...

In a schema of its own (dropped afterwards) of the database libpq's PG* variables name, it makes the read-only role
Grafana logs in as, with compose's own init script (docker/postgres/grafana-reader.sh, before the tables, as there),
applies the app's Flyway migrations in version order, stores three runs (two JDKs, two commits, two models, one run
without a CPU figure), then runs, as that role, every variable query and every panel query with Grafana's macros
expanded as Grafana would:
$__timeFilter(col) -> col BETWEEN from AND to (the dashboard's default range), $__timeFrom() / $__timeTo(), and
each multi-value variable ($jdk, ${jdk}, ${jdk:sqlstring}) -> the quoted list of every value its own query
returned ("All"). A query that errors or returns no row fails the check. check_dashboards.py lints the dashboard
(titles, units, the datasource variable).
"""
import json
import os
import re
import secrets
import subprocess
import sys
import tempfile
import uuid
from datetime import datetime, timedelta, timezone

REPOSITORY = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
READER_INIT = os.path.join(REPOSITORY, "docker", "postgres", "grafana-reader.sh")
READER_SQL = os.path.join(REPOSITORY, "docker", "postgres", "grafana-reader.sql")
VARIABLE = re.compile(r"\$\{(\w+)(?::(\w+))?\}|\$(\w+)")
SAMPLE = """
INSERT INTO stored_run (id, status, created_at, started_at, finished_at, commit_id, jdk, jvm_flags, cores,
                        load_average, run_json) VALUES
 ('run1', 'SUCCEEDED', NOW() - INTERVAL '2 days', NOW() - INTERVAL '2 days', NOW() - INTERVAL '2 days',
  'aaaaaaa', 'Eclipse Adoptium 21.0.9+10-LTS', '', 2, 0.5, '{}'),
 ('run2', 'SUCCEEDED', NOW() - INTERVAL '1 day', NOW() - INTERVAL '1 day', NOW() - INTERVAL '1 day',
  'bbbbbbb', 'Eclipse Adoptium 25.0.3+9-LTS', '-Xmx1g', 2, 0.7, '{}'),
 ('run3', 'FAILED', NOW() - INTERVAL '1 hour', NOW() - INTERVAL '1 hour', NOW() - INTERVAL '1 hour',
  NULL, 'Eclipse Adoptium 25.0.3+9-LTS', '', 2, 1.2, '{}');
INSERT INTO stored_result (stored_run, stored_run_key, model, status, messages_per_second, p50_micros, p99_micros,
                           p999_micros, cpu_micros_per_message, latency_histogram) VALUES
 ('run1', 0, 'netty', 'SUCCEEDED', 52000, 800, 2400, 5100, 11.5, NULL),
 ('run1', 1, 'multiplexing', 'SUCCEEDED', 31000, 1500, 4100, 9000, 17.0, NULL),
 ('run2', 0, 'netty', 'SUCCEEDED', 55000, 780, 2300, 4900, 11.1, NULL),
 ('run3', 0, 'netty', 'FAILED', 12000, 3000, 9000, 20000, NULL, NULL);
"""


def psql(sql, schema, role=None):
    """Runs SQL in the schema (as role, a (user, password) pair, if given); returns the rows, raises on an error."""
    env = dict(os.environ, PGOPTIONS=f"-c search_path={schema}")
    if role:
        env.update(PGUSER=role[0], PGPASSWORD=role[1])
    done = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-c", sql],
                          env=env, capture_output=True, text=True, timeout=60)
    if done.returncode != 0:
        raise RuntimeError(done.stderr.strip())
    return [line.split("\t") for line in done.stdout.splitlines() if line]


def make_reader(schema, reader):
    """The read-only role, made by compose's init script in the schema, with its password in a secrets directory."""
    with tempfile.TemporaryDirectory() as secrets_dir:
        with open(os.path.join(secrets_dir, "grafana-db-password"), "w", encoding="utf-8") as f:
            f.write(reader[1])
        env = dict(os.environ, PGOPTIONS=f"-c search_path={schema}", SECRETS_DIR=secrets_dir,
                   GRAFANA_READER_ROLE=reader[0], GRAFANA_READER_SQL=READER_SQL,
                   POSTGRES_USER=os.environ.get("PGUSER") or os.environ.get("USER", "postgres"),
                   POSTGRES_DB=os.environ.get("PGDATABASE") or os.environ.get("PGUSER", "postgres"))
        done = subprocess.run(["sh", READER_INIT], env=env, capture_output=True, text=True, timeout=60)
        if done.returncode != 0:
            raise RuntimeError(f"{READER_INIT}: {done.stderr.strip()}")


def version(path):
    return int(re.match(r"V(\d+)__", os.path.basename(path)).group(1))


def expand(sql, values, time_from, time_to):
    sql = re.sub(r"\$__timeFilter\(([^)]+)\)",
                 lambda m: f"{m.group(1)} BETWEEN '{time_from.isoformat()}' AND '{time_to.isoformat()}'", sql)
    sql = sql.replace("$__timeFrom()", f"'{time_from.isoformat()}'").replace("$__timeTo()", f"'{time_to.isoformat()}'")
    if "$__" in sql:
        raise ValueError("a Grafana macro this check does not know: " + sql)

    def variable(m):
        name = m.group(1) or m.group(3)
        if name not in values:
            raise ValueError(f"unknown variable ${name}")
        return ",".join("'" + v.replace("'", "''") + "'" for v in values[name])
    return VARIABLE.sub(variable, sql)


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    dashboard = json.load(open(sys.argv[1], encoding="utf-8"))
    schema = "history_check_" + uuid.uuid4().hex[:12]
    reader = (schema + "_reader", secrets.token_hex(18))
    psql(f"CREATE SCHEMA {schema}", "public")
    failures = 0
    try:
        make_reader(schema, reader)
        for migration in sorted(sys.argv[2:], key=version):
            psql(open(migration, encoding="utf-8").read(), schema)
        psql(SAMPLE, schema)
        now = datetime.now(timezone.utc)
        time_from = now - timedelta(days=30)  # the dashboard's default range, now-30d
        assert dashboard["time"]["from"] == "now-30d", "the check expands the default range now-30d"
        values = {}
        for v in dashboard["templating"]["list"]:
            if v.get("type") == "datasource":
                continue  # $DS_HISTORY: the database is the one PG* names
            rows = psql(expand(v["query"], values, time_from, now), schema, reader)
            values[v["name"]] = [r[0] for r in rows]
            print(f"variable ${v['name']}: {len(rows)} values {values[v['name']]}")
            if not rows:
                failures += 1
                print(f"  FAIL: no values")
        for p in dashboard["panels"]:
            for t in p.get("targets", []):
                sql = expand(t["rawSql"], values, time_from, now)
                try:
                    rows = psql(sql, schema, reader)
                except RuntimeError as e:
                    failures += 1
                    print(f"FAIL {p['title']}: {e}")
                    continue
                print(f"panel {p['title']}: {len(rows)} rows")
                if not rows:
                    failures += 1
                    print(f"  FAIL: no rows from\n{sql}")
    finally:
        psql(f"DROP SCHEMA {schema} CASCADE", "public")
        # With the schema went the role's privileges on it; CONNECT is the last one it holds.
        psql(f"""DO $$ BEGIN IF EXISTS (SELECT FROM pg_roles WHERE rolname = '{reader[0]}') THEN
                   EXECUTE format('REVOKE CONNECT ON DATABASE %I FROM {reader[0]}', current_database());
                   DROP ROLE {reader[0]};
                 END IF; END $$""", "public")
    if failures:
        sys.exit(f"{failures} History dashboard queries failed")
    print(f"History dashboard: every query answered, as the read-only role {reader[0]}")


if __name__ == "__main__":
    main()
