"""The wage table (data/wages.yaml): wages by country, each with its published source."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache
from importlib import resources
from typing import Any

import yaml

CENT = Decimal("0.01")
MONTHS_PER_YEAR = 12
_COUNTRY = re.compile(r"^[A-Z]{2}$")


class WageTableError(ValueError):
    """A wage table that cannot be used, with the reason in words."""


@dataclass(frozen=True)
class WageSource:
    """Where a wage comes from: the publisher's table, its year and currency, and which
    percentiles the table's low and high figures are."""

    id: str
    publisher: str
    title: str
    url: str
    table: str
    year: int
    currency: str
    low_percentile: int
    high_percentile: int
    license: str


@dataclass(frozen=True)
class CountryWage:
    """Annual gross wages of one occupation in one country (ISO 3166-1 alpha-2 code)."""

    country: str
    name: str
    occupation: str
    annual_low: Decimal
    annual_high: Decimal
    annual_mean: Decimal | None
    source: WageSource

    @property
    def monthly_low(self) -> Decimal:
        return monthly(self.annual_low)

    @property
    def monthly_high(self) -> Decimal:
        return monthly(self.annual_high)


@dataclass(frozen=True)
class WageTable:
    sources: tuple[WageSource, ...]
    wages: tuple[CountryWage, ...]

    def get(self, country: str) -> CountryWage | None:
        return next((wage for wage in self.wages if wage.country == country), None)


def monthly(annual: Decimal) -> Decimal:
    """An annual amount divided by 12, rounded to the cent (half up)."""
    return (annual / MONTHS_PER_YEAR).quantize(CENT, rounding=ROUND_HALF_UP)


@cache
def load_wage_table() -> WageTable:
    """The wage table shipped with the platform."""
    text = resources.files("osunited.strategy").joinpath("data/wages.yaml").read_text("utf-8")
    return parse_wage_table(text)


def parse_wage_table(text: str) -> WageTable:
    """A wage table from YAML text; WageTableError names the first problem found."""
    document = yaml.safe_load(text)
    if not isinstance(document, dict):
        raise WageTableError("The wage table must be a mapping with sources and wages.")
    sources = tuple(_source(entry) for entry in _list(document, "sources"))
    by_id = {source.id: source for source in sources}
    wages = tuple(_wage(entry, by_id) for entry in _list(document, "wages"))
    countries = [wage.country for wage in wages]
    if len(set(countries)) != len(countries):
        raise WageTableError("A country appears twice in the wage table.")
    return WageTable(sources=sources, wages=wages)


def _list(document: dict[str, Any], key: str) -> list[dict[str, Any]]:
    entries = document.get(key)
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise WageTableError(f"'{key}' must be a list of mappings.")
    return entries


def _source(entry: dict[str, Any]) -> WageSource:
    texts = ("id", "publisher", "title", "url", "table", "currency", "license")
    if missing := [key for key in texts if not str(entry.get(key) or "").strip()]:
        raise WageTableError(f"A wage source lacks {', '.join(missing)}.")
    if entry["currency"] != "USD":
        raise WageTableError(f"Source {entry['id']}: amounts must be in USD.")
    source = WageSource(
        **{key: str(entry[key]) for key in texts},
        year=_integer(entry, "year"),
        low_percentile=_integer(entry, "low_percentile"),
        high_percentile=_integer(entry, "high_percentile"),
    )
    if not 0 < source.low_percentile < source.high_percentile < 100:
        raise WageTableError(f"Source {source.id}: percentiles must rise between 0 and 100.")
    return source


def _wage(entry: dict[str, Any], sources: dict[str, WageSource]) -> CountryWage:
    country = str(entry.get("country", ""))
    if not _COUNTRY.match(country):
        raise WageTableError(f"{country!r} is not an ISO 3166-1 alpha-2 country code.")
    if entry.get("source") not in sources:
        raise WageTableError(f"{country}: unknown source {entry.get('source')!r}.")
    mean = entry.get("annual_mean")
    wage = CountryWage(
        country=country,
        name=str(entry.get("name") or country),
        occupation=str(entry.get("occupation") or ""),
        annual_low=_amount(entry, "annual_low"),
        annual_high=_amount(entry, "annual_high"),
        annual_mean=None if mean is None else _amount(entry, "annual_mean"),
        source=sources[entry["source"]],
    )
    if not 0 < wage.annual_low <= wage.annual_high:
        raise WageTableError(f"{country}: the low wage must be positive and at most the high.")
    return wage


def _integer(entry: dict[str, Any], key: str) -> int:
    value = entry.get(key)
    if not isinstance(value, int) or isinstance(value, bool):
        raise WageTableError(f"{key} must be a whole number, not {value!r}.")
    return value


def _amount(entry: dict[str, Any], key: str) -> Decimal:
    # Quoted in the file: a YAML float would bring binary rounding into money.
    value = entry.get(key)
    if not isinstance(value, str):
        raise WageTableError(f"{key} must be a quoted amount, not {value!r}.")
    try:
        return Decimal(value)
    except InvalidOperation as exc:
        raise WageTableError(f"{key}: {value!r} is not an amount.") from exc
