"""`nadd detect` and `nadd alerts` from the command line, and detection inside `nadd run`."""

from __future__ import annotations

import pandas as pd
import pytest
from typer.testing import CliRunner

from nadd.cli import app
from nadd.store import open_store
from tests.helpers import load_bundled

runner = CliRunner()
COUNTS = [3, 4, 2, 5, 3, 4, 3, 4, 2, 5, 3, 4, 3, 12]


def series_csv(tmp_path, values=COUNTS, extra=""):
    p = tmp_path / "series.csv"
    lines = ["date,observed,region"] + [f"2024-01-{i + 1:02d},{v},north" for i, v in enumerate(values)]
    p.write_text("\n".join(lines) + "\n" + extra)
    return p


def invoke(*args):
    return runner.invoke(app, [str(a) for a in args], terminal_width=250)


@pytest.mark.parametrize("command", [["detect", "file"], ["detect", "run"], ["detect", "plans"],
                                     ["alerts", "list"], ["alerts", "show"], ["alerts", "review"]])
def test_every_detect_and_alerts_command_has_help_with_an_example(command):
    result = invoke(*command, "--help")
    assert result.exit_code == 0 and "Example" in result.output
    assert "nadd " + " ".join(command) in result.output


def test_detect_file_keeps_the_input_columns_and_adds_the_results(tmp_path):
    out = tmp_path / "res.csv"
    result = invoke("detect", "file", series_csv(tmp_path), "--method", "ears-c1",
                    "--set", "baseline=7", "--set", "alpha=0.001", "--out", out)
    assert result.exit_code == 0, result.output
    df = pd.read_csv(out, keep_default_na=False)
    assert list(df.columns) == ["date", "observed", "region", "upperbound", "alarm", "expected",
                                "score"]
    assert list(df["alarm"][:7]) == [""] * 7  # no full baseline yet: undefined, left empty
    assert df["alarm"].iloc[-1] == "1" and set(df["alarm"][7:-1]) == {"0"}


def test_detect_file_range_is_1_based_like_control_range(tmp_path):
    out = tmp_path / "res.csv"
    result = invoke("detect", "file", series_csv(tmp_path), "--method", "ears-c1",
                    "--range", "13:14", "--out", out)
    assert result.exit_code == 0, result.output
    df = pd.read_csv(out)
    assert df["upperbound"].notna().tolist() == [False] * 12 + [True, True]


def test_detect_file_ears_c3_has_no_expected_or_score_columns(tmp_path):
    out = tmp_path / "res.csv"
    assert invoke("detect", "file", series_csv(tmp_path), "--method", "ears-c3", "--set",
                  "baseline=3", "--out", out).exit_code == 0
    assert list(pd.read_csv(out).columns)[-2:] == ["upperbound", "alarm"]


def test_an_unknown_method_is_refused_with_the_list_of_methods(tmp_path):
    result = invoke("detect", "file", series_csv(tmp_path), "--method", "ears-c9",
                    "--out", tmp_path / "x.csv")
    assert result.exit_code != 0
    assert "unknown detection method 'ears-c9'" in str(result.exception)
    assert "ears-c1" in result.exception.hint and "cusum" in result.exception.hint


def test_a_setting_not_spelled_as_in_r_is_refused_with_the_valid_names(tmp_path):
    result = invoke("detect", "file", series_csv(tmp_path), "--method", "ears-c1", "--set",
                    "base_line=7", "--out", tmp_path / "x.csv")
    assert "has no setting 'base_line'" in result.exception.message
    assert "baseline" in result.exception.hint and "minSigma" in result.exception.hint


def test_a_bad_csv_value_is_refused_naming_the_row_and_column(tmp_path):
    bad = series_csv(tmp_path, extra="2024-01-15,lots,north\n")
    result = invoke("detect", "file", bad, "--method", "ears-c1", "--out", tmp_path / "x.csv")
    assert result.exception.message == ("series.csv, row 16, column 'observed': 'lots' is not a "
                                        "number")


def test_a_csv_without_observed_is_refused_naming_the_columns(tmp_path):
    p = tmp_path / "c.csv"
    p.write_text("date,count\n2024-01-01,3\n")
    result = invoke("detect", "file", p, "--method", "ears-c1", "--out", tmp_path / "x.csv")
    assert "no column 'observed' (columns: date, count)" in result.exception.message


def test_a_range_outside_the_rows_is_refused(tmp_path):
    result = invoke("detect", "file", series_csv(tmp_path), "--method", "ears-c1",
                    "--range", "0:14", "--out", tmp_path / "x.csv")
    assert "outside rows 1..14" in result.exception.message


@pytest.fixture(scope="module")
def phac_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("e2e") / "nadd.duckdb"
    with open_store(f"duckdb:///{path}") as s:
        load_bundled(s, "phac_harms")
        load_bundled(s, "cdc_vsrr")
    return f"duckdb:///{path}"


def test_detect_run_then_alerts_list_show_and_review_end_to_end(phac_db):
    result = invoke("detect", "run", "--plan", "phac-quarterly", "--plan", "vsrr-annual",
                    "--db", phac_db)
    assert result.exit_code == 0, result.output
    assert "phac-quarterly" in result.output and "vsrr-annual" in result.output
    again = invoke("detect", "run", "--plan", "phac-quarterly", "--db", phac_db)
    assert "already run on this data" in again.output
    with open_store(phac_db) as s:
        runs = s.df("SELECT plan, series_run, series_refused FROM detection_runs ORDER BY plan")
        aid = s.scalar("SELECT alert_id FROM alerts WHERE plan = 'phac-quarterly' "
                       "ORDER BY alert_id LIMIT 1")
        refused = s.df("SELECT reason FROM detection_refusals")
    assert list(runs["plan"]) == ["phac-quarterly", "vsrr-annual"] and (runs["series_run"] > 0).all()
    assert refused["reason"].str.contains(r"\(suppressed\)").any()
    assert aid, "the bundled PHAC quarters raise at least one alert"
    listed = invoke("alerts", "list", "--db", phac_db, "--lang", "fr")
    assert listed.exit_code == 0 and aid in listed.output and "Gravité" in listed.output
    shown = invoke("alerts", "show", aid, "--db", phac_db)
    assert shown.exit_code == 0, shown.output
    assert "Line list" in shown.output and "alarm" in shown.output and "^" in shown.output
    ok = invoke("alerts", "review", aid, "--status", "under_review", "--by", "ana", "--why",
                "checking", "--db", phac_db)
    assert ok.exit_code == 0 and "new -> under_review" in ok.output
    bad = invoke("alerts", "review", aid, "--status", "new", "--by", "ana", "--why", "x",
                 "--db", phac_db)
    assert bad.exit_code != 0 and "confirmed, dismissed" in bad.exception.hint


def test_nadd_run_prints_one_alert_table_after_the_summary(phac_db, capsys):
    from nadd.cli.run import print_detection

    with open_store(phac_db) as s:
        print_detection(s, lang="es")
    out = capsys.readouterr().out
    assert "Alertas" in out and "phac-quarterly" in out and "alta" in out
