"""The command line: help with examples everywhere, readable errors, the main paths work."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from nadd.cli import app

runner = CliRunner()


def _commands() -> list[str]:
    out = runner.invoke(app, ["--help"], terminal_width=200).output
    return [c for c in ("ingest", "sources", "summary", "observations", "run") if re.search(rf"\b{c}\b", out)]


def test_every_command_is_listed():
    assert _commands() == ["ingest", "sources", "summary", "observations", "run"]


@pytest.mark.parametrize("command", ["ingest", "sources", "summary", "observations", "run"])
def test_every_command_has_help_with_an_example(command):
    result = runner.invoke(app, [command, "--help"], terminal_width=200)
    assert result.exit_code == 0
    assert "Example" in result.output and "nadd " + command in result.output


def test_sources_lists_the_bundled_sources():
    result = runner.invoke(app, ["sources"], terminal_width=250)
    assert result.exit_code == 0 and "cdc_vsrr" in result.output


def test_ingest_check_reports_and_writes_nothing(tmp_path):
    db = f"duckdb:///{tmp_path / 'c.duckdb'}"
    result = runner.invoke(app, ["ingest", "cdc_vsrr", "--check", "--db", db], terminal_width=250)
    assert result.exit_code == 0, result.output
    assert "checked" in result.output  # the note column: "checked only, nothing written"
    from nadd.store import open_store

    with open_store(db) as s:
        assert s.scalar("SELECT count(*) FROM observations") == 0


def test_ingest_then_observations_as_of_from_the_command_line(tmp_path):
    db = f"duckdb:///{tmp_path / 'c.duckdb'}"
    assert runner.invoke(app, ["ingest", "cdc_vsrr", "--db", db]).exit_code == 0
    out = tmp_path / "us.csv"
    result = runner.invoke(app, ["observations", "--db", db, "--indicator", "drug_deaths",
                                 "--jurisdiction", "US", "--substance", "all-drugs",
                                 "--start", "2017-12-01", "--end", "2018-11-30", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "66986.0" in out.read_text()
    early = runner.invoke(app, ["observations", "--db", db, "--source", "cdc_vsrr", "--as-of", "2019-01-01"],
                          terminal_width=200)
    assert "0 observations" in early.output


def test_a_validation_failure_prints_one_table_and_exits_non_zero(tmp_path):
    import subprocess
    import sys

    bad = tmp_path / "VSRR_Provisional_Drug_Overdose_Death_Counts_bad.csv"
    bad.write_text("State,Year,Month,Period,Indicator,Data Value,Predicted Value\n"
                   "ZZ,2018,Smarch,12 month-ending,Number of Deaths,12x,\n")
    db = f"duckdb:///{tmp_path / 'c.duckdb'}"
    proc = subprocess.run([sys.executable, "-m", "nadd.cli", "ingest", "cdc_vsrr", "--file", str(bad),
                           "--vintage", "2026-01-01", "--db", db], capture_output=True, text=True,
                          env={**__import__("os").environ, "COLUMNS": "250"})
    assert proc.returncode == 1
    assert "nothing was written" in proc.stderr
    for expected in ("State", "Month", "row", "2"):
        assert expected in proc.stderr
