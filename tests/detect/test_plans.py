"""Plans are data: bundled ones load, errors name the file and field, methods must exist now."""

from __future__ import annotations

import pytest

from nadd.detect.plans import PlanError, bundled_plans, find_plan, load_plan
from nadd.errors import NotFound

GOOD = """
name: tiny
select: {source: test_src, indicator: drug_deaths, period_type: quarter}
methods:
  - {method: ears-c1, settings: {baseline: 4}}
"""


def write(tmp_path, text, name="tiny.yaml"):
    p = tmp_path / name
    p.write_text(text)
    return p


def test_the_four_bundled_plans_load_with_available_methods():
    names = {p.name for p in bundled_plans()}
    assert {"nflis-emerging", "phac-quarterly", "cbp-monthly", "vsrr-annual"} <= names
    assert find_plan("vsrr-annual").months12_ending == "december_as_year"


def test_a_plan_file_loads_and_its_hash_ignores_the_file_name(tmp_path):
    a = load_plan(write(tmp_path, GOOD))
    b = load_plan(write(tmp_path, GOOD, "other.yaml"))
    assert a.hash == b.hash and a.methods[0].settings == {"baseline": "4"}


def test_an_unknown_field_is_refused_naming_file_and_field(tmp_path):
    with pytest.raises(PlanError) as e:
        load_plan(write(tmp_path, GOOD.replace("period_type", "periodtype")))
    assert "tiny.yaml" in e.value.message and "select.periodtype" in e.value.message


def test_an_unavailable_method_is_refused_with_the_available_list(tmp_path):
    with pytest.raises(PlanError) as e:
        load_plan(write(tmp_path, GOOD.replace("ears-c1", "bayes")))
    assert "methods[0].method" in e.value.message and "'bayes'" in e.value.message
    assert "ears-c1" in e.value.hint and "ears-c2" in e.value.hint


def test_a_bad_setting_is_refused_naming_the_plan_and_the_setting(tmp_path):
    with pytest.raises(PlanError) as e:
        load_plan(write(tmp_path, GOOD.replace("baseline: 4", "b: 4")))
    assert "tiny.yaml" in e.value.message and "methods[0].settings" in e.value.message
    assert "baseline" in e.value.hint


def test_an_unknown_plan_name_lists_the_bundled_ones():
    with pytest.raises(NotFound) as e:
        find_plan("no-such-plan")
    assert "phac-quarterly" in e.value.hint
