"""license.file-compatibility: the files whose own license differs from the project's (CPF 4.3.6),
each with the verdict the licenses engine gave it in `license.compatibility` (one judgement per
scan, `ScanContext.compatibility`): a GPL file in an Apache-2.0 project is an error with its file
and line. This check is the one that reports file conflicts; `license.compatibility` reports
those of dependencies."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from osunited.licenses import ComponentKind, ComponentVerdict, Family, Verdict, license_facts
from osunited.scanner._context import ScanContext
from osunited.scanner._model import CheckResult, Evidence, Finding, Outcome, Pillar, Severity
from osunited.scanner._text import _, join, verbatim
from osunited.scanner.checks._base import Check
from osunited.scanner.licenses._compatibility import (
    VERDICT_WORDS,
    BundledComponents,
    FileLicenses,
    ProjectCompatibility,
    other_licenses,
    project_parts,
    same_license_other_scope,
    split_by_origin,
)
from osunited.scanner.licenses._spdx import license_ids

_EXAMPLES = 20
_COMPONENTS_NAMED = 5
_SEVERITY = {
    Verdict.INCOMPATIBLE: Severity.ERROR,
    Verdict.CONDITIONAL: Severity.WARNING,
    Verdict.UNKNOWN: Severity.INFO,
}
_COPYLEFT = frozenset({Family.WEAK_COPYLEFT, Family.STRONG_COPYLEFT, Family.NETWORK_COPYLEFT})


class FileCompatibility(Check):
    id = "license.file-compatibility"
    title = _("File licenses compatible with the project license")
    pillar = Pillar.LICENSING

    def run(self, context: ScanContext) -> CheckResult:
        analysis = context.licenses
        project = analysis.expression
        if not project:
            return self.not_available(
                _("The project has no license to compare file licenses with.")
            )
        parts = project_parts(project)
        others = other_licenses(analysis.files, set(analysis.license_files), parts)
        own, bundled, tested = split_by_origin(others)
        judged = _FileVerdicts(context.compatibility, BundledComponents(analysis.files), parts)
        findings = [f for e in sorted(own) for f in self._own(project, e, own[e], judged)]
        findings += [f for e in sorted(bundled) for f in self._bundled(project, e, bundled, judged)]
        findings += [f for e in sorted(tested) for f in self._tested(project, e, tested, judged)]
        data = {
            "project_license": project,
            "licenses": [_listed(e, others[e], bundled, tested, judged) for e in sorted(others)],
        }
        failed = any(f.severity != Severity.INFO for f in findings)
        return self.result(
            Outcome.FAIL if failed else Outcome.PASS, _summary(others, findings), findings, data
        )

    def _own(
        self, project: str, expression: str, spots: list[Evidence], judged: _FileVerdicts
    ) -> list[Finding]:
        scoped = judged.scope(expression)
        if scoped is not None:
            return self._scope(project, expression, scoped, spots)
        verdict = judged.of_files(expression, spots)
        if verdict is None or verdict.verdict not in _SEVERITY:
            return []
        return [self._conflict(project, expression, verdict, spots)]

    def _conflict(
        self, project: str, expression: str, judged: ComponentVerdict, spots: list[Evidence]
    ) -> Finding:
        files = len({spot.path for spot in spots})
        return self.finding(
            _(
                "{files} file(s) state {expression}, in a project licensed {project}, which is "
                "{verdict}. {explained}",
                files=files,
                expression=expression,
                project=project,
                verdict=VERDICT_WORDS[judged.verdict],
                explained=_explained(judged),
            ),
            _SEVERITY[judged.verdict],
            _(
                "Remove or replace the {expression} code, keep it as a separate component with "
                "its own license, or obtain it under terms compatible with {project}.",
                expression=expression,
                project=project,
            ),
            spots[:_EXAMPLES],
            rule=judged.verdict.value,
        )

    def _scope(
        self, project: str, expression: str, part: str, spots: list[Evidence]
    ) -> list[Finding]:
        """A file that says "GPL-3.0-only" in a GPL-3.0-or-later project is under the same
        license, but the program as a whole may then be used under that version only."""
        if expression.endswith("-or-later"):
            return []
        files = len({spot.path for spot in spots})
        version = expression.removesuffix("-only").rpartition("-")[2]
        return [
            self.finding(
                _(
                    "{files} file(s) state {expression}, in a project licensed {project}: the "
                    "same license, but these files allow version {version} only, so the program "
                    "as a whole cannot be used under a later version as {part} says.",
                    files=files,
                    expression=expression,
                    project=project,
                    version=version,
                    part=part,
                ),
                Severity.WARNING,
                _(
                    "Ask the authors of these files whether they may be licensed {part}, or say "
                    "in the project's license that it is {expression}.",
                    part=part,
                    expression=expression,
                ),
                spots[:_EXAMPLES],
                rule="scope",
            )
        ]

    def _bundled(
        self, project: str, expression: str, bundled: FileLicenses, judged: _FileVerdicts
    ) -> list[Finding]:
        spots = bundled[expression]
        scoped = judged.scope(expression)
        if scoped is not None:
            return self._scope(project, expression, scoped, spots)
        by_folder = judged.bundles.grouped(spots)
        findings = []
        for verdict, folders in judged.of_components(expression, by_folder):
            inside = [spot for folder in folders for spot in by_folder[folder]]
            findings += self._bundled_finding(project, expression, verdict, folders, inside)
        return findings

    def _bundled_finding(
        self,
        project: str,
        expression: str,
        judged: ComponentVerdict,
        folders: list[str],
        spots: list[Evidence],
    ) -> list[Finding]:
        files, names = len({spot.path for spot in spots}), _named(folders)
        if judged.verdict != Verdict.INCOMPATIBLE and _is_copyleft(expression):
            return [
                self.finding(
                    _(
                        "{files} bundled third-party file(s) in {names} state {expression}, a "
                        "copyleft that covers the bundled component itself ({verdict} as it is "
                        "used): they keep their own license and do not change the project's "
                        "({project}).",
                        files=files,
                        names=names,
                        expression=expression,
                        verdict=VERDICT_WORDS[judged.verdict],
                        project=project,
                    ),
                    Severity.INFO,
                    _(
                        "Keep the copyright notices and the {expression} license text with the "
                        "bundled files, and publish the source of any change made to them.",
                        expression=expression,
                    ),
                    spots[:_EXAMPLES],
                    rule="bundled",
                )
            ]
        if judged.verdict not in _SEVERITY:
            return []
        return [
            self.finding(
                _(
                    "The bundled component(s) {names} hold {files} file(s) under {expression}, "
                    "in a project licensed {project}, which is {verdict}. {explained}",
                    names=names,
                    files=files,
                    expression=expression,
                    project=project,
                    verdict=VERDICT_WORDS[judged.verdict],
                    explained=_explained(judged),
                ),
                _SEVERITY[judged.verdict],
                _(
                    "Replace the bundled component(s), obtain them under terms compatible with "
                    "{project}, or distribute them apart from the project, as separate programs.",
                    project=project,
                ),
                spots[:_EXAMPLES],
                rule=judged.verdict.value,
            )
        ]

    def _tested(
        self, project: str, expression: str, tested: FileLicenses, judged: _FileVerdicts
    ) -> list[Finding]:
        spots = tested[expression]
        verdict = judged.of_files(expression, spots)
        if verdict is not None and verdict.verdict == Verdict.INCOMPATIBLE:
            return [self._conflict(project, expression, verdict, spots)]
        compatible = verdict is not None and verdict.verdict == Verdict.COMPATIBLE
        if compatible and not _is_copyleft(expression):
            return []
        files = len({spot.path for spot in spots})
        return [
            self.finding(
                _(
                    "{files} test file(s) state {expression}: tests and their data are not part "
                    "of the program, so they keep their own license beside the project's "
                    "({project}).",
                    files=files,
                    expression=expression,
                    project=project,
                ),
                Severity.INFO,
                _(
                    "Keep the copyright notices and the {expression} license text with these "
                    "files, and leave them out of the packages you distribute if their license "
                    "asks for it.",
                    expression=expression,
                ),
                spots[:_EXAMPLES],
                rule="test-files",
            )
        ]


class _FileVerdicts:
    """The engine's verdicts of the file components, found by the file (or bundled folder) and
    the license it states."""

    def __init__(
        self, judged: ProjectCompatibility, bundles: BundledComponents, parts: list[str]
    ) -> None:
        self.bundles = bundles
        self._parts = parts
        self._verdicts: dict[tuple[str, str | None], list[ComponentVerdict]] = defaultdict(list)
        for verdict in judged.verdict.components:
            if verdict.component.kind == ComponentKind.FILE:
                self._verdicts[(verdict.component.name, verdict.component.license)].append(verdict)

    def scope(self, expression: str) -> str | None:
        return same_license_other_scope(self._parts, expression)

    def of_files(self, expression: str, spots: list[Evidence]) -> ComponentVerdict | None:
        """The most cautious verdict of these files under this license."""
        found = [v for spot in spots for v in self._verdicts.get((spot.path, expression), ())]
        return _most_cautious(found)

    def of_components(
        self, expression: str, folders: Iterable[str]
    ) -> list[tuple[ComponentVerdict, list[str]]]:
        """The bundled component folders under this license, grouped by their verdict (folders
        used the same way share one pair check, so one explanation)."""
        grouped: dict[Verdict, tuple[ComponentVerdict, list[str]]] = {}
        for folder in sorted(folders):
            verdict = _most_cautious(self._verdicts.get((folder, expression), []))
            if verdict is not None:
                grouped.setdefault(verdict.verdict, (verdict, []))[1].append(folder)
        return list(grouped.values())

    def of_expression(self, expression: str) -> Verdict | None:
        found = [
            v for (_, license), vs in self._verdicts.items() if license == expression for v in vs
        ]
        verdict = _most_cautious(found)
        return verdict.verdict if verdict is not None else None


def _most_cautious(verdicts: list[ComponentVerdict]) -> ComponentVerdict | None:
    return max(verdicts, key=lambda v: v.verdict.caution, default=None)


def _explained(judged: ComponentVerdict) -> str:
    """What the deciding source says, and what each source said when they disagree: the
    engine's reason, told for a group of files rather than one."""
    check = judged.check
    if check is None:
        return verbatim(judged.reason)
    deciding = next((v for v in check.covering if v.verdict == check.verdict), None)
    words: list[str] = []
    if deciding:  # the sources' explanations are in English only
        words.append(verbatim(f"{deciding.source.name}: {deciding.explanation}"))
    if check.disagreement:
        said = join(
            ", ",
            [
                _("{source}: {verdict}", source=v.source.name, verdict=VERDICT_WORDS[v.verdict])
                for v in check.covering
            ],
        )
        words.append(_("The sources disagree ({verdicts}).", verdicts=said))
    return join(" ", words) if words else verbatim(judged.reason)


