"""Console output shared by the commands: one way to show an error."""

from __future__ import annotations

import sys

from rich.console import Console
from rich.table import Table

from nadd.errors import NaddError, ValidationFailed

# Wide tables stay readable when piped to a file or a CI log (rich assumes 80 columns there).
console = Console(width=None if sys.stdout.isatty() else 200)
err_console = Console(stderr=True, width=None if sys.stderr.isatty() else 200)


def fail(e: NaddError) -> None:
    """Print an error: the message, every failure as one table, and the hint."""
    if isinstance(e, ValidationFailed):
        table = Table(title=f"{len(e.failures)} problem(s) found; nothing was written",
                      title_justify="left", show_lines=False)
        for col in ("file", "row", "column", "found", "expected", "how to fix"):
            table.add_column(col, overflow="fold")
        for f in e.failures[:200]:
            table.add_row(f.file, "" if f.row is None else str(f.row), f.column or "",
                          "" if f.value is None else repr(f.value)[:60], f.expected, f.hint)
        err_console.print(table)
        if len(e.failures) > 200:
            err_console.print(f"... and {len(e.failures) - 200} more")
    else:
        err_console.print(f"[bold red]Error:[/] {e.message}", highlight=False)
        if e.hint:
            err_console.print(f"[bold]Hint:[/] {e.hint}", highlight=False)


def language(lang: str | None) -> str:
    """The language asked for on the command line, else the configured one (NADD_LANGUAGE)."""
    from nadd.settings import get_settings

    return lang or get_settings().language
