"""Python dependencies: requirements files, pyproject.toml, poetry.lock, Pipfile.lock and uv.lock.

Nothing is installed or run: each file is read as text, TOML or JSON. A parser that needs a sibling
file (a lockfile's pyproject.toml, an included requirements file) asks `read` for it, by a path
relative to the tree root; `read` returns None when the file is not there.
"""

from __future__ import annotations

import json
import posixpath
import re
import tomllib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from packageurl import PackageURL

from osunited.scanner.deps._model import Dependency, ParseProblem, Scope

Reader = Callable[[str], bytes | None]
Result = tuple[list[Dependency], list[ParseProblem]]

_NAME = r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?"
_REQUIREMENT = re.compile(rf"^(?P<name>{_NAME})\s*(?:\[(?P<extras>[^\]]*)\])?\s*(?P<rest>.*)$")
_CLAUSE = re.compile(r"^\s*(~=|===|==|!=|<=|>=|<|>)\s*[A-Za-z0-9.*+!_-]+\s*$")
_PIN = re.compile(r"^\s*===?\s*([A-Za-z0-9.+!_-]+)\s*$")
_INCLUDE = re.compile(r"^(-r|--requirement|-c|--constraint)(?:\s*=\s*|\s+|(?=[^\s=-]))(\S+)$")
_EDITABLE = re.compile(r"^(?:-e|--editable)(?:\s*=\s*|\s+)(\S+)")
_HASH_OPTION = re.compile(r"\s--hash[=\s]\S+")
_URL_START = ("git+", "hg+", "svn+", "bzr+", "http://", "https://", "file:")
_EGG = re.compile(r"[#&]egg=([A-Za-z0-9._-]+)")
_DEV_WORDS = frozenset(
    "dev develop development test tests testing doc docs lint linting ci typing build tox".split()
)


