""".NET dependencies from NuGet's `packages.lock.json`."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from packageurl import PackageURL

from osunited.scanner.deps._model import Dependency, ParseProblem, Scope, requirers
from osunited.scanner.deps._source_text import load_json

ECOSYSTEM = "NuGet"
Result = tuple[list[Dependency], list[ParseProblem]]
_ENTRY = re.compile(r'^\s*"([^"]+)"\s*:\s*\{')


def parse_packages_lock(path: str, content: bytes) -> Result:
    """The packages a `packages.lock.json` resolves, across all its target frameworks.

    `Direct` entries are direct, `Transitive` and `CentralTransitive` are not, and `Project`
    entries are the solution's own projects and are skipped. A package locked for several
    frameworks is reported once per version, direct if it is direct for any of them. The
    lockfile has no notion of development packages, so all are runtime.
    """
    document = load_json(path, content)
    if isinstance(document, ParseProblem):
        return [], [document]
    frameworks = document.get("dependencies") if isinstance(document, dict) else None
    if not isinstance(frameworks, dict):
        return [], [ParseProblem(path, "`dependencies` must be an object of target frameworks")]
    resolved: dict[tuple[str, str], bool] = {}
    problems: list[ParseProblem] = []
    for framework, packages in frameworks.items():
        if not isinstance(packages, dict):
            problems.append(ParseProblem(path, f"framework `{framework}` must be an object"))
            continue
        for name, entry in packages.items():
            _resolve_entry(path, framework, name, entry, resolved, problems)
    lines = _entry_lines(content.decode("utf-8", errors="replace"))
    required_by = _required_by(frameworks)
    dependencies = [
        _package(path, name, version, direct, lines.get(name), required_by.get(name.lower(), ()))
        for (name, version), direct in resolved.items()
    ]
    return dependencies, problems


def _required_by(frameworks: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    """Each entry's `dependencies` (name -> range), across the frameworks; NuGet's names are
    case-insensitive, so they are matched in lower case."""
    return requirers(
        (str(name), {str(required).lower() for required in entry["dependencies"]})
        for packages in frameworks.values()
        if isinstance(packages, dict)
        for name, entry in packages.items()
        if isinstance(entry, dict)
        and entry.get("type") != "Project"
        and isinstance(entry.get("dependencies"), dict)
    )


def _resolve_entry(
    path: str,
    framework: str,
    name: str,
    entry: object,
    resolved: dict[tuple[str, str], bool],
    problems: list[ParseProblem],
) -> None:
    if not isinstance(entry, dict) or entry.get("type") == "Project":
        return
    version = entry.get("resolved")
    if not isinstance(version, str) or not name:
        problems.append(
            ParseProblem(path, f"`{name}` ({framework}) lacks a name or a resolved version")
        )
        return
    key = (name, version)
    resolved[key] = resolved.get(key, False) or entry.get("type") == "Direct"


def _entry_lines(text: str) -> dict[str, int]:
    """The first line of each `"Name": {` entry; nested requirements are strings, not objects."""
    found: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), 1):
        entry = _ENTRY.match(line)
        if entry:
            found.setdefault(entry.group(1), number)
    return found


def _package(
    path: str,
    name: str,
    version: str,
    direct: bool,
    line: int | None,
    required_by: tuple[str, ...] = (),
) -> Dependency:
    return Dependency(
        purl=PackageURL("nuget", None, name, version).to_string(),
        ecosystem=ECOSYSTEM,
        name=name,
        version=version,
        direct=direct,
        scope=Scope.RUNTIME,
        path=path,
        line=line,
        required_by=required_by,
    )


PARSERS: dict[str, Callable[[str, bytes], Result]] = {"packages.lock.json": parse_packages_lock}
