-- Alerts raised from detection alarms, their evidence, reviews and cross-border notices
-- (nadd/alerts). Portable SQL for DuckDB and PostgreSQL.

CREATE TABLE IF NOT EXISTS alerts (
    alert_id VARCHAR PRIMARY KEY,
    run_id VARCHAR NOT NULL,
    plan VARCHAR NOT NULL,
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
    period_start DATE NOT NULL,
    period_end DATE NOT NULL,
    n_periods BIGINT NOT NULL,
    max_observed DOUBLE PRECISION,
    max_upperbound DOUBLE PRECISION,
    max_ratio DOUBLE PRECISION,
    max_score DOUBLE PRECISION,
    severity VARCHAR NOT NULL,
    status VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS alert_observations (
    alert_id VARCHAR NOT NULL,
    observation_id UUID NOT NULL,
    role VARCHAR NOT NULL,
    period_start DATE NOT NULL,
    PRIMARY KEY (alert_id, observation_id)
);

CREATE TABLE IF NOT EXISTS alert_reviews (
    review_id VARCHAR PRIMARY KEY,
    alert_id VARCHAR NOT NULL,
    from_status VARCHAR NOT NULL,
    to_status VARCHAR NOT NULL,
    who VARCHAR NOT NULL,
    reviewed_at TIMESTAMP NOT NULL,
    why TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS neighbour_notices (
    alert_id VARCHAR NOT NULL,
    neighbour_id VARCHAR NOT NULL,
    border VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (alert_id, neighbour_id)
);
