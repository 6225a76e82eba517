"""`nadd incidents generate | load | list` end to end on the small scenario."""

import pytest
from typer.testing import CliRunner

from nadd.cli import app

runner = CliRunner()


@pytest.mark.parametrize("command", ["generate", "load", "list"])
def test_every_incidents_command_has_help_with_an_example(command):
    result = runner.invoke(app, ["incidents", command, "--help"], terminal_width=200)
    assert result.exit_code == 0 and "Example: nadd incidents " + command in result.output


def test_generate_load_twice_and_list(tmp_path):
    out, db = tmp_path / "syn", f"duckdb:///{tmp_path / 'i.duckdb'}"
    r = runner.invoke(app, ["incidents", "generate", "--scenario", "small", "--seed", "4", "--out", str(out)],
                      terminal_width=200)
    assert r.exit_code == 0, r.output
    assert (out / "truth" / "party_truth.csv").exists()
    first = runner.invoke(app, ["incidents", "load", str(out), "--db", db], terminal_width=200)
    again = runner.invoke(app, ["incidents", "load", str(out), "--db", db], terminal_width=200)
    assert first.exit_code == 0 and again.exit_code == 0
    assert first.output.split()[0] != "0" and again.output.startswith("0 of")
    listed = runner.invoke(app, ["incidents", "list", "--kind", "firearm_recovery", "--db", db, "--lang", "es"],
                           terminal_width=250)
    assert listed.exit_code == 0 and "SINTÉTICO" in listed.output and "Recuperación de arma de fuego" in listed.output
    public = runner.invoke(app, ["incidents", "list", "--public", "--db", db], terminal_width=250)
    assert "(0)" in public.output


def test_load_check_reports_problems_and_writes_nothing(tmp_path):
    (tmp_path / "incidents.csv").write_text("incident_id,kind,event_date\nA,raid,2024-13-01\n")
    db = f"duckdb:///{tmp_path / 'i.duckdb'}"
    r = runner.invoke(app, ["incidents", "load", str(tmp_path), "--check", "--db", db], terminal_width=250)
    assert r.exit_code != 0
    assert isinstance(r.exception, Exception) and "problem" in str(r.exception)


def test_unknown_scenario_is_refused_with_the_choices(tmp_path):
    r = runner.invoke(app, ["incidents", "generate", "--scenario", "huge", "--out", str(tmp_path)])
    assert r.exit_code != 0 and "standard" in str(r.exception.hint)
