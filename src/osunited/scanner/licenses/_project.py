"""The licensing picture of a whole project, from the facts of its files and manifests."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from osunited.scanner._model import Evidence
from osunited.scanner.licenses._claims import LicenseClaim, is_proprietary
from osunited.scanner.licenses._files import FileLicenseInfo, is_license_file
from osunited.scanner.licenses._manifests import DeclaredLicense
from osunited.scanner.licenses._matcher import WEAK_EXPRESSIONS, LicenseMatch, UnknownText
from osunited.scanner.licenses._spdx import combine, license_ids

_PROJECT_KINDS = {"text", "notice", "reference", "tag"}


@dataclass(frozen=True)
class DetectedLicense:
    """One expression found in the project's license files, with where it was found."""

    expression: str
    evidence: tuple[Evidence, ...]
    coverage: float  # best coverage (0-100) among its matches


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

    @property
    def expression(self) -> str | None:
        """The project license as one SPDX expression: license files first, else manifests,
        else the file headers."""
        found = combine(d.expression for d in self.detected)
        if found:
            return found
        declared = combine(d.spdx for d in self.declared if d.spdx)
        return declared or combine(d.expression for d in self.headers)

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


def detected_licenses(
    files: dict[str, FileLicenseInfo], license_files: list[str]
) -> list[DetectedLicense]:
    found: dict[str, list[tuple[Evidence, float]]] = {}
    for path in license_files:
        info = files.get(path)
        if info is None:
            continue
        copyright_lines = {c.line for c in info.copyrights}
        for match in info.matches:
            if match.kind in _PROJECT_KINDS and match.expression not in WEAK_EXPRESSIONS:
                if _holder_as_terms(match, copyright_lines):
                    continue
                spot = Evidence(path, match.start_line, snippet=f"{match.coverage:g}% match")
                found.setdefault(match.expression, []).append((spot, match.coverage))
        for expression, line in info.tags:
            found.setdefault(expression, []).append((Evidence(path, line), 100.0))
    return [
        DetectedLicense(expr, tuple(e for e, _ in spots), max(c for _, c in spots))
        for expr, spots in found.items()
    ]
