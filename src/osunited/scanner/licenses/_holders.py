"""Who holds the copyright of a project, from the statements found in its files.

The project's own files speak for it. Vendored code (node_modules, vendor ...) and generated
files (minified bundles, dist/) carry the statements of other authors: they are ranked apart and
never make the project's holders. Among its own, a holder named in the project's license, notice,
authors or copyright file comes first, then the holders named in the most files.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from osunited.scanner._layout import is_elsewhere_made
from osunited.scanner.licenses._files import FileLicenseInfo

_HOLDERS_FILE = re.compile(r"^(?:authors|copyrights?|contributors)(?:\.\w+)?$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Holder:
    """One copyright holder, with how often the files name it and where first."""

    name: str
    files: int
    statements: int
    path: str  # the first file naming it, with the line
    line: int
    in_holders_file: bool = False  # named in a top-level license, notice, authors file


@dataclass(frozen=True, slots=True)
class ProjectHolders:
    own: tuple[Holder, ...]  # the project's own files, best first
    elsewhere_made: tuple[Holder, ...]  # vendored and generated files, most files first


def project_holders(
    files: Mapping[str, FileLicenseInfo], license_files: Collection[str]
) -> ProjectHolders:
    """The holders of a project's own files and, apart, those of its vendored and generated
    files, each list best first."""
    own: dict[str, list[tuple[str, int, str]]] = {}
    elsewhere: dict[str, list[tuple[str, int, str]]] = {}
    for path in sorted(files):
        found = elsewhere if is_elsewhere_made(path) else own
        for statement in files[path].copyrights:
            if statement.holder:
                found.setdefault(_key(statement.holder), []).append(
                    (path, statement.line, statement.holder)
                )
    speaking = set(license_files) | {p for p in files if "/" not in p and _HOLDERS_FILE.match(p)}
    return ProjectHolders(
        own=_ranked([_holder(spots, speaking) for spots in own.values()]),
        elsewhere_made=_ranked([_holder(spots, set()) for spots in elsewhere.values()]),
    )


def _key(name: str) -> str:
    """One key for the spellings of one name: "Twitter, Inc." and "Twitter Inc"."""
    return " ".join(re.sub(r"[.,]", " ", name).casefold().split())


def _holder(spots: list[tuple[str, int, str]], speaking: set[str]) -> Holder:
    spellings = Counter(name for _, _, name in spots)
    name = min(spellings, key=lambda spelling: (-spellings[spelling], spelling))
    path, line, _ = spots[0]
    return Holder(
        name=name,
        files=len({path for path, _, _ in spots}),
        statements=len(spots),
        path=path,
        line=line,
        in_holders_file=any(path in speaking for path, _, _ in spots),
    )


def _ranked(holders: list[Holder]) -> tuple[Holder, ...]:
    return tuple(
        sorted(holders, key=lambda h: (not h.in_holders_file, -h.files, -h.statements, h.name))
    )
