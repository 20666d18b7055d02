"""Total cost of ownership (OSEE strategy, "costing labour versus licences"): an open source
option against a proprietary one, year by year and phase by phase, in a low and a high band.

Every amount is a line's quantity in a year times its rate, rounded to the cent (half up);
totals are sums of those rounded amounts, so that each figure can be retraced by hand."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from enum import StrEnum

from osunited.strategy._wages import CENT, CountryWage

HORIZONS = (5, 10)
MAX_LINES_PER_KIND = 10
MAX_PERSON_MONTHS = Decimal(1200)
MAX_AMOUNT = Decimal(100_000_000)
MAX_USERS = 10_000_000
MIN_GROWTH, MAX_GROWTH = Decimal(-90), Decimal(300)
ZERO = Decimal(0)


class TcoError(ValueError):
    """A scenario that cannot be computed, with the reason in words."""


class Option(StrEnum):
    OPEN_SOURCE = "open_source"
    PROPRIETARY = "proprietary"


class Phase(StrEnum):
    DEVELOP = "develop"
    DEPLOY = "deploy"
    SCALE = "scale"
    OPERATE = "operate"


class LineKind(StrEnum):
    LABOUR = "labour"
    LICENCE = "licence"
    HOSTING = "hosting"
    SUPPORT = "support"


class Unit(StrEnum):
    PERSON_MONTHS = "person_months"
    USERS = "users"
    YEARS = "years"


@dataclass(frozen=True)
class Band:
    """A low and a high amount."""

    low: Decimal
    high: Decimal

    def __add__(self, other: Band) -> Band:
        return Band(self.low + other.low, self.high + other.high)

    def __sub__(self, other: Band) -> Band:
        return Band(self.low - other.low, self.high - other.high)


NOTHING = Band(ZERO, ZERO)


@dataclass(frozen=True)
class PhaseYears:
    """The years (1 is the first) a phase runs, both included."""

    phase: Phase
    first: int
    last: int

    @property
    def years(self) -> range:
        return range(self.first, self.last + 1)


@dataclass(frozen=True)
class LabourRate:
    """A monthly wage band: the wage table's for a country, or one entered (then low = high
    and `wage` is None)."""

    monthly: Band
    wage: CountryWage | None


def labour_rate(*, wage: CountryWage | None, entered: Decimal | None = None) -> LabourRate:
    """The rate of a labour line: an entered monthly wage overrides the table's."""
    if entered is not None:
        _check_amount(entered, "The monthly wage")
        return LabourRate(monthly=Band(entered, entered), wage=None)
    if wage is None:
        raise TcoError("The country is not in the wage table: enter a monthly wage.")
    return LabourRate(monthly=Band(wage.monthly_low, wage.monthly_high), wage=wage)


@dataclass(frozen=True)
class LabourLine:
    """Person-months of a role in a phase, spread evenly over the phase's years."""

    option: Option
    role: str
    phase: Phase
    person_months: Decimal
    rate: LabourRate


@dataclass(frozen=True)
class LicenceLine:
    """A licence or subscription priced per user per year, every year of its phase; the users
    grow by `growth_percent` a year from the phase's first year."""

    option: Option
    name: str
    phase: Phase
    price_per_user_year: Decimal
    users: int
    growth_percent: Decimal = ZERO


@dataclass(frozen=True)
class RunningLine:
    """Hosting or support at an annual cost, every year of its phase, growing by
    `growth_percent` a year from the phase's first year."""

    option: Option
    name: str
    kind: LineKind
    phase: Phase
    annual_cost: Decimal
    growth_percent: Decimal = ZERO


@dataclass(frozen=True)
class Scenario:
    horizon: int
    phases: tuple[PhaseYears, ...]
    labour: tuple[LabourLine, ...] = ()
    licences: tuple[LicenceLine, ...] = ()
    running: tuple[RunningLine, ...] = ()

    def phase_years(self, phase: Phase) -> PhaseYears:
        return next(p for p in self.phases if p.phase == phase)


