"""The dependencies of a project, as read from its manifests and lockfiles."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

Key = TypeVar("Key", bound=Hashable)


class Scope(StrEnum):
    RUNTIME = "runtime"
    DEVELOPMENT = "development"  # dev, test, build, optional groups


@dataclass(frozen=True)
class Dependency:
    """One package the project depends on, identified by its package URL (purl)."""

    purl: str  # pkg:pypi/django@5.2.1 (version left out when not pinned)
    ecosystem: (
        str  # OSV ecosystem name: PyPI, npm, Go, crates.io, Maven, Packagist, RubyGems, NuGet, Pub
    )
    name: str  # as the ecosystem spells it (Maven: group:artifact)
    version: str | None  # exact version, when the file pins one
    direct: bool  # declared by the project, not pulled in by another dependency
    scope: Scope
    path: str  # the file it came from, relative to the tree root
    line: int | None  # 1-based line in that file, when known
    license: str | None = None  # as the file states it (SPDX when possible)
    # The names of the packages that require it, as the lockfile states (sorted); the project
    # itself is never named, so a direct dependency only has the packages that also require it.
    required_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class ParseProblem:
    """A manifest or lockfile that could not be read: reported as a finding, never a crash."""

    path: str
    message: str
    line: int | None = None


def requirers(requires: Iterable[tuple[str, Iterable[Key]]]) -> dict[Key, tuple[str, ...]]:
    """Each required key with the sorted names of the packages that require it, from pairs of
    (a package's name, the keys it requires)."""
    found: dict[Key, set[str]] = {}
    for name, keys in requires:
        for key in keys:
            found.setdefault(key, set()).add(name)
    return {key: tuple(sorted(names)) for key, names in found.items()}
