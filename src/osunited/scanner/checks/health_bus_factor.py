"""Bus factor: how few people make most of the commits of the last year (CHAOSS)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from osunited.scanner._context import ScanContext
from osunited.scanner._history import (
    YEAR_DAYS,
    BusFactorMetrics,
    History,
    bus_factor,
)
from osunited.scanner._model import CheckResult, Outcome, Pillar, Severity
from osunited.scanner._text import _
from osunited.scanner.checks._history_check import HistoryCheck


class BusFactor(HistoryCheck):
    id = "health.bus-factor"
    title = _("Bus factor")
    pillar = Pillar.COMMUNITY

    def measure(self, context: ScanContext, history: History, now: datetime) -> CheckResult:
        figures = bus_factor(history, now)
        minimum = context.policy.min_bus_factor
        summary = _summary(figures, minimum)
        if figures.value >= minimum:
            return self.result(Outcome.PASS, summary, data=_data(figures, minimum))
        finding = self.finding(
            _(
                "Bus factor {value} is below the policy's minimum of {minimum}.",
                value=figures.value,
                minimum=minimum,
            ),
            Severity.WARNING,
            _(
                "Spread knowledge: have changes reviewed by a second person, document how to "
                "build and release, and name co-maintainers in MAINTAINERS or CODEOWNERS."
            ),
            rule="low",
        )
        return self.result(Outcome.FAIL, summary, [finding], _data(figures, minimum))


def _summary(figures: BusFactorMetrics, minimum: int) -> str:
    template = (
        _(
            "Bus factor {value}: {value} of {contributors} contributor(s) made more than half of "
            "the {commits} commit(s) of all history (none in the last year). The policy asks for "
            "at least {minimum}.",
            value=figures.value,
            contributors=figures.contributors,
            commits=figures.commits,
            minimum=minimum,
        )
        if figures.all_history
        else _(
            "Bus factor {value}: {value} of {contributors} contributor(s) made more than half of "
            "the {commits} commit(s) of the last year. The policy asks for at least {minimum}.",
            value=figures.value,
            contributors=figures.contributors,
            commits=figures.commits,
            minimum=minimum,
        )
    )
    return template


def _data(figures: BusFactorMetrics, minimum: int) -> dict[str, Any]:
    return {
        "bus_factor": figures.value,
        "min_bus_factor": minimum,
        "contributors": figures.contributors,
        "commits": figures.commits,
        "top_contributor_share": round(figures.top_share, 2),
        "window": "all history" if figures.all_history else f"{YEAR_DAYS} days",
    }
