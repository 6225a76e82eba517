"""Store reads obey the access rule; the CLI runs every analysis from a folder and the store."""

import json

import pyarrow as pa
import pytest
from typer.testing import CliRunner

from nadd.access import ANONYMOUS, Principal, can_see
from nadd.cli import app
from nadd.networks import find_cases, read_store

runner = CliRunner()
MX_FGR = Principal(user_id=None, username="t", org_id=None, agency="FGR", country="MX",
                   roles=frozenset({"analyst"}))


@pytest.fixture(scope="module")
def loaded(small_dir, tmp_path_factory):
    from nadd.incidents import load, read_folder
    from nadd.store import open_store

    url = f"duckdb:///{tmp_path_factory.mktemp('db') / 'n.duckdb'}"
    with open_store(url) as s:
        load(s, read_folder(small_dir), source="small")
    return url


def _visible_ids(frames_table, principal):
    return {r["incident_id"] for r in frames_table.to_dict("records") if can_see(principal, r)}


def test_the_store_shows_each_reader_only_what_the_access_rule_allows(loaded, small):
    from nadd.store import open_store

    with open_store(loaded) as s:
        public = read_store(s)
        fgr = read_store(s, MX_FGR)
    assert len(public.incidents) < len(fgr.incidents) < len(small.incidents)
    assert set(public.incidents["incident_id"]) == _visible_ids(small.incidents, ANONYMOUS)
    assert set(fgr.incidents["incident_id"]) == _visible_ids(small.incidents, MX_FGR)
    # Rows hanging off an incident are dropped with it, even when they are themselves visible.
    for frame in (fgr.items, fgr.parties, fgr.transactions, fgr.firearms):
        assert set(frame["incident_id"]) <= set(fgr.incidents["incident_id"])
        assert all(can_see(MX_FGR, r) for r in frame.to_dict("records"))
    cases = find_cases(fgr.incidents, fgr.parties, None, fgr.transactions)
    assert set(cases.members["incident_id"]) <= set(fgr.incidents["incident_id"])


def _run(args):
    result = runner.invoke(app, ["networks", *args], terminal_width=200)
    assert result.exit_code == 0, result.output
    return result.output


def test_cli_cases_evaluates_against_the_truth_and_writes_json(small_dir, tmp_path):
    out = tmp_path / "cases.json"
    text = _run(["cases", "--dir", str(small_dir), "--keys", "truth", "--evaluate", "--out", str(out)])
    assert "SYNTHETIC DATA" in text and "pair_f1" in text
    body = json.loads(out.read_text(encoding="utf-8"))
    assert body["synthetic"] is True
    assert {"cases", "members", "links", "recovery"} <= set(body)
    assert body["cases"][0]["incidents"] >= body["cases"][-1]["incidents"]


def test_cli_flows_actors_typologies_firearms(small_dir, tmp_path):
    flows = tmp_path / "flows.json"
    _run(["flows", "--dir", str(small_dir), "--mode", "postal", "--out", str(flows)])
    sankey = json.loads(flows.read_text(encoding="utf-8"))
    ids = {n["id"] for n in sankey["nodes"]}
    assert sankey["links"] and all(x["source"] in ids and x["target"] in ids for x in sankey["links"])
    assert {r["mode"] for r in sankey["routes"]} <= {"international_mail", "express_consignment"}
    assert "broker" in _run(["actors", "--dir", str(small_dir), "--keys", "truth", "--limit", "3"])
    flags = tmp_path / "flags.csv"
    _run(["typologies", "--dir", str(small_dir), "--chains", "--out", str(flags)])
    assert flags.read_text(encoding="utf-8").startswith("typology,account,currency,indicator")
    text = _run(["firearms", "--dir", str(small_dir), "--level", "place", "--lang", "es"])
    assert "tiempo hasta el delito" in text and "share_short_ttc" in text


def test_cli_reads_the_store_as_an_agency(loaded):
    public = _run(["cases", "--db", loaded])
    agency = _run(["cases", "--db", loaded, "--as-country", "MX", "--as-agency", "FGR"])
    count = lambda text: int(text.split("Cases (linked incidents) (")[1].split(")")[0])
    assert count(public) <= count(agency)


def test_cli_names_a_missing_folder(tmp_path):
    result = runner.invoke(app, ["networks", "cases", "--dir", str(tmp_path / "nope")])
    assert result.exit_code != 0
    assert "nadd incidents generate" in str(result.exception.hint)


def test_the_store_reader_keys_parties_by_the_latest_linkage_run(loaded, small):
    from nadd.networks import party_keys
    from nadd.store import open_store

    truth = small.party_truth
    with open_store(loaded) as s:
        for run, at, clusters in (("old", "2024-01-01", truth["record_id"]),
                                  ("new", "2024-02-01", truth["entity_id"])):
            s.execute("DELETE FROM party_clusters WHERE run_id = ?", [run])
            s.execute("DELETE FROM link_runs WHERE run_id = ?", [run])
            s.execute("INSERT INTO link_runs (run_id, engine, settings_version, threshold, n_records, "
                      "n_pairs_scored, n_links, n_clusters, seconds, model_json, created_at) "
                      "VALUES (?, 'duckdb', 't', 0.95, 0, 0, 0, 0, 0, '{}', ?)", [run, at])
            s.insert("party_clusters", pa.table({"run_id": [run] * len(truth),
                                                 "record_id": truth["record_id"].astype(str),
                                                 "cluster_id": clusters.astype(str)}))
        frames = read_store(s, MX_FGR)
        old = read_store(s, MX_FGR, run_id="old")
    keys = party_keys(frames)  # auto: the clusters of the latest run
    expected = dict(zip(truth["record_id"], truth["entity_id"], strict=True))
    assert len(keys) == len(frames.parties) > 0
    assert all(expected[r] == k for r, k in keys.items())
    assert (party_keys(old).index == party_keys(old).to_numpy()).all()


def test_store_reads_are_the_same_on_duckdb_and_postgresql(any_store, small_dir, small):
    from nadd.incidents import load, read_folder

    load(any_store, read_folder(small_dir), source="small")
    fgr = read_store(any_store, MX_FGR)
    assert set(fgr.incidents["incident_id"]) == _visible_ids(small.incidents, MX_FGR)
    assert set(fgr.parties["incident_id"]) <= set(fgr.incidents["incident_id"])
    assert fgr.items["quantity"].dtype.kind == "f" and fgr.incidents["event_date"].dtype.kind == "M"


def test_cli_typology_parameters_can_be_set_and_are_written_out(small_dir, tmp_path):
    out = tmp_path / "flags.json"
    _run(["typologies", "--dir", str(small_dir), "--set", "structuring_count=99", "--set",
          "cash_only=false", "--out", str(out)])
    body = json.loads(out.read_text(encoding="utf-8"))
    assert not [f for f in body["flags"] if f["typology"] == "structuring"]
    params = {r["parameter"]: r["value"] for r in body["parameters"]}
    assert params["structuring_count"] == "99" and params["cash_only"] == "False"
    bad = runner.invoke(app, ["networks", "typologies", "--dir", str(small_dir), "--set", "nope=1"])
    assert bad.exit_code != 0 and "unknown parameter" in bad.output
