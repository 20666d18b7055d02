"""deps.licenses: the licenses that lockfiles state for dependencies fit the project's license
(the OSADL compatibility matrix), and are open source."""

from __future__ import annotations

from osunited.scanner._context import ScanContext
from osunited.scanner._model import CheckResult, Evidence, Finding, Outcome, Pillar, Severity
from osunited.scanner.checks._base import Check
from osunited.scanner.deps import Dependency, Scope
from osunited.scanner.licenses._compat import Verdict, compatibility
from osunited.scanner.licenses._spdx import (
    is_known,
    is_osi_approved,
    license_ids,
    normalise_expression,
)

_SEVERITY = {
    Verdict.INCOMPATIBLE: Severity.ERROR,
    Verdict.UNKNOWN: Severity.WARNING,
    Verdict.CONDITIONAL: Severity.INFO,
}
_EXAMPLES = 50


class DependencyLicenses(Check):
    id = "deps.licenses"
    title = "Licenses of dependencies"
    pillar = Pillar.LICENSING

    def run(self, context: ScanContext) -> CheckResult:
        project = context.licenses.expression
        stated = [
            d for d in context.dependencies.dependencies if d.license and d.scope == Scope.RUNTIME
        ]
        if not stated:
            return self.not_available("No lockfile states the licenses of runtime dependencies.")
        if project is None:
            return self.not_available(
                "The project has no license to compare with (see license.project)."
            )
        findings = [f for dep in stated for f in self._problems(project, dep)]
        data = {"project": project, "checked": len(stated), "problems": len(findings)}
        if not any(f.severity != Severity.INFO for f in findings):
            summary = f"The stated licenses of {len(stated)} runtime dependencies fit {project}."
            return self.result(Outcome.PASS, summary, findings[:_EXAMPLES], data)
        summary = f"{len(findings)} dependency license problem(s) with {project}."
        return self.result(Outcome.FAIL, summary, findings[:_EXAMPLES], data)

    def _problems(self, project: str, dep: Dependency) -> list[Finding]:
        expression = normalise_expression(dep.license or "")
        where = [Evidence(dep.path, dep.line, snippet=dep.purl)]
        result = compatibility(project, expression)
        if result.verdict != Verdict.COMPATIBLE:
            return [
                self.finding(
                    f"{dep.name} ({expression}): {result.explanation}",
                    _SEVERITY[result.verdict],
                    "Replace the dependency, or have the combination cleared by your legal team.",
                    where,
                    rule=result.verdict.value,
                )
            ]
        closed = [i for i in license_ids(expression) if is_known(i) and not is_osi_approved(i)]
        if closed and len(closed) == len(license_ids(expression)):
            return [
                self.finding(
                    f"{dep.name} is licensed {expression}, which is not an OSI-approved open "
                    "source license.",
                    Severity.WARNING,
                    "Prefer an open source alternative.",
                    where,
                    rule="not-open-source",
                )
            ]
        return []
