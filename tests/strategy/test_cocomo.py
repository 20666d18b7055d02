"""COCOMO II's post-architecture model at nominal ratings, with the constants stated."""

from __future__ import annotations

from decimal import Decimal

import pytest

from osunited.strategy import (
    NOMINAL_EFFORT_MULTIPLIERS,
    NOMINAL_SCALE_FACTORS,
    CocomoError,
    replacement_value,
)


def test_the_constants_are_cocomo_ii_2000s() -> None:
    assert dict(NOMINAL_SCALE_FACTORS) == {
        "PREC": Decimal("3.72"),
        "FLEX": Decimal("3.04"),
        "RESL": Decimal("4.24"),
        "TEAM": Decimal("3.29"),
        "PMAT": Decimal("4.68"),
    }
    assert len(NOMINAL_EFFORT_MULTIPLIERS) == 17
    assert {value for _, value in NOMINAL_EFFORT_MULTIPLIERS} == {Decimal(1)}


def test_100_ksloc_takes_465_person_months_over_26_months() -> None:
    estimate = replacement_value(
        lines_of_code=100_000, monthly_low=Decimal(5000), monthly_high=Decimal(10000)
    )
    assert estimate.exponent == Decimal("1.0997")  # 0.91 + 18.97 / 100
    assert estimate.person_months == Decimal("465.3")  # 2.94 x 100^1.0997
    assert estimate.schedule_months == Decimal("25.9")  # 3.67 x 465.3^0.31794
    assert estimate.cost_low == Decimal("2326500.00")
    assert estimate.cost_high == Decimal("4653000.00")


def test_one_ksloc_is_a_small_effort() -> None:
    estimate = replacement_value(
        lines_of_code=1000, monthly_low=Decimal(1), monthly_high=Decimal(1)
    )
    assert estimate.person_months == Decimal("2.9")  # 2.94 x 1^E


@pytest.mark.parametrize("lines", [0, -5, 100_000_001])
def test_a_size_out_of_bounds_is_refused(lines: int) -> None:
    with pytest.raises(CocomoError, match="Lines of code"):
        replacement_value(lines_of_code=lines, monthly_low=Decimal(1), monthly_high=Decimal(2))


def test_a_wage_band_upside_down_is_refused() -> None:
    with pytest.raises(CocomoError, match="low at most the high"):
        replacement_value(lines_of_code=10, monthly_low=Decimal(3), monthly_high=Decimal(2))
