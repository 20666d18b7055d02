"""The replacement value of a code base: COCOMO II's post-architecture model (the 2000
calibration) at nominal ratings, priced with a monthly wage band.

Effort PM = A x Size^E x EM, with E = B + 0.01 x the sum of the scale factors; schedule
TDEV = C x PM^F with F = D + 0.2 x (E - B). Size is in thousands of source lines of code."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from osunited.strategy._wages import CENT

A = Decimal("2.94")
B = Decimal("0.91")
C = Decimal("3.67")
D = Decimal("0.28")
HOURS_PER_PERSON_MONTH = 152
MAX_LINES_OF_CODE = 100_000_000
TENTH = Decimal("0.1")

# The five scale factors at their nominal rating (COCOMO II.2000).
NOMINAL_SCALE_FACTORS: tuple[tuple[str, Decimal], ...] = (
    ("PREC", Decimal("3.72")),  # precedentedness
    ("FLEX", Decimal("3.04")),  # development flexibility
    ("RESL", Decimal("4.24")),  # architecture and risk resolution
    ("TEAM", Decimal("3.29")),  # team cohesion
    ("PMAT", Decimal("4.68")),  # process maturity
)
# The seventeen post-architecture effort multipliers, each 1.00 at its nominal rating.
EFFORT_MULTIPLIER_DRIVERS = (
    "RELY",
    "DATA",
    "CPLX",
    "RUSE",
    "DOCU",
    "TIME",
    "STOR",
    "PVOL",
    "ACAP",
    "PCAP",
    "PCON",
    "APEX",
    "PLEX",
    "LTEX",
    "TOOL",
    "SITE",
    "SCED",
)
NOMINAL_EFFORT_MULTIPLIERS: tuple[tuple[str, Decimal], ...] = tuple(
    (driver, Decimal("1.00")) for driver in EFFORT_MULTIPLIER_DRIVERS
)


class CocomoError(ValueError):
    """A size or wage the model cannot be applied to, with the reason in words."""


@dataclass(frozen=True)
class CocomoEstimate:
    """Effort in person-months (of 152 hours) and schedule in months, rounded to a tenth
    (half up); the cost is the rounded effort times the monthly wage, rounded to the cent."""

    lines_of_code: int
    ksloc: Decimal
    scale_factor_sum: Decimal
    exponent: Decimal
    effort_multiplier: Decimal
    person_months: Decimal
    schedule_months: Decimal
    monthly_low: Decimal
    monthly_high: Decimal
    cost_low: Decimal
    cost_high: Decimal


def replacement_value(
    *, lines_of_code: int, monthly_low: Decimal, monthly_high: Decimal
) -> CocomoEstimate:
    """What rewriting `lines_of_code` would cost at the monthly wage band, by COCOMO II at
    nominal ratings."""
    if not 1 <= lines_of_code <= MAX_LINES_OF_CODE:
        raise CocomoError(f"Lines of code are between 1 and {MAX_LINES_OF_CODE}.")
    if not 0 < monthly_low <= monthly_high:
        raise CocomoError("The monthly wage must be positive, the low at most the high.")
    ksloc = Decimal(lines_of_code) / 1000
    scale_sum = sum((value for _, value in NOMINAL_SCALE_FACTORS), Decimal(0))
    exponent = B + scale_sum / 100
    multiplier = Decimal(1)
    for _, value in NOMINAL_EFFORT_MULTIPLIERS:
        multiplier *= value
    multiplier = multiplier.normalize()
    effort = A * ksloc**exponent * multiplier
    schedule = C * effort ** (D + Decimal("0.2") * (exponent - B))
    person_months = effort.quantize(TENTH, rounding=ROUND_HALF_UP)
    return CocomoEstimate(
        lines_of_code=lines_of_code,
        ksloc=ksloc,
        scale_factor_sum=scale_sum,
        exponent=exponent,
        effort_multiplier=multiplier,
        person_months=person_months,
        schedule_months=schedule.quantize(TENTH, rounding=ROUND_HALF_UP),
        monthly_low=monthly_low,
        monthly_high=monthly_high,
        cost_low=(person_months * monthly_low).quantize(CENT, rounding=ROUND_HALF_UP),
        cost_high=(person_months * monthly_high).quantize(CENT, rounding=ROUND_HALF_UP),
    )
