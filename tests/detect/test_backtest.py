"""Back-tests: as-of replay of NFLIS emergences, seeded outbreak injection, the CLI."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from nadd.cli import app
from nadd.detect.backtest import (
    Baseline,
    Event,
    Injection,
    as_of_for,
    backtest,
    evaluate_injected,
    load_config,
    place_outbreaks,
    releases,
    replay_event,
    replay_series,
    score_injected,
)
from nadd.detect.series import KEY_COLUMNS, Series
from nadd.model import periods as P
from nadd.store import open_store
from tests.helpers import load_bundled

OLD, NEW = date(2023, 6, 6), date(2026, 3, 3)


@pytest.fixture(scope="module")
def nflis_url(tmp_path_factory):
    url = f"duckdb:///{tmp_path_factory.mktemp('bt') / 'nflis.duckdb'}"
    with open_store(url) as s:
        load_bundled(s, "dea_nflis")
    return url


@pytest.fixture
def nflis(nflis_url):
    s = open_store(nflis_url)
    yield s
    s.close()


def flat_baselines(n_series=5, length=60, lam=10.0, seed=0):
    rng = np.random.default_rng(seed)
    periods = [P.month(2020 + i // 12, i % 12 + 1) for i in range(length)]
    out = []
    for j in range(n_series):
        vals = {"source_id": "synthetic", "indicator_id": "x", "jurisdiction_id": f"S{j}",
                "substance_id": None, "unit": "count", "period_type": "month"}
        key = tuple(vals.get(c, "all") for c in KEY_COLUMNS)
        out.append(("flat", Series(key, tuple(periods), rng.poisson(lam, length).astype(float),
                                   ("",) * length)))
    return out


# ------------------------------------------------------------------------------ injection


def test_injection_is_seeded_same_seed_same_outbreaks_other_seed_other_ones():
    bases = flat_baselines()
    kw = {"duration": 2, "K": 1.0, "place_in_last": 0.5}
    a, b = place_outbreaks(bases, 30, 7, **kw), place_outbreaks(bases, 30, 7, **kw)
    c = place_outbreaks(bases, 30, 8, **kw)
    assert [(i.series.key, i.start, list(i.added)) for i in a] == \
           [(i.series.key, i.start, list(i.added)) for i in b]
    assert [(i.series.key, i.start) for i in a] != [(i.series.key, i.start) for i in c]
    assert all(30 <= i.start <= 58 for i in a)  # the last half of 60 months
    i = a[0]  # only the outbreak periods change, by the added counts
    base = next(s for _, s in bases if s.key == i.series.key)
    diff = i.series.values - base.values
    assert np.array_equal(diff[i.start:i.start + 2], i.added) and diff.sum() == i.added.sum()


def test_a_huge_outbreak_in_a_flat_poisson_baseline_is_found_by_ears_at_once():
    cfg = load_config()
    inj = place_outbreaks(flat_baselines(), 40, 1, duration=1, K=4.0, place_in_last=0.5)
    done, refused = evaluate_injected(cfg, inj, "ears-c1")
    assert not refused
    score = score_injected(done)
    assert score["outbreaks"] == 40 and score["sensitivity"] == 1.0
    assert score["median_delay"] == 0.0
    assert score["false_alarms_per_year"] < 0.5  # alpha 0.001 on a flat baseline


def test_no_outbreak_no_detection_count_methods_refuse_fractional_values():
    cfg = load_config()
    bases = [(n, Series(s.key, s.periods, s.values + 0.5, s.observation_ids))
             for n, s in flat_baselines(2)]
    inj = place_outbreaks(bases, 4, 1, duration=1, K=0.01, place_in_last=0.5)
    done, refused = evaluate_injected(cfg, inj, "glrpois")
    assert not done and refused and "whole non-negative counts" in refused[0]


def test_same_seed_gives_the_same_table_and_another_seed_another(nflis):
    cfg = load_config().model_copy(update={
        "events": [], "injection": Injection(baselines=[Baseline(plan="nflis-emerging",
                                                                 last=18)])})
    run = lambda seed: backtest(nflis, cfg, methods=["ears-c1", "cusum"], inject_n=25,  # noqa
                                seed=seed).table
    a, b, c = run(1), run(1), run(2)
    pd.testing.assert_frame_equal(a, b)
    assert list(a["outbreaks"]) == [25, 25] and a["sensitivity"].notna().all()
    assert not a[["sensitivity", "false_alarms_per_year"]].equals(
        c[["sensitivity", "false_alarms_per_year"]])


# ------------------------------------------------------------------------------ as-of replay


def test_as_of_rule_replay_before_the_2026_export_never_uses_its_values(nflis):
    rels = releases(nflis)
    assert [r.vintage for r in rels] == [OLD, NEW]
    h = P.half_year
    assert as_of_for(rels, "fentanyl", h(2020, 1)) == OLD        # in both: the older one
    assert as_of_for(rels, "fentanyl", h(2024, 1)) == NEW        # only the 2026 export
    assert as_of_for(rels, "para-fluorofentanyl", h(2020, 1)) == NEW  # not in the 2023 one
    assert as_of_for(rels, "xylazine", h(2024, 1)) is None       # no release has it
    ev = Event(name="f", substance="fentanyl", jurisdiction="US", onset="2015-H1",
               monitor_from="2010-H1")
    periods, values, used = replay_series(nflis, ev, OLD, rels)
    assert used == OLD and periods[-1] == h(2022, 2)
    old = nflis.df("SELECT period_start, sum(value) AS v FROM observations WHERE source_id = "
                   "'dea_nflis' AND substance_id = 'fentanyl' AND vintage = ? "
                   "GROUP BY period_start", [OLD])
    old = dict(zip(pd.to_datetime(old["period_start"]).dt.date, old["v"], strict=True))
    assert [values[i] for i, p in enumerate(periods) if p.start in old] == \
           [old[p.start] for p in periods if p.start in old]
    new_periods, new_values, new_used = replay_series(nflis, ev, NEW, rels)
    assert new_used == NEW and new_periods[-1] == h(2025, 2)
    at = {p.start: v for p, v in zip(new_periods, new_values, strict=True)}
    assert any(at[p.start] != v for p, v in zip(periods, values, strict=True)
               if p.start.year >= 2017), "the two exports should differ on overlapping cells"


def test_nflis_emergence_xylazine_is_detected_by_ears_c1(nflis):
    cfg = load_config()
    event = next(e for e in cfg.events if e.name == "xylazine-US")
    rows, firsts = replay_event(nflis, cfg, event, ["ears-c1"], releases(nflis))
    (row,) = rows
    assert row["status"] == "ok" and row["time_to_detection"] is not None
    assert 0 <= row["time_to_detection"] <= 4 and firsts["ears-c1"] == row["first_alarm"]
    assert row["false_alarms"] >= 0


def test_a_method_that_cannot_run_is_reported_refused_with_the_reason(nflis):
    cfg = load_config().model_copy(update={"settings": {"half_year": {
        "ears-c1": {"baseline": 4}, "ears-c2": {"baseline": 30}}}})
    event = next(e for e in cfg.events if e.name == "carfentanil-return-US")
    rows, _ = replay_event(nflis, cfg, event, ["ears-c1", "ears-c2"], releases(nflis))
    assert rows[0]["status"].startswith(("ok", "not detected"))
    assert rows[1]["status"].startswith("refused: ") and "baseline=30" in rows[1]["status"]
    assert rows[1]["time_to_detection"] is None and rows[1]["false_alarms"] is None


# ------------------------------------------------------------------------------ CLI


def test_cli_writes_the_csv_and_the_png(nflis_url, tmp_path):
    events = tmp_path / "events.yaml"
    events.write_text("events:\n  - {name: xylazine-US, substance: xylazine, jurisdiction: US,"
                      " onset: 2015-H1, monitor_from: 2012-H1, monitor_to: 2017-H2}\n"
                      "injection:\n  baselines: [{plan: nflis-emerging, last: 18}]\n")
    out, png = tmp_path / "bt.csv", tmp_path / "bt.png"
    result = CliRunner().invoke(app, ["detect", "backtest", "--events", str(events),
                                      "--inject", "10", "--seed", "3", "--methods",
                                      "ears-c1,ears-c2", "--out", str(out), "--plot", str(png),
                                      "--db", nflis_url, "--lang", "es"], terminal_width=250)
    assert result.exit_code == 0, result.output
    assert "Prueba retrospectiva" in result.output
    df = pd.read_csv(out)
    assert set(df["part"]) == {"emergence", "injection"} and set(df["method"]) == {"ears-c1",
                                                                                   "ears-c2"}
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_cli_backtest_help_has_an_example():
    result = CliRunner().invoke(app, ["detect", "backtest", "--help"], terminal_width=250)
    assert result.exit_code == 0 and "nadd detect backtest" in result.output
