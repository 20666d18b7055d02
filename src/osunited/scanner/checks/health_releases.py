"""Releases: version tags, the latest one, and the cadence between them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from osunited.scanner._context import ScanContext
from osunited.scanner._history import (
    RELEASE_INTERVALS,
    YEAR_DAYS,
    History,
    ReleaseMetrics,
    releases,
)
from osunited.scanner._model import CheckResult, Finding, Outcome, Pillar, Severity
from osunited.scanner._text import _, ngettext
from osunited.scanner.checks._history_check import HistoryCheck

STALE_RELEASE_DAYS = YEAR_DAYS


class Releases(HistoryCheck):
    id = "health.releases"
    title = _("Releases")
    pillar = Pillar.COMMUNITY

    def measure(self, context: ScanContext, history: History, now: datetime) -> CheckResult:
        figures = releases(history, now)
        findings = self._findings(figures)
        summary = _summary(figures)
        failed = any(f.severity is not Severity.INFO for f in findings)
        return self.result(
            Outcome.FAIL if failed else Outcome.PASS, summary, findings, _data(figures)
        )

    def _findings(self, figures: ReleaseMetrics) -> list[Finding]:
        if figures.last is None:
            message = (
                ngettext(
                    "No release tag ({count} tag(s), none like a version).",
                    "No release tag ({count} tag(s), none like a version).",
                    figures.tags,
                )
                if figures.tags
                else _("No release tag.")
            )
            remedy = _(
                "Tag releases with a version (e.g. `git tag -a v1.0.0`), following semantic "
                "versioning, so that users can depend on a known state."
            )
            return [self.finding(message, Severity.WARNING, remedy, rule="none")]
        age = figures.days_since_last
        if age is not None and age > STALE_RELEASE_DAYS:
            message = _(
                "The latest release, {name}, is {days} days old.", name=figures.last.name, days=age
            )
            remedy = _("Release the changes made since, or say in the README that it is stable.")
            return [self.finding(message, Severity.INFO, remedy, rule="stale")]
        return []


def _summary(figures: ReleaseMetrics) -> str:
    if figures.last is None:
        return _("No tag looks like a version, so no release was found.")
    facts: dict[str, Any] = {
        "releases": len(figures.versions),
        "name": figures.last.name,
        "date": figures.last.date.date().isoformat(),
        "days_ago": figures.days_since_last,
        "stale": STALE_RELEASE_DAYS,
    }
    if figures.median_days_between is None:
        return _(
            "{releases} release tag(s); the latest, {name}, on {date} ({days_ago} days ago). A "
            "release older than {stale} days is noted.",
            **facts,
        )
    return _(
        "{releases} release tag(s); the latest, {name}, on {date} ({days_ago} days ago); a "
        "release every {interval:.0f} days (median). A release older than {stale} days is noted.",
        interval=figures.median_days_between,
        **facts,
    )


def _data(figures: ReleaseMetrics) -> dict[str, Any]:
    last = figures.last
    return {
        "tags": figures.tags,
        "releases": len(figures.versions),
        "releases_365d": figures.releases_365d,
        "last_release": last.name if last else None,
        "last_release_date": last.date.date().isoformat() if last else None,
        "days_since_last_release": figures.days_since_last,
        "median_days_between_releases": figures.median_days_between,
        "cadence_intervals": RELEASE_INTERVALS,
    }
