"""The whole project's license compatibility, judged once per scan by the licenses engine: every
dependency and every file under a license of its own is a component, used the way its place in
the project says. The checks that speak of compatibility read this one verdict:
`license.compatibility` reports the dependencies' conflicts, `license.file-compatibility` the
files'."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from license_expression import AND, ExpressionError  # type: ignore[import-untyped]

from osunited.licenses import (
    Component,
    ComponentKind,
    ComponentVerdict,
    ProjectVerdict,
    Use,
    Verdict,
    judge_project,
    project_verdict_from_dict,
)
from osunited.scanner._layout import (
    is_elsewhere_made,
    is_test_material,
    is_third_party_listing,
    is_vendored,
)
from osunited.scanner._model import Evidence, ScanReport
from osunited.scanner._text import _
from osunited.scanner.deps import Dependency, Scope, dependency_paths
from osunited.scanner.licenses._files import FileLicenseInfo, is_license_file, is_readme
from osunited.scanner.licenses._matcher import WEAK_EXPRESSIONS
from osunited.scanner.licenses._project import LicenseAnalysis
from osunited.scanner.licenses._spdx import gpl_scope, is_known, license_ids, licensing
from osunited.scanner.licenses._spdx import normalise_expression as _normalise

# Go and Rust build one binary from every module and crate they depend on.
STATIC_ECOSYSTEMS = frozenset({"Go", "crates.io"})
# Intros and clues are hints, not statements of a file's license.
_STATING_KINDS = frozenset({"text", "notice", "reference"})

FileLicenses = dict[str, list[Evidence]]  # expression -> (file, line) where it is stated
# The engine's verdicts, as words in the checks' sentences ("3 conditional").
VERDICT_WORDS = {
    Verdict.COMPATIBLE: _("compatible"),
    Verdict.CONDITIONAL: _("conditional"),
    Verdict.INCOMPATIBLE: _("incompatible"),
    Verdict.UNKNOWN: _("unknown"),
    Verdict.NOT_COVERED: _("not-covered"),
}


@dataclass(frozen=True)
class ProjectCompatibility:
    """The engine's verdict, with where each component was seen in the tree."""

    verdict: ProjectVerdict
    evidence: dict[Component, tuple[Evidence, ...]] = field(default_factory=dict)

    def of(self, component: Component) -> ComponentVerdict:
        return next(c for c in self.verdict.components if c.component == component)

    def by_component(self) -> dict[Component, ComponentVerdict]:
        return {c.component: c for c in self.verdict.components}


def judge_whole_project(
    analysis: LicenseAnalysis, dependencies: list[Dependency]
) -> ProjectCompatibility:
    """Every dependency and every other file license, judged against the project's license."""
    evidence = dependency_components(dependencies)
    if analysis.expression:
        static = {_folder(d.path) for d in dependencies if d.ecosystem in STATIC_ECOSYSTEMS}
        evidence |= file_components(analysis, analysis.expression, static)
    return ProjectCompatibility(judge_project(analysis.expression, list(evidence)), evidence)


def use_of(dependency: Dependency) -> Use:
    """Development dependencies are tools; Go modules and crates are linked into the binary;
    other packages are libraries loaded at run time."""
    if dependency.scope == Scope.DEVELOPMENT:
        return Use.TOOL
    if dependency.ecosystem in STATIC_ECOSYSTEMS:
        return Use.STATIC_LINKING
    return Use.DYNAMIC_LINKING


def dependency_component(dependency: Dependency, path: tuple[Dependency, ...]) -> Component:
    stated = _normalise(dependency.license) if dependency.license else None
    return Component(
        name=dependency.purl,
        kind=ComponentKind.DEPENDENCY,
        license=stated or None,
        use=use_of(dependency),
        path=tuple(d.purl for d in path),
    )


def dependency_components(dependencies: list[Dependency]) -> dict[Component, tuple[Evidence, ...]]:
    paths = dependency_paths(dependencies)
    found: dict[Component, tuple[Evidence, ...]] = {}
    for dependency in dependencies:
        component = dependency_component(dependency, paths[dependency])
        where = Evidence(dependency.path, dependency.line, snippet=dependency.purl)
        found[component] = (*found.get(component, ()), where)
    return found


