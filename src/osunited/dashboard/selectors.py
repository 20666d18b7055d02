"""Reads of the dashboard's snapshots: the latest figures of a scope, and a metric's trend."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from django_stubs_ext import StrOrPromise

from osunited.dashboard.metrics import ALL, COVERAGE, METRIC_IDS, METRICS, Metric, metric
from osunited.dashboard.models import MetricSnapshot
from osunited.entities.models import Entity


def latest_snapshot(scope: str) -> MetricSnapshot | None:
    return MetricSnapshot.objects.filter(scope=scope).order_by("-day").first()


# -- what a dashboard page shows -----------------------------------------------------------------

PERIODS = {"90d": 90, "1y": 365, "2y": 730}
WEEKLY_AFTER_DAYS = 90  # longer trends show one point a week, the week's last snapshot


@dataclass(frozen=True)
class Scope:
    """What a page measures: the whole system, an entity, or an SDG."""

    id: str
    title: StrOrPromise
    entity: Entity | None = None
    goal: int | None = None


@dataclass(frozen=True)
class Coverage:
    """Over how many of the scope's public projects a figure was measured, on one day."""

    metric_id: str
    measured: int
    projects: int
    not_scanned: int = 0  # over scans: the projects without a successful scan
    not_hosted: int = 0  # over the forge: the projects without a repository on it

    @property
    def unmeasured_scanned(self) -> int:
        """Scanned, but their scan could not measure it (no vulnerability database, say)."""
        return max(self.projects - self.measured - self.not_scanned - self.not_hosted, 0)


def coverage_of(values: dict[str, Any] | None, metric_: Metric) -> Coverage | None:
    """A figure's coverage from a snapshot's values; None when it has nothing to say (or the
    snapshot predates coverage)."""
    if not values or not metric_.over or "projects" not in values:
        return None
    projects = int(values["projects"])
    if metric_.over == "projects":
        return Coverage(metric_.id, projects, projects)
    stored = (values.get(COVERAGE) or {}).get(metric_.id)
    if not isinstance(stored, dict):
        return None
    return Coverage(
        metric_.id,
        stored["measured"],
        projects,
        stored["not_scanned"],
        stored.get("not_hosted", 0),
    )


@dataclass(frozen=True)
class Chart:
    metric: Metric
    rows: list[tuple[str, Any]]  # (label, value): exactly what the chart and its table show
    trend: bool  # a line over time, else bars of the latest snapshot
    lines: tuple[Chart, ...] = ()  # a distribution's trend: one line per largest key
    coverage: Coverage | None = None  # of the latest snapshot

    @property
    def trend_table(self) -> tuple[list[str], list[list[Any]]]:
        """A distribution's trend as a table: a row per day, a column per line."""
        header = ["day", *(str(line.metric.title) for line in self.lines)]
        days = [day for day, _ in self.lines[0].rows] if self.lines else []
        columns = [[value for _, value in line.rows] for line in self.lines]
        return header, [[day, *(column[i] for column in columns)] for i, day in enumerate(days)]

    @property
    def largest(self) -> float:
        return max((float(v) for _, v in self.rows if v is not None), default=0.0)

    @property
    def bars(self) -> list[tuple[str, Any, str]]:
        """(label, value, SVG width): widths as attributes, the CSP forbids inline styles."""
        top = self.largest or 1.0
        return [(label, v, f"{round(float(v or 0) / top * 100, 1)}%") for label, v in self.rows]

    @property
    def polyline(self) -> str:
        """The trend's points in a 100 by 40 box, the largest value at the top."""
        values = [float(v) if v is not None else None for _, v in self.rows]
        known = [(i, v) for i, v in enumerate(values) if v is not None]
        if not known:
            return ""
        top, last = self.largest or 1.0, max(len(values) - 1, 1)
        return " ".join(f"{i / last * 100:.2f},{40 - v / top * 38:.2f}" for i, v in known)

    @property
    def latest(self) -> Any:
        return self.rows[-1][1] if self.rows else None


def scope_for(*, entity: Entity | None, goal: int | None) -> Scope:
    if entity is not None:
        return Scope(f"e{entity.pk}", entity.acronym, entity=entity)
    if goal is not None:
        return Scope(f"g{goal}", f"SDG {goal}", goal=goal)
    return Scope(ALL, gettext_lazy("All entities"))


