"""The dependencies of a project, read statically from the manifests and lockfiles of the main
ecosystems (no package manager is ever run). One registry maps file names to parsers."""

from __future__ import annotations

import fnmatch
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from osunited.scanner._errors import ScanError
from osunited.scanner.deps import (
    _cargo,
    _composer,
    _go,
    _maven,
    _npm,
    _nuget,
    _pub,
    _pypi,
    _rubygems,
)
from osunited.scanner.deps._model import Dependency, ParseProblem, Scope

if TYPE_CHECKING:
    from osunited.scanner._context import ScanContext

__all__ = [
    "Dependency",
    "DependencyAnalysis",
    "ParseProblem",
    "Scope",
    "analyse_dependencies",
    "parser_for",
]

Parser = Callable[..., tuple[list[Dependency], list[ParseProblem]]]
# These read sibling files (includes, the manifest next to a lockfile) through `read`.
_WITH_READ = (_pypi.PARSERS, _npm.PARSERS, _go.PARSERS)
_WITHOUT_READ = (_cargo.PARSERS, _maven.PARSERS, _composer.PARSERS, _rubygems.PARSERS,
                 _nuget.PARSERS, _pub.PARSERS)  # fmt: skip
_REGISTRY: list[tuple[str, Parser, bool]] = [
    (pattern, parser, takes_read)
    for tables, takes_read in ((_WITH_READ, True), (_WITHOUT_READ, False))
    for table in tables
    for pattern, parser in table.items()
]
# Third-party code kept in the tree: its manifests are not the project's.
_VENDORED = frozenset({"node_modules", "vendor", "third_party", ".venv", "venv", "site-packages"})
_MANIFESTS = frozenset({"pyproject.toml", "package.json", "cargo.toml"})
_MAX_BYTES = 32 * 1024 * 1024


@dataclass
class DependencyAnalysis:
    dependencies: list[Dependency]
    problems: list[ParseProblem]
    files: list[str]  # the manifests and lockfiles read


def parser_for(path: str) -> tuple[Parser, bool] | None:
    """The parser of a manifest or lockfile, and whether it reads sibling files."""
    parts = path.lower().split("/")
    if _VENDORED.intersection(parts[:-1]):
        return None
    name, last_two = parts[-1], "/".join(parts[-2:])
    for pattern, parser, takes_read in _REGISTRY:
        candidate = last_two if "/" in pattern else name
        if candidate == pattern or fnmatch.fnmatchcase(candidate, pattern):
            return parser, takes_read
    return None


def analyse_dependencies(context: ScanContext) -> DependencyAnalysis:
    """Every dependency of every manifest and lockfile in the tree, without duplicates."""
    tree = context.tree
    read = _reader(context)
    found: list[Dependency] = []
    problems: list[ParseProblem] = []
    files: list[str] = []
    for file in tree.files:
        chosen = parser_for(file.path)
        if chosen is None:
            continue
        parser, takes_read = chosen
        content = read(file.path)
        if content is None:
            problems.append(ParseProblem(file.path, "The file could not be read."))
            continue
        deps, trouble = (
            parser(file.path, content, read) if takes_read else parser(file.path, content)
        )
        found += deps
        problems += trouble
        files.append(file.path)
    return DependencyAnalysis(_deduplicated(found), problems, files)


def _reader(context: ScanContext) -> Callable[[str], bytes | None]:
    tree = context.tree

    def read(path: str) -> bytes | None:
        file = tree.get(path)
        if file is None or file.size > _MAX_BYTES:
            return None
        try:
            return tree.read_bytes(file, _MAX_BYTES)
        except ScanError:
            return None

    return read


def _deduplicated(found: list[Dependency]) -> list[Dependency]:
    """One entry per package, version and folder; a manifest's declaration gives way to the
    lockfile beside it, which knows the exact version."""
    locked = {
        (d.ecosystem, d.name.lower(), _folder(d.path))
        for d in found
        if _name(d.path) not in _MANIFESTS
    }
    unique: dict[tuple[Any, ...], Dependency] = {}
    for dep in found:
        folder = _folder(dep.path)
        if _name(dep.path) in _MANIFESTS and (dep.ecosystem, dep.name.lower(), folder) in locked:
            continue
        unique.setdefault((dep.purl, folder, dep.scope), dep)
    return list(unique.values())


def _folder(path: str) -> str:
    return path.rpartition("/")[0]


def _name(path: str) -> str:
    return path.rpartition("/")[2].lower()
