"""The shared detector machinery: registry, settings from CLI strings, errors, ranges, Result."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest

import nadd.detect as detect
from nadd.detect import base
from nadd.detect.base import (
    DetectError,
    Result,
    SeriesRefused,
    SettingError,
    as_matrix,
    check_range,
    from_settings,
    list_methods,
    parse_bool,
    parse_choice,
    parse_float,
    parse_int,
    parse_optional_float,
    parse_range,
    register,
    require,
    setting,
)
from nadd.errors import NaddError


@dataclass(frozen=True)
class _Toy:
    """A stand-in detector whose settings need R spellings (c.ARL, mu0.trend)."""

    c_ARL: float = setting(5.0, parse=parse_float, r="c.ARL")
    mu0_trend: bool = setting(False, parse=parse_bool, r="mu0.trend")
    kind: str = setting("a", parse=parse_choice("a", "b"))
    Mtilde: int = setting(1, parse=parse_int)

    def __post_init__(self) -> None:
        require(self.c_ARL > 0, "toy", "c.ARL", self.c_ARL, "a number > 0")


@pytest.fixture
def toy(monkeypatch):
    monkeypatch.setattr(base, "METHODS", dict(base.METHODS))
    register("toy", summary="test stand-in")(_Toy)
    register("toy-b", summary="test stand-in, preset", kind="b")(_Toy)
    return "toy"


def test_registry_holds_the_three_ears_methods_under_their_names():
    assert {"ears-c1", "ears-c2", "ears-c3"} <= set(list_methods())
    assert detect.METHODS is base.METHODS
    assert detect.METHODS["ears-c2"]().method == "C2"
    assert list_methods() == sorted(list_methods())


def test_unknown_method_names_list_methods_in_the_error():
    with pytest.raises(DetectError) as err:
        from_settings("ears-c4", {})
    assert err.value.message == "unknown detection method 'ears-c4'"
    assert "list_methods()" in err.value.hint and "ears-c1" in err.value.hint


def test_from_settings_parses_strings_spelled_as_in_r(toy):
    made = from_settings("toy", {"c.ARL": "2.5", "mu0.trend": "TRUE", "kind": "b",
                                 "Mtilde": "3"})
    assert made == _Toy(c_ARL=2.5, mu0_trend=True, kind="b", Mtilde=3)


def test_from_settings_takes_cli_name_equals_value_pairs(toy):
    assert from_settings("toy", ["c.ARL=4", "mu0.trend=false"]) == _Toy(c_ARL=4.0)


def test_from_settings_passes_non_strings_through(toy):
    assert from_settings("toy", {"c.ARL": 3.0}).c_ARL == 3.0


def test_from_settings_applies_the_preset_and_forbids_overriding_it(toy):
    assert from_settings("toy-b", {}).kind == "b"
    with pytest.raises(SettingError, match="toy-b has no setting 'kind'"):
        from_settings("toy-b", {"kind": "a"})


def test_unknown_setting_lists_the_r_spellings(toy):
    with pytest.raises(SettingError) as err:
        from_settings("toy", {"c_ARL": "5"})
    assert err.value.message == "toy has no setting 'c_ARL'"
    assert err.value.hint == "toy settings: c.ARL, mu0.trend, kind, Mtilde"


def test_setting_that_is_not_name_equals_value_is_refused(toy):
    with pytest.raises(SettingError, match="setting 'c.ARL' is not NAME=VALUE"):
        from_settings("toy", ["c.ARL"])


def test_values_are_validated_after_parsing(toy):
    with pytest.raises(SettingError, match=r"toy: setting c.ARL=-1.0 must be a number > 0"):
        from_settings("toy", {"c.ARL": "-1"})


@pytest.mark.parametrize(("parse", "text", "message"), [
    (parse_float, "abc", "setting x='abc' is not a number"),
    (parse_int, "2.5", "setting x='2.5' is not a whole number"),
    (parse_bool, "maybe", "setting x='maybe' is not TRUE or FALSE"),
    (parse_choice("inc", "dec"), "up", "setting x='up' is not one of 'inc', 'dec'"),
    (parse_range, "a:b", "setting x='a:b' is not 'START:STOP' (0-based, stop excluded)"),
])
def test_unparsable_strings_say_what_was_expected(parse, text, message):
    with pytest.raises(SettingError) as err:
        parse("x", text)
    assert err.value.message.startswith(message)
    assert isinstance(err.value, NaddError) and err.value.hint


def test_parsers_accept_r_and_python_spellings():
    assert parse_int("x", "7") == 7 and parse_int("x", "7.0") == 7
    assert parse_bool("x", "TRUE") is True and parse_bool("x", "F") is False
    assert parse_optional_float("x", "NULL") is None and parse_optional_float("x", "1e-3") == 0.001
    assert parse_choice("inc", "dec")("x", '"dec"') == "dec"
    assert parse_range("x", "3:6") == (3, 4, 5)
    assert parse_range("x", "1,5,9") == (1, 5, 9)
    assert parse_range("x", "none") is None


def test_errors_carry_the_nadd_envelope():
    err = SeriesRefused("too short", hint="use more data")
    assert err.to_dict()["error"] == "series_refused" and err.to_dict()["status"] == 422
    assert SettingError("x").code == "detect_setting"
    assert str(err) == "too short\nHint: use more data"


def test_as_matrix_makes_one_series_a_row():
    x, one = as_matrix([1, 2, 3], "m")
    assert x.shape == (1, 3) and one and x.dtype == float
    with pytest.raises(SeriesRefused, match="m needs at least one time point"):
        as_matrix(np.empty((2, 0)), "m")


@pytest.mark.parametrize(("rng", "message"), [
    ([3, 2], "m: range must be increasing without repeats"),
    ([1.5], "m: range must be a non-empty list of whole time indices"),
    ([], "m: range must be a non-empty list of whole time indices"),
    ([-1, 2], "m: range runs from index -1 to 2 but the series has indices 0 to 9"),
])
def test_check_range_refuses_with_plain_messages(rng, message):
    with pytest.raises(SeriesRefused) as err:
        check_range(rng, 10, "m")
    assert err.value.message == message


def test_check_range_defaults_to_every_index_from_first():
    np.testing.assert_array_equal(check_range(None, 5, "m", first=2), [2, 3, 4])
    with pytest.raises(SeriesRefused, match="m needs at least 6 points to monitor one; "
                                            "this series has 5"):
        check_range(None, 5, "m", first=5)


def test_result_series_and_squeezed_drop_the_series_axis():
    res = Result(method="m", range=np.arange(2), observed=np.ones((3, 2)),
                 upperbound=np.zeros((3, 2)), alarm=np.ones((3, 2)), expected=None)
    assert res.series(1).upperbound.shape == (2,) and res.series(1).expected is None
    assert res.squeezed().alarm.shape == (2,)


def test_package_registers_the_ten_methods_of_issue_3():
    assert set(detect.list_methods()) == {"ears-c1", "ears-c2", "ears-c3", "cusum", "glrpois",
                                          "glrnb", "farrington", "farrington-flexible",
                                          "first-detection", "rising-trend"}