@dataclass(frozen=True)
class LineCost:
    """One line's cost in one year: `quantity` (in `unit`) times `rate` gives `amount`.
    `base` is what the quantity or rate was derived from: the phase's person-months, the users
    in the phase's first year, or the annual cost, grown `growth_years` times by
    `growth_percent`, or spread over `spread_years`."""

    option: Option
    kind: LineKind
    label: str
    phase: Phase
    year: int
    quantity: Decimal
    unit: Unit
    rate: Band
    amount: Band
    base: Decimal
    growth_percent: Decimal = ZERO
    growth_years: int = 0
    spread_years: int = 1
    wage: CountryWage | None = None


@dataclass(frozen=True)
class Comparison:
    """The two options' costs over a span (a year, a phase, the first N years) and the
    difference, proprietary minus open source: positive when open source costs less."""

    open_source: Band
    proprietary: Band
    lines: tuple[LineCost, ...]

    @property
    def difference(self) -> Band:
        return self.proprietary - self.open_source


@dataclass(frozen=True)
class YearResult:
    year: int
    cost: Comparison
    cumulative: Comparison


@dataclass(frozen=True)
class PhaseResult:
    phase: PhaseYears
    cost: Comparison


@dataclass(frozen=True)
class TotalResult:
    years: int
    cost: Comparison


@dataclass(frozen=True)
class TcoResult:
    """`break_even_low` and `break_even_high`: the first year from which the open source
    option's cumulative cost stays at or below the proprietary one's to the horizon, in each
    band; None when it does not within the horizon."""

    scenario: Scenario
    years: tuple[YearResult, ...]
    phases: tuple[PhaseResult, ...]
    totals: tuple[TotalResult, ...]
    break_even_low: int | None
    break_even_high: int | None


def total_cost_of_ownership(scenario: Scenario) -> TcoResult:
    """Both options' costs by year, by phase and over 5 (and 10) years, with the break-even
    year. Raises TcoError for a scenario out of bounds."""
    validate_scenario(scenario)
    lines = tuple(_line_costs(scenario))
    years = _years(scenario.horizon, lines)
    return TcoResult(
        scenario=scenario,
        years=years,
        phases=tuple(
            PhaseResult(phase=p, cost=_compare(c for c in lines if c.phase == p.phase))
            for p in scenario.phases
        ),
        totals=tuple(
            TotalResult(years=n, cost=_compare(c for c in lines if c.year <= n))
            for n in HORIZONS
            if n <= scenario.horizon
        ),
        break_even_low=_break_even(years, lambda band: band.low),
        break_even_high=_break_even(years, lambda band: band.high),
    )


def validate_scenario(scenario: Scenario) -> None:
    if scenario.horizon not in HORIZONS:
        raise TcoError("The horizon is 5 or 10 years.")
    if sorted(p.phase for p in scenario.phases) != sorted(Phase):
        raise TcoError("Each phase (develop, deploy, scale, operate) needs its years, once.")
    for p in scenario.phases:
        if not 1 <= p.first <= p.last <= scenario.horizon:
            raise TcoError(f"The {p.phase} phase's years must lie within the horizon, in order.")
    for kind, count in (
        ("labour", len(scenario.labour)),
        ("licence", len(scenario.licences)),
        ("running cost", len(scenario.running)),
    ):
        if count > MAX_LINES_PER_KIND:
            raise TcoError(f"At most {MAX_LINES_PER_KIND} {kind} lines.")
    for line in scenario.labour:
        if not ZERO < line.person_months <= MAX_PERSON_MONTHS:
            raise TcoError(f"Person-months are between 0 and {MAX_PERSON_MONTHS}.")
    for licence in scenario.licences:
        _check_amount(licence.price_per_user_year, "A price per user")
        if not 1 <= licence.users <= MAX_USERS:
            raise TcoError(f"Users are between 1 and {MAX_USERS}.")
        _check_growth(licence.growth_percent)
    for running in scenario.running:
        _check_amount(running.annual_cost, "An annual cost")
        _check_growth(running.growth_percent)


