"""What the npm parsers share: purls, exact versions, package names, loading JSON and YAML with
lines, the sibling package.json, and settling direct and development from a dependency graph."""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import yaml
from packageurl import PackageURL

from osunited.scanner.deps._model import Dependency, ParseProblem, Scope, requirers
from osunited.scanner.deps._source_text import load_json

# libyaml's safe loader when present: pure-Python YAML takes seconds on a large pnpm lockfile
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Reader = Callable[[str], bytes | None]
Result = tuple[list[Dependency], list[ParseProblem]]

RUNTIME_FIELDS = ("dependencies", "optionalDependencies")
ALL_FIELDS = ("dependencies", "devDependencies", "optionalDependencies")
_NAME = re.compile(r"^(?:@[^/\s@]+/)?[^/\s@.][^/\s]*$")
_EXACT = re.compile(r"^=?v?(\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.+-]*)?)$")


def exact_version(text: object) -> str | None:
    """An exact semver version, or None for ranges, tags, URLs and git references."""
    match = _EXACT.match(str(text).strip()) if text is not None else None
    return match.group(1) if match else None


def is_name(name: object) -> bool:
    """Whether `name` can be an npm package name (`lodash`, `@babel/core`)."""
    return isinstance(name, str) and bool(_NAME.match(name))


def not_a_name(path: str, name: object, line: int | None) -> ParseProblem:
    """The problem of a key or field that should name a package and does not."""
    return ParseProblem(path, f"not a package name: {name!r}", line)


def table(value: object) -> dict[str, Any]:
    """`value` when it is a JSON object or YAML mapping, else an empty one."""
    return value if isinstance(value, dict) else {}


def npm_dependency(
    name: str,
    version: str | None,
    direct: bool,
    scope: Scope,
    where: tuple[str, int | None],
    license: str | None = None,
    required_by: tuple[str, ...] = (),
) -> Dependency:
    """An npm dependency; a scope (`@babel`) becomes the purl namespace."""
    namespace, _, short = name.rpartition("/") if name.startswith("@") else ("", "", name)
    purl = PackageURL(type="npm", namespace=namespace or None, name=short, version=version)
    path, line = where
    return Dependency(
        purl.to_string(), "npm", name, version, direct, scope, path, line, license, required_by
    )


def _compose_and_construct(text: str) -> tuple[Any, yaml.Node | None]:
    """One pass of the safe loader: the node tree (for lines) and the data built from it."""
    loader = _SafeLoader(text)
    try:
        node = loader.get_single_node()
        return (loader.construct_document(node) if node is not None else None), node
    finally:
        loader.dispose()


def load_yaml(path: str, content: bytes) -> tuple[Any, yaml.Node | None, ParseProblem | None]:
    """The document (safe loader only), its composed node tree for lines, or the problem."""
    try:
        text = content.decode("utf-8")
        return (*_compose_and_construct(text), None)
    except UnicodeDecodeError:
        return None, None, ParseProblem(path, "file is not valid UTF-8")
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        return None, None, ParseProblem(path, f"invalid YAML: {error}", line)


def key_lines(node: yaml.Node | None, *keys: str) -> dict[str, int]:
    """The 1-based line of each key of the mapping found under `keys` in a composed document."""
    for key in keys:
        if not isinstance(node, yaml.MappingNode):
            return {}
        node = next((v for k, v in node.value if k.value == key), None)
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(k.value): k.start_mark.line + 1 for k, _ in node.value}


class JsonKeyLines:
    """Finds `"key": {` lines in file order, for JSON read in the same order."""

    def __init__(self, content: bytes) -> None:
        self._lines = content.decode("utf-8", errors="replace").splitlines()
        self._cursor = 0

    def find(self, key: str, opens_object: bool = True) -> int | None:
        needle = json.dumps(key) + (": {" if opens_object else ":")
        for index in range(self._cursor, len(self._lines)):
            if needle in self._lines[index]:
                self._cursor = index + 1
                return index + 1
        return None


def _reachable(roots: Iterable[str], graph: dict[str, set[str]]) -> set[str]:
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        node = todo.pop()
        if node not in seen:
            seen.add(node)
            todo.extend(graph.get(node, ()))
    return seen


def sibling_manifest(path: str, read: Reader | None) -> dict[str, Any] | None:
    """The sibling package.json of a lockfile, when there is a readable one."""
    content = read(posixpath.join(posixpath.dirname(path), "package.json")) if read else None
    document = load_json(path, content) if content is not None else None
    return document if isinstance(document, dict) else None


def declared_specs(manifest: dict[str, Any], fields: Iterable[str]) -> dict[str, str]:
    """Name -> version range, across the given dependency fields of a package.json."""
    declared: dict[str, str] = {}
    for field in fields:
        section = manifest.get(field)
        if isinstance(section, dict):
            declared.update({str(k): str(v) for k, v in section.items()})
    return declared


@dataclass
class Locked:
    """One resolved package of a yarn or pnpm lockfile."""

    name: str
    version: str | None
    line: int | None
    specs: set[str]  # what resolves to it: "name@range" (yarn) or a package key (pnpm)
    requires: set[str]  # specs it depends on
    dev_by_lock: bool | None = None


def spec_name(spec: str) -> str:
    """The package name in a `name@range` spec (`@babel/core@^7` -> `@babel/core`)."""
    at = spec.find("@", 1)
    return spec[:at] if at > 0 else spec


def settle(path: str, locked: list[Locked], runtime_roots: set[str], dev_roots: set[str]) -> Result:
    """Direct when a root spec resolves to it; development when only dev roots reach it."""
    by_spec = {spec: str(index) for index, item in enumerate(locked) for spec in item.specs}
    graph = {
        str(index): {by_spec[s] for s in item.requires if s in by_spec}
        for index, item in enumerate(locked)
    }
    runtime = _reachable((by_spec[s] for s in runtime_roots if s in by_spec), graph)
    required_by = requirers((locked[int(i)].name, children) for i, children in graph.items())
    known_roots = bool(runtime_roots or dev_roots)
    dependencies, problems = [], []
    for index, item in enumerate(locked):
        if not is_name(item.name):
            problems.append(not_a_name(path, item.name, item.line))
            continue
        direct = bool(item.specs & (runtime_roots | dev_roots))
        if item.dev_by_lock is not None:
            dev = item.dev_by_lock
        else:
            dev = known_roots and str(index) not in runtime
        scope = Scope.DEVELOPMENT if dev else Scope.RUNTIME
        where = (path, item.line)
        requiring = required_by.get(str(index), ())
        dependencies.append(
            npm_dependency(item.name, item.version, direct, scope, where, required_by=requiring)
        )
    return dependencies, problems
