"""Progress bars that appear only when work takes over a second."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

DELAY_S = 1.0


class _Bar:
    def __init__(self, prog: Progress | None, task: int | None):
        self._prog, self._task = prog, task

    def advance(self, n: int = 1) -> None:
        if self._prog is not None and self._task is not None:
            self._prog.advance(self._task, n)


@contextmanager
def progress(description: str, total: int | None = None, *, console: Console | None = None) -> Iterator[_Bar]:
    """A transient bar on stderr (or ``console``), shown once the block has run for DELAY_S.

    Quick work shows nothing; output that is not a terminal (CI logs, pipes) shows nothing.
    """
    from nadd.settings import get_settings

    console = console or Console(stderr=True)
    if not get_settings().progress or not console.is_terminal:
        yield _Bar(None, None)
        return
    prog = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), transient=True, console=console)
    task = prog.add_task(description, total=total)
    timer = threading.Timer(DELAY_S, prog.start)
    timer.start()
    try:
        yield _Bar(prog, task)
    finally:
        timer.cancel()
        prog.stop()
