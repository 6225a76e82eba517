-- Core trilateral model. Portable SQL for DuckDB and PostgreSQL;
-- {observations_pk} is filled by the dialect (see nadd/store/dialect.py).

CREATE TABLE IF NOT EXISTS sources (
    id VARCHAR PRIMARY KEY,
    title VARCHAR NOT NULL,
    publisher VARCHAR NOT NULL,
    country VARCHAR NOT NULL,
    licence VARCHAR NOT NULL,
    url VARCHAR,
    provenance TEXT,
    synthetic BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE IF NOT EXISTS loads (
    load_id VARCHAR PRIMARY KEY,
    source_id VARCHAR NOT NULL,
    file_name VARCHAR NOT NULL,
    file_sha256 VARCHAR NOT NULL,
    vintage DATE NOT NULL,
    rows_read BIGINT NOT NULL,
    rows_added BIGINT NOT NULL,
    loaded_at TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS jurisdictions (
    id VARCHAR PRIMARY KEY,
    level VARCHAR NOT NULL,
    country VARCHAR NOT NULL,
    parent_id VARCHAR,
    name_en VARCHAR NOT NULL,
    name_es VARCHAR NOT NULL,
    name_fr VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS jurisdiction_codes (
    jurisdiction_id VARCHAR NOT NULL,
    system VARCHAR NOT NULL,
    code VARCHAR NOT NULL,
    PRIMARY KEY (system, code)
);

CREATE TABLE IF NOT EXISTS adjacency (
    a VARCHAR NOT NULL,
    b VARCHAR NOT NULL,
    cross_border BOOLEAN NOT NULL,
    PRIMARY KEY (a, b)
);

CREATE TABLE IF NOT EXISTS substances (
    id VARCHAR PRIMARY KEY,
    kind VARCHAR NOT NULL,
    parent_id VARCHAR,
    icd10 VARCHAR,
    name_en VARCHAR NOT NULL,
    name_es VARCHAR NOT NULL,
    name_fr VARCHAR NOT NULL,
    cas VARCHAR
);

CREATE TABLE IF NOT EXISTS substance_synonyms (
    synonym VARCHAR PRIMARY KEY,
    substance_id VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS indicators (
    id VARCHAR PRIMARY KEY,
    default_unit VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL,
    name_es VARCHAR NOT NULL,
    name_fr VARCHAR NOT NULL,
    definition_en TEXT NOT NULL,
    definition_es TEXT NOT NULL,
    definition_fr TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS observations (
    id UUID NOT NULL {observations_pk},
    key_id UUID NOT NULL,
    source_id VARCHAR NOT NULL,
    indicator_id VARCHAR NOT NULL,
    jurisdiction_id VARCHAR NOT NULL,
    period_type VARCHAR NOT NULL,
    period_start DATE NOT NULL,
    period_end DATE NOT NULL,
    substance_id VARCHAR,
    sex VARCHAR NOT NULL,
    age_group VARCHAR NOT NULL,
    manner VARCHAR NOT NULL,
    setting VARCHAR NOT NULL,
    unit VARCHAR NOT NULL,
    value DOUBLE PRECISION,
    status VARCHAR NOT NULL,
    note VARCHAR,
    source_row BIGINT,
    source_file VARCHAR NOT NULL,
    vintage DATE NOT NULL,
    load_id VARCHAR NOT NULL,
    loaded_at TIMESTAMP NOT NULL,
    owner_country VARCHAR NOT NULL,
    owner_agency VARCHAR NOT NULL,
    releasability VARCHAR NOT NULL,
    tlp VARCHAR NOT NULL
);
