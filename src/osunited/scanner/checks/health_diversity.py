"""Organisational diversity: which organisations, by e-mail domain, make the commits (CHAOSS)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from osunited.scanner._context import ScanContext
from osunited.scanner._history import (
    YEAR_DAYS,
    DiversityMetrics,
    History,
    organisational_diversity,
)
from osunited.scanner._model import CheckResult, Outcome, Pillar, Severity
from osunited.scanner.checks._history_check import HistoryCheck

SINGLE_ORGANISATION_SHARE = 0.9  # one organisation making this share of commits dominates
TOP_DOMAINS = 10


class OrganisationalDiversity(HistoryCheck):
    id = "health.organisational-diversity"
    title = "Organisational diversity"
    pillar = Pillar.COMMUNITY

    def measure(self, context: ScanContext, history: History, now: datetime) -> CheckResult:
        figures = organisational_diversity(history, now)
        summary = _summary(figures)
        if figures.top_share < SINGLE_ORGANISATION_SHARE:
            return self.result(Outcome.PASS, summary, data=_data(figures))
        top = figures.organisations[0]
        finding = self.finding(
            f"{top.domain} made {figures.top_share:.0%} of the commits.",
            Severity.WARNING,
            "Invite other organisations to contribute: a roadmap open to outside input, "
            "good-first issues, and a governance that gives them a say.",
            rule="single-organisation",
        )
        return self.result(Outcome.FAIL, summary, [finding], _data(figures))


def _summary(figures: DiversityMetrics) -> str:
    period = "all history" if figures.all_history else f"the last {YEAR_DAYS} days"
    count = len(figures.organisations)
    text = (
        f"{count} organisation(s) and {figures.independent.contributors} independent "
        f"contributor(s) made the {figures.commits} commit(s) of {period}."
    )
    if figures.organisations:
        top = figures.organisations[0]
        text += f" The most active, {top.domain}, made {figures.top_share:.0%}."
    threshold = f"{SINGLE_ORGANISATION_SHARE:.0%}"
    return text + f" A single organisation making {threshold} or more is flagged."


def _data(figures: DiversityMetrics) -> dict[str, Any]:
    top = figures.organisations[0].domain if figures.organisations else None
    return {
        "organisations": len(figures.organisations),
        "domains": [
            {"domain": o.domain, "contributors": o.contributors, "commits": o.commits}
            for o in figures.organisations[:TOP_DOMAINS]
        ],
        "independent_contributors": figures.independent.contributors,
        "independent_commits": figures.independent.commits,
        "commits": figures.commits,
        "top_organisation": top,
        "top_organisation_share": round(figures.top_share, 2),
        "window": "all history" if figures.all_history else f"{YEAR_DAYS} days",
    }
