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
from osunited.scanner._text import _, join, ngettext
from osunited.scanner.checks._history_check import HistoryCheck

LOW_ACTIVITY_COMMITS = 12  # fewer than one commit a month over a year


class RecentActivity(HistoryCheck):
    id = "health.activity"
    title = _("Recent activity")
    pillar = Pillar.COMMUNITY

    needs_year = False  # the latest commit is known even on a shallow clone

    def measure(self, context: ScanContext, history: History, now: datetime) -> CheckResult:
        figures = activity(history, now)
        findings = self._findings(figures)
        note = truncation_note(history, YEAR_DAYS, now)
        summary = join(" ", [_summary(figures), note]) if note else _summary(figures)
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
                    _("No commit in the last {days} days.", days=RECENT_DAYS),
                    Severity.WARNING,
                    _(
                        "Show that the project is alive: merge pending contributions, update "
                        "dependencies, or say in the README that it is feature-complete."
                    ),
                    rule="inactive",
                )
            ]
        if figures.commits_365d < LOW_ACTIVITY_COMMITS:
            return [
                self.finding(
                    ngettext(
                        "Only {count} commit(s) in the last {days} days.",
                        "Only {count} commit(s) in the last {days} days.",
                        figures.commits_365d,
                        days=YEAR_DAYS,
                    ),
                    Severity.INFO,
                    _(
                        "Low activity is fine for a stable project; say so in the README so "
                        "that users know it is maintained."
                    ),
                    rule="low",
                )
            ]
        return []


def _summary(figures: ActivityMetrics) -> str:
    if figures.last_commit is None:
        return _("No commit made by a person was found.")
    return _(
        "Last commit on {date} ({days_ago} days ago); {commits_year} commit(s) by "
        "{contributors_year} contributor(s) in the last {year} days, {commits_recent} by "
        "{contributors_recent} in the last {recent}. Expected: a commit within {recent} days "
        "and at least {expected} a year (merges and bots not counted).",
        date=figures.last_commit.date().isoformat(),
        days_ago=figures.days_since_last_commit,
        commits_year=figures.commits_365d,
        contributors_year=figures.contributors_365d,
        year=YEAR_DAYS,
        commits_recent=figures.commits_90d,
        contributors_recent=figures.contributors_90d,
        recent=RECENT_DAYS,
        expected=LOW_ACTIVITY_COMMITS,
    )
