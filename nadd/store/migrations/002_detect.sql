-- Detection runs over the store (nadd/detect/runner.py). Portable SQL for DuckDB and PostgreSQL.
-- A run is one plan on one data vintage; run_id is a content hash, so re-running is a no-op.

CREATE TABLE IF NOT EXISTS detection_runs (
    run_id VARCHAR PRIMARY KEY,
    plan VARCHAR NOT NULL,
    plan_file VARCHAR,
    plan_hash VARCHAR NOT NULL,
    settings TEXT NOT NULL,
    methods VARCHAR NOT NULL,
    as_of DATE,
    data_vintage DATE,
    created_at TIMESTAMP NOT NULL,
    series_run BIGINT NOT NULL,
    series_refused BIGINT NOT NULL,
    alarms BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS detection_results (
    run_id VARCHAR NOT NULL,
    method VARCHAR NOT NULL,
    series_id VARCHAR NOT NULL,
    source_id VARCHAR NOT NULL,
    indicator_id VARCHAR NOT NULL,
    jurisdiction_id VARCHAR NOT NULL,
    substance_id VARCHAR,
    sex VARCHAR NOT NULL,
    age_group VARCHAR NOT NULL,
    manner VARCHAR NOT NULL,
    setting VARCHAR NOT NULL,
    unit VARCHAR NOT NULL,
    period_type VARCHAR NOT NULL,
    t BIGINT NOT NULL,
    period_start DATE NOT NULL,
    period_end DATE NOT NULL,
    observation_id UUID NOT NULL,
    observed DOUBLE PRECISION,
    expected DOUBLE PRECISION,
    upperbound DOUBLE PRECISION,
    score DOUBLE PRECISION,
    alarm DOUBLE PRECISION,
    monitored BOOLEAN NOT NULL
);

CREATE INDEX IF NOT EXISTS detection_results_run ON detection_results (run_id, method, series_id);

CREATE TABLE IF NOT EXISTS detection_refusals (
    run_id VARCHAR NOT NULL,
    method VARCHAR NOT NULL,
    series_id VARCHAR NOT NULL,
    source_id VARCHAR NOT NULL,
    indicator_id VARCHAR NOT NULL,
    jurisdiction_id VARCHAR NOT NULL,
    substance_id VARCHAR,
    sex VARCHAR NOT NULL,
    age_group VARCHAR NOT NULL,
    manner VARCHAR NOT NULL,
    setting VARCHAR NOT NULL,
    unit VARCHAR NOT NULL,
    period_type VARCHAR NOT NULL,
    reason TEXT NOT NULL
);
