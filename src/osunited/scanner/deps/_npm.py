"""npm dependencies: package.json, package-lock.json (v1 to v3), yarn.lock (classic and berry)
and pnpm-lock.yaml (v5, v6 and v9).

Nothing is installed or run. Where a lockfile does not say which packages the project itself
declares, the sibling package.json does, read through `read` (a path relative to the tree root,
None when absent). `optionalDependencies` are installed by default, so they count as runtime.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from osunited.scanner.deps._model import Dependency, ParseProblem, Scope, requirers
from osunited.scanner.deps._npm_pnpm import parse_pnpm_lock
from osunited.scanner.deps._npm_shared import (
    ALL_FIELDS,
    RUNTIME_FIELDS,
    JsonKeyLines,
    Reader,
    Result,
    declared_specs,
    exact_version,
    is_name,
    not_a_name,
    npm_dependency,
    sibling_manifest,
    table,
)
from osunited.scanner.deps._npm_yarn import parse_yarn_lock
from osunited.scanner.deps._source_text import load_json

__all__ = [
    "PARSERS",
    "parse_package_json",
    "parse_package_lock",
    "parse_pnpm_lock",
    "parse_yarn_lock",
]


# --- package.json ---------------------------------------------------------------------------


def parse_package_json(path: str, content: bytes, read: Reader | None = None) -> Result:
    """Read the direct dependencies a package.json declares: `dependencies` and
    `optionalDependencies` are runtime, `devDependencies` development. Only exact versions pin."""
    manifest = load_json(path, content)
    if isinstance(manifest, ParseProblem):
        return [], [manifest]
    if not isinstance(manifest, dict):
        return [], [ParseProblem(path, "package.json is not a JSON object")]
    lines = JsonKeyLines(content)
    dependencies: list[Dependency] = []
    problems: list[ParseProblem] = []
    for field, section in manifest.items():
        if field not in ALL_FIELDS or not isinstance(section, dict):
            continue
        lines.find(field)
        scope = Scope.DEVELOPMENT if field == "devDependencies" else Scope.RUNTIME
        for name, spec in section.items():
            where = (path, lines.find(name, opens_object=False))
            if is_name(name):
                dependencies.append(npm_dependency(name, exact_version(spec), True, scope, where))
            else:
                problems.append(not_a_name(*where[:1], name, where[1]))
    return dependencies, problems


# --- package-lock.json ----------------------------------------------------------------------


def _license(entry: dict[str, Any]) -> str | None:
    value = entry.get("license")
    if isinstance(value, dict):  # old packages: {"type": "MIT", "url": ...}
        value = value.get("type")
    return value if isinstance(value, str) else None


def _installed_name(key: str, entry: dict[str, Any]) -> str:
    return str(entry.get("name") or key.rpartition("node_modules/")[2])


def _resolved(packages: dict[str, Any], parent: str, name: str) -> str | None:
    """The install path that `name` required from `parent` resolves to: the nearest
    node_modules folder up from the parent's, as Node looks it up."""
    base = parent
    while True:
        candidate = f"{base}/node_modules/{name}" if base else f"node_modules/{name}"
        if candidate in packages:
            return candidate
        if not base:
            return None
        cut = base.rfind("node_modules/")
        base = base[:cut].rstrip("/") if cut > 0 else ""


