"""license.file-compatibility: files whose own license differs from the project's, judged with
the OSADL compatibility matrix (CPF 4.3.6): a GPL file in an Apache-2.0 project is an error."""

from __future__ import annotations

from collections import defaultdict

from osunited.scanner._context import ScanContext
from osunited.scanner._model import CheckResult, Evidence, Finding, Outcome, Pillar, Severity
from osunited.scanner.checks._base import Check
from osunited.scanner.licenses._compat import Compatibility, Verdict, compatibility
from osunited.scanner.licenses._files import FileLicenseInfo
from osunited.scanner.licenses._matcher import WEAK_EXPRESSIONS

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
        others = _other_licenses(analysis.files, set(analysis.license_files), project)
        verdicts = {expression: compatibility(project, expression) for expression in others}
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


def _other_licenses(
    files: dict[str, FileLicenseInfo], project_files: set[str], project: str
) -> FileLicenses:
    """Every license a file states that is not the project's own, with each place it is stated.
    The project's license files are what defines the project license, so they are left out."""
    found: FileLicenses = defaultdict(list)
    for path, info in sorted(files.items()):
        if path in project_files:
            continue
        for expression, line in _stated(info):
            if expression != project and expression not in WEAK_EXPRESSIONS:
                found[expression].append(Evidence(path, line, snippet=expression))
    return dict(found)


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
