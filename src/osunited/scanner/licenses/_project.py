"""The licensing picture of a whole project, from the facts of its files and manifests."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from osunited.scanner._model import Evidence
from osunited.scanner.licenses._claims import LicenseClaim, is_proprietary
from osunited.scanner.licenses._files import FileLicenseInfo, is_license_file
from osunited.scanner.licenses._manifests import DeclaredLicense
from osunited.scanner.licenses._matcher import WEAK_EXPRESSIONS, LicenseMatch, UnknownText
from osunited.scanner.licenses._packages import SubfolderPackage
from osunited.scanner.licenses._scopes import Scope, ScopedLicense, Spot, scope_spots
from osunited.scanner.licenses._spdx import (
    combine,
    gpl_scope,
    is_choice,
    is_exception,
    is_known,
    license_ids,
)

_PROJECT_KINDS = {"text", "notice", "reference", "tag"}


@dataclass(frozen=True)
class DetectedLicense:
    """One expression found in the project's license files, with where it was found."""

    expression: str
    evidence: tuple[Evidence, ...]
    coverage: float  # best coverage (0-100) among its matches
    stated: bool = False  # named by its REUSE file, "only" or "or later" included


@dataclass
class LicenseAnalysis:
    """Everything the license checks and reports need."""

    files: dict[str, FileLicenseInfo]
    license_files: list[str]
    detected: list[DetectedLicense]
    declared: list[DeclaredLicense]
    unknown: list[tuple[str, UnknownText]]
    scope_notes: list[str] = field(default_factory=list)
    claims: list[LicenseClaim] = field(default_factory=list)  # manifests, READMEs, license files
    # What most of the project's own file headers say, when no license file gives a license.
    headers: list[DetectedLicense] = field(default_factory=list)
    # Licenses of the project's data, documentation, media, bundled code ...: not its license.
    apart: list[ScopedLicense] = field(default_factory=list)
    # Packages in subfolders, read when the top of the tree says nothing.
    packages: list[SubfolderPackage] = field(default_factory=list)

    @property
    def expression(self) -> str | None:
        """The project license as one SPDX expression: license files first, else manifests,
        else the file headers."""
        found = combine(d.expression for d in self.detected)
        if found:
            return found
        declared = combine(d.spdx for d in self.declared if d.spdx)
        return declared or self.package_expression or combine(d.expression for d in self.headers)

    @property
    def package_expression(self) -> str | None:
        """The license of the subfolder packages, when they all say the same one."""
        said = {p.expression for p in self.packages}
        return said.pop() if len(said) == 1 else None

    @property
    def license_ids(self) -> list[str]:
        expression = self.expression
        return list(license_ids(expression)) if expression else []

    @property
    def declared_expression(self) -> str | None:
        return combine(d.spdx for d in self.declared if d.spdx)

    def holders(self) -> Counter[str]:
        return Counter(
            c.holder for info in self.files.values() for c in info.copyrights if c.holder
        )


def project_license_files(paths: list[str]) -> list[str]:
    """License files that speak for the project: at the top of the tree or in `LICENSES/`."""
    return [p for p in paths if is_license_file(p) and (p.count("/") == 0 or _in_reuse(p))]


def _in_reuse(path: str) -> bool:
    return path.startswith("LICENSES/") and path.count("/") == 1


def _holder_as_terms(match: LicenseMatch, copyright_lines: set[int]) -> bool:
    """A "proprietary" match on a copyright line ("Copyright (C) 2017 Crown Copyright") names
    a holder, not terms."""
    return (
        is_proprietary(match.expression)
        and match.start_line == match.end_line
        and match.start_line in copyright_lines
    )


def license_spots(files: dict[str, FileLicenseInfo], license_files: list[str]) -> list[Spot]:
    """Every license the project's license files name, where. A text in a REUSE `LICENSES/`
    folder is the license its file name says (REUSE 3.3)."""
    spots: list[Spot] = []
    for path in license_files:
        info = files.get(path)
        named = _reuse_license_id(path)
        if named:
            spots.append(Spot(named, path, 1, 1, "reuse", _coverage_of(info, named)))
        elif info is not None:
            spots += _spots_of(info)
    return spots


def _spots_of(info: FileLicenseInfo) -> list[Spot]:
    copyright_lines = {c.line for c in info.copyrights}
    spots = [
        Spot(m.expression, info.path, m.start_line, m.end_line, m.kind, m.coverage)
        for m in info.matches
        if m.kind in _PROJECT_KINDS
        and m.expression not in WEAK_EXPRESSIONS
        and not _holder_as_terms(m, copyright_lines)
    ]
    spots += [Spot(e, info.path, line, line, "tag", 100.0) for e, line in info.tags]
    return spots


def _reuse_license_id(path: str) -> str | None:
    if not _in_reuse(path):
        return None
    stem = path.rpartition("/")[2].rsplit(".", 1)[0] if "." in path else path[9:]
    return stem if is_known(stem) or stem.startswith("LicenseRef-") else None


