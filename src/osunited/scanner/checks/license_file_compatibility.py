"""license.file-compatibility: files whose own license differs from the project's, judged with
the OSADL compatibility matrix (CPF 4.3.6): a GPL file in an Apache-2.0 project is an error."""

from __future__ import annotations

from collections import defaultdict

from license_expression import AND, ExpressionError  # type: ignore[import-untyped]

from osunited.scanner._context import ScanContext
from osunited.scanner._model import CheckResult, Evidence, Finding, Outcome, Pillar, Severity
from osunited.scanner.checks._base import Check
from osunited.scanner.licenses._compat import Compatibility, Verdict, compatibility
from osunited.scanner.licenses._files import FileLicenseInfo, is_readme
from osunited.scanner.licenses._matcher import WEAK_EXPRESSIONS
from osunited.scanner.licenses._spdx import is_known, license_ids, licensing

_EXAMPLES = 20
# Intros and clues are hints, not statements of a file's license.
_STATING_KINDS = frozenset({"text", "notice", "reference"})
_SEVERITY = {
    Verdict.INCOMPATIBLE: Severity.ERROR,
    Verdict.CONDITIONAL: Severity.WARNING,
    Verdict.UNKNOWN: Severity.INFO,
}

FileLicenses = dict[str, list[Evidence]]  # expression -> (file, line) where it is stated


class FileCompatibility(Check):
    id = "license.file-compatibility"
    title = "File licenses compatible with the project license"
    pillar = Pillar.LICENSING

    def run(self, context: ScanContext) -> CheckResult:
        analysis = context.licenses
        project = analysis.expression
        if not project:
            return self.not_available("The project has no license to compare file licenses with.")
        parts = _project_parts(project)
        others = _other_licenses(analysis.files, set(analysis.license_files), parts)
        verdicts = {expression: _judged(parts, expression) for expression in others}
        findings = [
            self._finding(project, expression, verdicts[expression], others[expression])
            for expression in sorted(others)
            if verdicts[expression].verdict in _SEVERITY
        ]
        data = {
            "project_license": project,
            "licenses": [
                {"expression": e, "verdict": verdicts[e].verdict.value, "files": len(others[e])}
                for e in sorted(others)
            ],
        }
        failed = any(f.severity != Severity.INFO for f in findings)
        return self.result(
            Outcome.FAIL if failed else Outcome.PASS, _summary(others, findings), findings, data
        )

    def _finding(
        self, project: str, expression: str, judged: Compatibility, spots: list[Evidence]
    ) -> Finding:
        files = len({spot.path for spot in spots})
        return self.finding(
            f"{files} file(s) state {expression}, in a project licensed {project}: "
            f"{judged.explanation}",
            _SEVERITY[judged.verdict],
            f"Remove or replace the {expression} code, keep it as a separate component with its "
            f"own license, or obtain it under terms compatible with {project}.",
            spots[:_EXAMPLES],
            rule=judged.verdict.value,
        )


def _project_parts(project: str) -> list[str]:
    """The licenses a project combines with AND: they come from its several license files, so
    each file of the project may be under any one of them, not under all at once."""
    try:
        parsed = licensing().parse(project)
    except ExpressionError:
        return [project]
    if isinstance(parsed, AND):
        return [str(part.render()) for part in parsed.args]
    return [project]


def _judged(parts: list[str], expression: str) -> Compatibility:
    return max((compatibility(part, expression) for part in parts), key=lambda c: c.verdict.rank)


def _other_licenses(
    files: dict[str, FileLicenseInfo], project_files: set[str], parts: list[str]
) -> FileLicenses:
    """Every license a file states that is not the project's own, with each place it is stated.
    The project's license files define the project license, and READMEs speak about a project
    rather than license themselves (their claims are `license.project`'s), so both are left out."""
    found: FileLicenses = defaultdict(list)
    for path, info in sorted(files.items()):
        if path in project_files or is_readme(path):
            continue
        for expression, line in _stated(info):
            if expression not in parts and _is_a_license(expression):
                found[expression].append(Evidence(path, line, snippet=expression))
    return dict(found)


def _is_a_license(expression: str) -> bool:
    """An SPDX expression of known ids: code that writes tags (`SPDX-License-Identifier: {id}`,
    a regular expression, a test fixture) states no license of its own."""
    if expression in WEAK_EXPRESSIONS:
        return False
    return all(is_known(i) or i.startswith("LicenseRef-") for i in license_ids(expression))


def _stated(info: FileLicenseInfo) -> list[tuple[str, int]]:
    stated = list(info.tags)
    stated += [(m.expression, m.start_line) for m in info.matches if m.kind in _STATING_KINDS]
    return list(dict.fromkeys(stated))


def _summary(others: FileLicenses, findings: list[Finding]) -> str:
    if not others:
        return "Every file license is the project license."
    problems = sum(f.severity != Severity.INFO for f in findings)
    if problems:
        return f"{problems} file license(s) conflict with the project license or need checking."
    return f"{len(others)} other file license(s), none in conflict with the project license."
