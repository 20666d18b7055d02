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
from osunited.scanner._text import _, join
from osunited.scanner.checks._history_check import HistoryCheck

SINGLE_ORGANISATION_SHARE = 0.9  # one organisation making this share of commits dominates
TOP_DOMAINS = 10


class OrganisationalDiversity(HistoryCheck):
    id = "health.organisational-diversity"
    title = _("Organisational diversity")
    pillar = Pillar.COMMUNITY

    def measure(self, context: ScanContext, history: History, now: datetime) -> CheckResult:
        figures = organisational_diversity(history, now)
        summary = _summary(figures)
        if figures.top_share < SINGLE_ORGANISATION_SHARE:
            return self.result(Outcome.PASS, summary, data=_data(figures))
        top = figures.organisations[0]
        finding = self.finding(
            _(
                "{domain} made {share:.0%} of the commits.",
                domain=top.domain,
                share=figures.top_share,
            ),
            Severity.WARNING,
            _(
                "Invite other organisations to contribute: a roadmap open to outside input, "
                "good-first issues, and a governance that gives them a say."
            ),
            rule="single-organisation",
        )
        return self.result(Outcome.FAIL, summary, [finding], _data(figures))


def _summary(figures: DiversityMetrics) -> str:
    counts = {
        "organisations": len(figures.organisations),
        "independent": figures.independent.contributors,
        "commits": figures.commits,
    }
    sentences = [
        _(
            "{organisations} organisation(s) and {independent} independent contributor(s) made "
            "the {commits} commit(s) of all history.",
            **counts,
        )
        if figures.all_history
        else _(
            "{organisations} organisation(s) and {independent} independent contributor(s) made "
            "the {commits} commit(s) of the last {days} days.",
            days=YEAR_DAYS,
            **counts,
        )
    ]
    if figures.organisations:
        top = figures.organisations[0]
        sentences.append(
            _(
                "The most active, {domain}, made {share:.0%}.",
                domain=top.domain,
                share=figures.top_share,
            )
        )
    sentences.append(
        _(
            "A single organisation making {share:.0%} or more is flagged.",
            share=SINGLE_ORGANISATION_SHARE,
        )
    )
    return join(" ", sentences)


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
