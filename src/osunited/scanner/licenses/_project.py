"""The licensing picture of a whole project, from the facts of its files and manifests."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from osunited.scanner._model import Evidence
from osunited.scanner.licenses._files import FileLicenseInfo, is_license_file, is_readme
from osunited.scanner.licenses._manifests import DeclaredLicense
from osunited.scanner.licenses._matcher import WEAK_EXPRESSIONS, UnknownText
from osunited.scanner.licenses._spdx import combine, gpl_scope, license_ids

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

    @property
    def expression(self) -> str | None:
        """The project license as one SPDX expression (license files first, else manifests)."""
        found = combine(d.expression for d in self.detected)
        if found:
            return found
        return combine(d.spdx for d in self.declared if d.spdx)

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


def detected_licenses(
    files: dict[str, FileLicenseInfo], license_files: list[str]
) -> list[DetectedLicense]:
    found: dict[str, list[tuple[Evidence, float]]] = {}
    for path in license_files:
        info = files.get(path)
        if info is None:
            continue
        for match in info.matches:
            if match.kind in _PROJECT_KINDS and match.expression not in WEAK_EXPRESSIONS:
                spot = Evidence(path, match.start_line, snippet=f"{match.coverage:g}% match")
                found.setdefault(match.expression, []).append((spot, match.coverage))
        for expression, line in info.tags:
            found.setdefault(expression, []).append((Evidence(path, line), 100.0))
    return [
        DetectedLicense(expr, tuple(e for e, _ in spots), max(c for _, c in spots))
        for expr, spots in found.items()
    ]


def settle_gpl_scope(
    detected: list[DetectedLicense], files: dict[str, FileLicenseInfo]
) -> tuple[list[DetectedLicense], list[str]]:
    """A bare GPL text does not say "only" or "or later"; the notices do (in READMEs, file
    headers, manifests). Where the text says only and notices say or-later, they decide."""
    hinted = _scopes_in_notices(files)
    settled: list[DetectedLicense] = []
    notes: list[str] = []
    for license in detected:
        scope = gpl_scope(license.expression)
        if scope and scope[1] == "only" and hinted.get(scope[0]) == {"or-later"}:
            later = f"{scope[0]}-or-later"
            notes.append(f"{license.expression} text with '{later}' notices: read as {later}.")
            license = DetectedLicense(later, license.evidence, license.coverage)
        settled.append(license)
    merged = {d.expression: d for d in settled}
    return list(merged.values()), notes


def _scopes_in_notices(files: dict[str, FileLicenseInfo]) -> dict[str, set[str]]:
    scopes: dict[str, set[str]] = {}
    for info in files.values():
        expressions = [m.expression for m in info.matches if m.kind != "text"]
        if is_readme(info.path) or not is_license_file(info.path):
            expressions += [expression for expression, _ in info.tags]
        for expression in expressions:
            if "GPL" not in expression:
                continue  # only the GPL family has only/or-later forms
            for license_id in license_ids(expression):
                scope = gpl_scope(license_id)
                if scope:
                    scopes.setdefault(scope[0], set()).add(scope[1])
    return scopes
