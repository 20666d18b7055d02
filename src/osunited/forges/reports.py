"""A stored CH1-CH12 audit (ForgeAudit.report, written by NamespaceAudit.to_dict) read back for
its page: one row per repository, one cell per guideline, in the framework's order."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from osunited.forges.guidelines import Outcome, guidelines

OUTCOME_LABELS = {
    Outcome.MET: _("met"),
    Outcome.NOT_MET: _("not met"),
    Outcome.NOT_OBSERVABLE: _("not observable"),
}


@dataclass(frozen=True)
class AuditCell:
    guideline_id: str
    outcome: Outcome
    reason: str
    remediation: str

    @property
    def label(self) -> str:
        return str(OUTCOME_LABELS[self.outcome])


@dataclass(frozen=True)
class AuditRow:
    repository: str
    web_url: str
    cells: tuple[AuditCell, ...]


@dataclass(frozen=True)
class AuditColumn:
    guideline_id: str
    text: str


@dataclass(frozen=True)
class AuditTable:
    columns: tuple[AuditColumn, ...]
    rows: tuple[AuditRow, ...]


def audit_table(report: dict[str, Any]) -> AuditTable:
    """The report as a table; a guideline a repository lacks reads as not observable."""
    columns = tuple(AuditColumn(g.id, g.text) for g in guidelines())
    ids = tuple(column.guideline_id for column in columns)
    rows = tuple(_row(repository, ids) for repository in report.get("repositories", []))
    return AuditTable(columns, rows)


def _row(repository: dict[str, Any], ids: tuple[str, ...]) -> AuditRow:
    results = {result.get("id"): result for result in repository.get("guidelines", [])}
    return AuditRow(
        repository=str(repository.get("repository", "")),
        web_url=str(repository.get("web_url", "")),
        cells=tuple(_cell(guideline_id, results.get(guideline_id, {})) for guideline_id in ids),
    )


def _cell(guideline_id: str, result: dict[str, Any]) -> AuditCell:
    try:
        outcome = Outcome(str(result.get("outcome")))
    except ValueError:
        outcome = Outcome.NOT_OBSERVABLE
    return AuditCell(
        guideline_id=guideline_id,
        outcome=outcome,
        reason=str(result.get("reason") or ""),
        remediation=str(result.get("remediation") or ""),
    )
