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
    # The scanner's reasons (checks/deps_vulnerabilities.py):
    NOT_COVERED = "ecosystems_not_in_database"
    UNPINNED = "no_pinned_dependencies"
    NO_DEPENDENCIES = "no_dependencies_found"


REASONS: dict[str, Promise] = {
    NotMeasured.NOT_SCANNED: _("not scanned yet"),
    NotMeasured.NO_DATABASE: _("the scan had no vulnerability database"),
    NotMeasured.NOT_COVERED: _(
        "the vulnerability database has no records for the ecosystems of its dependencies"
    ),
    NotMeasured.UNPINNED: _(
        "no dependency names an exact version to look up (pin versions with a lockfile)"
    ),
    NotMeasured.NO_DEPENDENCIES: _("the scan found no dependency to look up"),
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
    # Ecosystems of pinned dependencies the database has no records for: not checked.
    unchecked_ecosystems: tuple[str, ...] = ()
    # Of a project's sources (repositories, archive): how many the figures cover, of how many.
    sources_measured: int = 1
    sources: int = 1

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
            "unchecked_ecosystems": list(self.unchecked_ecosystems),
            "sources_measured": self.sources_measured if self.measured else 0,
            "sources": self.sources,
        }


def vulnerability_figures(scan: Scan | None) -> VulnerabilityFigures:
    """What one scan measured (None, or a scan that did not succeed: not scanned). A succeeded
    scan without the figures had no vulnerability database, one without records for the
    ecosystems of its dependencies, or nothing to look up (facts_of says which)."""
    if scan is None or scan.status != ScanStatus.SUCCEEDED:
        return VulnerabilityFigures(None, NotMeasured.NOT_SCANNED)
    return _figures_of(scan.facts if isinstance(scan.facts, dict) else {})


def project_vulnerability_figures(project: Project) -> VulnerabilityFigures:
    """What the latest succeeded scan of each of the project's sources measured, together
    (`project_facts_of`, kept in Project.vulnerabilities when a scan finishes)."""
    return _figures_of(project.vulnerabilities) if project.vulnerabilities else _NOT_SCANNED


_NOT_SCANNED = VulnerabilityFigures(None, NotMeasured.NOT_SCANNED, sources=0)


def _figures_of(facts: dict[str, Any]) -> VulnerabilityFigures:
    counts = facts.get("vulnerabilities")
    sources = int(facts.get("sources", 1))
    if not isinstance(counts, dict):
        return VulnerabilityFigures(None, _unmeasured(facts), sources=sources)
    database = facts.get("vulnerability_database") or {}
    return VulnerabilityFigures(
        {severity: int(counts.get(severity, 0)) for severity in SEVERITIES},
        database_date=database.get("date"),
        database_sources=tuple(database.get("sources") or ()),
        unchecked_ecosystems=tuple(facts.get("vulnerabilities_unchecked") or ()),
        sources_measured=int(facts.get("sources_measured", 1)),
        sources=sources,
    )


def _unmeasured(facts: dict[str, Any]) -> NotMeasured:
    reason = facts.get("vulnerabilities_not_measured")
    known = {member.value for member in NotMeasured}
    return NotMeasured(reason) if reason in known else NotMeasured.NO_DATABASE


def project_facts_of(scans: list[Scan]) -> dict[str, Any]:
    """The vulnerability facts of a project from the latest succeeded scan of each source:
    counts added up over the sources that measured them (the oldest database date, every
    source named, the unchecked ecosystems together); not measured, with the first reason,
    when none did. The same keys as a scan's facts, plus how many sources were measured."""
    facts: dict[str, Any] = {"sources": len(scans), "scans": [scan.pk for scan in scans]}
    measured = [s.facts for s in scans if isinstance((s.facts or {}).get("vulnerabilities"), dict)]
    if not measured:
        reasons = [_unmeasured(scan.facts or {}) for scan in scans]
        facts["vulnerabilities_not_measured"] = reasons[0] if reasons else NotMeasured.NOT_SCANNED
        return facts
    databases = [f.get("vulnerability_database") or {} for f in measured]
    dates = sorted(str(d["date"]) for d in databases if d.get("date"))
    sources = dict.fromkeys(str(s) for d in databases for s in d.get("sources") or ())
    unchecked = sorted({str(e) for f in measured for e in f.get("vulnerabilities_unchecked") or ()})
    facts.update(
        vulnerabilities={
            severity: sum(int(f["vulnerabilities"].get(severity, 0)) for f in measured)
            for severity in SEVERITIES
        },
        vulnerability_database={"date": dates[0] if dates else None, "sources": list(sources)},
        vulnerabilities_unchecked=unchecked,
        sources_measured=len(measured),
    )
    return facts


def vulnerability_findings(scans: Scan | list[Scan] | None) -> QuerySet[ScanFinding]:
    """The known-vulnerability findings of a scan (or of several: a project's sources), each
    naming its advisory ids, in the scanner's order (the most severe first for a dependency)."""
    if scans is None:
        return ScanFinding.objects.none()
    scan_ids = [scan.pk for scan in scans] if isinstance(scans, list) else [scans.pk]
    return ScanFinding.objects.filter(scan_id__in=scan_ids, check_id=CHECK_ID).order_by("pk")


@dataclass(frozen=True)
class VulnerabilityCoverage:
    """Projects by whether their latest scan measured known vulnerabilities, and the counts
    over those measured (None when none was: unknown, not 0)."""

    measured: int
    not_measured: dict[NotMeasured, int]
    counts: dict[str, int] | None


def vulnerability_coverage(projects: QuerySet[Project]) -> VulnerabilityCoverage:
    """Read in one query, from each project's figures over its sources."""
    not_measured = dict.fromkeys(NotMeasured, 0)
    counts = dict.fromkeys(SEVERITIES, 0)
    measured = 0
    for facts in projects.values_list("vulnerabilities", flat=True):
        found = facts.get("vulnerabilities") if isinstance(facts, dict) else None
        if not facts:
            not_measured[NotMeasured.NOT_SCANNED] += 1
        elif not isinstance(found, dict):
            not_measured[_unmeasured(facts)] += 1
        else:
            measured += 1
            for severity in SEVERITIES:
                counts[severity] += int(found.get(severity, 0))
    return VulnerabilityCoverage(measured, not_measured, counts if measured else None)
