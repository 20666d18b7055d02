"""license.compatibility: the whole project's license compatibility (CPF 4.2): every dependency
and every file under a license of its own, judged by the licenses engine's independent sources
for the way the project uses it, with the chain of packages that brings each conflict in. Each
conflict is reported once: a dependency's here, a file's by `license.file-compatibility`, which
reads the same verdict; this check points there."""

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
_REMEDY = (
    "Replace the dependency (or the package that brings it in), use it in a way the license "
    "allows, or have the combination cleared by your legal team."
)


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
        conflicts = [c for c in verdict.conflicts if _is_dependency(c)]
        findings = [self._conflict(c, judged) for c in conflicts[:_CONFLICTS_SHOWN]]
        findings += self._grouped(judged, Verdict.UNKNOWN) + self._grouped(
            judged, Verdict.CONDITIONAL
        )
        findings += self._files(verdict.components)
        # The outcome is the whole project's, files included, though file-compatibility names them.
        failed = verdict.verdict in (Verdict.INCOMPATIBLE, Verdict.UNKNOWN)
        outcome = Outcome.FAIL if failed else Outcome.PASS
        return self.result(outcome, _summary(judged), findings, data)

    def _conflict(self, judged: ComponentVerdict, project: ProjectCompatibility) -> Finding:
        # The engine's reason names the component, its license, the use, the chain of
        # packages, and each source's verdict when they disagree.
        return self.finding(
            judged.reason,
            Severity.ERROR,
            _REMEDY,
            project.evidence.get(judged.component, ())[:_EVIDENCE],
            rule="conflict",
        )

    def _grouped(self, project: ProjectCompatibility, verdict: Verdict) -> list[Finding]:
        """One finding for all the dependencies of an unknown (or conditional) verdict."""
        found = [
            c for c in project.verdict.components if c.verdict == verdict and _is_dependency(c)
        ]
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

    def _files(self, components: tuple[ComponentVerdict, ...]) -> list[Finding]:
        """Files not simply compatible, counted: license.file-compatibility reports them with
        their files and lines, from this same verdict."""
        counted = Counter(
            c.verdict.value
            for c in components
            if not _is_dependency(c) and c.verdict != Verdict.COMPATIBLE
        )
        if not counted:
            return []
        counts = ", ".join(f"{n} {verdict}" for verdict, n in sorted(counted.items()))
        return [
            self.finding(
                f"{counted.total()} file component(s) are not simply compatible ({counts}): "
                "license.file-compatibility reports them, with each file and line.",
                Severity.INFO,
                "See the findings of license.file-compatibility.",
                rule="files",
            )
        ]


def _is_dependency(judged: ComponentVerdict) -> bool:
    return judged.component.kind == ComponentKind.DEPENDENCY


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