def normalize(name: str) -> str:
    """A Python package name in its PEP 503 normal form: `Foo.Bar_baz` -> `foo-bar-baz`."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _dependency(
    name: str, version: str | None, direct: bool, scope: Scope, path: str, line: int | None
) -> Dependency:
    purl = PackageURL(type="pypi", name=normalize(name), version=version).to_string()
    return Dependency(purl, "PyPI", name, version, direct, scope, path, line)


def _pinned(specifier: str) -> str | None:
    match = _PIN.match(specifier.strip().strip("()"))
    return match.group(1) if match and "*" not in match.group(1) else None


def _valid_specifier(specifier: str) -> bool:
    specifier = specifier.strip().strip("()")
    return not specifier or all(_CLAUSE.match(part) for part in specifier.split(","))


def _split_pep508(text: str) -> tuple[str, str | None, bool] | None:
    """(name, pinned version, is_url) for a PEP 508 string, or None when it is not one."""
    match = _REQUIREMENT.match(text.strip())
    if match is None:
        return None
    rest = match.group("rest").strip()
    if rest.startswith("@"):
        return match.group("name"), None, True
    specifier = rest.split(";", 1)[0]
    if not _valid_specifier(specifier):
        return None
    return match.group("name"), _pinned(specifier), False


# --- requirements files ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Line:
    number: int
    code: str
    comment: str


def _logical_lines(text: str) -> list[_Line]:
    """Lines with backslash continuations joined and comments split off."""
    lines: list[_Line] = []
    pending: list[str] = []
    start = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        if not pending:
            start = number
        if raw.endswith("\\"):
            pending.append(raw[:-1])
            continue
        joined = " ".join([*pending, raw])
        pending = []
        code, comment = _split_comment(joined)
        lines.append(_Line(start, code, comment))
    if pending:
        code, comment = _split_comment(" ".join(pending))
        lines.append(_Line(start, code, comment))
    return lines


def _split_comment(line: str) -> tuple[str, str]:
    stripped = line.strip()
    if stripped.startswith("#"):
        return "", stripped[1:].strip()
    match = re.search(r"\s#", line)
    if match is None:
        return stripped, ""
    return line[: match.start()].strip(), line[match.end() :].strip()


def _via_sources(lines: list[_Line], index: int) -> list[str] | None:
    """The `# via` annotation pip-compile writes after (or beside) a requirement, if any."""
    comments = [lines[index].comment] if lines[index].comment else []
    for line in lines[index + 1 :]:
        if line.code:
            break
        comments.append(line.comment)
    if not comments or not comments[0].startswith("via"):
        return None
    return [s for s in [comments[0][3:].strip(), *comments[1:]] if s]


def _scope_of_file(path: str) -> Scope:
    parts = path.lower().split("/")[-2:]  # requirements/dev.txt as well as requirements-dev.txt
    words = {word for part in parts for word in re.split(r"[^a-z]+", part)}
    return Scope.DEVELOPMENT if words & _DEV_WORDS else Scope.RUNTIME


def _url_name(target: str) -> str | None:
    egg = _EGG.search(target)
    if egg:
        return egg.group(1)
    basename = target.split("#")[0].split("?")[0].rstrip("/").rsplit("/", 1)[-1]
    if basename.endswith((".whl", ".tar.gz", ".zip")):
        return basename.split("-")[0]
    return None


@dataclass
class _RequirementsWalk:
    """Follows `-r` and `-c` includes from one requirements file, collecting what it finds."""

    read: Reader | None
    dependencies: list[Dependency] = field(default_factory=list)
    problems: list[ParseProblem] = field(default_factory=list)
    pins: dict[str, str] = field(default_factory=dict)
    visited: set[str] = field(default_factory=set)

    def visit(self, path: str, content: bytes, stack: tuple[str, ...], constraint: bool) -> None:
        self.visited.add(path)
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            self.problems.append(ParseProblem(path, "requirements file is not valid UTF-8"))
            return
        lines = _logical_lines(text)
        for index, line in enumerate(lines):
            if line.code:
                self._read_line(path, lines, index, (*stack, path), constraint)

    def _read_line(
        self, path: str, lines: list[_Line], index: int, stack: tuple[str, ...], constraint: bool
    ) -> None:
        line = lines[index]
        code = _HASH_OPTION.sub("", " " + line.code).strip()
        include = _INCLUDE.match(code)
        if include:
            is_constraint = constraint or include.group(1) in ("-c", "--constraint")
            self._include(path, include.group(2), line.number, stack, is_constraint)
            return
        editable = _EDITABLE.match(code)
        if editable:
            self._url_line(path, editable.group(1), line.number, constraint)
        elif code.startswith(_URL_START) or code.startswith(("./", "../", "/", ".")):
            self._url_line(path, code.split()[0], line.number, constraint)
        elif not code.startswith("-"):
            via = _via_sources(lines, index)
            direct = via is None or any(source.startswith("-r") for source in via)
            self._requirement(path, code, line.number, direct, constraint)

    def _requirement(
        self, path: str, code: str, number: int, direct: bool, constraint: bool
    ) -> None:
        parsed = _split_pep508(code)
        if parsed is None:
            self.problems.append(ParseProblem(path, f"not a requirement: {code!r}", number))
            return
        name, version, _ = parsed
        if constraint:
            if version:
                self.pins[normalize(name)] = version
            return
        scope = _scope_of_file(path)
        self.dependencies.append(_dependency(name, version, direct, scope, path, number))

    def _url_line(self, path: str, target: str, number: int, constraint: bool) -> None:
        if constraint:
            return
        name = _url_name(target)
        if name is not None:
            scope = _scope_of_file(path)
            self.dependencies.append(_dependency(name, None, True, scope, path, number))
        elif target.startswith(_URL_START):
            message = f"cannot tell the package name of {target!r} (add #egg=name)"
            self.problems.append(ParseProblem(path, message, number))
        # a local directory without a name is the project itself or code in the tree

    def _include(
        self, path: str, target: str, number: int, stack: tuple[str, ...], constraint: bool
    ) -> None:
        included = posixpath.normpath(posixpath.join(posixpath.dirname(path), target))
        problem = self._include_problem(target, included, stack)
        if problem is None and included in self.visited:
            return  # already read through another include
        content = self.read(included) if problem is None and self.read else None
        if problem is None and content is None:
            problem = f"included file {target!r} not found"
        if problem is not None:
            self.problems.append(ParseProblem(path, problem, number))
            return
        assert content is not None
        self.visit(included, content, stack, constraint)

    @staticmethod
    def _include_problem(target: str, included: str, stack: tuple[str, ...]) -> str | None:
        if "://" in target:
            return f"remote include {target!r} not followed"
        if included.startswith("../") or included == ".." or included.startswith("/"):
            return f"include {target!r} leaves the tree"
        if included in stack:
            return f"include cycle: {' -> '.join([*stack, included])}"
        return None


def parse_requirements(path: str, content: bytes, read: Reader | None = None) -> Result:
    """Read a pip requirements file and the files it includes with `-r` and `-c`.

    `==` pins give the version, also when they come from a constraints file; ranges, URLs and
    VCS lines give none. pip-compile's `# via` notes tell transitive requirements from direct ones.
    """
    walk = _RequirementsWalk(read)
    walk.visit(path, content, (), constraint=False)
    dependencies = [_apply_pin(dependency, walk.pins) for dependency in walk.dependencies]
    return dependencies, walk.problems


def _apply_pin(dependency: Dependency, pins: dict[str, str]) -> Dependency:
    version = pins.get(normalize(dependency.name))
    if dependency.version is not None or version is None:
        return dependency
    purl = PackageURL(type="pypi", name=normalize(dependency.name), version=version).to_string()
    return replace(dependency, version=version, purl=purl)


# --- TOML and JSON helpers ------------------------------------------------------------------


def _load_toml(path: str, content: bytes) -> tuple[dict[str, Any] | None, ParseProblem | None]:
    try:
        return tomllib.loads(content.decode("utf-8")), None
    except UnicodeDecodeError:
        return None, ParseProblem(path, "file is not valid UTF-8")
    except tomllib.TOMLDecodeError as error:
        line = re.search(r"line (\d+)", str(error))
        return None, ParseProblem(
            path, f"invalid TOML: {error}", int(line.group(1)) if line else None
        )


def _header_lines(content: bytes, header: str) -> list[int]:
    """The 1-based lines of each `[[package]]`-style header, in file order."""
    text = content.decode("utf-8", errors="replace")
    return [n for n, raw in enumerate(text.splitlines(), start=1) if raw.strip() == header]


def _line_containing(content: bytes, needles: Iterable[str], after: int = 0) -> int | None:
    text = content.decode("utf-8", errors="replace")
    for number, raw in enumerate(text.splitlines(), start=1):
        if number > after and any(needle in raw for needle in needles):
            return number
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


def _pep621(document: dict[str, Any]) -> Iterator[tuple[str, Scope]]:
    project = document.get("project", {})
    for requirement in project.get("dependencies", []):
        yield requirement, Scope.RUNTIME
    for extra in project.get("optional-dependencies", {}).values():
        for requirement in extra:
            yield requirement, Scope.DEVELOPMENT
    for group in document.get("dependency-groups", {}).values():
        for requirement in group:
            if isinstance(requirement, str):  # {include-group = ...} tables name no package
                yield requirement, Scope.DEVELOPMENT


def _poetry(document: dict[str, Any]) -> Iterator[_Declared]:
    poetry = document.get("tool", {}).get("poetry", {})
    tables = [(poetry.get("dependencies", {}), Scope.RUNTIME)]
    tables.append((poetry.get("dev-dependencies", {}), Scope.DEVELOPMENT))
    for group in poetry.get("group", {}).values():
        tables.append((group.get("dependencies", {}), Scope.DEVELOPMENT))
    for table, scope in tables:
        for name, constraint in table.items():
            if name.lower() != "python":
                version = constraint.get("version") if isinstance(constraint, dict) else constraint
                yield _Declared(name, _poetry_pin(version), scope, name)


def _poetry_pin(constraint: object) -> str | None:
    """Poetry reads a bare version (`"2.1.0"`) as exact, like `==2.1.0`."""
    if not isinstance(constraint, str):
        return None
    if re.fullmatch(r"\d[A-Za-z0-9.+!_-]*", constraint.strip()):
        return constraint.strip()
    return _pinned(constraint)


def _declared(path: str, document: dict[str, Any]) -> tuple[list[_Declared], list[ParseProblem]]:
    declared = list(_poetry(document))
    problems = []
    for requirement, scope in _pep621(document):
        parsed = _split_pep508(requirement) if isinstance(requirement, str) else None
        if parsed is None:
            problems.append(ParseProblem(path, f"not a requirement: {requirement!r}"))
            continue
        declared.append(_Declared(parsed[0], parsed[1], scope, requirement))
    return declared, problems


def parse_pyproject(path: str, content: bytes, read: Reader | None = None) -> Result:
    """Read the direct dependencies a pyproject.toml declares: PEP 621 `dependencies` (runtime),
    `optional-dependencies` and PEP 735 `dependency-groups` (development), and Poetry's tables."""
    document, problem = _load_toml(path, content)
    if document is None:
        return [], [problem] if problem else []
    declared, problems = _declared(path, document)
    dependencies = []
    for item in declared:
        line = _line_containing(
            content, (f'"{item.needle}"', f"'{item.needle}'", f"{item.needle} =")
        )
        dependencies.append(_dependency(item.name, item.version, True, item.scope, path, line))
    return dependencies, problems


