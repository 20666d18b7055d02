"""Recent activity: commits and contributors over the last 90 and 365 days (CHAOSS)."""

from __future__ import annotations

from datetime import datetime

from osunited.scanner._context import ScanContext
from osunited.scanner._history import (
    RECENT_DAYS,
    YEAR_DAYS,
    ActivityMetrics,
    History,
    activity,
    covers,
    truncation_note,
)
from osunited.scanner._model import CheckResult, Finding, Outcome, Pillar, Severity
from osunited.scanner.checks._history_check import HistoryCheck

LOW_ACTIVITY_COMMITS = 12  # fewer than one commit a month over a year


class RecentActivity(HistoryCheck):
    id = "health.activity"
    title = "Recent activity"
    pillar = Pillar.COMMUNITY

    needs_year = False  # the latest commit is known even on a shallow clone

    def measure(self, context: ScanContext, history: History, now: datetime) -> CheckResult:
        figures = activity(history, now)
        findings = self._findings(figures)
        summary = _summary(figures) + truncation_note(history, YEAR_DAYS, now)
        data = {
            "last_commit": figures.last_commit.date().isoformat() if figures.last_commit else None,
            "days_since_last_commit": figures.days_since_last_commit,
            "commits_90d": figures.commits_90d,
            "commits_365d": figures.commits_365d,
            "contributors_90d": figures.contributors_90d,
            "contributors_365d": figures.contributors_365d,
            "history_complete": covers(history, YEAR_DAYS, now),
        }
        failed = any(f.severity is not Severity.INFO for f in findings)
        return self.result(Outcome.FAIL if failed else Outcome.PASS, summary, findings, data)

    def _findings(self, figures: ActivityMetrics) -> list[Finding]:
        days = figures.days_since_last_commit
        if days is None or days > RECENT_DAYS:
            return [
                self.finding(
                    f"No commit in the last {RECENT_DAYS} days.",
                    Severity.WARNING,
                    "Show that the project is alive: merge pending contributions, update "
                    "dependencies, or say in the README that it is feature-complete.",
                    rule="inactive",
                )
            ]
        if figures.commits_365d < LOW_ACTIVITY_COMMITS:
            return [
                self.finding(
                    f"Only {figures.commits_365d} commit(s) in the last {YEAR_DAYS} days.",
                    Severity.INFO,
                    "Low activity is fine for a stable project; say so in the README so that "
                    "users know it is maintained.",
                    rule="low",
                )
            ]
        return []


def _summary(figures: ActivityMetrics) -> str:
    if figures.last_commit is None:
        return "No commit made by a person was found."
    return (
        f"Last commit on {figures.last_commit.date().isoformat()} "
        f"({figures.days_since_last_commit} days ago); {figures.commits_365d} commit(s) by "
        f"{figures.contributors_365d} contributor(s) in the last {YEAR_DAYS} days, "
        f"{figures.commits_90d} by {figures.contributors_90d} in the last {RECENT_DAYS}. "
        f"Expected: a commit within {RECENT_DAYS} days and at least {LOW_ACTIVITY_COMMITS} "
        "a year (merges and bots not counted)."
    )