def _is_copyleft(expression: str) -> bool:
    """Whether one of the licenses of the expression is a copyleft, by the engine's facts."""
    return any(
        facts is not None and facts.family in _COPYLEFT
        for facts in (license_facts(i) for i in license_ids(expression))
    )


def _listed(
    expression: str,
    spots: list[Evidence],
    bundled: FileLicenses,
    tested: FileLicenses,
    judged: _FileVerdicts,
) -> dict[str, object]:
    listed: dict[str, object] = {
        "expression": expression,
        "verdict": _verdict_of(expression, judged),
        "files": len(spots),
    }
    if expression in bundled:
        listed |= {
            "bundled_files": len(bundled[expression]),
            "components": judged.bundles.of(bundled[expression]),
        }
    if expression in tested:
        listed["test_files"] = len(tested[expression])
    return listed


def _verdict_of(expression: str, judged: _FileVerdicts) -> str:
    """The most cautious verdict of the expression's files in `license.compatibility`; for the
    project's own GPL in another scope, conditional ("only") or compatible ("or later")."""
    if judged.scope(expression) is not None:
        scoped = Verdict.COMPATIBLE if expression.endswith("-or-later") else Verdict.CONDITIONAL
        return scoped.value
    verdict = judged.of_expression(expression)
    return (verdict or Verdict.UNKNOWN).value


def _named(components: list[str]) -> str:
    named = ", ".join(components[:_COMPONENTS_NAMED])
    more = len(components) - _COMPONENTS_NAMED
    return _("{named} and {more} more", named=named, more=more) if more > 0 else named


def _summary(others: FileLicenses, findings: list[Finding]) -> str:
    if not others:
        return _("Every file license is the project license.")
    problems = sum(f.severity != Severity.INFO for f in findings)
    if problems:
        return _(
            "{count} file license(s) conflict with the project license or need checking.",
            count=problems,
        )
    return _(
        "{count} other file license(s), none in conflict with the project license.",
        count=len(others),
    )
