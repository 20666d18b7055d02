"""pip requirements files, and the PEP 508 strings and PEP 503 names all Python parsers share.

Includes (`-r`, `-c`) are read through `read`, by a path relative to the tree root; it returns
None when the file is not there. Nothing is installed or run.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

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


def pypi_dependency(
    name: str, version: str | None, direct: bool, scope: Scope, path: str, line: int | None
) -> Dependency:
    """A PyPI dependency, its purl naming the package in PEP 503 normal form."""
    purl = PackageURL(type="pypi", name=normalize(name), version=version).to_string()
    return Dependency(purl, "PyPI", name, version, direct, scope, path, line)


def exact_version(specifier: str) -> str | None:
    """The version an `==` (or `===`) specifier pins, or None for anything looser."""
    match = _PIN.match(specifier.strip().strip("()"))
    return match.group(1) if match and "*" not in match.group(1) else None


def _valid_specifier(specifier: str) -> bool:
    specifier = specifier.strip().strip("()")
    return not specifier or all(_CLAUSE.match(part) for part in specifier.split(","))


def split_pep508(text: str) -> tuple[str, str | None, bool] | None:
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
    return match.group("name"), exact_version(specifier), False


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
    name = basename.split("-")[0]
    if basename.endswith((".whl", ".tar.gz", ".zip")) and re.fullmatch(_NAME, name):
        return name
    return None


@dataclass
class _RequirementsWalk:
    """Follows `-r` and `-c` includes from one requirements file, collecting what it finds."""

    read: Reader | None
    dependencies: list[Dependency] = field(default_factory=list)
    problems: list[ParseProblem] = field(default_factory=list)
    pins: dict[str, str] = field(default_factory=dict)
    visited: set[str] = field(default_factory=set)
    unpinnable: set[int] = field(default_factory=set)  # indexes of URL and VCS dependencies

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
        elif code.startswith((*_URL_START, ".", "/")):
            self._url_line(path, code.split()[0], line.number, constraint)
        elif not code.startswith("-"):
            via = _via_sources(lines, index)
            direct = via is None or any(source.startswith("-r") for source in via)
            self._requirement(path, code, line.number, direct, constraint)

    def _requirement(
        self, path: str, code: str, number: int, direct: bool, constraint: bool
    ) -> None:
        parsed = split_pep508(code)
        if parsed is None:
            self.problems.append(ParseProblem(path, f"not a requirement: {code!r}", number))
            return
        name, version, _ = parsed
        if constraint:
            if version:
                self.pins[normalize(name)] = version
            return
        scope = _scope_of_file(path)
        self.dependencies.append(pypi_dependency(name, version, direct, scope, path, number))

    def _url_line(self, path: str, target: str, number: int, constraint: bool) -> None:
        if constraint:
            return
        name = _url_name(target)
        if name is not None:
            scope = _scope_of_file(path)
            self.unpinnable.add(len(self.dependencies))
            self.dependencies.append(pypi_dependency(name, None, True, scope, path, number))
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
    dependencies = [
        dependency if index in walk.unpinnable else _apply_pin(dependency, walk.pins)
        for index, dependency in enumerate(walk.dependencies)
    ]
    return dependencies, walk.problems


def _apply_pin(dependency: Dependency, pins: dict[str, str]) -> Dependency:
    version = pins.get(normalize(dependency.name))
    if dependency.version is not None or version is None:
        return dependency
    purl = PackageURL(type="pypi", name=normalize(dependency.name), version=version).to_string()
    return replace(dependency, version=version, purl=purl)
