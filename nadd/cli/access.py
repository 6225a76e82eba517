"""`nadd access`: organisations, users and roles, and the audit log (for whoever runs the node)."""

from __future__ import annotations

import sys

import typer
from rich.table import Table

from nadd.cli._common import console

access_app = typer.Typer(help="Organisations, users, roles and the audit log of this node.\n\n"
                              "Example: nadd access users add ana.lopez --org mx-ssa --role analyst",
                         no_args_is_help=True)
orgs_app = typer.Typer(help="Organisations (agency, country).\n\nExample: nadd access orgs list",
                       no_args_is_help=True)
users_app = typer.Typer(help="Users and their roles (viewer, analyst, steward, admin).\n\n"
                             "Example: nadd access users list --org us-cdc", no_args_is_help=True)
access_app.add_typer(orgs_app, name="orgs")
access_app.add_typer(users_app, name="users")
DB = typer.Option(None, "--db", help="Store URL (default: NADD_DATABASE_URL).")


def register(app: typer.Typer) -> None:
    app.add_typer(access_app, name="access")


def _table(df, title: str) -> Table:
    table = Table(title=f"{title} ({len(df):,})", title_justify="left")
    for c in df.columns:
        table.add_column(c)
    for r in df.itertuples(index=False):
        table.add_row(*("" if v is None else str(v) for v in r))
    return table


def _password(stdin: bool) -> str:
    """From stdin (scripts) or an interactive prompt typed twice, never from the command line."""
    if stdin:
        return sys.stdin.readline().rstrip("\n")
    return typer.prompt("Password", hide_input=True, confirmation_prompt=True)


@orgs_app.command("list")
def orgs_list(database: str = DB) -> None:
    """Organisations with their number of active users.

    Example: nadd access orgs list
    """
    from nadd.access.admin import list_orgs
    from nadd.store import open_store

    with open_store(database) as store:
        console.print(_table(list_orgs(store), "Organisations"))


@orgs_app.command("add")
def orgs_add(
    org_id: str = typer.Argument(..., help="Short id, e.g. mx-ssa."),
    agency: str = typer.Option(..., "--agency", help="The owner_agency value its records carry, e.g. SSA."),
    country: str = typer.Option(..., "--country", help="ISO 3166-1 alpha-2: US, CA, MX, NL, ..."),
    name: str = typer.Option(..., "--name", help="Full name shown to users."),
    database: str = DB,
) -> None:
    """Add an organisation.

    Example: nadd access orgs add mx-ssa --agency SSA --country MX --name "Secretaría de Salud"
    """
    from nadd.access.admin import add_org
    from nadd.store import open_store

    with open_store(database) as store:
        add_org(store, org_id, agency=agency, country=country, name=name)
    console.print(f"added organisation {org_id}")


@users_app.command("list")
def users_list(org: str = typer.Option(None, "--org", help="Only users of this organisation."),
               database: str = DB) -> None:
    """Users with their organisation, roles and whether they are active (never password hashes).

    Example: nadd access users list --org ca-phac
    """
    from nadd.access.admin import list_users
    from nadd.store import open_store

    with open_store(database) as store:
        console.print(_table(list_users(store, org_id=org), "Users"))


@users_app.command("add")
def users_add(
    username: str = typer.Argument(..., help="Sign-in name."),
    org: str = typer.Option(..., "--org", help="Organisation id (see `nadd access orgs list`)."),
    role: list[str] = typer.Option(["viewer"], "--role", help="viewer, analyst, steward or admin; repeatable."),
    display_name: str = typer.Option(None, "--name", help="Name shown in the app (default: the username)."),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password from stdin."),
    database: str = DB,
) -> None:
    """Add a user; the password is prompted for (or read from stdin), hashed with argon2id.

    Example: echo 's3cret-pass' | nadd access users add ana.lopez --org mx-ssa --role analyst --password-stdin
    """
    from nadd.access.admin import add_user
    from nadd.store import open_store

    password = _password(password_stdin)
    with open_store(database) as store:
        add_user(store, username, password, org_id=org, roles=role, display_name=display_name)
    console.print(f"added user {username} ({org}: {', '.join(role)})")


@users_app.command("roles")
def users_roles(username: str = typer.Argument(...),
                role: list[str] = typer.Option(..., "--role", help="The user's new roles; repeatable."),
                database: str = DB) -> None:
    """Replace a user's roles (takes effect on their next request).

    Example: nadd access users roles ana.lopez --role analyst --role steward
    """
    from nadd.access.admin import set_roles
    from nadd.store import open_store

    with open_store(database) as store:
        set_roles(store, username, role)
    console.print(f"{username}: {', '.join(role)}")


@users_app.command("disable")
def users_disable(username: str = typer.Argument(...), database: str = DB) -> None:
    """Deactivate a user: sessions end and API tokens are revoked at once.

    Example: nadd access users disable ana.lopez
    """
    from nadd.access.admin import set_active
    from nadd.store import open_store

    with open_store(database) as store:
        set_active(store, username, False)
    console.print(f"{username} deactivated")


@users_app.command("enable")
def users_enable(username: str = typer.Argument(...), database: str = DB) -> None:
    """Re-activate a user (their old API tokens stay revoked).

    Example: nadd access users enable ana.lopez
    """
    from nadd.access.admin import set_active
    from nadd.store import open_store

    with open_store(database) as store:
        set_active(store, username, True)
    console.print(f"{username} active")


@users_app.command("password")
def users_password(username: str = typer.Argument(...),
                   password_stdin: bool = typer.Option(False, "--password-stdin",
                                                       help="Read the password from stdin."),
                   database: str = DB) -> None:
    """Set a new password; the user's sessions end.

    Example: nadd access users password ana.lopez
    """
    from nadd.access.admin import set_password
    from nadd.store import open_store

    password = _password(password_stdin)
    with open_store(database) as store:
        set_password(store, username, password)
    console.print(f"password of {username} changed; their sessions ended")


@access_app.command("audit")
def audit_cmd(action: str = typer.Option(None, "--action",
                                         help="read_restricted, export, login, login_failed, admin, ..."),
              user: str = typer.Option(None, "--user", help="Only this username."),
              limit: int = typer.Option(50, "--limit", help="Rows to print (most recent first)."),
              database: str = DB) -> None:
    """The audit log: who read restricted records or exported, what, when.

    Example: nadd access audit --action export --limit 20
    """
    from nadd.access import audit_entries
    from nadd.store import open_store

    with open_store(database) as store:
        df = audit_entries(store, action=action, username=user, limit=limit)
    cols = ["logged_at", "username", "org_id", "action", "target", "n_restricted", "detail"]
    console.print(_table(df[cols], "Audit log"))