def _v2_required_by(packages: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    """The names of the installed packages that require each install path; the project and
    its workspaces (keys without node_modules/) are not packages that require."""
    edges = []
    for key, entry in packages.items():
        if "node_modules/" not in key or not isinstance(entry, dict):
            continue
        names = declared_specs(entry, RUNTIME_FIELDS)
        resolved = {_resolved(packages, key, name) for name in names}
        edges.append((_installed_name(key, entry), {r for r in resolved if r is not None}))
    return requirers(edges)


def _lock_v2(path: str, content: bytes, packages: dict[str, Any]) -> Result:
    declared: set[str] = set()
    for key, entry in packages.items():
        if "node_modules/" not in key and isinstance(entry, dict):
            declared |= set(declared_specs(entry, (*ALL_FIELDS, "peerDependencies")))
    lines = JsonKeyLines(content)
    required_by = _v2_required_by(packages)
    dependencies, problems = [], []
    for key, entry in packages.items():
        line = lines.find(key)
        if "node_modules/" not in key or (isinstance(entry, dict) and entry.get("link")):
            continue  # the project itself, a workspace folder, or a link to one
        if not isinstance(entry, dict):
            problems.append(ParseProblem(path, f"entry {key!r} is not an object", line))
            continue
        name = entry.get("name") or key.rpartition("node_modules/")[2]
        if not is_name(name):
            problems.append(not_a_name(path, name, line))
            continue
        # installed at the top of the project or of a workspace, not inside another package
        direct = "node_modules/" not in key.rpartition("node_modules/")[0] and name in declared
        dev = entry.get("dev") or entry.get("devOptional")
        scope = Scope.DEVELOPMENT if dev else Scope.RUNTIME
        version = exact_version(entry.get("version"))
        where = (path, line)
        requiring = required_by.get(key, ())
        dependencies.append(
            npm_dependency(name, version, direct, scope, where, _license(entry), requiring)
        )
    return dependencies, problems


def _lock_v1(path: str, content: bytes, tree: dict[str, Any], read: Reader | None) -> Result:
    manifest = sibling_manifest(path, read)
    declared = set(declared_specs(manifest, ALL_FIELDS)) if manifest else set()
    lines = JsonKeyLines(content)
    dependencies: list[Dependency] = []
    problems: list[ParseProblem] = []

    def walk(entries: dict[str, Any], top: bool) -> None:
        for name, entry in entries.items():
            line = lines.find(name)
            if not isinstance(entry, dict):
                problems.append(ParseProblem(path, f"entry {name!r} is not an object", line))
                continue
            if not is_name(name):
                problems.append(not_a_name(path, name, line))
                continue
            scope = Scope.DEVELOPMENT if entry.get("dev") else Scope.RUNTIME
            version = exact_version(entry.get("version"))
            direct = top and name in declared
            dependencies.append(npm_dependency(name, version, direct, scope, (path, line)))
            if isinstance(entry.get("dependencies"), dict):
                walk(entry["dependencies"], top=False)

    walk(tree, top=True)
    return _with_v1_requirers(dependencies, tree), problems


def _with_v1_requirers(dependencies: list[Dependency], tree: dict[str, Any]) -> list[Dependency]:
    """v1 names what each package `requires`; nested copies are matched by name."""
    edges: list[tuple[str, set[str]]] = []
    todo = [tree]
    while todo:
        for name, entry in todo.pop().items():
            if isinstance(entry, dict):
                edges.append((name, set(table(entry.get("requires")))))
                todo.append(table(entry.get("dependencies")))
    required_by = requirers(edges)
    return [replace(d, required_by=required_by.get(d.name, ())) for d in dependencies]


def parse_package_lock(path: str, content: bytes, read: Reader | None = None) -> Result:
    """Read a package-lock.json (or npm-shrinkwrap.json). v2 and v3 list `packages` by install
    path and carry `dev`, `optional` and `license`; v1 nests `dependencies` and needs the sibling
    package.json to tell direct dependencies."""
    document = load_json(path, content)
    if isinstance(document, ParseProblem):
        return [], [document]
    if not isinstance(document, dict):
        return [], [ParseProblem(path, "package-lock.json is not a JSON object")]
    if isinstance(document.get("packages"), dict):
        return _lock_v2(path, content, document["packages"])
    if isinstance(document.get("dependencies"), dict):
        return _lock_v1(path, content, document["dependencies"], read)
    if "packages" in document or "dependencies" in document:
        return [], [ParseProblem(path, "'packages' or 'dependencies' is not an object")]
    return [], []


PARSERS: dict[str, Callable[..., Result]] = {
    "package.json": parse_package_json,
    "package-lock.json": parse_package_lock,
    "npm-shrinkwrap.json": parse_package_lock,
    "yarn.lock": parse_yarn_lock,
    "pnpm-lock.yaml": parse_pnpm_lock,
}
