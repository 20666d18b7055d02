"""The license that the project's own file headers state, for a project without a license file
or a declared license: its notices and SPDX tags, if most of them agree."""

from __future__ import annotations

from osunited.scanner._layout import is_elsewhere_made
from osunited.scanner._model import Evidence
from osunited.scanner._text import _
from osunited.scanner.licenses._files import FileLicenseInfo, is_license_file, is_readme
from osunited.scanner.licenses._manifests import is_manifest
from osunited.scanner.licenses._matcher import WEAK_EXPRESSIONS
from osunited.scanner.licenses._project import DetectedLicense

_HEADER_KINDS = frozenset({"notice", "reference", "tag"})
_EXAMPLES = 3  # files named as evidence
_FEWEST = 3  # files that must state the license


def header_licenses(files: dict[str, FileLicenseInfo]) -> list[DetectedLicense]:
    """The license stated by most of the project's own files that state one (at least half of
    them, and three files), with a few of those files as evidence; nothing when the headers
    disagree."""
    stating: dict[str, list[Evidence]] = {}
    counted = 0
    for path, info in sorted(files.items()):
        if not _own_source(path):
            continue
        said = _stated(info)
        counted += bool(said)
        for expression, line in said.items():
            stating.setdefault(expression, []).append(Evidence(path, line or None))
    if not stating:
        return []
    expression, spots = max(stating.items(), key=lambda item: len(item[1]))
    if len(spots) < _FEWEST or 2 * len(spots) < counted:
        return []  # one LaTeX style file under the LPPL does not license an R package
    share = _("{count} of {total} files", count=len(spots), total=counted)
    evidence = tuple(Evidence(e.path, e.line, snippet=share) for e in spots[:_EXAMPLES])
    return [DetectedLicense(expression, evidence, 100.0)]


def _own_source(path: str) -> bool:
    if is_elsewhere_made(path):
        return False  # its headers speak for code written elsewhere
    return not (is_license_file(path) or is_readme(path) or is_manifest(path))


def _stated(info: FileLicenseInfo) -> dict[str, int]:
    said = dict.fromkeys(info.reuse, 0)
    for expression, line in info.tags:
        said.setdefault(expression, line)
    for match in info.matches:
        if match.kind in _HEADER_KINDS and match.expression not in WEAK_EXPRESSIONS:
            said.setdefault(match.expression, match.start_line)
    return said