def file_components(
    analysis: LicenseAnalysis, project: str, static_modules: set[str]
) -> dict[Component, tuple[Evidence, ...]]:
    """The project's own files and its test files, one component per file and license; bundled
    third-party files, one per component folder and license. `static_modules` are the folders
    of Go modules and Rust crates, whose `vendor/` code is built into their binary."""
    parts = project_parts(project)
    others = {
        expression: spots
        for expression, spots in other_licenses(
            analysis.files, set(analysis.license_files), parts
        ).items()
        if same_license_other_scope(parts, expression) is None
    }
    own, bundled, tested = split_by_origin(others)
    bundles = BundledComponents(analysis.files)
    found: dict[Component, tuple[Evidence, ...]] = {}
    for expression, spots in own.items():
        found |= _per_file(expression, spots, Use.MERGED_SOURCES)
    for expression, spots in tested.items():
        found |= _per_file(expression, spots, Use.TOOL)
    for expression, spots in bundled.items():
        for folder, inside in bundles.grouped(spots).items():
            use = _bundled_use(folder, bundles, static_modules)
            component = Component(folder, ComponentKind.FILE, expression, use, (folder,))
            found[component] = tuple(inside)
    return found


def _bundled_use(folder: str, bundles: BundledComponents, static_modules: set[str]) -> Use:
    """Vendored Go and Rust code is linked into the binary; other vendored code (vendor/,
    third_party/ ...), or a component that keeps its own license file beside its code, is
    shipped as a distinct component; generated files (a minified bundle among the project's
    files, build output) are the project's sources merged with the code they were made from."""
    module, vendored, _ = f"/{folder}".rpartition("/vendor/")
    if vendored and module.lstrip("/") in static_modules:
        return Use.STATIC_LINKING
    if bundles.is_licensed(folder) or is_vendored(f"{folder}/-"):
        return Use.DISTINCT_COMPONENT
    return Use.MERGED_SOURCES


def _folder(path: str) -> str:
    return path.rpartition("/")[0]


def _per_file(
    expression: str, spots: list[Evidence], use: Use
) -> dict[Component, tuple[Evidence, ...]]:
    return {
        Component(spot.path, ComponentKind.FILE, expression, use, (spot.path,), spot.line): (spot,)
        for spot in spots
    }


class BundledComponents:
    """The bundled third-party components of a tree, each named by its folder."""

    def __init__(self, files: dict[str, FileLicenseInfo]) -> None:
        self._licensed = frozenset(p.rpartition("/")[0] for p in files if is_license_file(p))

    def of(self, spots: list[Evidence]) -> list[str]:
        return sorted({self.folder(spot.path) for spot in spots})

    def grouped(self, spots: list[Evidence]) -> dict[str, list[Evidence]]:
        found: dict[str, list[Evidence]] = defaultdict(list)
        for spot in spots:
            found[self.folder(spot.path)].append(spot)
        return dict(found)

    def is_licensed(self, folder: str) -> bool:
        """Whether the component keeps its own license file beside its code."""
        return folder in self._licensed

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


def project_parts(project: str) -> list[str]:
    """The licenses a project combines with AND: they come from its several license files, so
    each file of the project may be under any one of them, not under all at once."""
    try:
        parsed = licensing().parse(project)
    except ExpressionError:
        return [project]
    if isinstance(parsed, AND):
        return [str(part.render()) for part in parsed.args]
    return [project]


def same_license_other_scope(parts: list[str], expression: str) -> str | None:
    """The project license (one of `parts`) that `expression` is the same GNU license version
    of in the other scope: GPL-3.0-only in a GPL-3.0-or-later project. Which versions the whole
    may be used under is a question of scope, not of compatibility (`license.file-compatibility`
    warns of it), so the engine does not judge such files."""
    scope = gpl_scope(expression)
    if scope is None:
        return None
    return next((p for p in parts if (found := gpl_scope(p)) and found[0] == scope[0]), None)


def other_licenses(
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


def split_by_origin(others: FileLicenses) -> tuple[FileLicenses, FileLicenses, FileLicenses]:
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


CHECK_ID = "license.compatibility"


def project_compatibility(report: ScanReport) -> ProjectVerdict | None:
    """The whole project's license compatibility that a scan found, read back from its report
    (one made by the scan, or read from its JSON form); None for a report made before the
    `license.compatibility` check existed or by a scan that did not run it. Raises ValueError
    when the report carries a verdict that cannot be read."""
    try:
        data = report.result(CHECK_ID).data
    except KeyError:
        return None
    stored = data.get("project_verdict")
    if stored is None:
        return None
    try:
        return project_verdict_from_dict(stored)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise ValueError(f"not a project verdict: {error!r}") from error
