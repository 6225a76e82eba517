"""Storage behind one small interface: DuckDB by default, PostgreSQL as the server store."""

from __future__ import annotations

from nadd.errors import ConfigError
from nadd.store.backend import Store


def open_store(url: str | None = None, *, migrate: bool = True) -> Store:
    """Open the store named by ``url`` (default: settings.database_url) and bring its schema up to date.

    Examples: ``duckdb:///var/nadd.duckdb``, ``duckdb:///:memory:``,
    ``postgresql://nadd@localhost:5432/nadd``.
    """
    from nadd.settings import get_settings

    url = url or get_settings().database_url
    if url.startswith("duckdb://"):
        from nadd.store.duckdb import DuckDBStore

        store: Store = DuckDBStore(url.removeprefix("duckdb:///").removeprefix("duckdb://") or ":memory:")
    elif url.startswith(("postgresql://", "postgres://")):
        from nadd.store.postgres import PostgresStore

        store = PostgresStore(url)
    else:
        raise ConfigError(
            f"unknown store URL {url!r}",
            hint="use duckdb:///path/file.duckdb or postgresql://user@host:port/db (NADD_DATABASE_URL)",
        )
    if migrate:
        store.migrate()
    return store


__all__ = ["Store", "open_store"]
