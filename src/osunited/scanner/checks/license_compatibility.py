"""license.compatibility: the whole project's license compatibility (CPF 4.2): every dependency
and every file under a license of its own, judged by the licenses engine's independent sources
for the way the project uses it, with the chain of packages that brings each conflict in."""

from __future__ import annotations

from collections import Counter

from osunited.licenses import ComponentKind, ComponentVerdict, Verdict, project_verdict_to_dict
from osunited.scanner._context import ScanContext
from osunited.scanner._model import CheckResult, Finding, Outcome, Pillar, Severity
from osunited.scanner.checks._base import Check
from osunited.scanner.licenses._compatibility import CHECK_ID, ProjectCompatibility

_CONFLICTS_SHOWN = 50
_EXAMPLES = 10
_EVIDENCE = 20


class ProjectCompatibilityCheck(Check):
    id = CHECK_ID
    title = "Compatibility of the whole project"
    pillar = Pillar.LICENSING

    def run(self, context: ScanContext) -> CheckResult:
        judged = context.compatibility
        verdict = judged.verdict
        data = {"project_verdict": project_verdict_to_dict(verdict), "counts": _counts(judged)}
        if verdict.outbound is None:
            return self.result(
                Outcome.NOT_AVAILABLE,
                "The project has no license to judge its components against (see license.project).",
                data=data,
            )
        if not verdict.components:
            summary = "No dependency or file under another license was found: nothing to judge."
            return self.result(Outcome.PASS, summary, data=data)
        findings = [self._conflict(c, judged) for c in verdict.conflicts[:_CONFLICTS_SHOWN]]
        findings += self._grouped(judged, Verdict.UNKNOWN) + self._grouped(
            judged, Verdict.CONDITIONAL
        )
        failed = any(f.severity != Severity.INFO for f in findings)
        outcome = Outcome.FAIL if failed else Outcome.PASS
        return self.result(outcome, _summary(judged), findings, data)

    def _conflict(self, judged: ComponentVerdict, project: ProjectCompatibility) -> Finding:
        # The engine's reason names the component, its license, the use, the chain of
        # packages, and each source's verdict when they disagree.
        return self.finding(
            judged.reason,
            Severity.ERROR,
            _remedy(judged),
            project.evidence.get(judged.component, ())[:_EVIDENCE],
            rule="conflict",
        )

    def _grouped(self, project: ProjectCompatibility, verdict: Verdict) -> list[Finding]:
        """One finding for all the components of an unknown (or conditional) verdict."""
        found = [c for c in project.verdict.components if c.verdict == verdict]
        if not found:
            return []
        examples = "; ".join(_example(c) for c in found[:_EXAMPLES])
        more = f" and {len(found) - _EXAMPLES} more" if len(found) > _EXAMPLES else ""
        evidence = [e for c in found[:_EVIDENCE] for e in project.evidence.get(c.component, ())]
        if verdict == Verdict.UNKNOWN:
            return [
                self.finding(
                    f"{len(found)} component(s) could not be judged, so they are not counted "
                    f"as compatible: {examples}{more}.",
                    Severity.WARNING,
                    "State the licenses of these components (in the lockfile, or with an SPDX "
                    "tag), or have them cleared by your legal team.",
                    evidence[:_EVIDENCE],
                    rule="unknown",
                )
            ]
        return [
            self.finding(
                f"{len(found)} component(s) are compatible only under conditions: "
                f"{examples}{more}.",
                Severity.INFO,
                "Meet the conditions each verdict names, or have the use checked.",
                evidence[:_EVIDENCE],
                rule="conditional",
            )
        ]


def _remedy(judged: ComponentVerdict) -> str:
    if judged.component.kind == ComponentKind.DEPENDENCY:
        return (
            "Replace the dependency (or the package that brings it in), use it in a way the "
            "license allows, or have the combination cleared by your legal team."
        )
    return (
        "Remove or replace this code, keep it as a separate component with its own license, "
        "or obtain it under terms compatible with the project's license."
    )


def _example(judged: ComponentVerdict) -> str:
    license = judged.component.license or "no license stated"
    return f"{judged.component.name} ({license})"


def _counts(project: ProjectCompatibility) -> dict[str, int]:
    counted = Counter(c.verdict.value for c in project.verdict.components)
    return {verdict.value: counted[verdict.value] for verdict in Verdict if counted[verdict.value]}


def _summary(project: ProjectCompatibility) -> str:
    verdict = project.verdict
    total = len(verdict.components)
    conflicts, unknown = len(verdict.conflicts), len(verdict.unknown)
    if conflicts:
        return f"{conflicts} of {total} component(s) conflict with {verdict.outbound}."
    if unknown:
        return f"{unknown} of {total} component(s) could not be judged against {verdict.outbound}."
    return f"The project is {verdict.verdict.value} with {verdict.outbound} ({total} components)."