# The keys a distribution stores (in English, in the snapshots) and what the reader sees.
_KEY_LABELS = {
    "other": gettext_lazy("other"),
    # scan_freshness
    "7 days": gettext_lazy("7 days"),
    "30 days": gettext_lazy("30 days"),
    "90 days": gettext_lazy("90 days"),
    "a year": gettext_lazy("a year"),
    "older": gettext_lazy("older"),
    "never": gettext_lazy("never"),
    # bus_factor, organisational_diversity
    "3 to 5": gettext_lazy("3 to 5"),
    "2 to 3": gettext_lazy("2 to 3"),
    # open_vulnerabilities
    "critical": gettext_lazy("critical"),
    "high": gettext_lazy("high"),
    "medium": gettext_lazy("medium"),
    "low": gettext_lazy("low"),
    "unknown": gettext_lazy("unknown"),
    # projects_by_development_status (publiccode.yml's developmentStatus)
    "concept": gettext_lazy("concept"),
    "development": gettext_lazy("development"),
    "beta": gettext_lazy("beta"),
    "stable": gettext_lazy("stable"),
    "obsolete": gettext_lazy("obsolete"),
}


def _labels(metric_id: str) -> Callable[[str], str]:
    """How a distribution's keys read, in the reader's language: strings, as the downloads
    write them too."""
    if metric_id == "projects_by_entity":
        names = dict(Entity.objects.values_list("pk", "acronym"))
        return lambda key: names.get(int(key), key) if key.isdigit() else str(_key_label(key))
    if metric_id == "projects_by_sdg":
        return lambda key: f"SDG {key}" if key.isdigit() else str(_key_label(key))
    if metric_id == "entities_by_stage":
        return lambda key: (
            gettext("Not yet at Stage 1")
            if key == "0"
            else gettext("Stage %(number)s") % {"number": key}
        )
    if metric_id == "completions_by_osee_category":
        from osunited.osee import load_osee

        titles = {category.id: category.title for category in load_osee().categories}
        return lambda key: titles.get(
            key, gettext("Outside the OSEE modules") if key == "none" else key
        )
    return lambda key: str(_key_label(key))


def _key_label(key: str) -> StrOrPromise:
    return _KEY_LABELS.get(key, key)


def shown_days(scope_id: str, *, days: int) -> list[date]:
    """The snapshot days a trend over `days` draws: each day, or beyond 90 days the last
    snapshot of each ISO week (read without touching the JSON)."""
    since = timezone.localdate() - timedelta(days=days - 1)
    taken = MetricSnapshot.objects.filter(scope=scope_id, day__gte=since).order_by("day")
    stored = list(taken.values_list("day", flat=True))
    if days <= WEEKLY_AFTER_DAYS:
        return stored
    weekly: dict[tuple[int, int], date] = {}
    for day in stored:
        weekly[day.isocalendar()[:2]] = day
    return list(weekly.values())


def trend_points(
    scope_id: str, metric_ids: list[str], *, days: int
) -> dict[str, list[tuple[str, Any]]]:
    """The points of several trends in one query: the database extracts only those values."""
    unknown = set(metric_ids) - METRIC_IDS
    if unknown:
        raise KeyError(sorted(unknown)[0])
    points: dict[str, list[tuple[str, Any]]] = {metric_id: [] for metric_id in metric_ids}
    if not metric_ids:
        return points
    rows = MetricSnapshot.objects.filter(scope=scope_id, day__in=shown_days(scope_id, days=days))
    for day, *values in rows.order_by("day").values_list(
        "day", *(f"values__{metric_id}" for metric_id in metric_ids)
    ):
        for metric_id, value in zip(metric_ids, values, strict=True):
            points[metric_id].append((day.isoformat(), value))
    return points


def _distribution(
    chosen: Metric, latest: MetricSnapshot | None, points: list[tuple[str, Any]]
) -> Chart:
    """The latest distribution as bars, with a line for each of its largest keys."""
    values = (latest.values.get(chosen.id) if latest else None) or {}
    label = _labels(chosen.id)
    bars = Chart(chosen, [(label(str(k)), v) for k, v in values.items()], trend=False)
    return _with_lines(bars, points, label)


TREND_LINES = 5  # a distribution's trend follows its five largest keys


def _with_lines(chart: Chart, points: list[tuple[str, Any]], label: Callable[[str], str]) -> Chart:
    """The distribution with a line for each of its largest keys over the shown days."""
    largest = (
        sorted(
            (key for key, value in (points[-1][1] or {}).items() if key != "other" and value),
            key=lambda key: -points[-1][1][key],
        )[:TREND_LINES]
        if points
        else []
    )
    lines = tuple(_line(chart.metric, label(key), key, points) for key in largest)
    return dataclasses.replace(chart, lines=lines)


