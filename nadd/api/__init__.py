"""The HTTP API (FastAPI) under /api/v1, serving the web app's pages too.

    from nadd.api import create_app
    app = create_app("duckdb:///var/nadd.duckdb", demo=True)
"""

from nadd.api.app import API_PREFIX, create_app

__all__ = ["API_PREFIX", "create_app"]
