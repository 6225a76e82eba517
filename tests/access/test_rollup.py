"""The map roll-up answers exactly as the records do, for every audience, and goes stale on a load."""

from __future__ import annotations

from datetime import date, datetime

import pyarrow as pa
import pytest
from access_principals import PRINCIPALS

from nadd.access import views as V
from nadd.access.demo import DEMO_SOURCE, demo_observations
from nadd.access.rollup import (
    MapRollup,
    build_map_rollup,
    load_signature,
    rollup_signature,
)
from nadd.model.ids import key_and_record_ids
from nadd.model.observation import KEY

MAPS = [{"indicator": "seizure_events", "substance": "fentanyl", "period_start": date(2025, m, 1)}
        for m in (2, 6)] + [
    {"indicator": "seizure_events", "substance": "fentanyl"},  # latest period
    {"indicator": "seizure_events", "substance": "fentanyl", "source": DEMO_SOURCE, "setting": "hospital"},
    {"indicator": "seizure_events"},  # no substance: none of the demo records
]


def _same_for_everyone(store) -> None:
    for name, p in PRINCIPALS.items():
        for args in MAPS:
            direct = V.map_cells(store, p, **args)
            rolled = V.map_cells(store, p, **args, rollup=True)
            assert rolled == direct, (name, args)


def _new_vintage(store, row: dict, vintage: date, load_id: str, **changes) -> None:
    """Store ``row`` again as a later vintage with ``changes``, and its load."""
    t = pa.Table.from_pylist([{**row, **changes, "vintage": vintage, "load_id": load_id}],
                             demo_observations().schema)
    k, i = key_and_record_ids(t, KEY, vintage)
    t = t.set_column(t.schema.get_field_index("key_id"), "key_id", k)
    t = t.set_column(t.schema.get_field_index("id"), "id", i)
    store.insert("observations", t)
    store.insert("loads", pa.table({
        "load_id": [load_id], "source_id": [DEMO_SOURCE], "file_name": ["x"], "file_sha256": [load_id],
        "vintage": pa.array([vintage], pa.date32()), "rows_read": [1], "rows_added": [1],
        "loaded_at": pa.array([datetime(2026, 1, 1, vintage.month)], pa.timestamp("us"))}))


def test_rolled_up_map_equals_the_map_of_the_records_for_every_audience(marked):
    build_map_rollup(marked)
    assert marked.scalar("SELECT count(*) FROM map_rollup") > 0
    _same_for_everyone(marked)


def test_a_key_whose_newest_vintage_is_red_keeps_the_per_record_logic(marked):
    # each viewer outside the owner agency must see the older, aggregable vintage of this key
    row = demo_observations().filter(pa.compute.equal(
        demo_observations()["tlp"], "TLP:CLEAR")).slice(0, 1).to_pylist()[0]
    _new_vintage(marked, row, date(2025, 9, 1), "red-vintage", tlp="TLP:RED", value=row["value"] + 3)
    build_map_rollup(marked)
    assert marked.scalar("SELECT count(*) FROM map_rollup_red") >= 2
    _same_for_everyone(marked)


def test_a_new_load_makes_the_rollup_stale_until_rebuilt(marked):
    r = MapRollup()
    assert r.ready(marked, load_signature(marked), background=False)  # built on first use
    assert rollup_signature(marked) == load_signature(marked)
    row = demo_observations().slice(0, 1).to_pylist()[0]
    _new_vintage(marked, row, date(2025, 10, 1), "later", value=row["value"] + 100)
    assert rollup_signature(marked) != load_signature(marked)  # the map reads the records now
    assert r.ready(marked, load_signature(marked), background=False)
    assert r.builds == 2
    _same_for_everyone(marked)
    p = PRINCIPALS["us_admin"]
    month = {"indicator": "seizure_events", "substance": "fentanyl", "period_start": row["period_start"],
                 "setting": row["setting"]}
    cell = {c["jurisdiction_id"]: c for c in V.map_cells(marked, p, **month, rollup=True)["cells"]}
    assert cell[row["jurisdiction_id"]]["value"] is None or \
        cell[row["jurisdiction_id"]]["value"] >= row["value"] + 100


@pytest.mark.parametrize("background", [True])
def test_a_stale_rollup_is_not_used_while_it_is_rebuilt(marked, background):
    r = MapRollup()
    r._checked, r._building = True, True  # a build is running
    assert not r.ready(marked, load_signature(marked), background=background)