def _coverage_of(info: FileLicenseInfo | None, expression: str) -> float:
    """How much of the text matched the license the file is named for ("GPL-3.0-or-later.txt"
    holds the GPL-3.0 text, which does not say "or later")."""
    named = _unscoped(expression)
    found = [m.coverage for m in info.matches if _unscoped(m.expression) == named] if info else []
    return max(found, default=0.0)


def _unscoped(expression: str) -> str:
    scope = gpl_scope(expression)  # ("GPL-3.0", "or-later") for GPL-3.0-or-later
    return scope[0] if scope else expression


def detected_licenses(
    files: dict[str, FileLicenseInfo],
    license_files: list[str],
    texts: Mapping[str, str],
    usage: Mapping[str, list[str]] | None = None,
) -> tuple[list[DetectedLicense], list[ScopedLicense]]:
    """The project's code license(s), and the licenses its license files give other things."""
    scoped = scope_spots(license_spots(files, license_files), texts, usage)
    code = _grouped([spot for spot, scope, _ in scoped if scope is Scope.CODE])
    return _with_exceptions(_choices(code)), _apart(scoped, {d.expression for d in code})


def _apart(scoped: list[tuple[Spot, Scope, str]], code: set[str]) -> list[ScopedLicense]:
    """The licenses that are not the code's, once each: a REUSE project's own account of what
    a license covers first, else the first reason found."""
    found: dict[str, list[tuple[Spot, Scope, str]]] = {}
    for spot, scope, reason in scoped:
        if scope is not Scope.CODE and spot.expression not in code:
            found.setdefault(spot.expression, []).append((spot, scope, reason))
    apart = []
    for expression, spots in found.items():
        _, scope, reason = min(spots, key=lambda item: item[0].kind != "reuse")
        evidence = tuple(Evidence(s.path, s.line, snippet=why) for s, _, why in spots)
        apart.append(ScopedLicense(expression, scope, evidence, reason))
    return apart


def _grouped(spots: list[Spot]) -> list[DetectedLicense]:
    found: dict[str, list[Spot]] = {}
    for spot in spots:
        found.setdefault(spot.expression, []).append(spot)
    return [
        DetectedLicense(
            expression,
            tuple(Evidence(s.path, s.line, snippet=_said(s)) for s in group),
            max(s.coverage for s in group),
            stated=any(s.kind == "reuse" for s in group),
        )
        for expression, group in found.items()
    ]


def _said(spot: Spot) -> str:
    if spot.kind == "reuse":
        return "REUSE license text" + (f", {spot.coverage:g}% match" if spot.coverage else "")
    return "" if spot.kind == "tag" else f"{spot.coverage:g}% match"


def _choices(code: list[DetectedLicense]) -> list[DetectedLicense]:
    """ "Dual-licensed under MIT or the Unlicense" beside the two texts: the texts are the
    options of that choice, not licenses that all apply."""
    for choice in [d for d in code if is_choice(d.expression)]:
        options = set(license_ids(choice.expression))
        covered = [d for d in code if d is not choice and set(license_ids(d.expression)) <= options]
        if covered:
            evidence = choice.evidence + tuple(e for d in covered for e in d.evidence)
            merged = replace(choice, evidence=evidence)
            code = [merged if d is choice else d for d in code if d not in covered]
    return code


def _with_exceptions(code: list[DetectedLicense]) -> list[DetectedLicense]:
    """An exception found on its own (the Healthcare Disclaimer after the MPL text) is added
    to the one license it amends."""
    exceptions = [d for d in code if _is_exception(d.expression)]
    licenses = [d for d in code if d not in exceptions]
    if len(exceptions) != 1 or len(licenses) != 1 or len(license_ids(licenses[0].expression)) != 1:
        return code
    [exception], [amended] = exceptions, licenses
    expression = f"{amended.expression} WITH {exception.expression}"
    return [replace(amended, expression=expression, evidence=amended.evidence + exception.evidence)]


def _is_exception(expression: str) -> bool:
    return is_exception(expression) or (
        expression.startswith("LicenseRef-") and "exception" in expression.lower()
    )


def declared_choice(
    detected: list[DetectedLicense], declared: list[DeclaredLicense]
) -> list[DetectedLicense]:
    """LICENSE-MIT and LICENSE-APACHE with `license = "MIT OR Apache-2.0"` in Cargo.toml: the
    manifest says the texts are a choice."""
    ids = {i for d in detected for i in license_ids(d.expression)}
    for declaration in declared:
        said = declaration.spdx
        if len(detected) > 1 and said and is_choice(said) and set(license_ids(said)) == ids:
            spot = Evidence(declaration.path, declaration.line, snippet="declared choice")
            evidence = (*(e for d in detected for e in d.evidence), spot)
            return [DetectedLicense(said, evidence, min(d.coverage for d in detected))]
    return detected
