"""The wage table: every figure with its source, year and currency; a broken file says why."""

from __future__ import annotations

from decimal import Decimal

import pytest

from osunited.strategy import WageTableError, load_wage_table, monthly, parse_wage_table

SOURCE = """
sources:
  - id: s
    publisher: P
    title: T
    url: https://example.org/t
    table: Table 1
    year: 2018
    currency: USD
    low_percentile: 10
    high_percentile: 90
    license: Public domain
wages:
  - country: US
    name: United States
    occupation: Software developers
    source: s
    annual_low: "{low}"
    annual_high: "{high}"
"""


def test_every_shipped_wage_names_its_source_year_and_currency() -> None:
    table = load_wage_table()
    assert table.wages
    for wage in table.wages:
        assert wage.source.url.startswith("https://")
        assert wage.source.currency == "USD"
        assert 2000 <= wage.source.year <= 2100
        assert 0 < wage.annual_low <= wage.annual_high


def test_the_united_states_figures_are_the_bls_2018_percentiles() -> None:
    wage = load_wage_table().get("US")
    assert wage is not None
    assert (wage.annual_low, wage.annual_high) == (Decimal("66740"), Decimal("166960"))
    assert (wage.source.low_percentile, wage.source.high_percentile) == (10, 90)
    assert wage.monthly_low == Decimal("5561.67")  # 66,740 / 12, rounded half up


def test_a_country_without_a_citable_figure_is_not_in_the_table() -> None:
    assert load_wage_table().get("KE") is None


def test_monthly_rounds_half_up_to_the_cent() -> None:
    assert monthly(Decimal("100.06")) == Decimal("8.34")  # 8.33833...
    assert monthly(Decimal("0.06")) == Decimal("0.01")  # 0.005


def test_a_figure_written_as_a_float_is_refused() -> None:
    with pytest.raises(WageTableError, match="quoted amount"):
        parse_wage_table(SOURCE.replace('"{low}"', "66740.5").format(high="2"))


@pytest.mark.parametrize(
    ("low", "high", "reason"),
    [("0", "10", "positive"), ("20", "10", "at most the high"), ("x", "10", "not an amount")],
)
def test_a_broken_band_is_refused_with_its_reason(low: str, high: str, reason: str) -> None:
    with pytest.raises(WageTableError, match=reason):
        parse_wage_table(SOURCE.format(low=low, high=high))


def test_an_unknown_source_or_currency_is_refused() -> None:
    with pytest.raises(WageTableError, match="unknown source"):
        parse_wage_table(SOURCE.format(low=1, high=2).replace("source: s", "source: t"))
    with pytest.raises(WageTableError, match="USD"):
        parse_wage_table(SOURCE.format(low=1, high=2).replace("USD", "EUR"))
