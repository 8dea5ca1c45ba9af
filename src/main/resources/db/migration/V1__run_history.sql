-- Run history: one row per finished stress run, one per model it loaded. Portable SQL (H2 and PostgreSQL).
-- run_json is the run exactly as GET /api/stress/{id} shows it, the source of truth; the other columns copy what
-- queries filter or chart on (the console's filters, the compare call, Grafana's History dashboard).
CREATE TABLE stored_run (
    id           VARCHAR(64) PRIMARY KEY,
    status       VARCHAR(16) NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at   TIMESTAMP WITH TIME ZONE,
    finished_at  TIMESTAMP WITH TIME ZONE,
    commit_id    VARCHAR(64),
    jdk          VARCHAR(200),
    jvm_flags    VARCHAR(8000),
    cores        INTEGER,
    load_average DOUBLE PRECISION,
    run_json     VARCHAR(10000000) NOT NULL
);
CREATE INDEX stored_run_created_at ON stored_run (created_at);

CREATE TABLE stored_result (
    stored_run             VARCHAR(64) NOT NULL REFERENCES stored_run (id) ON DELETE CASCADE, -- the run's id
    stored_run_key         INTEGER NOT NULL, -- its position in the run's results, from 0
    model                  VARCHAR(200) NOT NULL,
    status                 VARCHAR(16) NOT NULL,
    messages_per_second    DOUBLE PRECISION,
    p50_micros             DOUBLE PRECISION,
    p99_micros             DOUBLE PRECISION,
    p999_micros            DOUBLE PRECISION,
    cpu_micros_per_message DOUBLE PRECISION,
    -- HdrHistogram's compressed encoding (V2), base64, of the round-trip times in ns; null from a build without it
    latency_histogram      VARCHAR(10000000),
    PRIMARY KEY (stored_run, stored_run_key)
);
CREATE INDEX stored_result_model ON stored_result (model);