def _direct_scopes(path: str, read: Reader | None) -> dict[str, Scope] | None:
    """The scope of each direct dependency the sibling pyproject.toml declares, by normal name."""
    content = _sibling(path, "pyproject.toml", read)
    if content is None:
        return None
    document, _ = _load_toml("pyproject.toml", content)
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
    dependencies = []
    for item in locked:
        key = normalize(item.name)
        if item.dev_by_lock is not None:
            dev = item.dev_by_lock
        else:
            dev = direct is not None and key not in runtime
        scope = Scope.DEVELOPMENT if dev else Scope.RUNTIME
        is_direct = direct is not None and key in direct
        dependencies.append(_dependency(item.name, item.version, is_direct, scope, path, item.line))
    return dependencies


def _poetry_dev(package: dict[str, Any]) -> bool | None:
    if "category" in package:
        return bool(package["category"] != "main")
    groups = package.get("groups")
    if isinstance(groups, list):
        return "main" not in groups
    return None


def parse_poetry_lock(path: str, content: bytes, read: Reader | None = None) -> Result:
    """Read a poetry.lock; the sibling pyproject.toml tells direct dependencies and their groups."""
    document, problem = _load_toml(path, content)
    if document is None:
        return [], [problem] if problem else []
    lines = _header_lines(content, "[[package]]")
    locked, problems = [], []
    for index, package in enumerate(document.get("package", [])):
        line = lines[index] if index < len(lines) else None
        if not isinstance(package, dict) or "name" not in package:
            problems.append(ParseProblem(path, "package without a name", line))
            continue
        requires = {normalize(name) for name in package.get("dependencies", {})}
        version = package.get("version")
        locked.append(_Locked(package["name"], version, line, requires, _poetry_dev(package)))
    return _scoped(path, locked, _direct_scopes(path, read)), problems


