"""PHP dependencies from Composer's `composer.lock`."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable
from typing import TypeGuard

from packageurl import PackageURL

from osunited.scanner.deps._model import Dependency, ParseProblem, Scope, requirers
from osunited.scanner.deps._source_text import first_line, load_json

ECOSYSTEM = "Packagist"
Result = tuple[list[Dependency], list[ParseProblem]]
_SECTIONS = (("packages", Scope.RUNTIME), ("packages-dev", Scope.DEVELOPMENT))


def parse_composer_lock(path: str, content: bytes) -> Result:
    """The packages a `composer.lock` pins; `packages-dev` are development.

    The lockfile does not name the root's requirements, so a package counts as direct when no
    other locked package requires it (it can only be there because the project asked for it).
    A `license` array is read as a choice: `["MIT", "GPL-3.0"]` becomes `MIT OR GPL-3.0`.
    """
    document = load_json(path, content)
    if isinstance(document, ParseProblem):
        return [], [document]
    sections = _sections(path, document)
    if isinstance(sections, ParseProblem):
        return [], [sections]
    lines = content.decode("utf-8", errors="replace").splitlines()
    required = _required_by_packages(p for _, packages, _ in sections for p in packages)
    required_by = requirers(
        (str(p["name"]), {name.lower() for name in table})
        for _, packages, _ in sections
        for p in packages
        if _is_named_and_versioned(p) and isinstance(table := p.get("require"), dict)
    )
    dependencies: list[Dependency] = []
    problems: list[ParseProblem] = []
    cursor = 0
    for key, packages, scope in sections:
        for number, package in enumerate(packages, 1):
            if not _is_named_and_versioned(package):
                problems.append(ParseProblem(path, f"`{key}` #{number} lacks a name or version"))
                continue
            found = _locked(path, package, scope, required, lines, cursor)
            cursor = found.line or cursor
            requiring = required_by.get(found.name.lower(), ())
            dependencies.append(dataclasses.replace(found, required_by=requiring))
    return dependencies, problems


def _sections(path: str, document: object) -> list[tuple[str, list[object], Scope]] | ParseProblem:
    if not isinstance(document, dict):
        return ParseProblem(path, "composer.lock must be a JSON object")
    sections: list[tuple[str, list[object], Scope]] = []
    for key, scope in _SECTIONS:
        packages = document.get(key) or []
        if not isinstance(packages, list):
            return ParseProblem(path, f"`{key}` must be a list")
        sections.append((key, packages, scope))
    return sections


def _is_named_and_versioned(package: object) -> TypeGuard[dict[str, object]]:
    return (
        isinstance(package, dict)
        and isinstance(package.get("name"), str)
        and bool(str(package["name"]).rpartition("/")[2])
        and isinstance(package.get("version"), str)
    )


def _required_by_packages(packages: Iterable[object]) -> set[str]:
    required: set[str] = set()
    for package in packages:
        requires = package.get("require") if isinstance(package, dict) else None
        if isinstance(requires, dict):
            required.update(name.lower() for name in requires)
    return required


def _locked(
    path: str,
    package: dict[str, object],
    scope: Scope,
    required: set[str],
    lines: list[str],
    cursor: int,
) -> Dependency:
    name, version = str(package["name"]), str(package["version"])
    vendor, _, project = name.rpartition("/")
    declared = re.compile(rf'"name"\s*:\s*"{re.escape(name)}"')
    return Dependency(
        purl=PackageURL("composer", vendor or None, project, version).to_string(),
        ecosystem=ECOSYSTEM,
        name=name,
        version=version,
        direct=name.lower() not in required,
        scope=scope,
        path=path,
        line=first_line(lines, declared, cursor),
        license=_license(package.get("license")),
    )


def _license(value: object) -> str | None:
    if isinstance(value, str):
        return value or None
    if isinstance(value, list):
        names = [item for item in value if isinstance(item, str) and item]
        return " OR ".join(names) or None
    return None


PARSERS: dict[str, Callable[[str, bytes], Result]] = {"composer.lock": parse_composer_lock}
