"""An OSPO staffing plan: the OSEE roles table's roles, each sized by one figure of the
entity's portfolio. The sizing rules are the platform's own (the OSEE draft sizes no role):
a base to hold the role, plus a share per unit of the figure that drives it, rounded up to a
tenth of a full-time equivalent (FTE) and capped."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from enum import StrEnum

from osunited.osee import OspoRole

TENTH = Decimal("0.1")


class Driver(StrEnum):
    """The portfolio figure a role grows with."""

    NONE = "none"
    PROJECTS = "projects"
    OPEN_FINDINGS = "open_findings"
    LICENSING_FINDINGS = "licensing_findings"
    PEOPLE_TO_TRAIN = "people_to_train"


@dataclass(frozen=True)
class Portfolio:
    """An entity's figures: projects in the catalogue, findings (warnings and errors) of their
    latest scans, those of the licensing pillar, and its people without a completed course."""

    projects: int
    open_findings: int
    licensing_findings: int
    people: int
    people_to_train: int

    def count(self, driver: Driver) -> int:
        return 0 if driver == Driver.NONE else int(getattr(self, driver.value))


@dataclass(frozen=True)
class SizingRule:
    base_fte: Decimal
    fte_per_unit: Decimal
    driver: Driver
    cap_fte: Decimal


def _rule(base: str, per_unit: str, driver: Driver, cap: str) -> SizingRule:
    return SizingRule(Decimal(base), Decimal(per_unit), driver, Decimal(cap))


# By the role's name in the OSEE table, lower case.
SIZING_RULES: dict[str, SizingRule] = {
    "strategy / management": _rule("0.5", "0.02", Driver.PROJECTS, "2"),
    "fundraising": _rule("0.1", "0.01", Driver.PROJECTS, "1"),
    "service design": _rule("0", "0.05", Driver.PROJECTS, "3"),
    "procurement / it strategy": _rule("0.2", "0.01", Driver.PROJECTS, "1"),
    "legal and policy": _rule("0.2", "0.01", Driver.LICENSING_FINDINGS, "2"),
    "capacity building": _rule("0.1", "0.004", Driver.PEOPLE_TO_TRAIN, "5"),
    "performance and monitoring": _rule("0.2", "0.002", Driver.OPEN_FINDINGS, "1"),
}
# A role of the table without a rule of ours: kept named, at a tenth of an FTE.
UNSIZED_RULE = _rule("0.1", "0", Driver.NONE, "0.1")


@dataclass(frozen=True)
class StaffingLine:
    """One role's suggested FTE: `base_fte + fte_per_unit x count`, rounded up to a tenth
    (`computed_fte`), then capped (`fte`)."""

    role: OspoRole
    rule: SizingRule
    has_rule: bool
    count: int
    computed_fte: Decimal
    fte: Decimal

    @property
    def capped(self) -> bool:
        return self.fte < self.computed_fte


@dataclass(frozen=True)
class StaffingPlan:
    portfolio: Portfolio
    lines: tuple[StaffingLine, ...]

    @property
    def total_fte(self) -> Decimal:
        return sum((line.fte for line in self.lines), Decimal(0))


def staffing_plan(roles: Iterable[OspoRole], portfolio: Portfolio) -> StaffingPlan:
    """A suggested FTE for each role of the OSEE table, sized by `portfolio`."""
    return StaffingPlan(portfolio=portfolio, lines=tuple(_line(role, portfolio) for role in roles))


def _line(role: OspoRole, portfolio: Portfolio) -> StaffingLine:
    rule = SIZING_RULES.get(" ".join(role.role.lower().split()))
    sized = rule or UNSIZED_RULE
    count = portfolio.count(sized.driver)
    computed = sized.base_fte + sized.fte_per_unit * count
    computed = (computed / TENTH).to_integral_value(rounding=ROUND_CEILING) * TENTH
    return StaffingLine(
        role=role,
        rule=sized,
        has_rule=rule is not None,
        count=count,
        computed_fte=computed,
        fte=min(computed, sized.cap_fte),
    )