def _uv_roots(packages: list[dict[str, Any]]) -> dict[str, Scope]:
    """The direct dependencies of the project(s) in the tree (editable or virtual sources)."""
    direct: dict[str, Scope] = {}
    for package in packages:
        if not {"editable", "virtual"} & set(package.get("source", {})):
            continue
        for requirement in package.get("dependencies", []):
            direct[normalize(requirement["name"])] = Scope.RUNTIME
        extras = [*package.get("optional-dependencies", {}).values()]
        for group in [*extras, *package.get("dev-dependencies", {}).values()]:
            for requirement in group:
                direct.setdefault(normalize(requirement["name"]), Scope.DEVELOPMENT)
    return direct


def _uv_requires(package: dict[str, Any]) -> set[str]:
    names = {normalize(r["name"]) for r in package.get("dependencies", [])}
    for extra in package.get("optional-dependencies", {}).values():
        names |= {normalize(r["name"]) for r in extra}
    return names


def parse_uv_lock(path: str, content: bytes, read: Reader | None = None) -> Result:
    """Read a uv.lock: direct dependencies are those of the project's own (editable or virtual)
    packages; what only their dev groups and extras reach is development."""
    document, problem = _load_toml(path, content)
    if document is None:
        return [], [problem] if problem else []
    packages = [p for p in document.get("package", []) if isinstance(p, dict)]
    if any("name" not in p for p in packages):
        return [], [ParseProblem(path, "package without a name")]
    try:
        direct = _uv_roots(packages)
    except (KeyError, TypeError, AttributeError):
        return [], [ParseProblem(path, "malformed dependency list in uv.lock")]
    lines = _header_lines(content, "[[package]]")
    locked = [
        _Locked(
            p["name"], p.get("version"), lines[i] if i < len(lines) else None, _uv_requires(p), None
        )
        for i, p in enumerate(packages)
        if not {"editable", "virtual"} & set(p.get("source", {}))
    ]
    return _scoped(path, locked, direct), []


