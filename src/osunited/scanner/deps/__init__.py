"""The dependencies of a project, read statically from the manifests and lockfiles of the main
ecosystems (no package manager is ever run). One registry maps file names to parsers."""

from __future__ import annotations

import dataclasses
import fnmatch
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from osunited.scanner._errors import ScanError
from osunited.scanner._tree import blob_id
from osunited.scanner.deps import (
    _cargo,
    _composer,
    _go,
    _gradle,
    _maven,
    _npm,
    _nuget,
    _pub,
    _pypi,
    _rubygems,
)
from osunited.scanner.deps._model import Dependency, ParseProblem, Scope
from osunited.scanner.deps._paths import DependencyPath, dependency_paths

if TYPE_CHECKING:
    from osunited.scanner._context import ScanContext

__all__ = [
    "Dependency",
    "DependencyAnalysis",
    "DependencyPath",
    "ParseProblem",
    "Scope",
    "analyse_dependencies",
    "dependency_paths",
    "parser_for",
]

Parser = Callable[..., tuple[list[Dependency], list[ParseProblem]]]
# These read sibling files (includes, the manifest next to a lockfile) through `read`.
_WITH_READ = (_pypi.PARSERS, _npm.PARSERS, _go.PARSERS, _gradle.PARSERS)
_WITHOUT_READ = (
    _cargo.PARSERS,
    _maven.PARSERS,
    _composer.PARSERS,
    _rubygems.PARSERS,
    _nuget.PARSERS,
    _pub.PARSERS,
)
_REGISTRY: list[tuple[str, Parser, bool]] = [
    (pattern, parser, takes_read)
    for tables, takes_read in ((_WITH_READ, True), (_WITHOUT_READ, False))
    for table in tables
    for pattern, parser in table.items()
]
# Third-party code kept in the tree: its manifests are not the project's.
_VENDORED = frozenset({"node_modules", "vendor", "third_party", ".venv", "venv", "site-packages"})
_MANIFESTS = frozenset(
    {"pyproject.toml", "package.json", "cargo.toml", "build.gradle", "build.gradle.kts"}
)


@dataclass
class DependencyAnalysis:
    dependencies: list[Dependency]
    problems: list[ParseProblem]
    files: list[str]  # the manifests and lockfiles read


def _any_of(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(fnmatch.translate(pattern) for pattern in patterns))


# Every pattern at once, so that the many files that are no manifest are told apart in one go.
_ANY_NAME = _any_of([pattern for pattern, _, _ in _REGISTRY if "/" not in pattern])
_ANY_LAST_TWO = _any_of([pattern for pattern, _, _ in _REGISTRY if "/" in pattern])


def parser_for(path: str) -> tuple[Parser, bool] | None:
    """The parser of a manifest or lockfile, and whether it reads sibling files."""
    parts = path.lower().split("/")
    if _VENDORED.intersection(parts[:-1]):
        return None
    name, last_two = parts[-1], "/".join(parts[-2:])
    if not _ANY_NAME.match(name) and not _ANY_LAST_TWO.match(last_two):
        return None
    for pattern, parser, takes_read in _REGISTRY:
        candidate = last_two if "/" in pattern else name
        if candidate == pattern or fnmatch.fnmatchcase(candidate, pattern):
            return parser, takes_read
    return None


ANALYSIS = "dependencies-2"  # change when a parser changes its results


def analyse_dependencies(context: ScanContext) -> DependencyAnalysis:
    """Every dependency of every manifest and lockfile in the tree, without duplicates.

    The result is cached by the content of the files read, so a rescan of unchanged lockfiles
    parses nothing."""
    paths = [f.path for f in context.tree.files if parser_for(f.path) is not None]
    blobs = _blob_ids(context, paths)
    key = hashlib.sha256(repr(sorted(blobs.items())).encode()).hexdigest()
    cached = context.cache.get(ANALYSIS, key)
    if cached is not None and _blob_ids(context, list(cached["siblings"])) == cached["siblings"]:
        return _from_data(cached)
    analysis, siblings = _parse_all(context, paths)
    context.cache.put(ANALYSIS, key, _to_data(analysis, _blob_ids(context, siblings)))
    return analysis


def _parse_all(context: ScanContext, paths: list[str]) -> tuple[DependencyAnalysis, list[str]]:
    """The analysis, and the other files the parsers read (includes, manifests of lockfiles)."""
    read_paths: set[str] = set()
    read = _reader(context, read_paths)
    found: list[Dependency] = []
    problems: list[ParseProblem] = []
    for path in paths:
        chosen = parser_for(path)
        content = read(path)
        if chosen is None or content is None:
            problems.append(ParseProblem(path, _unread_reason(context, path)))
            continue
        parser, takes_read = chosen
        deps, trouble = parser(path, content, read) if takes_read else parser(path, content)
        found += deps
        problems += trouble
    siblings = sorted(read_paths - set(paths))
    return DependencyAnalysis(_deduplicated(found), problems, paths), siblings


def _blob_ids(context: ScanContext, paths: list[str]) -> dict[str, str]:
    """The content hash of each existing file, from the stat cache when it is unchanged."""
    files = [f for f in (context.tree.get(p) for p in paths) if f is not None]
    known = context.cache.known_blobs(files)
    for file in files:
        if file.path not in known:
            try:
                known[file.path] = blob_id(context.tree.read_bytes(file))
            except ScanError:
                continue
            context.cache.remember_blob(file, known[file.path])
    return known


def _to_data(analysis: DependencyAnalysis, siblings: dict[str, str]) -> dict[str, Any]:
    return {
        "dependencies": [
            {**dataclasses.asdict(d), "scope": d.scope.value} for d in analysis.dependencies
        ],
        "problems": [dataclasses.asdict(p) for p in analysis.problems],
        "files": analysis.files,
        "siblings": siblings,
    }


def _from_data(data: dict[str, Any]) -> DependencyAnalysis:
    dependencies = [
        Dependency(**{**d, "scope": Scope(d["scope"]), "required_by": tuple(d["required_by"])})
        for d in data["dependencies"]
    ]
    problems = [ParseProblem(**p) for p in data["problems"]]
    return DependencyAnalysis(dependencies, problems, list(data["files"]))


def _reader(context: ScanContext, read_paths: set[str]) -> Callable[[str], bytes | None]:
    """Reads files of the tree for the parsers, and notes which ones they read."""
    tree = context.tree

    def read(path: str) -> bytes | None:
        read_paths.add(path)
        file = tree.get(path)
        # A file over the per-file limit is not read at all: cut short, it would parse wrong.
        if file is None or file.size > tree.max_file_bytes:
            return None
        try:
            return tree.read_bytes(file)
        except ScanError:
            return None

    return read


def _unread_reason(context: ScanContext, path: str) -> str:
    file = context.tree.get(path)
    if file is not None and file.size > context.tree.max_file_bytes:
        limit = context.tree.max_file_bytes / 2**20
        return f"The file is larger than the scan's per-file limit ({limit:g} MiB): not read."
    return "The file could not be read."


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
