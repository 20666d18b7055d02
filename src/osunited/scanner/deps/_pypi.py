"""Python dependencies: requirements files, pyproject.toml, poetry.lock, Pipfile.lock and uv.lock.

Nothing is installed or run: each file is read as text, TOML or JSON. A parser that needs a sibling
file (a lockfile's pyproject.toml, an included requirements file) asks `read` for it, by a path
relative to the tree root; `read` returns None when the file is not there. Names are normalised
(PEP 503) in the purl and kept as written in `Dependency.name`.
"""

from __future__ import annotations

import json
import posixpath
import re
import tomllib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from osunited.scanner.deps._model import Dependency, ParseProblem, Scope, requirers
from osunited.scanner.deps._pypi_requirements import (
    Reader,
    Result,
    exact_version,
    normalize,
    parse_requirements,
    pypi_dependency,
    split_pep508,
)

__all__ = [
    "PARSERS",
    "normalize",
    "parse_pipfile_lock",
    "parse_poetry_lock",
    "parse_pyproject",
    "parse_requirements",
    "parse_uv_lock",
]

_PROJECT_SOURCES = frozenset({"editable", "virtual"})  # uv: the project's own packages


def _table(value: object, *keys: str) -> dict[str, Any]:
    """The table under `keys`, or an empty one when any step is missing or not a table."""
    for key in keys:
        value = value.get(key) if isinstance(value, dict) else None
    return value if isinstance(value, dict) else {}


