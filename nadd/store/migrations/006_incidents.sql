-- Incidents (seizures, postal items, express consignments, precursor shipments, firearm
-- recoveries, suspicious financial reports), their items, firearms, transactions and party
-- appearances (nadd/incidents). Every table carries the sharing columns and a synthetic flag.
-- Portable SQL for DuckDB and PostgreSQL.

CREATE TABLE IF NOT EXISTS incident_loads (
    load_id VARCHAR PRIMARY KEY,
    source VARCHAR NOT NULL,
    files_sha256 VARCHAR NOT NULL,
    rows_read BIGINT NOT NULL,
    rows_added BIGINT NOT NULL,
    synthetic BOOLEAN NOT NULL,
    loaded_at TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS incidents (
    incident_id VARCHAR PRIMARY KEY,
    kind VARCHAR NOT NULL,
    event_date DATE NOT NULL,
    mode VARCHAR,
    jurisdiction_id VARCHAR NOT NULL,
    office VARCHAR,
    origin_country VARCHAR,
    transit_countries VARCHAR,
    destination_country VARCHAR,
    destination_jurisdiction_id VARCHAR,
    concealment VARCHAR,
    tracking_number VARCHAR,
    tracking_number_valid BOOLEAN,
    description TEXT,
    source_agency VARCHAR,
    owner_country VARCHAR NOT NULL,
    owner_agency VARCHAR NOT NULL,
    releasability VARCHAR NOT NULL,
    tlp VARCHAR NOT NULL,
    synthetic BOOLEAN NOT NULL,
    load_id VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS incident_items (
    incident_id VARCHAR NOT NULL,
    item_no BIGINT NOT NULL,
    substance_id VARCHAR NOT NULL,
    quantity DOUBLE PRECISION,
    unit VARCHAR,
    purity_pct DOUBLE PRECISION,
    owner_country VARCHAR NOT NULL,
    owner_agency VARCHAR NOT NULL,
    releasability VARCHAR NOT NULL,
    tlp VARCHAR NOT NULL,
    synthetic BOOLEAN NOT NULL,
    load_id VARCHAR NOT NULL,
    PRIMARY KEY (incident_id, item_no)
);

CREATE TABLE IF NOT EXISTS firearms (
    firearm_id VARCHAR PRIMARY KEY,
    incident_id VARCHAR NOT NULL,
    make VARCHAR,
    model VARCHAR,
    calibre VARCHAR,
    serial VARCHAR,
    source_country VARCHAR,
    source_jurisdiction_id VARCHAR,
    purchase_date DATE,
    recovery_date DATE,
    time_to_crime_days BIGINT,
    owner_country VARCHAR NOT NULL,
    owner_agency VARCHAR NOT NULL,
    releasability VARCHAR NOT NULL,
    tlp VARCHAR NOT NULL,
    synthetic BOOLEAN NOT NULL,
    load_id VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS transactions (
    transaction_id VARCHAR PRIMARY KEY,
    incident_id VARCHAR NOT NULL,
    date DATE NOT NULL,
    amount DOUBLE PRECISION NOT NULL,
    currency VARCHAR NOT NULL,
    channel VARCHAR NOT NULL,
    from_account VARCHAR,
    to_account VARCHAR,
    from_record_id VARCHAR,
    to_record_id VARCHAR,
    red_flags VARCHAR,
    owner_country VARCHAR NOT NULL,
    owner_agency VARCHAR NOT NULL,
    releasability VARCHAR NOT NULL,
    tlp VARCHAR NOT NULL,
    synthetic BOOLEAN NOT NULL,
    load_id VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS parties (
    record_id VARCHAR PRIMARY KEY,
    incident_id VARCHAR NOT NULL,
    role VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    full_name VARCHAR,
    given_name VARCHAR,
    family_name VARCHAR,
    second_family_name VARCHAR,
    dob DATE,
    nationality VARCHAR,
    address VARCHAR,
    city VARCHAR,
    region VARCHAR,
    postcode VARCHAR,
    country VARCHAR,
    phone VARCHAR,
    email VARCHAR,
    account VARCHAR,
    wallet VARCHAR,
    source_agency VARCHAR,
    owner_country VARCHAR NOT NULL,
    owner_agency VARCHAR NOT NULL,
    releasability VARCHAR NOT NULL,
    tlp VARCHAR NOT NULL,
    synthetic BOOLEAN NOT NULL,
    load_id VARCHAR NOT NULL
);
