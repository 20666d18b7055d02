"""The base of checks that measure the last year of history and mean nothing on less of it."""

from __future__ import annotations

from datetime import UTC, datetime

from osunited.scanner._context import ScanContext
from osunited.scanner._history import NO_HISTORY, PARTIAL_HISTORY, YEAR_DAYS, History, covers
from osunited.scanner._model import CheckResult
from osunited.scanner.checks._base import Check


class YearOfHistoryCheck(Check):
    """Not available without history, or when a shallow clone holds only part of the year;
    subclasses implement `measure`."""

    def run(self, context: ScanContext) -> CheckResult:
        history = context.history
        if history is None:
            return self.not_available(NO_HISTORY)
        now = datetime.now(UTC)
        if not covers(history, YEAR_DAYS, now):
            return self.not_available(PARTIAL_HISTORY)
        return self.measure(context, history, now)

    def measure(self, context: ScanContext, history: History, now: datetime) -> CheckResult:
        """Measure the complete history of the last year (`now` is the time of the scan)."""
        raise NotImplementedError
