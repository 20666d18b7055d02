"""The base of the checks that measure a project's git history."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import ClassVar

from osunited.scanner._context import ScanContext
from osunited.scanner._history import NO_HISTORY, PARTIAL_HISTORY, YEAR_DAYS, History, covers
from osunited.scanner._model import CheckResult
from osunited.scanner.checks._base import Check


class HistoryCheck(Check):
    """Not available without history; with `needs_year`, also not when a shallow clone holds
    only part of the last year. Subclasses implement `measure`."""

    needs_year: ClassVar[bool] = True

    def run(self, context: ScanContext) -> CheckResult:
        history = context.history
        if history is None:
            return self.not_available(NO_HISTORY)
        now = datetime.now(UTC)
        if self.needs_year and not covers(history, YEAR_DAYS, now):
            return self.not_available(PARTIAL_HISTORY)
        return self.measure(context, history, now)

    def measure(self, context: ScanContext, history: History, now: datetime) -> CheckResult:
        """Measure the history (`now` is the time of the scan)."""
        raise NotImplementedError
