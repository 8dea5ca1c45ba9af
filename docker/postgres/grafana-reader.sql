-- The role Grafana's History datasource logs in as: it may read the run history and change nothing. Grafana runs
-- whatever SQL a dashboard or its Explore page sends (it does not check that a query only reads), and every Grafana
-- user may query every datasource, so what the role may do is all that keeps a visitor from deleting the history.
--
-- Run as the owner of the history tables (the app's database user), in the database and schema the app migrates,
-- before or after its tables exist, with two settings of the session:
--   echolab.grafana_role      the role's name
--   echolab.grafana_password  its password
-- docker/postgres/grafana-reader.sh does so when compose creates the database; the tests run this same file.
DO $$
DECLARE
    reader text := current_setting('echolab.grafana_role');
    password text := current_setting('echolab.grafana_password');
BEGIN
    -- Said here, so that no error message quotes the statement below, password and all.
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = reader) THEN
        RAISE EXCEPTION 'role "%" already exists', reader;
    END IF;
    EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION',
                   reader, password);
    -- Grafana's queries do not write, so every transaction of the role starts read-only; a session can switch that
    -- off (SET), which is why the privileges below, not this setting, are what refuse writes.
    EXECUTE format('ALTER ROLE %I SET default_transaction_read_only = on', reader);
    -- A dashboard query that runs away ends here rather than holding the app's database.
    EXECUTE format('ALTER ROLE %I SET statement_timeout = %L', reader, '30s');
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), reader);
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', current_schema(), reader);
    -- SELECT on the tables the owner has made here, and on those it makes later (Flyway's migrations run when the
    -- app starts, after this): the run history and Flyway's record of the migrations. No INSERT, UPDATE, DELETE,
    -- TRUNCATE, no sequences; DROP and ALTER belong to the owner alone.
    EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA %I TO %I', current_schema(), reader);
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT ON TABLES TO %I', current_schema(), reader);
END
$$;
