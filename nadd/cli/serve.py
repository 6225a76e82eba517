"""`nadd serve`: the web app and the /api/v1 API in one process (uvicorn)."""

from __future__ import annotations

import typer

from nadd.cli._common import console


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_cmd)


def serve_cmd(
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on (0.0.0.0: all)."),
    port: int = typer.Option(8000, "--port", help="TCP port."),
    demo: bool = typer.Option(False, "--demo/--no-demo",
                              help="Create demo organisations, users (printed passwords) and "
                                   "restricted synthetic records. Never on a real deployment."),
    store: str = typer.Option(None, "--store", help="Store URL (default: NADD_DATABASE_URL)."),
    load: bool = typer.Option(None, "--load/--no-load",
                              help="Load the bundled public data and run detection first "
                                   "(default: with --demo, when the store is empty)."),
) -> None:
    """Serve the web app (pages at /) and the API (/api/v1, docs at /api/v1/docs).

    Example: nadd serve --demo --port 8000    (then open http://127.0.0.1:8000/)
    """
    import uvicorn

    from nadd.api import create_app
    from nadd.store import open_store

    with open_store(store) as s:
        url = s.url if s.url.startswith("duckdb") else store
        empty = not s.scalar("SELECT count(*) FROM loads")
        if load or (load is None and demo and empty):
            _load(s)
        if demo:
            from nadd.access.demo import seed, seed_incidents

            _print_credentials(seed(s))
            seed_incidents(s, say=lambda m: console.print(f"demo: {m}..."))
    console.print(f"nadd at http://{host}:{port}/   API docs: http://{host}:{port}/api/v1/docs")
    app = create_app(url, demo=demo)
    try:
        uvicorn.run(app, host=host, port=port, log_level="info")
    finally:
        app.state.hub.close()


def _load(store) -> None:
    from nadd.cli.run import print_detection
    from nadd.ingest import ingest

    console.print("loading the bundled public data and running detection (first start only)...")
    ingest(store)
    print_detection(store)


def _print_credentials(creds: dict[str, str]) -> None:
    from rich.table import Table

    from nadd.access.demo import DEMO_ORGS, DEMO_USERS

    table = Table(title="DEMO accounts (demo only: never use on a real deployment)",
                  title_justify="left")
    for col in ("username", "password", "organisation", "country", "roles"):
        table.add_column(col)
    for user, password in creds.items():
        org, roles = DEMO_USERS[user]
        table.add_row(user, password, DEMO_ORGS[org][2], DEMO_ORGS[org][1], ", ".join(roles))
    console.print(table)