def _array(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _load_toml(path: str, content: bytes) -> tuple[dict[str, Any] | None, ParseProblem | None]:
    try:
        return tomllib.loads(content.decode("utf-8-sig")), None
    except UnicodeDecodeError:
        return None, ParseProblem(path, "file is not valid UTF-8")
    except RecursionError:
        return None, ParseProblem(path, "invalid TOML: nested too deeply")
    except tomllib.TOMLDecodeError as error:
        line = re.search(r"line (\d+)", str(error))
        number = int(line.group(1)) if line else None
        return None, ParseProblem(path, f"invalid TOML: {error}", number)


def _header_lines(content: bytes, header: str) -> list[int]:
    """The 1-based lines of each `[[package]]`-style header, in file order."""
    text = content.decode("utf-8", errors="replace")
    return [n for n, raw in enumerate(text.splitlines(), start=1) if raw.strip() == header]


def _text_lines(content: bytes) -> list[str]:
    return content.decode("utf-8", errors="replace").splitlines()


def _line_containing(lines: list[str], needles: Iterable[str], after: int = 0) -> int | None:
    """The 1-based number of the first line after `after` holding one of `needles`."""
    for index in range(after, len(lines)):
        if any(needle in lines[index] for needle in needles):
            return index + 1
    return None


def _sibling(path: str, name: str, read: Reader | None) -> bytes | None:
    return read(posixpath.join(posixpath.dirname(path), name)) if read else None


def _reachable(roots: Iterable[str], graph: dict[str, set[str]]) -> set[str]:
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(graph.get(name, ()))
    return seen


# --- pyproject.toml -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Declared:
    name: str
    version: str | None
    scope: Scope
    needle: str  # text to look for to find the line


def _pep621(document: dict[str, Any]) -> Iterator[tuple[object, Scope]]:
    project = _table(document, "project")
    for requirement in _array(project.get("dependencies")):
        yield requirement, Scope.RUNTIME
    for extra in _table(project, "optional-dependencies").values():
        for requirement in _array(extra):
            yield requirement, Scope.DEVELOPMENT
    for group in _table(document, "dependency-groups").values():
        for requirement in _array(group):
            if not isinstance(requirement, dict):  # {include-group = ...} names no package
                yield requirement, Scope.DEVELOPMENT


def _poetry(document: dict[str, Any]) -> Iterator[_Declared]:
    poetry = _table(document, "tool", "poetry")
    tables = [(_table(poetry, "dependencies"), Scope.RUNTIME)]
    tables.append((_table(poetry, "dev-dependencies"), Scope.DEVELOPMENT))
    for group in _table(poetry, "group").values():
        tables.append((_table(group, "dependencies"), Scope.DEVELOPMENT))
    for table, scope in tables:
        for name, constraint in table.items():
            if name.lower() != "python":
                version = _table(constraint).get("version", constraint)
                yield _Declared(name, _poetry_pin(version), scope, name)


def _poetry_pin(constraint: object) -> str | None:
    """Poetry reads a bare version (`"2.1.0"`) as exact, like `==2.1.0`."""
    if not isinstance(constraint, str):
        return None
    if re.fullmatch(r"\d[A-Za-z0-9.+!_-]*", constraint.strip()):
        return constraint.strip()
    return exact_version(constraint)


def _declared(path: str, document: dict[str, Any]) -> tuple[list[_Declared], list[ParseProblem]]:
    declared = list(_poetry(document))
    problems = []
    for requirement, scope in _pep621(document):
        parsed = split_pep508(requirement) if isinstance(requirement, str) else None
        if parsed is None:
            problems.append(ParseProblem(path, f"not a requirement: {requirement!r}"))
            continue
        declared.append(_Declared(parsed[0], parsed[1], scope, str(requirement)))
    return declared, problems


def parse_pyproject(path: str, content: bytes, read: Reader | None = None) -> Result:
    """Read the direct dependencies a pyproject.toml declares: PEP 621 `dependencies` (runtime),
    `optional-dependencies` and PEP 735 `dependency-groups` (development), and Poetry's tables
    (`dependencies` runtime, groups and `dev-dependencies` development). Only `==` pins."""
    document, problem = _load_toml(path, content)
    if document is None:
        return [], [problem] if problem else []
    declared, problems = _declared(path, document)
    lines = _text_lines(content)
    dependencies = []
    for item in declared:
        needles = (f'"{item.needle}"', f"'{item.needle}'", f"{item.needle} =")
        line = _line_containing(lines, needles)
        dependencies.append(pypi_dependency(item.name, item.version, True, item.scope, path, line))
    return dependencies, problems


def _direct_scopes(path: str, read: Reader | None) -> dict[str, Scope] | None:
    """The scope of each direct dependency the sibling pyproject.toml declares, by normal name."""
    content = _sibling(path, "pyproject.toml", read)
    document = _load_toml(path, content)[0] if content is not None else None
    if document is None:
        return None
    scopes: dict[str, Scope] = {}
    for item in _declared(path, document)[0]:
        if scopes.get(normalize(item.name)) != Scope.RUNTIME:
            scopes[normalize(item.name)] = item.scope
    return scopes


# --- poetry.lock and uv.lock ----------------------------------------------------------------


@dataclass(frozen=True)
class _Locked:
    name: str
    version: str | None
    line: int | None
    requires: set[str]
    dev_by_lock: bool | None  # what the lock itself says (poetry's category/groups), if anything


def _scoped(path: str, locked: list[_Locked], direct: dict[str, Scope] | None) -> list[Dependency]:
    """Dependencies with direct and scope settled: runtime when reachable from a runtime root."""
    graph = {normalize(item.name): item.requires for item in locked}
    roots = [name for name, scope in (direct or {}).items() if scope == Scope.RUNTIME]
    runtime = _reachable(roots, graph)
    required_by = requirers((item.name, item.requires) for item in locked)
    dependencies = []
    for item in locked:
        key = normalize(item.name)
        if item.dev_by_lock is not None:
            dev = item.dev_by_lock
        else:
            dev = direct is not None and key not in runtime
        scope = Scope.DEVELOPMENT if dev else Scope.RUNTIME
        is_direct = direct is not None and key in direct
        dependency = pypi_dependency(item.name, item.version, is_direct, scope, path, item.line)
        dependencies.append(replace(dependency, required_by=required_by.get(key, ())))
    return dependencies


def _lock_packages(
    path: str, content: bytes, document: dict[str, Any]
) -> tuple[list[tuple[dict[str, Any], int | None]], list[ParseProblem]]:
    """Each `[[package]]` table with its line; one without a name is a problem."""
    lines = _header_lines(content, "[[package]]")
    packages, problems = [], []
    for index, package in enumerate(_array(document.get("package"))):
        line = lines[index] if index < len(lines) else None
        if not isinstance(package, dict) or not isinstance(package.get("name"), str):
            problems.append(ParseProblem(path, "package without a name", line))
        else:
            packages.append((package, line))
    return packages, problems


def _text(value: object) -> str | None:
    return str(value) if isinstance(value, str | int | float) else None


def _poetry_dev(package: dict[str, Any]) -> bool | None:
    if "category" in package:
        return bool(package["category"] != "main")
    groups = package.get("groups")
    if isinstance(groups, list):
        return "main" not in groups
    return None


def parse_poetry_lock(path: str, content: bytes, read: Reader | None = None) -> Result:
    """Read a poetry.lock; the sibling pyproject.toml tells direct dependencies and their groups.
    Without one, old `category` and new `groups` fields still give the scope."""
    document, problem = _load_toml(path, content)
    if document is None:
        return [], [problem] if problem else []
    packages, problems = _lock_packages(path, content, document)
    locked = []
    for package, line in packages:
        requires = {normalize(name) for name in _table(package, "dependencies")}
        version = _text(package.get("version"))
        locked.append(_Locked(package["name"], version, line, requires, _poetry_dev(package)))
    return _scoped(path, locked, _direct_scopes(path, read)), problems


def _requirement_names(requirements: object) -> set[str]:
    names = (_table(r).get("name") for r in _array(requirements))
    return {normalize(name) for name in names if isinstance(name, str)}


def _is_project(package: dict[str, Any]) -> bool:
    return bool(_PROJECT_SOURCES & set(_table(package, "source")))


def _uv_roots(packages: Iterable[dict[str, Any]]) -> dict[str, Scope]:
    """The direct dependencies of the project(s) in the tree (editable or virtual sources)."""
    direct: dict[str, Scope] = {}
    for package in filter(_is_project, packages):
        groups = [*_table(package, "optional-dependencies").values()]
        groups += _table(package, "dev-dependencies").values()
        for group in groups:
            direct.update(dict.fromkeys(_requirement_names(group), Scope.DEVELOPMENT))
        direct.update(dict.fromkeys(_requirement_names(package.get("dependencies")), Scope.RUNTIME))
    return direct


def _uv_requires(package: dict[str, Any]) -> set[str]:
    names = _requirement_names(package.get("dependencies"))
    for extra in _table(package, "optional-dependencies").values():
        names |= _requirement_names(extra)
    return names


def parse_uv_lock(path: str, content: bytes, read: Reader | None = None) -> Result:
    """Read a uv.lock: direct dependencies are those of the project's own (editable or virtual)
    packages; what only their dev groups and extras reach is development."""
    document, problem = _load_toml(path, content)
    if document is None:
        return [], [problem] if problem else []
    packages, problems = _lock_packages(path, content, document)
    problems += [
        ParseProblem(path, f"package {p['name']!r} lists a dependency that is not a table", line)
        for p, line in packages
        if any(not isinstance(r, dict) for r in _array(p.get("dependencies")))
    ]
    direct = _uv_roots(package for package, _ in packages)
    locked = [
        _Locked(p["name"], _text(p.get("version")), line, _uv_requires(p), None)
        for p, line in packages
        if not _is_project(p)
    ]
    return _scoped(path, locked, direct), problems


# --- Pipfile.lock ---------------------------------------------------------------------------


def _pipfile_direct(path: str, read: Reader | None) -> set[str] | None:
    content = _sibling(path, "Pipfile", read)
    document = _load_toml(path, content)[0] if content is not None else None
    if document is None:
        return None
    names = [*_table(document, "packages"), *_table(document, "dev-packages")]
    return {normalize(name) for name in names}


def parse_pipfile_lock(path: str, content: bytes, read: Reader | None = None) -> Result:
    """Read a Pipfile.lock: `default` is runtime, `develop` development; the sibling Pipfile
    tells which packages are direct."""
    try:
        document = json.loads(content)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        line = getattr(error, "lineno", None)
        return [], [ParseProblem(path, f"invalid JSON: {error}", line)]
    except RecursionError:
        return [], [ParseProblem(path, "invalid JSON: nested too deeply")]
    if not isinstance(document, dict):
        return [], [ParseProblem(path, "Pipfile.lock is not a JSON object")]
    direct = _pipfile_direct(path, read)
    lines = _text_lines(content)
    dependencies: list[Dependency] = []
    problems: list[ParseProblem] = []
    for section, scope in (("default", Scope.RUNTIME), ("develop", Scope.DEVELOPMENT)):
        if not isinstance(document.get(section, {}), dict):
            problems.append(ParseProblem(path, f"{section!r} is not a JSON object"))
        start = _line_containing(lines, (f'"{section}":',)) or 0
        for name, entry in _table(document, section).items():
            pin = _table(entry).get("version")
            version = exact_version(pin) if isinstance(pin, str) else None
            line = _line_containing(lines, (f'"{name}":',), after=start)
            is_direct = direct is not None and normalize(name) in direct
            dependencies.append(pypi_dependency(name, version, is_direct, scope, path, line))
    return dependencies, problems


# Keys are matched against the lowercase file name: exact, or as an fnmatch pattern; a key with a
# "/" matches the last two parts of the path. `*.in` alone would take MANIFEST.in and Makefile.in.
PARSERS: dict[str, Callable[..., Result]] = {
    "*requirements*.txt": parse_requirements,
    "*requirements*.in": parse_requirements,
    "requirements/*.txt": parse_requirements,
    "requirements/*.in": parse_requirements,
    "pyproject.toml": parse_pyproject,
    "poetry.lock": parse_poetry_lock,
    "pipfile.lock": parse_pipfile_lock,
    "uv.lock": parse_uv_lock,
}
