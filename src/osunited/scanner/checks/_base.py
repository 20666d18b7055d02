"""The base class of scanner checks. A check is one module in this package, listed in the registry
(`checks/__init__.py`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from osunited.scanner._context import ScanContext
from osunited.scanner._model import CheckResult, Evidence, Finding, Outcome, Pillar, Severity


class Check:
    """Subclasses set `id` (stable, dotted: "license.osi-approved"), `title` and `pillar`, and
    implement `run`."""

    id: ClassVar[str]
    title: ClassVar[str]
    pillar: ClassVar[Pillar]
    # False for a check that measures and judges nothing (health.code-size): a score would
    # only be raised by its pass.
    scored: ClassVar[bool] = True

    def run(self, context: ScanContext) -> CheckResult:
        """Examine the context and return the verdict, its findings and the measured facts."""
        raise NotImplementedError

    def result(
        self,
        outcome: Outcome,
        summary: str,
        findings: Iterable[Finding] = (),
        data: dict[str, Any] | None = None,
    ) -> CheckResult:
        return CheckResult(
            check_id=self.id,
            title=self.title,
            pillar=self.pillar,
            outcome=outcome,
            summary=summary,
            findings=list(findings),
            data=data or {},
        )

    def finding(
        self,
        message: str,
        severity: Severity,
        remediation: str = "",
        evidence: Iterable[Evidence] = (),
        rule: str = "",
    ) -> Finding:
        """A finding of this check; `rule` refines the id ("license.project" + "unknown-text")."""
        rule_id = f"{self.id}.{rule}" if rule else self.id
        return Finding(rule_id, message, severity, remediation, tuple(evidence))

    def not_available(self, why: str) -> CheckResult:
        return self.result(Outcome.NOT_AVAILABLE, why)
