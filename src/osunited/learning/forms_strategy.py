"""The OSPO strategy tools' forms: the total cost of ownership scenario and the replacement
value's size and wage. Both are GET forms: a result's address holds its inputs, to bookmark or
share, and they work without JavaScript (each submission adds blank lines to fill)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrPromise

from osunited.strategy import (
    HORIZONS,
    MAX_AMOUNT,
    MAX_GROWTH,
    MAX_LINES_OF_CODE,
    MAX_LINES_PER_KIND,
    MAX_PERSON_MONTHS,
    MAX_USERS,
    MIN_GROWTH,
    CountryWage,
    LabourLine,
    LicenceLine,
    LineKind,
    Option,
    Phase,
    PhaseYears,
    RunningLine,
    Scenario,
    TcoError,
    WageTable,
    labour_rate,
    total_cost_of_ownership,
)

OPTION_LABELS = {Option.OPEN_SOURCE: _("Open source"), Option.PROPRIETARY: _("Proprietary")}
PHASE_LABELS = {
    Phase.DEVELOP: _("Develop"),
    Phase.DEPLOY: _("Deploy"),
    Phase.SCALE: _("Scale"),
    Phase.OPERATE: _("Operate"),
}
RUNNING_LABELS = {LineKind.HOSTING: _("Hosting"), LineKind.SUPPORT: _("Support")}
DEFAULT_PHASE_YEARS = {
    Phase.DEVELOP: (1, 1),
    Phase.DEPLOY: (2, 2),
    Phase.SCALE: (3, 3),
    Phase.OPERATE: (4, 10),
}
BLANK_LINES_OFFERED = 2
_ROW_KEY = re.compile(r"^(labour|licence|running)-(\d+)-")


def _choices(labels: Mapping[Any, StrPromise]) -> list[tuple[str, StrPromise]]:
    return [(str(key), label) for key, label in labels.items()]


def _select(label: StrPromise, labels: Mapping[Any, StrPromise]) -> forms.ChoiceField:
    # Not required as a field: a blank line is left out; a filled one needs it (RowKind).
    return forms.ChoiceField(label=label, choices=_choices(labels), required=False)


def _amount(
    label: StrPromise, *, required: bool = True, maximum: Decimal = MAX_AMOUNT
) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=Decimal(0),
        max_value=maximum,
        max_digits=12,
        decimal_places=2,
    )


def _growth() -> forms.DecimalField:
    return forms.DecimalField(
        label=_("Growth a year (%)"),
        required=False,
        min_value=MIN_GROWTH,
        max_value=MAX_GROWTH,
        max_digits=5,
        decimal_places=2,
    )


def _labour_fields(countries: list[tuple[str, str]]) -> dict[str, forms.Field]:
    return {
        "option": _select(_("Option"), OPTION_LABELS),
        "role": forms.CharField(label=_("Role"), max_length=80, required=False),
        "phase": _select(_("Phase"), PHASE_LABELS),
        "person_months": forms.DecimalField(
            label=_("Person-months in the phase"),
            required=False,
            min_value=Decimal("0.1"),
            max_value=MAX_PERSON_MONTHS,
            max_digits=6,
            decimal_places=1,
        ),
        "country": forms.ChoiceField(
            label=_("Country (wage table)"), choices=countries, required=False
        ),
        "monthly_wage": _amount(_("Or a monthly wage you enter (USD)"), required=False),
    }


def _licence_fields() -> dict[str, forms.Field]:
    return {
        "option": _select(_("Option"), OPTION_LABELS),
        "name": forms.CharField(label=_("Licence or subscription"), max_length=80, required=False),
        "phase": _select(_("Phase"), PHASE_LABELS),
        "price": _amount(_("Price per user per year (USD)"), required=False),
        "users": forms.IntegerField(
            label=_("Users in the phase's first year"),
            required=False,
            min_value=1,
            max_value=MAX_USERS,
        ),
        "growth": _growth(),
    }


def _running_fields() -> dict[str, forms.Field]:
    return {
        "option": _select(_("Option"), OPTION_LABELS),
        "name": forms.CharField(label=_("Hosting or support line"), max_length=80, required=False),
        "kind": _select(_("Kind"), RUNNING_LABELS),
        "phase": _select(_("Phase"), PHASE_LABELS),
        "annual_cost": _amount(_("Cost a year (USD)"), required=False),
        "growth": _growth(),
    }


@dataclass(frozen=True)
class RowKind:
    """A kind of line of the scenario: its fields, which of them must be filled for a line to
    count, and how many blank lines an empty form offers."""

    name: str
    legend: StrPromise
    filled_by: tuple[str, ...]
    required: tuple[str, ...]
    offered: int


ROW_KINDS = (
    RowKind(
        "labour",
        _("Labour line %(number)s"),
        ("role", "person_months", "monthly_wage"),
        ("option", "role", "phase", "person_months"),
        3,
    ),
    RowKind(
        "licence",
        _("Licence line %(number)s"),
        ("name", "price", "users"),
        ("option", "name", "phase", "price", "users"),
        2,
    ),
    RowKind(
        "running",
        _("Hosting or support line %(number)s"),
        ("name", "annual_cost"),
        ("option", "name", "kind", "phase", "annual_cost"),
        2,
    ),
)


@dataclass(frozen=True)
class Row:
    """One line of the form, as the template shows it: a fieldset with its legend."""

    kind: str
    number: int
    legend: str
    fields: list[forms.BoundField]


class TcoForm(forms.Form):
    """The scenario: the years compared, the phases' years, and numbered lines of each kind
    (`labour-0-role`, ...); `scenario` is set once the form is valid."""

    horizon = forms.TypedChoiceField(
        label=_("Years compared"),
        choices=[("5", _("5 years")), ("10", _("10 years"))],
        coerce=int,
        initial="10",
        widget=forms.RadioSelect,
    )

    def __init__(self, data: Any = None, *, wages: WageTable) -> None:
        super().__init__(data)
        self.wages = wages
        self.scenario: Scenario | None = None
        for phase, (first, last) in DEFAULT_PHASE_YEARS.items():
            names = {"phase": PHASE_LABELS[phase]}
            for end, default in (("first", first), ("last", last)):
                label = _("%(phase)s: first year") if end == "first" else _("%(phase)s: last year")
                self.fields[f"{phase}_{end}"] = forms.IntegerField(
                    label=str(label) % names, min_value=1, max_value=max(HORIZONS), initial=default
                )
        self.row_counts = {kind.name: self._rows_to_offer(kind) for kind in ROW_KINDS}
        for kind in ROW_KINDS:
            for index in range(self.row_counts[kind.name]):
                for name, field in self._row_fields(kind.name).items():
                    self.fields[f"{kind.name}-{index}-{name}"] = field

    def _row_fields(self, kind: str) -> dict[str, forms.Field]:
        if kind == "labour":
            return _labour_fields(self.country_choices())
        return _licence_fields() if kind == "licence" else _running_fields()

    def country_choices(self) -> list[tuple[str, str]]:
        blank = ("", str(_("Not in the table: enter the wage")))
        return [blank, *((w.country, f"{w.name} ({w.source.year})") for w in self.wages.wages)]

    def _filled_indexes(self, kind: RowKind) -> set[int]:
        if not self.is_bound:
            return set()
        found = set()
        for key, value in self.data.items():
            match = _ROW_KEY.match(key)
            if not match or match[1] != kind.name or not str(value).strip():
                continue
            if key.rsplit("-", 1)[1] in kind.filled_by:
                found.add(int(match[2]))
        return found

    def _rows_to_offer(self, kind: RowKind) -> int:
        filled = self._filled_indexes(kind)
        wanted = max(kind.offered, max(filled, default=-1) + 1 + BLANK_LINES_OFFERED)
        return min(MAX_LINES_PER_KIND, wanted)

    def rows(self, kind_name: str) -> list[Row]:
        kind = next(k for k in ROW_KINDS if k.name == kind_name)
        names = list(self._row_fields(kind_name))
        return [
            Row(
                kind=kind_name,
                number=index + 1,
                legend=str(kind.legend) % {"number": index + 1},
                fields=[self[f"{kind_name}-{index}-{name}"] for name in names],
            )
            for index in range(self.row_counts[kind_name])
        ]

    def error_summary(self) -> list[tuple[str, str]]:
        """(anchor, message) for every error, a line's field named with its line."""
        summary = [("", str(error)) for error in self.non_field_errors()]
        for name, errors in self.errors.items():
            if name == "__all__":
                continue
            field = self[name]
            match = _ROW_KEY.match(name)
            where = str(field.label)
            if match:
                kind = next(k for k in ROW_KINDS if k.name == match[1])
                where = f"{str(kind.legend) % {'number': int(match[2]) + 1}}, {where}"
            summary += [(field.id_for_label, f"{where}: {error}") for error in errors]
        return summary

    def phase_fields(self) -> Iterator[tuple[StrPromise, forms.BoundField, forms.BoundField]]:
        for phase, label in PHASE_LABELS.items():
            yield label, self[f"{phase}_first"], self[f"{phase}_last"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for kind in ROW_KINDS:
            if max(self._filled_indexes(kind), default=-1) >= MAX_LINES_PER_KIND:
                self.add_error(
                    None, _("At most %(count)s lines of each kind.") % {"count": MAX_LINES_PER_KIND}
                )
        if self.errors:
            return cleaned
        lines = {kind.name: list(self._lines(kind)) for kind in ROW_KINDS}
        if self.errors:
            return cleaned
        self._build_scenario(cleaned, lines)
        return cleaned

    def _lines(self, kind: RowKind) -> Iterator[Any]:
        build: Callable[[dict[str, Any], str], Any] = getattr(self, f"_{kind.name}_line")
        for index in range(self.row_counts[kind.name]):
            prefix = f"{kind.name}-{index}-"
            values = {
                key.removeprefix(prefix): value
                for key, value in self.cleaned_data.items()
                if key.startswith(prefix)
            }
            if not any(values.get(name) not in (None, "") for name in kind.filled_by):
                continue
            missing = [name for name in kind.required if values.get(name) in (None, "")]
            for name in missing:
                self.add_error(prefix + name, _("Fill this in too, or empty the whole line."))
            if not missing:
                yield build(values, prefix)

    def _labour_line(self, values: dict[str, Any], prefix: str) -> LabourLine | None:
        wage: CountryWage | None = self.wages.get(values["country"]) if values["country"] else None
        try:
            rate = labour_rate(wage=wage, entered=values["monthly_wage"])
        except TcoError:
            self.add_error(
                prefix + "monthly_wage",
                _("Choose a country from the wage table or enter a monthly wage."),
            )
            return None
        return LabourLine(
            option=Option(values["option"]),
            role=values["role"],
            phase=Phase(values["phase"]),
            person_months=values["person_months"],
            rate=rate,
        )

    def _licence_line(self, values: dict[str, Any], prefix: str) -> LicenceLine:
        return LicenceLine(
            option=Option(values["option"]),
            name=values["name"],
            phase=Phase(values["phase"]),
            price_per_user_year=values["price"],
            users=values["users"],
            growth_percent=values["growth"] or Decimal(0),
        )

    def _running_line(self, values: dict[str, Any], prefix: str) -> RunningLine:
        return RunningLine(
            option=Option(values["option"]),
            name=values["name"],
            kind=LineKind(values["kind"]),
            phase=Phase(values["phase"]),
            annual_cost=values["annual_cost"],
            growth_percent=values["growth"] or Decimal(0),
        )

    def _build_scenario(self, cleaned: dict[str, Any], lines: dict[str, list[Any]]) -> None:
        horizon = cleaned["horizon"]
        phases = []
        for phase, label in PHASE_LABELS.items():
            first, last = cleaned[f"{phase}_first"], cleaned[f"{phase}_last"]
            if not first <= last <= horizon:
                self.add_error(
                    f"{phase}_last",
                    _("%(phase)s: the last year must be from the first year to year %(horizon)s.")
                    % {"phase": label, "horizon": horizon},
                )
            phases.append(PhaseYears(phase, first, last))
        if self.errors:
            return
        self.scenario = Scenario(
            horizon=horizon,
            phases=tuple(phases),
            labour=tuple(line for line in lines["labour"] if line is not None),
            licences=tuple(lines["licence"]),
            running=tuple(lines["running"]),
        )
        try:
            total_cost_of_ownership(self.scenario)
        except TcoError as exc:  # a bound the fields above do not already hold
            self.scenario = None
            self.add_error(None, str(exc))


class ReplacementForm(forms.Form):
    """The size to price (the scan's count, or one entered) and the wage to price it with."""

    lines_of_code = forms.IntegerField(
        label=_("Lines of code"),
        help_text=_(
            "Source lines, without blank lines and comments, as a counter such as cloc "
            "or tokei reports them."
        ),
        min_value=1,
        max_value=MAX_LINES_OF_CODE,
    )
    monthly_wage = _amount(_("Or a monthly wage you enter (USD)"), required=False)

    def __init__(self, data: Any = None, *, wages: WageTable) -> None:
        super().__init__(data)
        self.wages = wages
        blank = ("", str(_("Not in the table: enter the wage")))
        self.fields["country"] = forms.ChoiceField(
            label=_("Country (wage table)"),
            required=False,
            choices=[blank, *((w.country, f"{w.name} ({w.source.year})") for w in wages.wages)],
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        wage = self.wages.get(cleaned.get("country") or "")
        if (
            cleaned.get("monthly_wage") is None
            and wage is None
            and "monthly_wage" not in self.errors
        ):
            self.add_error(
                "monthly_wage", _("Choose a country from the wage table or enter a monthly wage.")
            )
        if cleaned.get("monthly_wage") == 0:
            self.add_error("monthly_wage", _("A monthly wage is more than 0."))
        if not self.errors:
            cleaned["rate"] = labour_rate(wage=wage, entered=cleaned.get("monthly_wage"))
        return cleaned
