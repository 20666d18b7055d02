"""Known vulnerabilities as every page, export and feed shows them: counted against a named
database of a known date, or "not measured" with the reason. A figure nobody measured is never
a 0 (docs/dependencies.md#on-the-platform-and-in-the-demo)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from osunited.catalog.models import Project, Scan, ScanFinding, ScanStatus

SEVERITIES = ("critical", "high", "medium", "low", "unknown")
CHECK_ID = "deps.vulnerabilities"


class NotMeasured(StrEnum):
    """Why a project's vulnerabilities were not measured (the API's `not_measured_reason`)."""

    NOT_SCANNED = "not_scanned"
    NO_DATABASE = "no_vulnerability_database"
    NOT_COVERED = "ecosystems_not_in_database"  # the scanner's deps_vulnerabilities.NOT_COVERED


REASONS: dict[str, Promise] = {
    NotMeasured.NOT_SCANNED: _("not scanned yet"),
    NotMeasured.NO_DATABASE: _("the scan had no vulnerability database"),
    NotMeasured.NOT_COVERED: _(
        "the vulnerability database has no records for the ecosystems of its dependencies"
    ),
}


SEVERITY_LABELS: dict[str, Promise] = {
    "critical": _("critical"),
    "high": _("high"),
    "medium": _("medium"),
    "low": _("low"),
    "unknown": _("of unknown severity (the advisory gives no score)"),
}


@dataclass(frozen=True)
class VulnerabilityFigures:
    """A scan's known vulnerabilities by severity, or None with the reason they are unknown."""

    counts: dict[str, int] | None
    not_measured_reason: NotMeasured | None = None
    database_date: str | None = None
    database_sources: tuple[str, ...] = ()

    @property
    def measured(self) -> bool:
        return self.counts is not None

    @property
    def total(self) -> int | None:
        return sum(self.counts.values()) if self.counts is not None else None

    @property
    def critical_and_high(self) -> int | None:
        if self.counts is None:
            return None
        return self.counts.get("critical", 0) + self.counts.get("high", 0)

    @property
    def by_severity(self) -> list[tuple[Promise, int]]:
        """The severities found, most severe first, leaving out those with none."""
        counts = self.counts or {}
        return [(SEVERITY_LABELS[s], counts[s]) for s in SEVERITIES if counts.get(s)]

    @property
    def reason(self) -> Promise | str:
        """The reason in words, for people."""
        return REASONS[self.not_measured_reason] if self.not_measured_reason else ""

    def as_data(self) -> dict[str, Any]:
        """The API's and the exports' form: null counts, never 0, when not measured."""
        counts = self.counts or {}
        return {
            **{severity: counts.get(severity) for severity in SEVERITIES},
            "total": self.total,
            "not_measured_reason": self.not_measured_reason,
            "database_date": self.database_date,
            "database_sources": list(self.database_sources),
        }


def vulnerability_figures(scan: Scan | None) -> VulnerabilityFigures:
    """What `scan` (a project's latest successful scan, or None) measured. A succeeded scan
    without the figures had no vulnerability database, or one without records for the
    ecosystems of its dependencies (facts_of leaves the figures out and says which)."""
    if scan is None or scan.status != ScanStatus.SUCCEEDED:
        return VulnerabilityFigures(None, NotMeasured.NOT_SCANNED)
    facts = scan.facts if isinstance(scan.facts, dict) else {}
    counts = facts.get("vulnerabilities")
    if not isinstance(counts, dict):
        return VulnerabilityFigures(None, _unmeasured(facts))
    database = facts.get("vulnerability_database") or {}
    return VulnerabilityFigures(
        {severity: int(counts.get(severity, 0)) for severity in SEVERITIES},
        database_date=database.get("date"),
        database_sources=tuple(database.get("sources") or ()),
    )


def _unmeasured(facts: dict[str, Any]) -> NotMeasured:
    if facts.get("vulnerabilities_not_measured") == NotMeasured.NOT_COVERED:
        return NotMeasured.NOT_COVERED
    return NotMeasured.NO_DATABASE


def vulnerability_findings(scan: Scan | None) -> QuerySet[ScanFinding]:
    """The scan's known-vulnerability findings, each naming its advisory ids, in the scanner's
    order (the most severe first for each dependency)."""
    if scan is None:
        return ScanFinding.objects.none()
    return scan.findings.filter(check_id=CHECK_ID).order_by("pk")


@dataclass(frozen=True)
class VulnerabilityCoverage:
    """Projects by whether their latest scan measured known vulnerabilities, and the counts
    over those measured (None when none was: unknown, not 0)."""

    measured: int
    not_measured: dict[NotMeasured, int]
    counts: dict[str, int] | None


def vulnerability_coverage(projects: QuerySet[Project]) -> VulnerabilityCoverage:
    """Read in one query, from each project's latest scan's facts."""
    not_measured = dict.fromkeys(NotMeasured, 0)
    counts = dict.fromkeys(SEVERITIES, 0)
    measured = 0
    for scan_id, facts in projects.values_list("latest_scan_id", "latest_scan__facts"):
        found = facts.get("vulnerabilities") if isinstance(facts, dict) else None
        if scan_id is None:
            not_measured[NotMeasured.NOT_SCANNED] += 1
        elif not isinstance(found, dict):
            not_measured[_unmeasured(facts if isinstance(facts, dict) else {})] += 1
        else:
            measured += 1
            for severity in SEVERITIES:
                counts[severity] += int(found.get(severity, 0))
    return VulnerabilityCoverage(measured, not_measured, counts if measured else None)
