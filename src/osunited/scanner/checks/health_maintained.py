"""Whether the project is still maintained, by the policy's threshold on the last commit."""

from __future__ import annotations

from datetime import datetime

from osunited.scanner._context import ScanContext
from osunited.scanner._history import History, activity, is_unmaintained
from osunited.scanner._model import CheckResult, Outcome, Pillar, Severity
from osunited.scanner._text import _
from osunited.scanner.checks._history_check import HistoryCheck


class Maintained(HistoryCheck):
    id = "health.maintained"
    title = _("Maintained")
    pillar = Pillar.COMMUNITY

    needs_year = False  # the latest commit is known even on a shallow clone

    def measure(self, context: ScanContext, history: History, now: datetime) -> CheckResult:
        threshold = context.policy.unmaintained_after_days
        figures = activity(history, now)
        unmaintained = is_unmaintained(history, now, threshold)
        data = {
            "unmaintained": unmaintained,
            "threshold_days": threshold,
            "last_commit": figures.last_commit.date().isoformat() if figures.last_commit else None,
            "days_since_last_commit": figures.days_since_last_commit,
        }
        if not unmaintained:
            summary = _(
                "Maintained: last commit {days_ago} days ago, within the policy's {days} days.",
                days_ago=figures.days_since_last_commit,
                days=threshold,
            )
            return self.result(Outcome.PASS, summary, data=data)
        finding = self.finding(
            _("Unmaintained: no commit for more than {days} days.", days=threshold),
            Severity.ERROR,
            _(
                "Resume maintenance, or follow the catalog's sunset procedure: mark the project "
                "as archived, say so at the top of the README, and point users to an alternative."
            ),
            rule="unmaintained",
        )
        summary = _(
            "Unmaintained: no commit for more than {days} days (the policy's threshold).",
            days=threshold,
        )
        return self.result(Outcome.FAIL, summary, [finding], data)
