"""Dart and Flutter dependencies from `pubspec.lock`."""

from __future__ import annotations

import re
from collections.abc import Callable

import yaml
from packageurl import PackageURL

from osunited.scanner.deps._model import Dependency, ParseProblem, Scope
from osunited.scanner.deps._source_text import decode

ECOSYSTEM = "Pub"
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's, when built in
Result = tuple[list[Dependency], list[ParseProblem]]
_PACKAGE_KEY = re.compile(r"^  ([^\s:][^:]*):\s*$")
_LOCAL_SOURCES = {"sdk", "path"}  # the Flutter SDK's own packages, and the project's


def parse_pubspec_lock(path: str, content: bytes) -> Result:
    """The packages a `pubspec.lock` pins from pub.dev, other hosts and git.

    `dependency: direct main` and `direct overridden` are direct runtime, `direct dev` is
    direct development, `transitive` is transitive runtime. SDK and path packages are skipped.
    """
    text = decode(path, content)
    if isinstance(text, ParseProblem):
        return [], [text]
    try:
        document = yaml.load(text, Loader=_SAFE_LOADER)  # noqa: S506 - a safe loader
    except yaml.YAMLError as error:
        return [], [_yaml_problem(path, error)]
    except RecursionError:
        return [], [ParseProblem(path, "invalid YAML: nested too deeply")]
    packages = document.get("packages") if isinstance(document, dict) else None
    if not isinstance(packages, dict):
        return [], [ParseProblem(path, "`packages` must be a mapping")]
    lines = _package_lines(text)
    dependencies: list[Dependency] = []
    problems: list[ParseProblem] = []
    for name, entry in packages.items():
        found = _locked(path, str(name), entry, lines.get(str(name)))
        if isinstance(found, ParseProblem):
            problems.append(found)
        elif found is not None:
            dependencies.append(found)
    return dependencies, problems


def _package_lines(text: str) -> dict[str, int]:
    """The line of each package key, indented two spaces under `packages:`."""
    found: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), 1):
        key = _PACKAGE_KEY.match(line)
        if key:
            found.setdefault(key.group(1).strip("\"'"), number)
    return found


def _yaml_problem(path: str, error: yaml.YAMLError) -> ParseProblem:
    if isinstance(error, yaml.MarkedYAMLError) and error.problem_mark is not None:
        return ParseProblem(path, f"invalid YAML: {error.problem}", error.problem_mark.line + 1)
    return ParseProblem(path, f"invalid YAML: {error}")


def _locked(
    path: str, name: str, entry: object, line: int | None
) -> Dependency | ParseProblem | None:
    if not name or not isinstance(entry, dict) or not isinstance(entry.get("version"), str):
        return ParseProblem(path, f"package `{name}` lacks a name or a version string", line)
    if entry.get("source") in _LOCAL_SOURCES:
        return None
    kind = str(entry.get("dependency", "transitive"))
    version: str = entry["version"]
    return Dependency(
        purl=PackageURL("pub", None, name, version).to_string(),
        ecosystem=ECOSYSTEM,
        name=name,
        version=version,
        direct=kind.startswith("direct"),
        scope=Scope.DEVELOPMENT if kind == "direct dev" else Scope.RUNTIME,
        path=path,
        line=line,
    )


PARSERS: dict[str, Callable[[str, bytes], Result]] = {"pubspec.lock": parse_pubspec_lock}
