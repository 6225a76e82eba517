"""Units: pint-backed conversions, our custom units, and refusals that name both units."""

from __future__ import annotations

import numpy as np
import pytest

from nadd.errors import UnitError
from nadd.model import units


def test_pound_to_kilogram_is_exactly_pints_value():
    expected = units.UNITS.Quantity(1.0, "pound").to("kilogram").magnitude
    assert units.convert(1.0, "lb", "kg") == expected
    assert expected == pytest.approx(0.45359237, rel=1e-15)


def test_conversion_is_vectorised_and_round_trips():
    values = np.array([0.0, 1.0, 2.5, 1000.0])
    kg = units.convert(values, "lb", "kg")
    assert kg.shape == values.shape
    np.testing.assert_allclose(units.convert(kg, "kg", "lb"), values)
    np.testing.assert_allclose(units.convert([1, 2], "kg", "g"), [1000.0, 2000.0])


def test_custom_units_are_defined():
    assert units.convert(1.0, "percent", "per_100k") == pytest.approx(1000.0)
    assert units.UNITS.Quantity(1, "per_100k").to("dimensionless").magnitude == pytest.approx(1e-5)
    for u in ["count", "per_100k", "percent", "person", "boolean", "USD", "CAD", "MXN", "EUR", "kg", "lb", "g"]:
        assert u in units.ALLOWED and units.is_valid(u)


@pytest.mark.parametrize("a,b", [("kg", "USD"), ("USD", "EUR"), ("count", "percent"), ("person", "count"), ("boolean", "count")])
def test_incompatible_units_are_refused_naming_both_units(a, b):
    with pytest.raises(UnitError) as err:
        units.convert(1.0, a, b)
    assert repr(a) in err.value.message and repr(b) in err.value.message
    assert err.value.hint


def test_check_returns_the_canonical_spelling_and_refuses_unknown_units_listing_the_allowed():
    assert units.check("lbs") == "lb"
    assert units.check("Kilograms") == "kg"
    assert units.check("%") == "percent"
    assert units.check("per 100,000") == "per_100k"
    with pytest.raises(UnitError) as err:
        units.check("furlong")
    assert "furlong" in err.value.message
    assert "kg" in err.value.hint and "per_100k" in err.value.hint
    assert not units.is_valid("furlong")


def test_registry_is_the_pint_application_registry():
    import pint

    reg = units.UNITS  # built on first use; it then becomes the application registry
    assert pint.get_application_registry().get() is reg