def _line(metric_: Metric, title: str, key: str, points: list[tuple[str, Any]]) -> Chart:
    rows = [(day, None if values is None else values.get(key, 0)) for day, values in points]
    return Chart(dataclasses.replace(metric_, title=title, keyed=False), rows, trend=True)


def chart_for(scope: Scope, metric_id: str, *, days: int) -> Chart:
    """One chart: a distribution from the latest snapshot with its trend, or a number's."""
    chosen = metric(metric_id)
    points = trend_points(scope.id, [metric_id], days=days)[metric_id]
    latest = latest_snapshot(scope.id)
    if chosen.keyed:
        chart = _distribution(chosen, latest, points)
    else:
        chart = Chart(chosen, points, trend=True)
    values = latest.values if latest else None
    return dataclasses.replace(chart, coverage=coverage_of(values, chosen))


def page_charts(scope: Scope, *, days: int) -> dict[str, list[Chart]]:
    """Every chart that means something for the scope, by group, in the order of METRICS:
    one query for the latest distributions, two for every trend."""
    kind = "all" if scope.id == ALL else ("entity" if scope.entity else "sdg")
    shown = [m for m in METRICS if kind in m.scopes.split()]
    latest = latest_snapshot(scope.id)
    values = latest.values if latest else None
    trends = trend_points(scope.id, [m.id for m in shown], days=days)
    charts: dict[str, list[Chart]] = {}
    for m in shown:
        if m.keyed:
            chart = _distribution(m, latest, trends[m.id])
        else:
            chart = Chart(m, trends[m.id], trend=True)
        chart = dataclasses.replace(chart, coverage=coverage_of(values, m))
        charts.setdefault(m.group, []).append(chart)
    return charts


# -- the OSSIB view: entities side by side -------------------------------------------------------

COMPARED = (
    ("stage", gettext_lazy("Stage"), "count"),
    ("projects", gettext_lazy("Public projects"), "count"),
    ("share_osi_approved", gettext_lazy("OSI-approved license"), "share"),
    ("share_recommended_license", gettext_lazy("Recommended license"), "share"),
    ("share_security_policy", gettext_lazy("Security policy"), "share"),
    ("scan_coverage", gettext_lazy("Scanned"), "share"),
    ("critical_high_vulnerabilities", gettext_lazy("Critical and high vulnerabilities"), "count"),
    ("unmaintained", gettext_lazy("Unmaintained"), "count"),
    ("active_contributors_90d", gettext_lazy("Active contributors (90 days)"), "count"),
)


# The metric behind each compared column measured over scans: its coverage is shown with it.
COMPARED_OVER_SCANS = {
    "share_security_policy": "share_security_policy",
    "critical_high_vulnerabilities": "open_vulnerabilities",
    "unmaintained": "unmaintained",
    "active_contributors_90d": "active_contributors_90d",
}


@dataclass(frozen=True)
class ComparedEntity:
    entity: Entity
    values: dict[str, Any]
    coverage: dict[str, Coverage | None] = dataclasses.field(default_factory=dict)


def entity_comparison(*, sort: str = "") -> tuple[date | None, list[ComparedEntity]]:
    """Every entity's latest figures side by side (one snapshot day, one query), sorted by a
    compared column (largest first, entities without a figure last) or by acronym."""
    day = (
        MetricSnapshot.objects.filter(scope=ALL)
        .order_by("-day")
        .values_list("day", flat=True)
        .first()
    )
    stored = {}
    if day is not None:
        for scope, values in MetricSnapshot.objects.filter(
            day=day, scope__startswith="e"
        ).values_list("scope", "values"):
            stored[int(scope[1:])] = values
    rows = [
        ComparedEntity(
            entity, _compared(stored.get(entity.pk, {})), _compared_coverage(stored.get(entity.pk))
        )
        for entity in Entity.objects.order_by("acronym")
    ]
    if sort in {column for column, _, _ in COMPARED}:
        rows.sort(key=lambda row: (row.values[sort] is None, -(row.values[sort] or 0)))
    return day, rows


def _compared(values: dict[str, Any]) -> dict[str, Any]:
    vulnerabilities = values.get("open_vulnerabilities")
    figures = {column: values.get(column) for column, _, _ in COMPARED}
    # None, not 0, when no scan of the entity's projects had a vulnerability database.
    figures["critical_high_vulnerabilities"] = (
        vulnerabilities.get("critical", 0) + vulnerabilities.get("high", 0)
        if isinstance(vulnerabilities, dict)
        else None
    )
    return figures


def _compared_coverage(values: dict[str, Any] | None) -> dict[str, Coverage | None]:
    return {
        column: coverage_of(values, metric(metric_id))
        for column, metric_id in COMPARED_OVER_SCANS.items()
    }
