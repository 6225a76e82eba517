import csv
import hashlib
from collections import Counter, defaultdict

import pytest

from nadd.incidents.synth import background as bg
from nadd.incidents.synth.calibration import cbp_cells, targets
from nadd.incidents.synth.generator import build, generate

FILES = ["incidents.csv", "incident_items.csv", "firearms.csv", "transactions.csv", "parties.csv",
         "truth/party_truth.csv", "truth/networks.csv", "truth/incident_networks.csv", "truth/README.md"]


def _rows(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _digest(folder):
    return {f: hashlib.sha256((folder / f).read_bytes()).hexdigest() for f in FILES}


def test_same_seed_gives_byte_identical_files_and_another_seed_does_not(tmp_path, small_dir):
    generate("small", 1, tmp_path / "again")
    generate("small", 2, tmp_path / "other")
    assert _digest(tmp_path / "again") == _digest(small_dir)
    other = _digest(tmp_path / "other")
    assert all(other[f] != _digest(small_dir)[f] for f in FILES[:5])


def test_every_generated_incident_is_labelled_synthetic(small_dir):
    assert {r["synthetic"] for r in _rows(small_dir / "incidents.csv")} == {"true"}
    assert "SYNTHETIC" in (small_dir / "truth" / "README.md").read_text()


def test_truth_covers_every_party_record_and_only_existing_ids(small_dir):
    parties = {r["record_id"]: r for r in _rows(small_dir / "parties.csv")}
    truth = {r["record_id"]: r["entity_id"] for r in _rows(small_dir / "truth" / "party_truth.csv")}
    assert set(truth) == set(parties)
    incidents = {r["incident_id"] for r in _rows(small_dir / "incidents.csv")}
    nets = _rows(small_dir / "truth" / "incident_networks.csv")
    assert {r["incident_id"] for r in nets} <= incidents
    assert {r["network_id"] for r in nets} == {"NET-PRECURSOR", "NET-PILLPRESS", "NET-LANDPOE", "NET-FUNNEL",
                                                "NET-STRAW", "NET-CAPOSTAL"}
    for t in ("incident_items.csv", "firearms.csv", "transactions.csv"):
        assert {r["incident_id"] for r in _rows(small_dir / t)} <= incidents
    for r in _rows(small_dir / "transactions.csv"):
        for c in ("from_record_id", "to_record_id"):
            assert not r[c] or r[c] in parties


def test_network_incidents_involve_network_members_and_members_recur(small_dir):
    truth = {r["record_id"]: r["entity_id"] for r in _rows(small_dir / "truth" / "party_truth.csv")}
    members = defaultdict(set)
    for r in _rows(small_dir / "truth" / "networks.csv"):
        members[r["network_id"]].add(r["entity_id"])
    net_of = {r["incident_id"]: r["network_id"] for r in _rows(small_dir / "truth" / "incident_networks.csv")}
    seen = Counter()
    for p in _rows(small_dir / "parties.csv"):
        if p["incident_id"] in net_of:
            assert truth[p["record_id"]] in members[net_of[p["incident_id"]]]
            seen[truth[p["record_id"]]] += 1
    assert max(seen.values()) >= 3  # linkage has something to find


def test_no_kind_of_incident_belongs_to_the_networks_alone(small_dir):
    net = {r["incident_id"] for r in _rows(small_dir / "truth" / "incident_networks.csv")}
    by_kind = defaultdict(lambda: [0, 0])
    for r in _rows(small_dir / "incidents.csv"):
        by_kind[(r["kind"], r["owner_country"])][r["incident_id"] in net] += 1
    assert all(bg_n > 0 for bg_n, _ in by_kind.values()), dict(by_kind)


def test_ids_do_not_give_away_the_network_incidents(small_dir):
    ids = sorted(int(r["incident_id"].split("-I")[1]) for r in _rows(small_dir / "truth" / "incident_networks.csv"))
    n = len(_rows(small_dir / "incidents.csv"))
    assert ids[-1] > n / 2 and ids[0] < n / 2  # spread over the numbering, not first


def test_parties_go_through_the_observation_noise_model(small_dir):
    """Records of one entity differ somewhere (G's corrupt.observe); without it they would be equal."""
    pytest.importorskip("nadd.incidents.corrupt")
    truth = {r["record_id"]: r["entity_id"] for r in _rows(small_dir / "truth" / "party_truth.csv")}
    by_entity = defaultdict(set)
    for p in _rows(small_dir / "parties.csv"):
        by_entity[truth[p["record_id"]]].add((p["full_name"], p["phone"], p["address"]))
    repeated = [v for v in by_entity.values() if len(v) > 1]
    assert repeated


@pytest.fixture(scope="module")
def standard():
    return build("standard", 11, noise=False)


def _us_background(b):
    net = {i for i, _ in b.incident_networks}
    inc = {r["incident_id"]: r for r in b.rows["incidents"] if r["incident_id"] not in net
           and r["owner_agency"] in ("CBP", "USBP")}
    items = [x for x in b.rows["incident_items"] if x["incident_id"] in inc]
    return inc, items


@pytest.mark.slow
def test_us_seizures_match_cbp_fy2024_events_and_drug_mix(standard):
    inc, items = _us_background(standard)
    cells = cbp_cells()
    want = cells["events"].sum() * 0.1
    assert abs(len(inc) - want) / want < 0.03
    share = cells.groupby("drug")["events"].sum() / cells["events"].sum()
    got = Counter(x["substance_id"] for x in items)
    for drug, s in share.items():
        assert abs(got[bg.CBP_DRUG[drug]] / len(items) - s) < 0.015, drug


@pytest.mark.slow
def test_us_seized_pounds_per_drug_match_cbp_within_2_percent(standard):
    _, items = _us_background(standard)
    cells = cbp_cells()
    lbs = cells.groupby("drug")["lbs"].sum() * 0.1
    events = cells.groupby("drug")["events"].sum() * 0.1
    got = defaultdict(float)
    for x in items:
        got[x["substance_id"]] += float(x["quantity"])
    for drug in lbs.index:
        if events[drug] >= 100:
            assert abs(got[bg.CBP_DRUG[drug]] / lbs[drug] - 1) < 0.02, drug


@pytest.mark.slow
def test_us_region_mix_matches_cbp(standard):
    inc, _ = _us_background(standard)
    cells = cbp_cells()
    sw = cells[cells["region"] == "Southwest Border"]["events"].sum() / cells["events"].sum()
    land_sw = sum(1 for r in inc.values() if r["origin_country"] == "MX" and r["mode"].startswith(("land_poe", "between")))
    assert abs(land_sw / len(inc) - sw) < 0.03


@pytest.mark.slow
def test_mexican_retail_seizures_follow_sesnsp_by_state(standard):
    mx = Counter(r["jurisdiction_id"] for r in standard.rows["incidents"]
                 if r["description"].startswith("Narcomenudeo"))
    t = targets()["sesnsp_2024"]["narcomenudeo"]
    total = sum(t.values())
    assert abs(sum(mx.values()) - total * 0.008) / (total * 0.008) < 0.03
    for state in ("MX-GUA", "MX-COA", "MX-BCN", "MX-NLE"):  # the big ones
        assert abs(mx[state] / sum(mx.values()) - t[state] / total) < 0.02, state


@pytest.mark.slow
def test_background_financial_reports_follow_fincen_activity_mix(standard):
    net = {i for i, _ in standard.incident_networks}
    fin = {r["incident_id"] for r in standard.rows["incidents"]
           if r["kind"] == "financial_report" and r["owner_agency"] == "FinCEN" and r["incident_id"] not in net}
    flags = {}
    for t in standard.rows["transactions"]:
        if t["incident_id"] in fin:
            flags[t["incident_id"]] = t["red_flags"]
    structuring = sum("SAR:structuring" in f for f in flags.values()) / len(flags)
    nature = targets()["fincen_msb_nature_2010"]
    want = sum(v for k, v in nature.items() if "less than $3,000" in k or k.startswith("Alters transaction")) / sum(nature.values())
    assert len(fin) == 800 and abs(structuring - want) < 0.05


@pytest.mark.slow
def test_every_calibration_target_is_met_and_a_broken_data_set_is_caught(standard):
    from nadd.incidents.synth.generator import scenario
    from nadd.incidents.synth.report import calibration_rows

    rows = calibration_rows(standard, scenario("standard"))
    assert len(rows) > 30 and [r[0] for r in rows if not r[4]] == []
    broken = build("small", 11, noise=False)  # small volumes measured against standard targets
    assert not all(r[4] for r in calibration_rows(broken, scenario("standard")))


@pytest.mark.slow
def test_standard_scenario_size_is_within_the_brief(standard):
    assert 5_000 <= len(standard.rows["incidents"]) <= 20_000


@pytest.mark.slow
def test_stored_targets_are_what_the_bundled_sources_give():
    from nadd.incidents.synth.calibration import derive_targets

    assert derive_targets() == targets()


def test_large_is_made_of_blocks_with_unique_ids_and_one_set_of_networks(tmp_path, monkeypatch):
    from dataclasses import replace

    from nadd.incidents.synth import generator

    # Two small-sized blocks stand for large's 88 standard-sized ones (same code path, seconds).
    monkeypatch.setitem(generator.SCENARIOS, "large", replace(generator.SCENARIOS["small"], blocks=88))
    counts = generate("large", 3, tmp_path, scale=2 / 88, noise=False)  # 2 blocks
    ids = [r["incident_id"] for r in _rows(tmp_path / "incidents.csv")]
    records = [r["record_id"] for r in _rows(tmp_path / "parties.csv")]
    assert len(ids) == len(set(ids)) == counts["incidents"] and len(records) == len(set(records))
    assert {i.split("-")[0] for i in ids} == {"SYN3B000", "SYN3B001"}
    nets = _rows(tmp_path / "truth" / "incident_networks.csv")
    assert {r["incident_id"].split("-")[0] for r in nets} == {"SYN3B000"}
    assert len(_rows(tmp_path / "truth" / "party_truth.csv")) == len(records)
