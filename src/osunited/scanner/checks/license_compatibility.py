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
from osunited.scanner._text import _, join, verbatim
from osunited.scanner.checks._base import Check
from osunited.scanner.licenses._compatibility import (
    CHECK_ID,
    VERDICT_WORDS,
    ProjectCompatibility,
)

_CONFLICTS_SHOWN = 50
_EXAMPLES = 10
_EVIDENCE = 20
_REMEDY = _(
    "Replace the dependency (or the package that brings it in), use it in a way the license "
    "allows, or have the combination cleared by your legal team."
)


class ProjectCompatibilityCheck(Check):
    id = CHECK_ID
    title = _("Compatibility of the whole project")
    pillar = Pillar.LICENSING

    def run(self, context: ScanContext) -> CheckResult:
        judged = context.compatibility
        verdict = judged.verdict
        data = {"project_verdict": project_verdict_to_dict(verdict), "counts": _counts(judged)}
        if verdict.outbound is None:
            return self.result(
                Outcome.NOT_AVAILABLE,
                _(
                    "The project has no license to judge its components against (see "
                    "license.project)."
                ),
                data=data,
            )
        if not verdict.components:
            summary = _("No dependency or file under another license was found: nothing to judge.")
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
        # packages, and each source's verdict when they disagree; it writes English only.
        return self.finding(
            verbatim(judged.reason),
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
        examples = join("; ", [_example(c) for c in found[:_EXAMPLES]])
        if len(found) > _EXAMPLES:
            examples = _(
                "{examples} and {more} more", examples=examples, more=len(found) - _EXAMPLES
            )
        evidence = [e for c in found[:_EVIDENCE] for e in project.evidence.get(c.component, ())]
        if verdict == Verdict.UNKNOWN:
            return [
                self.finding(
                    _(
                        "{count} component(s) could not be judged, so they are not counted as "
                        "compatible: {examples}.",
                        count=len(found),
                        examples=examples,
                    ),
                    Severity.WARNING,
                    _(
                        "State the licenses of these components (in the lockfile, or with an "
                        "SPDX tag), or have them cleared by your legal team."
                    ),
                    evidence[:_EVIDENCE],
                    rule="unknown",
                )
            ]
        return [
            self.finding(
                _(
                    "{count} component(s) are compatible only under conditions: {examples}.",
                    count=len(found),
                    examples=examples,
                ),
                Severity.INFO,
                _("Meet the conditions each verdict names, or have the use checked."),
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
        counts = join(
            ", ",
            [
                _("{count} {verdict}", count=n, verdict=VERDICT_WORDS[Verdict(verdict)])
                for verdict, n in sorted(counted.items())
            ],
        )
        return [
            self.finding(
                _(
                    "{count} file component(s) are not simply compatible ({counts}): "
                    "license.file-compatibility reports them, with each file and line.",
                    count=counted.total(),
                    counts=counts,
                ),
                Severity.INFO,
                _("See the findings of license.file-compatibility."),
                rule="files",
            )
        ]


def _is_dependency(judged: ComponentVerdict) -> bool:
    return judged.component.kind == ComponentKind.DEPENDENCY


def _example(judged: ComponentVerdict) -> str:
    return _(
        "{name} ({license})",
        name=judged.component.name,
        license=judged.component.license or _("no license stated"),
    )


def _counts(project: ProjectCompatibility) -> dict[str, int]:
    counted = Counter(c.verdict.value for c in project.verdict.components)
    return {verdict.value: counted[verdict.value] for verdict in Verdict if counted[verdict.value]}


def _summary(project: ProjectCompatibility) -> str:
    verdict = project.verdict
    total = len(verdict.components)
    conflicts, unknown = len(verdict.conflicts), len(verdict.unknown)
    if conflicts:
        return _(
            "{count} of {total} component(s) conflict with {license}.",
            count=conflicts,
            total=total,
            license=verdict.outbound,
        )
    if unknown:
        return _(
            "{count} of {total} component(s) could not be judged against {license}.",
            count=unknown,
            total=total,
            license=verdict.outbound,
        )
    return _(
        "The project is {verdict} with {license} ({total} components).",
        verdict=VERDICT_WORDS[verdict.verdict],
        license=verdict.outbound,
        total=total,
    )
