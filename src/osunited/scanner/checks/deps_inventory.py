"""deps.inventory: the dependencies of the project, from its manifests and lockfiles (CPF 4.3.2
asks that registrations list them). Files that cannot be read are findings, not crashes."""

from __future__ import annotations

from collections import Counter

from osunited.scanner._context import ScanContext
from osunited.scanner._model import CheckResult, Evidence, Outcome, Pillar, Severity
from osunited.scanner.checks._base import Check
from osunited.scanner.deps import Scope


class DependencyInventory(Check):
    id = "deps.inventory"
    title = "Dependencies"
    pillar = Pillar.REUSABILITY

    def run(self, context: ScanContext) -> CheckResult:
        analysis = context.dependencies
        deps = analysis.dependencies
        findings = [
            self.finding(
                f"{problem.path} could not be read: {problem.message}",
                Severity.WARNING,
                "Fix the file (regenerate the lockfile with its package manager), so that its "
                "dependencies can be checked.",
                [Evidence(problem.path, problem.line)],
                rule="unreadable",
            )
            for problem in analysis.problems
        ]
        by_ecosystem = Counter(d.ecosystem for d in deps)
        data = {
            "files": analysis.files,
            "total": len(deps),
            "direct": sum(1 for d in deps if d.direct),
            "development": sum(1 for d in deps if d.scope == Scope.DEVELOPMENT),
            "ecosystems": dict(sorted(by_ecosystem.items())),
        }
        if not analysis.files:
            return self.result(Outcome.PASS, "No manifest or lockfile: no dependencies.", data=data)
        summary = (
            f"{len(deps)} dependencies ({data['direct']} direct) in {len(analysis.files)} file(s)."
        )
        return self.result(Outcome.FAIL if findings else Outcome.PASS, summary, findings, data)