def _check_amount(amount: Decimal, what: str) -> None:
    if not ZERO <= amount <= MAX_AMOUNT:
        raise TcoError(f"{what} is between 0 and {MAX_AMOUNT} USD.")


def _check_growth(growth: Decimal) -> None:
    if not MIN_GROWTH <= growth <= MAX_GROWTH:
        raise TcoError(f"A yearly growth is between {MIN_GROWTH}% and {MAX_GROWTH}%.")


def _line_costs(scenario: Scenario) -> Iterator[LineCost]:
    for labour in scenario.labour:
        yield from _labour_costs(labour, scenario.phase_years(labour.phase))
    for licence in scenario.licences:
        yield from _licence_costs(licence, scenario.phase_years(licence.phase))
    for running in scenario.running:
        yield from _running_costs(running, scenario.phase_years(running.phase))


def _labour_costs(line: LabourLine, phase: PhaseYears) -> Iterator[LineCost]:
    spread = len(phase.years)
    quantity = _cents(line.person_months / spread)
    rate = line.rate.monthly
    for year in phase.years:
        yield LineCost(
            option=line.option,
            kind=LineKind.LABOUR,
            label=line.role,
            phase=line.phase,
            year=year,
            quantity=quantity,
            unit=Unit.PERSON_MONTHS,
            rate=rate,
            amount=Band(_cents(quantity * rate.low), _cents(quantity * rate.high)),
            base=line.person_months,
            spread_years=spread,
            wage=line.rate.wage,
        )


def _licence_costs(line: LicenceLine, phase: PhaseYears) -> Iterator[LineCost]:
    price = line.price_per_user_year
    for grown, year in enumerate(phase.years):
        users = _grown(Decimal(line.users), line.growth_percent, grown)
        users = users.to_integral_value(rounding=ROUND_CEILING)
        yield LineCost(
            option=line.option,
            kind=LineKind.LICENCE,
            label=line.name,
            phase=line.phase,
            year=year,
            quantity=users,
            unit=Unit.USERS,
            rate=Band(price, price),
            amount=Band(_cents(users * price), _cents(users * price)),
            base=Decimal(line.users),
            growth_percent=line.growth_percent,
            growth_years=grown,
        )


def _running_costs(line: RunningLine, phase: PhaseYears) -> Iterator[LineCost]:
    for grown, year in enumerate(phase.years):
        cost = _cents(_grown(line.annual_cost, line.growth_percent, grown))
        yield LineCost(
            option=line.option,
            kind=line.kind,
            label=line.name,
            phase=line.phase,
            year=year,
            quantity=Decimal(1),
            unit=Unit.YEARS,
            rate=Band(cost, cost),
            amount=Band(cost, cost),
            base=line.annual_cost,
            growth_percent=line.growth_percent,
            growth_years=grown,
        )


def _grown(amount: Decimal, percent: Decimal, years: int) -> Decimal:
    return amount * (1 + percent / 100) ** years


def _cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def _compare(costs: Iterable[LineCost]) -> Comparison:
    lines = tuple(costs)
    return Comparison(
        open_source=_sum(c.amount for c in lines if c.option == Option.OPEN_SOURCE),
        proprietary=_sum(c.amount for c in lines if c.option == Option.PROPRIETARY),
        lines=lines,
    )


def _sum(bands: Iterable[Band]) -> Band:
    total = NOTHING
    for band in bands:
        total += band
    return total


def _years(horizon: int, lines: tuple[LineCost, ...]) -> tuple[YearResult, ...]:
    return tuple(
        YearResult(
            year=year,
            cost=_compare(c for c in lines if c.year == year),
            cumulative=_compare(c for c in lines if c.year <= year),
        )
        for year in range(1, horizon + 1)
    )


def _break_even(years: tuple[YearResult, ...], pick: Callable[[Band], Decimal]) -> int | None:
    found: int | None = None
    for result in years:
        ahead = pick(result.cumulative.open_source) <= pick(result.cumulative.proprietary)
        if not ahead:
            found = None
        elif found is None:
            found = result.year
    return found
