-- Access control (nadd/access): organisations, users and roles, sessions, API tokens, audit log.
-- Portable SQL for DuckDB and PostgreSQL. Secrets are never stored: passwords as argon2 hashes,
-- session and API tokens as SHA-256 digests of random tokens.

CREATE TABLE IF NOT EXISTS orgs (
    org_id VARCHAR PRIMARY KEY,
    agency VARCHAR NOT NULL,          -- the owner_agency value of the records this org owns
    country VARCHAR NOT NULL,         -- ISO 3166-1 alpha-2: US, CA, MX, NL, ...
    name VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS users (
    user_id VARCHAR PRIMARY KEY,
    username VARCHAR NOT NULL UNIQUE,
    org_id VARCHAR NOT NULL,
    password_hash VARCHAR NOT NULL,
    display_name VARCHAR NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS user_roles (
    user_id VARCHAR NOT NULL,
    role VARCHAR NOT NULL,            -- viewer | analyst | steward | admin
    PRIMARY KEY (user_id, role)
);

CREATE TABLE IF NOT EXISTS sessions (
    token_hash VARCHAR PRIMARY KEY,
    user_id VARCHAR NOT NULL,
    csrf_token VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS api_tokens (
    token_hash VARCHAR PRIMARY KEY,
    token_id VARCHAR NOT NULL UNIQUE,
    user_id VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP,
    revoked BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE IF NOT EXISTS audit_log (
    audit_id VARCHAR PRIMARY KEY,
    logged_at TIMESTAMP NOT NULL,
    user_id VARCHAR,
    username VARCHAR NOT NULL,
    org_id VARCHAR,
    action VARCHAR NOT NULL,          -- read_restricted | export | login | login_failed | logout | token | review
    target VARCHAR NOT NULL,          -- route or object read
    detail TEXT NOT NULL,             -- query parameters, record count, format
    n_restricted BIGINT NOT NULL
);

CREATE INDEX IF NOT EXISTS audit_log_at ON audit_log (logged_at);
