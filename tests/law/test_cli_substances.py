"""`nadd substances ...`: single checks, batches (CSV/SDF in, CSV/JSON out) and clear refusals."""

from __future__ import annotations

import csv
import json

from rdkit import Chem
from typer.testing import CliRunner

from nadd.cli import app

runner = CliRunner()
J = ("us", "ca", "mx", "un", "nl")


def run(*args):
    return runner.invoke(app, ["substances", *args], catch_exceptions=False)


def test_check_one_name_prints_every_jurisdiction():
    r = run("check", "fentanyl citrate", "--as-of", "2026-01-01")
    assert r.exit_code == 0, r.output
    assert "PJMPHNIQZUBGLI-UHFFFAOYSA-N" in r.output
    for j in J:
        assert j.upper() in r.output


def test_batch_csv_in_csv_out_keeps_order_and_reports_bad_rows(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("name,smiles\nfentanyl,\nbad row,C1CC(\n,CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1.Cl\nxylazine,\n")
    out = tmp_path / "out.csv"
    r = run("check", "--in", str(src), "--out", str(out), "--as-of", "2026-01-01", "--processes", "1")
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(out.open()))
    assert len(rows) == 4
    for c in ("inchikey", "error", *[f"{j}_{k}" for j in J for k in ("verdict", "schedule", "provision", "rule", "effective")]):
        assert c in rows[0]
    assert rows[0]["us_verdict"] == "controlled" and rows[0]["us_schedule"] == "II"
    assert rows[1]["error"] and rows[1]["us_verdict"] == ""
    assert rows[2]["inchikey"] == rows[0]["inchikey"]
    assert rows[3]["us_verdict"] == "not_listed"
    assert "1 with errors" in r.output


def test_batch_sdf_in_json_out(tmp_path):
    sdf = tmp_path / "in.sdf"
    blocks = [Chem.MolToMolBlock(Chem.MolFromSmiles(s)) for s in ("CNC(C)Cc1ccccc1", "CCO")]
    sdf.write_text(blocks[0] + "$$$$\n" + "junk\nnot a mol\n$$$$\n" + blocks[1] + "$$$$\n")
    out = tmp_path / "out.json"
    r = run("check", "--in", str(sdf), "--out", str(out), "--processes", "1")
    assert r.exit_code == 0, r.output
    rows = json.loads(out.read_text())
    assert [bool(x["error"]) for x in rows] == [False, True, False]
    assert rows[0]["un_schedule"] == "1971-II"


def test_a_csv_without_name_or_smiles_column_is_refused_with_a_hint(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("compound\nfentanyl\n")
    r = runner.invoke(app, ["substances", "check", "--in", str(src)])
    assert r.exit_code != 0
    assert "smiles" in str(r.exception).lower() or "smiles" in r.output.lower()


def test_check_refuses_a_bad_date_and_no_input():
    assert run("check", "fentanyl", "--as-of", "01/02/2024").exit_code != 0
    assert runner.invoke(app, ["substances", "check"]).exit_code != 0


def test_show_similar_gaps_and_changes(tmp_path):
    r = run("show", "4-AP")
    assert r.exit_code == 0 and "1988-I" in r.output and "fentanyl" in r.output
    r = run("similar", "CCCC(=O)N(c1ccc(Cl)cc1)C1CCN(CCc2ccccc2)CC1", "--k", "3")
    assert r.exit_code == 0 and "fentanyl" in r.output
    out = tmp_path / "gaps.csv"
    r = run("gaps", "xylazine", "caffeine", "--out", str(out), "--as-of", "2026-01-01")
    assert r.exit_code == 0
    rows = list(csv.DictReader(out.open()))
    assert [x["controlled_in"] for x in rows] == ["", "mx"]
    r = run("changes", "--since", "2027-01-01", "--jurisdiction", "ca")
    assert r.exit_code == 0 and "spirobrorphine" in r.output


def test_every_substances_command_has_help_with_an_example():
    for cmd in ("check", "show", "similar", "gaps", "changes"):
        r = run(cmd, "--help")
        assert r.exit_code == 0 and "Example:" in r.output


def test_gaps_from_store_reads_the_substances_of_the_observations(tmp_path):
    import uuid

    from nadd.store import open_store

    url = f"duckdb:///{tmp_path / 's.duckdb'}"
    with open_store(url) as s:
        for sid in ("xylazine", "fentanyl", "khat"):
            s.execute(
                "INSERT INTO observations VALUES (?, ?, 'src', 'lab_reports', 'US', 'year', DATE '2024-01-01', "
                "DATE '2024-12-31', ?, 'all', 'all', 'all', 'all', 'count', 1, 'reported', NULL, 1, 'f.csv', "
                "DATE '2025-01-01', 'load', TIMESTAMP '2025-01-01 00:00:00', 'US', 'DEA', 'public', 'CLEAR')",
                [str(uuid.uuid4()), str(uuid.uuid4()), sid])
    out = tmp_path / "gaps.json"
    r = run("gaps", "--from-store", "--db", url, "--out", str(out), "--as-of", "2026-01-01")
    assert r.exit_code == 0, r.output
    rows = {x["substance"]: x for x in json.loads(out.read_text())}
    assert rows["Fentanyl"]["controlled_in"] == "us;ca;mx;un;nl"
    assert rows["Xylazine"]["controlled_in"] == ""
    khat = next(v for k, v in rows.items() if k.startswith("Khat"))
    assert "no single structure" in khat["error"]
