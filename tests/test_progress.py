import io
import time

from rich.console import Console

from nadd.ingest import progress as P


def _console() -> tuple[Console, io.StringIO]:
    buf = io.StringIO()
    return Console(file=buf, force_terminal=True, width=100), buf


def test_work_over_the_delay_shows_a_bar(monkeypatch):
    monkeypatch.setattr(P, "DELAY_S", 0.05)
    console, buf = _console()
    with P.progress("reading big.csv", total=10, console=console) as bar:
        time.sleep(0.3)
        bar.advance(10)
    assert "reading big.csv" in buf.getvalue()


def test_quick_work_shows_nothing(monkeypatch):
    monkeypatch.setattr(P, "DELAY_S", 5)
    console, buf = _console()
    with P.progress("reading small.csv", console=console) as bar:
        bar.advance(1)
    assert "small.csv" not in buf.getvalue()


def test_no_bar_when_output_is_not_a_terminal(monkeypatch):
    monkeypatch.setattr(P, "DELAY_S", 0.0)
    buf = io.StringIO()
    with P.progress("piped", console=Console(file=buf, force_terminal=False)):
        time.sleep(0.1)
    assert buf.getvalue() == ""
