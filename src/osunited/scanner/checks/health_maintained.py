"""Whether the project is still maintained, by the policy's threshold on the last commit."""

from __future__ import annotations

from datetime import datetime

from osunited.scanner._context import ScanContext
from osunited.scanner._history import History, activity, is_unmaintained
from osunited.scanner._model import CheckResult, Outcome, Pillar, Severity
from osunited.scanner.checks._history_check import HistoryCheck


class Maintained(HistoryCheck):
    id = "health.maintained"
    title = "Maintained"
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
            summary = (
                f"Maintained: last commit {figures.days_since_last_commit} days ago, "
                f"within the policy's {threshold} days."
            )
            return self.result(Outcome.PASS, summary, data=data)
        finding = self.finding(
            f"Unmaintained: no commit for more than {threshold} days.",
            Severity.ERROR,
            "Resume maintenance, or follow the catalog's sunset procedure: mark the project as "
            "archived, say so at the top of the README, and point users to an alternative.",
            rule="unmaintained",
        )
        summary = (
            f"Unmaintained: no commit for more than {threshold} days (the policy's threshold)."
        )
        return self.result(Outcome.FAIL, summary, [finding], data)