# --- Pipfile.lock ---------------------------------------------------------------------------


def _pipfile_direct(path: str, read: Reader | None) -> set[str] | None:
    content = _sibling(path, "Pipfile", read)
    document = _load_toml("Pipfile", content)[0] if content is not None else None
    if document is None:
        return None
    sections = [document.get("packages", {}), document.get("dev-packages", {})]
    return {normalize(name) for section in sections for name in section}


def parse_pipfile_lock(path: str, content: bytes, read: Reader | None = None) -> Result:
    """Read a Pipfile.lock: `default` is runtime, `develop` development; the sibling Pipfile
    tells which packages are direct."""
    try:
        document = json.loads(content)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        line = getattr(error, "lineno", None)
        return [], [ParseProblem(path, f"invalid JSON: {error}", line)]
    if not isinstance(document, dict):
        return [], [ParseProblem(path, "Pipfile.lock is not a JSON object")]
    direct = _pipfile_direct(path, read)
    dependencies = []
    for section, scope in (("default", Scope.RUNTIME), ("develop", Scope.DEVELOPMENT)):
        packages = document.get(section) or {}
        if not isinstance(packages, dict):
            return [], [ParseProblem(path, f"{section!r} is not a JSON object")]
        start = _line_containing(content, (f'"{section}":',)) or 0
        for name, entry in packages.items():
            pin = entry.get("version") if isinstance(entry, dict) else None
            version = _pinned(pin) if isinstance(pin, str) else None
            line = _line_containing(content, (f'"{name}":',), after=start)
            is_direct = direct is not None and normalize(name) in direct
            dependencies.append(_dependency(name, version, is_direct, scope, path, line))
    return dependencies, []


PARSERS: dict[str, Callable[..., Result]] = {
    "requirements*.txt": parse_requirements,  # also requirements/*.txt, by the lead's walk
    "*.in": parse_requirements,
    "pyproject.toml": parse_pyproject,
    "poetry.lock": parse_poetry_lock,
    "pipfile.lock": parse_pipfile_lock,
    "uv.lock": parse_uv_lock,
}
