"""How each dependency enters the project: the shortest chain of packages from one the project
declares, read from the `required_by` names that lockfiles record."""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable

from osunited.scanner.deps._model import Dependency

# Beyond this many packages a chain says nothing more useful, and a hostile lockfile could
# otherwise make it as long as the lockfile itself.
MAX_DEPTH = 32

DependencyPath = tuple[Dependency, ...]


def dependency_paths(dependencies: Iterable[Dependency]) -> dict[Dependency, DependencyPath]:
    """For each dependency, the shortest chain that brings it in, outermost first and ending
    with the dependency itself: `(express, body-parser, qs)`. Chains start at a direct
    dependency, or at a package no other package requires; a package reached by neither (a
    cycle nobody declares, a chain past MAX_DEPTH) stands alone. Breadth first, each package
    visited once, so cycles end and the work is linear in the lockfile's edges."""
    groups: dict[tuple[str, str], list[Dependency]] = defaultdict(list)
    for dependency in dependencies:
        groups[(dependency.ecosystem, dependency.path)].append(dependency)
    paths: dict[Dependency, DependencyPath] = {}
    for members in groups.values():
        paths |= _paths_in_one_file(members)
    return paths


def _paths_in_one_file(members: list[Dependency]) -> dict[Dependency, DependencyPath]:
    required: dict[str, list[Dependency]] = defaultdict(list)
    for dependency in members:
        for name in dependency.required_by:
            required[name.lower()].append(dependency)
    roots = [d for d in members if d.direct or not d.required_by]
    paths: dict[Dependency, DependencyPath] = {root: (root,) for root in roots}
    queue = deque(roots)
    while queue:
        parent = queue.popleft()
        chain = paths[parent]
        if len(chain) >= MAX_DEPTH:
            continue
        for child in required.get(parent.name.lower(), ()):
            if child not in paths:
                paths[child] = (*chain, child)
                queue.append(child)
    return {d: paths.get(d, (d,)) for d in members}
