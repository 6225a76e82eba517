import datetime

import pyarrow as pa
import pytest

from nadd.ingest.values import BadValue, parse_value
from nadd.model.ids import key_and_record_ids, stable_id
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
    ids = keys.to_pylist()
    assert ids == [stable_id("x", "2018-11-01"), stable_id(None, None)]
    assert ids[0] != ids[1] and len(ids[0]) == 32
    assert records.to_pylist() == [stable_id(k, "2019-07-11") for k in ids]
