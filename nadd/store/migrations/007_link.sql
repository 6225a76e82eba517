-- Record linkage of party records (nadd/link): one row per run, and the cluster of every
-- record in that run. Portable SQL for DuckDB and PostgreSQL.

CREATE TABLE IF NOT EXISTS link_runs (
    run_id VARCHAR PRIMARY KEY,
    engine VARCHAR NOT NULL,
    settings_version VARCHAR NOT NULL,
    threshold DOUBLE PRECISION NOT NULL,
    n_records BIGINT NOT NULL,
    n_pairs_scored BIGINT NOT NULL,
    n_links BIGINT NOT NULL,
    n_clusters BIGINT NOT NULL,
    pairwise_precision DOUBLE PRECISION,
    pairwise_recall DOUBLE PRECISION,
    pairwise_f1 DOUBLE PRECISION,
    seconds DOUBLE PRECISION NOT NULL,
    model_json TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS party_clusters (
    run_id VARCHAR NOT NULL,
    record_id VARCHAR NOT NULL,
    cluster_id VARCHAR NOT NULL,
    PRIMARY KEY (run_id, record_id)
);
