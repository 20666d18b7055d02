"""What each place of a project says its license is: license files, manifests, READMEs (badges
and "License: MIT" lines). Some say "no": npm's `UNLICENSED`, `NONE`, "Proprietary", a license
file that only reserves all rights; some say nothing (`NOASSERTION`); some point elsewhere
(`SEE LICENSE IN EULA.md`). Each is read as what it says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from osunited.scanner._text import _
from osunited.scanner.licenses._files import FileLicenseInfo, is_readme
from osunited.scanner.licenses._manifests import FILE_PREFIX, DeclaredLicense
from osunited.scanner.licenses._matcher import WEAK_EXPRESSIONS
from osunited.scanner.licenses._spdx import license_ids

_SEE_FILE = re.compile(r"^see licen[cs]e in\s+(?P<file>\S.*)$", re.IGNORECASE)
_NOT_LICENSED = re.compile(
    r"^(?:unlicensed|none|private|commercial(?: license)?|closed[- ]source)$"
    r"|\bproprietary\b|\ball rights reserved\b",
    re.IGNORECASE,
)
_RESERVED = re.compile(
    r"\ball rights reserved\b|\bproprietary and confidential\b|\bproprietary software\b",
    re.IGNORECASE,
)
_CLAIM_KINDS = frozenset({"notice", "reference", "tag"})
_LICENSE_BADGE = re.compile(
    r"(?:shields\.io|badgen\.net|/badges?/)[^\s)]*licen[cs]e", re.IGNORECASE
)
_LICENSE_LINE = re.compile(r"^\W*licen[cs]e\W{0,3}\s*[:=]", re.IGNORECASE)
_LICENSE_HEADING = re.compile(r"^\s*(?:#{1,6}\s*|\.\. )?licen[cs](?:e|es|ing)\s*#*\s*$", re.I)
_UNDERLINE = re.compile(r"^\s*(?:={3,}|-{3,}|~{3,})\s*$")  # of a reStructuredText heading
_SHORT = 8  # words: "MIT", "Apache License 2.0", "EUPL-1.2, see LICENSE"
_PROPRIETARY = ("LicenseRef-scancode-proprietary-license", "LicenseRef-scancode-commercial-license")


class Meaning(StrEnum):
    LICENSE = "license"  # names a license (`expression`)
    NOT_LICENSED = "not-licensed"  # UNLICENSED, NONE, proprietary, all rights reserved
    NO_ASSERTION = "no-assertion"  # NOASSERTION: says nothing
    FILE = "file"  # the license is in a file (`SEE LICENSE IN EULA.md`, `{file = ...}`)
    UNKNOWN = "unknown"  # a value no SPDX id stands for


class Source(StrEnum):
    LICENSE_FILE = "license file"
    MANIFEST = "manifest"
    README = "README"


_FILE = Source.LICENSE_FILE


@dataclass(frozen=True)
class LicenseClaim:
    """One place that says what the project's license is, or that it has none."""

    path: str
    line: int | None
    source: Source
    said: str  # as written (manifest), or what was recognised (license file, README)
    meaning: Meaning
    expression: str | None = None  # the license named, when `meaning` is LICENSE
    badge: bool = False
    points_to: str | None = None  # the file named, when `meaning` is FILE

    def describe(self) -> str:
        """ "package.json declares UNLICENSED (line 3)", "README.md shows MIT in a badge"."""
        facts = {"path": self.path, "said": self.said, "line": self.line}
        if self.source == Source.MANIFEST:
            if self.line:
                return _("{path} declares '{said}' (line {line})", **facts)
            return _("{path} declares '{said}'", **facts)
        if self.badge:
            if self.line:
                return _("{path} shows {said} in a badge (line {line})", **facts)
            return _("{path} shows {said} in a badge", **facts)
        if self.line:
            return _("{path} says {said} (line {line})", **facts)
        return _("{path} says {said}", **facts)


def is_proprietary(expression: str) -> bool:
    """Whether a detected license is the license data's "proprietary" or "commercial" notice."""
    return expression in _PROPRIETARY


def declaration_meaning(declared: DeclaredLicense) -> Meaning:
    raw = " ".join(declared.raw.split())
    if declared.points_to_file or _SEE_FILE.match(raw):
        return Meaning.FILE
    if raw.casefold() == "noassertion":
        return Meaning.NO_ASSERTION
    if _NOT_LICENSED.search(raw) and not _names_a_license(declared.spdx):
        return Meaning.NOT_LICENSED  # "proprietary", "LicenseRef-Proprietary"
    return Meaning.LICENSE if declared.spdx else Meaning.UNKNOWN


