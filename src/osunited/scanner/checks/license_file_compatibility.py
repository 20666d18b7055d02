"""license.file-compatibility: files whose own license differs from the project's, judged with
the OSADL compatibility matrix (CPF 4.3.6): a GPL file in an Apache-2.0 project is an error."""

from __future__ import annotations

from collections import defaultdict

from license_expression import (  # type: ignore[import-untyped]
    AND,
    OR,
    ExpressionError,
    LicenseSymbol,
    LicenseWithExceptionSymbol,
)

from osunited.scanner._context import ScanContext
from osunited.scanner._layout import is_elsewhere_made, is_test_material, is_third_party_listing
from osunited.scanner._model import CheckResult, Evidence, Finding, Outcome, Pillar, Severity
from osunited.scanner.checks._base import Check
from osunited.scanner.licenses._compat import (
    Compatibility,
    Verdict,
    compatibility,
    is_file_level_copyleft,
    is_strong_copyleft,
)
from osunited.scanner.licenses._files import FileLicenseInfo, is_license_file, is_readme
from osunited.scanner.licenses._matcher import WEAK_EXPRESSIONS
from osunited.scanner.licenses._spdx import gpl_scope, is_known, license_ids, licensing

_EXAMPLES = 20
_COMPONENTS_NAMED = 5
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
        own, bundled, tested = _split_by_origin(others)
        components = _Components(analysis.files)
        findings = [
            self._finding(project, expression, verdicts[expression], own[expression])
            for expression in sorted(own)
            if verdicts[expression].verdict in _SEVERITY
        ]
        findings += [
            self._bundled_finding(
                project, parts, expression, verdicts[expression], spots, components
            )
            for expression, spots in sorted(bundled.items())
            if verdicts[expression].verdict in _SEVERITY
        ]
        findings += [
            self._test_finding(project, expression, spots)
            for expression, spots in sorted(tested.items())
            if verdicts[expression].verdict in _SEVERITY
        ]
        data = {
            "project_license": project,
            "licenses": [
                _listed(e, verdicts[e], others[e], bundled.get(e, []), components)
                | ({"test_files": len(tested[e])} if e in tested else {})
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

    def _test_finding(self, project: str, expression: str, spots: list[Evidence]) -> Finding:
        files = len({spot.path for spot in spots})
        return self.finding(
            f"{files} test file(s) state {expression}: tests and their data are not part of the "
            f"program, so they keep their own license beside the project's ({project}).",
            Severity.INFO,
            f"Keep the copyright notices and the {expression} license text with these files, "
            "and leave them out of the packages you distribute if their license asks for it.",
            spots[:_EXAMPLES],
            rule="test-files",
        )

    def _bundled_finding(
        self,
        project: str,
        parts: list[str],
        expression: str,
        judged: Compatibility,
        spots: list[Evidence],
        components: _Components,
    ) -> Finding:
        files = len({spot.path for spot in spots})
        names = _named(components.of(spots))
        if _keeps_its_own_license(parts, expression):
            return self.finding(
                f"{files} bundled third-party file(s) in {names} state {expression}, a copyleft "
                f"that covers those files only: they keep their own license and do not change "
                f"the project's ({project}).",
                Severity.INFO,
                f"Keep the copyright notices and the {expression} license text with the bundled "
                "files, and publish the source of any change made to them.",
                spots[:_EXAMPLES],
                rule="bundled",
            )
        return self.finding(
            f"The bundled component(s) {names} hold {files} file(s) under {expression}, in a "
            f"project licensed {project}: {judged.explanation}",
            _SEVERITY[judged.verdict],
            f"Replace the bundled component(s), obtain them under terms compatible with "
            f"{project}, or distribute them apart from the project, as separate programs.",
            spots[:_EXAMPLES],
            rule=judged.verdict.value,
        )


class _Components:
    """The bundled third-party components of a tree, each named by its folder."""

    def __init__(self, files: dict[str, FileLicenseInfo]) -> None:
        self._licensed = frozenset(p.rpartition("/")[0] for p in files if is_license_file(p))

    def of(self, spots: list[Evidence]) -> list[str]:
        return sorted({self.folder(spot.path) for spot in spots})

    def folder(self, path: str) -> str:
        """The nearest folder with its own license file below the vendor (or build output)
        folder, else the folder just below it (`vendor/<name>`); a minified bundle among the
        project's own files is a component by itself."""
        folders = path.split("/")[:-1]
        # The first folder that makes what lies in it vendored or generated.
        start = next(
            (
                i
                for i in range(len(folders))
                if is_elsewhere_made("/".join(folders[: i + 1]) + "/-")
            ),
            None,
        )
        if start is None:
            return path
        for depth in range(len(folders), start + 1, -1):
            if "/".join(folders[:depth]) in self._licensed:
                return "/".join(folders[:depth])
        return "/".join(folders[: start + 2])


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
    for part in parts:
        same = gpl_scope(part), gpl_scope(expression)
        if same[0] and same[1] and same[0][0] == same[1][0]:
            return _one_version(part, expression, same[1][0])
    return max((compatibility(part, expression) for part in parts), key=lambda c: c.verdict.rank)


def _one_version(project: str, expression: str, base: str) -> Compatibility:
    """A file that says "GPL-3.0-only" in a GPL-3.0-or-later project is under the same license,
    but the program as a whole may then be used under that version only."""
    if expression.endswith("-or-later"):
        return Compatibility(Verdict.COMPATIBLE, f"{expression} allows {project}.")
    return Compatibility(
        Verdict.CONDITIONAL,
        f"the same license, but these files allow version {base.rpartition('-')[2]} only, so "
        f"the program as a whole cannot be used under a later version as {project} says.",
    )


def _other_licenses(
    files: dict[str, FileLicenseInfo], project_files: set[str], parts: list[str]
) -> FileLicenses:
    """Every license a file states that is not the project's own, with each place it is stated.
    The project's license files define the project license, and READMEs speak about a project
    rather than license themselves (their claims are `license.project`'s), so both are left out."""
    found: FileLicenses = defaultdict(list)
    for path, info in sorted(files.items()):
        if path in project_files or is_readme(path) or is_third_party_listing(path):
            continue
        for expression, line in _stated(info, parts):
            if expression not in parts and _is_a_license(expression):
                found[expression].append(Evidence(path, line or None, snippet=expression))
    return dict(found)


def _split_by_origin(others: FileLicenses) -> tuple[FileLicenses, FileLicenses, FileLicenses]:
    """The places in the project's own files, those in vendored or generated files, and those
    in tests and their fixtures."""
    own: FileLicenses = defaultdict(list)
    bundled: FileLicenses = defaultdict(list)
    tested: FileLicenses = defaultdict(list)
    for expression, spots in others.items():
        for spot in spots:
            if is_test_material(spot.path):
                tested[expression].append(spot)
            elif is_elsewhere_made(spot.path):
                bundled[expression].append(spot)
            else:
                own[expression].append(spot)
    return dict(own), dict(bundled), dict(tested)


def _keeps_its_own_license(parts: list[str], expression: str) -> bool:
    """Third-party files under a file-level copyleft (MPL, EPL, LGPL, CDDL) stay under it beside
    the project's code, which they do not relicense; a strong copyleft project (GPL) still asks
    that the whole program be under its terms."""
    try:
        parsed = licensing().parse(expression)
    except ExpressionError:
        return False
    return any(
        not all(is_strong_copyleft(i) for i in license_ids(part)) and _stays_apart(part, parsed)
        for part in parts
    )


def _stays_apart(project: str, node: object) -> bool:
    if isinstance(node, OR):
        return any(_stays_apart(project, choice) for choice in node.args)
    if isinstance(node, AND):
        return all(_stays_apart(project, part) for part in node.args)
    if isinstance(node, LicenseWithExceptionSymbol):
        node = node.license_symbol
    key = str(node.key) if isinstance(node, LicenseSymbol) else str(node)
    return is_file_level_copyleft(key) or compatibility(project, key).verdict == Verdict.COMPATIBLE


def _listed(
    expression: str,
    judged: Compatibility,
    spots: list[Evidence],
    bundled: list[Evidence],
    components: _Components,
) -> dict[str, object]:
    listed: dict[str, object] = {
        "expression": expression,
        "verdict": judged.verdict.value,
        "files": len(spots),
    }
    if bundled:
        listed |= {"bundled_files": len(bundled), "components": components.of(bundled)}
    return listed


def _named(components: list[str]) -> str:
    named = ", ".join(components[:_COMPONENTS_NAMED])
    more = len(components) - _COMPONENTS_NAMED
    return f"{named} and {more} more" if more > 0 else named


def _is_a_license(expression: str) -> bool:
    """An SPDX expression of known ids: code that writes tags (`SPDX-License-Identifier: {id}`,
    a regular expression, a test fixture) states no license of its own."""
    if expression in WEAK_EXPRESSIONS:
        return False
    return all(is_known(i) or i.startswith("LicenseRef-") for i in license_ids(expression))


def _stated(info: FileLicenseInfo, parts: list[str]) -> list[tuple[str, int]]:
    """What a file states, a GPL whose words leave "only" or "or later" open ("@license AGPL
    Version 3") read as the project's when it is the same version; what REUSE gives it is
    stated on line 0 (not in the file)."""
    stated = [(expression, 0) for expression in info.reuse] + list(info.tags)
    stated += [
        (_as_project(m.expression, parts) if not m.scope_stated else m.expression, m.start_line)
        for m in info.matches
        if m.kind in _STATING_KINDS
    ]
    return list(dict.fromkeys(stated))


def _as_project(expression: str, parts: list[str]) -> str:
    scope = gpl_scope(expression)
    same = [p for p in parts if scope and (found := gpl_scope(p)) and found[0] == scope[0]]
    return same[0] if same else expression


def _summary(others: FileLicenses, findings: list[Finding]) -> str:
    if not others:
        return "Every file license is the project license."
    problems = sum(f.severity != Severity.INFO for f in findings)
    if problems:
        return f"{problems} file license(s) conflict with the project license or need checking."
    return f"{len(others)} other file license(s), none in conflict with the project license."
