import datetime
import uuid

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nadd.ingest.values import BadValue, parse_value
from nadd.model.ids import as_text, key_and_record_ids, stable_id
from nadd.model.status import Status


@pytest.mark.parametrize("text,expected", [
    ("66,986", (66986.0, Status.REPORTED)), ("12.5", (12.5, Status.REPORTED)),
    ("99.5+", (99.5, Status.REPORTED)), ("Suppr.", (None, Status.SUPPRESSED)),
    ("*", (None, Status.SUPPRESSED)), ("<10", (None, Status.SUPPRESSED)),
    ("", (None, Status.NOT_AVAILABLE)), ("NA", (None, Status.NOT_AVAILABLE)),
    (" 1\u00a0234 ".replace("\u00a0", ""), (1234.0, Status.REPORTED)), (7, (7.0, Status.REPORTED)),
    ("6.6e-05", (6.6e-05, Status.REPORTED)), ("1.5E+3", (1500.0, Status.REPORTED)),
])
def test_cells_parse_to_value_and_status(text, expected):
    assert parse_value(text) == expected


@pytest.mark.parametrize("text", ["12a", "1,23", "ten", "3..4"])
def test_text_that_is_no_number_nor_marker_is_refused(text):
    with pytest.raises(BadValue):
        parse_value(text)


def test_bulk_ids_equal_single_record_ids():
    t = pa.table({"a": ["x", None], "d": [datetime.date(2018, 11, 1), None]})
    keys, records = key_and_record_ids(t, ["a", "d"], "2019-07-11")
    ids = as_text(keys).to_pylist()
    assert ids == [stable_id("x", "2018-11-01"), stable_id(None, None)]
    assert ids[0] != ids[1]
    assert as_text(records).to_pylist() == [stable_id(uuid.UUID(k), "2019-07-11") for k in ids]


def test_ids_are_version_8_uuids_that_never_change():
    # Pinned values: a change here breaks record exchange between nodes already running.
    assert stable_id("cdc_vsrr", "deaths", "US", "2018-11-01") == "9332eb35-8861-812c-ae09-5ca9b37cfeb7"
    u = uuid.UUID(stable_id("a"))
    assert u.version == 8 and u.variant == uuid.RFC_4122


def test_a_constant_part_hashes_like_a_column_of_that_value():
    t = pa.table({"a": ["x", "y"]})
    k1, _ = key_and_record_ids(t, ["s", "a"], "2020-01-01", constants={"s": "src"})
    k2, _ = key_and_record_ids(t.append_column("s", pa.array(["src", "src"])), ["s", "a"], "2020-01-01")
    assert k1.equals(k2)


def test_part_order_and_position_matter():
    assert stable_id("a", "b") != stable_id("b", "a")
    assert stable_id("ab", "") != stable_id("a", "b")
    assert stable_id(None) == stable_id("") and stable_id("x") != stable_id("x", None)


_text = st.one_of(st.none(), st.text(max_size=8))
_day = st.one_of(st.none(), st.dates(datetime.date(1900, 1, 1), datetime.date(2100, 1, 1)))


@given(st.lists(st.tuples(_text, _day, _text), min_size=1, max_size=40))
@settings(max_examples=60, deadline=None)
def test_bulk_ids_equal_the_reference_for_any_content(rows):
    t = pa.table({"a": [r[0] for r in rows], "d": pa.array([r[1] for r in rows], pa.date32()),
                  "c": pa.array([r[2] for r in rows]).dictionary_encode()})
    keys, records = key_and_record_ids(t, ["a", "d", "c"], datetime.date(2021, 3, 4))
    want = [stable_id(*r) for r in rows]
    assert as_text(keys).to_pylist() == want
    assert as_text(records).to_pylist() == [stable_id(uuid.UUID(k), "2021-03-04") for k in want]


def test_uuid_text_is_canonical_for_slices_and_nulls():
    us = [uuid.UUID(stable_id(i)) for i in range(5)]
    arr = pa.ExtensionArray.from_storage(pa.uuid(), pa.array([u.bytes for u in us] + [None], pa.binary(16)))
    assert as_text(arr).to_pylist() == [str(u) for u in us] + [None]
    assert as_text(arr.slice(2)).to_pylist() == [str(u) for u in us[2:]] + [None]
    assert as_text(arr.slice(1, 3)).to_pylist() == [str(u) for u in us[1:4]]