def _names_a_license(expression: str | None) -> bool:
    """Whether an SPDX expression names a license of the SPDX list ("MIT OR
    LicenseRef-Commercial" does; "LicenseRef-Proprietary" does not)."""
    return any(not i.startswith("LicenseRef-") for i in license_ids(expression or ""))


def _pointed_path(declared: DeclaredLicense) -> str | None:
    """The path of the file a declaration points to (`{file = "LICENSE"}`, `SEE LICENSE IN
    EULA.md`), relative to the tree like the manifest's."""
    if declared.points_to_file:
        file = declared.raw.removeprefix(FILE_PREFIX)
    else:
        found = _SEE_FILE.match(" ".join(declared.raw.split()))
        if found is None:
            return None
        file = found["file"]
    folder = declared.path.rpartition("/")[0]
    file = file.strip().removeprefix("./")
    return f"{folder}/{file}" if folder else file


def manifest_claims(declared: list[DeclaredLicense]) -> list[LicenseClaim]:
    return [
        LicenseClaim(
            d.path,
            d.line,
            Source.MANIFEST,
            d.raw,
            declaration_meaning(d),
            d.spdx,
            points_to=_pointed_path(d),
        )
        for d in declared
    ]


def readme_claims(files: dict[str, FileLicenseInfo], texts: dict[str, str]) -> list[LicenseClaim]:
    """Licenses that the READMEs at the top of the tree (`texts`, by path) claim in a license
    badge or a "License: MIT" line. Other mentions are left out: a README that says the
    documentation is under the GFDL claims nothing about the code."""
    claims = []
    for path, text in sorted(texts.items()):
        info = files.get(path)
        if info is None:
            continue
        claim_lines = _claim_lines(text)
        for match in info.matches:
            badge = claim_lines.get(match.start_line)
            if badge is None or match.kind not in _CLAIM_KINDS:
                continue
            if match.expression not in WEAK_EXPRESSIONS:
                claims.append(_license_claim(path, match.start_line, match.expression, badge))
    return _first_of_each(claims)


def _claim_lines(text: str) -> dict[int, bool]:
    """The lines that claim a license, and whether each is a badge: license badges, "License:
    MIT" lines, and a short line alone under a "License" heading."""
    claims: dict[int, bool] = {}
    under_heading = False
    for number, line in enumerate(text.splitlines()[:1000], start=1):
        if _LICENSE_BADGE.search(line):
            claims[number] = True
        elif _LICENSE_LINE.match(line) or (under_heading and len(line.split()) <= _SHORT):
            claims[number] = False
        if line.strip() and not _UNDERLINE.match(line):
            under_heading = bool(_LICENSE_HEADING.match(line))
    return claims


def is_top_readme(path: str) -> bool:
    return "/" not in path and is_readme(path)


def license_file_claims(
    detected: list[tuple[str, int | None, str]], reserved: list[tuple[str, int]]
) -> list[LicenseClaim]:
    """`detected`: (path, line, expression) of the project license files; `reserved`: license
    files that grant nothing and reserve all rights (path, line)."""
    claims = []
    granted = any(not is_proprietary(expression) for _, _, expression in detected)
    for path, line, expression in detected:
        if is_proprietary(expression) and granted:
            continue  # beside a license: a third party's terms, or a dual license's other half
        if is_proprietary(expression):
            said = "the software is proprietary"
            claims.append(LicenseClaim(path, line, _FILE, said, Meaning.NOT_LICENSED))
        else:
            claims.append(LicenseClaim(path, line, _FILE, expression, Meaning.LICENSE, expression))
    said = "all rights reserved, and grants no license"
    claims += [LicenseClaim(p, n, _FILE, said, Meaning.NOT_LICENSED) for p, n in reserved]
    return claims


def reserved_line(text: str) -> int | None:
    """The line of a license file that reserves all rights or calls the software proprietary."""
    for number, line in enumerate(text.splitlines()[:200], start=1):
        if _RESERVED.search(line):
            return number
    return None


def _license_claim(path: str, line: int, expression: str, badge: bool) -> LicenseClaim:
    return LicenseClaim(path, line, Source.README, expression, Meaning.LICENSE, expression, badge)


def _first_of_each(claims: list[LicenseClaim]) -> list[LicenseClaim]:
    """One claim per file and license: a badge and a "License" section that say MIT are one."""
    first: dict[tuple[str, str | None], LicenseClaim] = {}
    for claim in claims:
        first.setdefault((claim.path, claim.expression), claim)
    return list(first.values())
