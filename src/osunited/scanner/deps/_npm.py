"""npm dependencies: package.json, package-lock.json (v1 to v3), yarn.lock (classic and berry)
and pnpm-lock.yaml (v5, v6 and v9).

Nothing is installed or run. Where a lockfile does not say which packages the project itself
declares, the sibling package.json does, read through `read` (a path relative to the tree root,
None when absent). `optionalDependencies` are installed by default, so they count as runtime.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import yaml
from packageurl import PackageURL

from osunited.scanner.deps._model import Dependency, ParseProblem, Scope

Reader = Callable[[str], bytes | None]
Result = tuple[list[Dependency], list[ParseProblem]]

_RUNTIME_FIELDS = ("dependencies", "optionalDependencies")
_ALL_FIELDS = ("dependencies", "devDependencies", "optionalDependencies")
_NAME = re.compile(r"^(?:@[^/\s@]+/)?[^/\s@.][^/\s]*$")
_EXACT = re.compile(r"^=?v?(\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.+-]*)?)$")


def _version(text: object) -> str | None:
    """An exact semver version, or None for ranges, tags, URLs and git references."""
    match = _EXACT.match(str(text).strip()) if text is not None else None
    return match.group(1) if match else None


def _is_name(name: object) -> bool:
    return isinstance(name, str) and bool(_NAME.match(name))


def _not_a_name(path: str, name: object, line: int | None) -> ParseProblem:
    return ParseProblem(path, f"not a package name: {name!r}", line)


def _table(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _dependency(
    name: str,
    version: str | None,
    direct: bool,
    scope: Scope,
    where: tuple[str, int | None],
    license: str | None = None,
) -> Dependency:
    namespace, _, short = name.rpartition("/") if name.startswith("@") else ("", "", name)
    purl = PackageURL(type="npm", namespace=namespace or None, name=short, version=version)
    path, line = where
    return Dependency(purl.to_string(), "npm", name, version, direct, scope, path, line, license)


def _load_json(path: str, content: bytes) -> tuple[Any, ParseProblem | None]:
    try:
        return json.loads(content), None
    except UnicodeDecodeError:
        return None, ParseProblem(path, "file is not valid UTF-8")
    except json.JSONDecodeError as error:
        return None, ParseProblem(path, f"invalid JSON: {error.msg}", error.lineno)


def _load_yaml(path: str, content: bytes) -> tuple[Any, yaml.Node | None, ParseProblem | None]:
    try:
        text = content.decode("utf-8")
        return yaml.safe_load(text), yaml.compose(text), None
    except UnicodeDecodeError:
        return None, None, ParseProblem(path, "file is not valid UTF-8")
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        return None, None, ParseProblem(path, f"invalid YAML: {error}", line)


def _key_lines(node: yaml.Node | None, *keys: str) -> dict[str, int]:
    """The 1-based line of each key of the mapping found under `keys` in a composed document."""
    for key in keys:
        if not isinstance(node, yaml.MappingNode):
            return {}
        node = next((v for k, v in node.value if k.value == key), None)
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(k.value): k.start_mark.line + 1 for k, _ in node.value}


class _JsonKeyLines:
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


def _manifest(path: str, read: Reader | None) -> dict[str, Any] | None:
    """The sibling package.json of a lockfile, when there is a readable one."""
    content = read(posixpath.join(posixpath.dirname(path), "package.json")) if read else None
    document = _load_json(path, content)[0] if content is not None else None
    return document if isinstance(document, dict) else None


def _declared(manifest: dict[str, Any], fields: Iterable[str]) -> dict[str, str]:
    declared: dict[str, str] = {}
    for field in fields:
        section = manifest.get(field)
        if isinstance(section, dict):
            declared.update({str(k): str(v) for k, v in section.items()})
    return declared


# --- package.json ---------------------------------------------------------------------------


def parse_package_json(path: str, content: bytes, read: Reader | None = None) -> Result:
    """Read the direct dependencies a package.json declares: `dependencies` and
    `optionalDependencies` are runtime, `devDependencies` development. Only exact versions pin."""
    manifest, problem = _load_json(path, content)
    if problem is not None:
        return [], [problem]
    if not isinstance(manifest, dict):
        return [], [ParseProblem(path, "package.json is not a JSON object")]
    lines = _JsonKeyLines(content)
    dependencies: list[Dependency] = []
    problems: list[ParseProblem] = []
    for field, section in manifest.items():
        if field not in _ALL_FIELDS or not isinstance(section, dict):
            continue
        lines.find(field)
        scope = Scope.DEVELOPMENT if field == "devDependencies" else Scope.RUNTIME
        for name, spec in section.items():
            where = (path, lines.find(name, opens_object=False))
            if _is_name(name):
                dependencies.append(_dependency(name, _version(spec), True, scope, where))
            else:
                problems.append(_not_a_name(*where[:1], name, where[1]))
    return dependencies, problems


# --- package-lock.json ----------------------------------------------------------------------


def _license(entry: dict[str, Any]) -> str | None:
    value = entry.get("license")
    if isinstance(value, dict):  # old packages: {"type": "MIT", "url": ...}
        value = value.get("type")
    return value if isinstance(value, str) else None


def _lock_v2(path: str, content: bytes, packages: dict[str, Any]) -> Result:
    declared: set[str] = set()
    for key, entry in packages.items():
        if "node_modules/" not in key and isinstance(entry, dict):
            declared |= set(_declared(entry, (*_ALL_FIELDS, "peerDependencies")))
    lines = _JsonKeyLines(content)
    dependencies, problems = [], []
    for key, entry in packages.items():
        line = lines.find(key)
        if "node_modules/" not in key or (isinstance(entry, dict) and entry.get("link")):
            continue  # the project itself, a workspace folder, or a link to one
        if not isinstance(entry, dict):
            problems.append(ParseProblem(path, f"entry {key!r} is not an object", line))
            continue
        name = entry.get("name") or key.rpartition("node_modules/")[2]
        if not _is_name(name):
            problems.append(_not_a_name(path, name, line))
            continue
        direct = key == f"node_modules/{name}" and name in declared
        dev = entry.get("dev") or entry.get("devOptional")
        scope = Scope.DEVELOPMENT if dev else Scope.RUNTIME
        version = _version(entry.get("version"))
        where = (path, line)
        dependencies.append(_dependency(name, version, direct, scope, where, _license(entry)))
    return dependencies, problems


def _lock_v1(path: str, content: bytes, tree: dict[str, Any], read: Reader | None) -> Result:
    manifest = _manifest(path, read)
    declared = set(_declared(manifest, _ALL_FIELDS)) if manifest else set()
    lines = _JsonKeyLines(content)
    dependencies: list[Dependency] = []
    problems: list[ParseProblem] = []

    def walk(entries: dict[str, Any], top: bool) -> None:
        for name, entry in entries.items():
            line = lines.find(name)
            if not isinstance(entry, dict):
                problems.append(ParseProblem(path, f"entry {name!r} is not an object", line))
                continue
            if not _is_name(name):
                problems.append(_not_a_name(path, name, line))
                continue
            scope = Scope.DEVELOPMENT if entry.get("dev") else Scope.RUNTIME
            version = _version(entry.get("version"))
            direct = top and name in declared
            dependencies.append(_dependency(name, version, direct, scope, (path, line)))
            if isinstance(entry.get("dependencies"), dict):
                walk(entry["dependencies"], top=False)

    walk(tree, top=True)
    return dependencies, problems


def parse_package_lock(path: str, content: bytes, read: Reader | None = None) -> Result:
    """Read a package-lock.json (or npm-shrinkwrap.json). v2 and v3 list `packages` by install
    path and carry `dev`, `optional` and `license`; v1 nests `dependencies` and needs the sibling
    package.json to tell direct dependencies."""
    document, problem = _load_json(path, content)
    if problem is not None:
        return [], [problem]
    if not isinstance(document, dict):
        return [], [ParseProblem(path, "package-lock.json is not a JSON object")]
    if isinstance(document.get("packages"), dict):
        return _lock_v2(path, content, document["packages"])
    if isinstance(document.get("dependencies"), dict):
        return _lock_v1(path, content, document["dependencies"], read)
    if "packages" in document or "dependencies" in document:
        return [], [ParseProblem(path, "'packages' or 'dependencies' is not an object")]
    return [], []


# --- yarn.lock ------------------------------------------------------------------------------


@dataclass
class _Locked:
    """One resolved package of a yarn or pnpm lockfile."""

    name: str
    version: str | None
    line: int | None
    specs: set[str]  # what resolves to it: "name@range" (yarn) or a package key (pnpm)
    requires: set[str]  # specs it depends on
    dev_by_lock: bool | None = None


def _spec_name(spec: str) -> str:
    at = spec.find("@", 1)
    return spec[:at] if at > 0 else spec


def _settle(
    path: str, locked: list[_Locked], runtime_roots: set[str], dev_roots: set[str]
) -> Result:
    """Direct when a root spec resolves to it; development when only dev roots reach it."""
    by_spec = {spec: str(index) for index, item in enumerate(locked) for spec in item.specs}
    graph = {
        str(index): {by_spec[s] for s in item.requires if s in by_spec}
        for index, item in enumerate(locked)
    }
    runtime = _reachable((by_spec[s] for s in runtime_roots if s in by_spec), graph)
    known_roots = bool(runtime_roots or dev_roots)
    dependencies, problems = [], []
    for index, item in enumerate(locked):
        if not _is_name(item.name):
            problems.append(_not_a_name(path, item.name, item.line))
            continue
        direct = bool(item.specs & (runtime_roots | dev_roots))
        if item.dev_by_lock is not None:
            dev = item.dev_by_lock
        else:
            dev = known_roots and str(index) not in runtime
        scope = Scope.DEVELOPMENT if dev else Scope.RUNTIME
        dependencies.append(_dependency(item.name, item.version, direct, scope, (path, item.line)))
    return dependencies, problems


def _yarn_roots(path: str, read: Reader | None, protocol: str) -> tuple[set[str], set[str]]:
    manifest = _manifest(path, read)
    if manifest is None:
        return set(), set()
    runtime = _declared(manifest, _RUNTIME_FIELDS)
    dev = _declared(manifest, ("devDependencies",))

    def specs(declared: dict[str, str]) -> set[str]:
        return {f"{name}@{_with_protocol(spec, protocol)}" for name, spec in declared.items()}

    return specs(runtime), specs(dev)


def _with_protocol(spec: str, protocol: str) -> str:
    return spec if not protocol or ":" in spec else f"{protocol}{spec}"


def _unquote(text: str) -> str:
    text = text.strip()
    return text[1:-1] if len(text) >= 2 and text[0] == text[-1] == '"' else text


def _classic_entries(path: str, text: str) -> tuple[list[_Locked], list[ParseProblem]]:
    entries: list[_Locked] = []
    problems: list[ParseProblem] = []
    in_dependencies = False
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        indent = len(raw) - len(raw.lstrip(" "))
        line = raw.strip()
        if indent == 0 and line.endswith(":"):
            specs = {_unquote(s) for s in line[:-1].split(",")}
            name = _spec_name(next(iter(sorted(specs))))
            entries.append(_Locked(name, None, number, specs, set()))
            in_dependencies = False
        elif not entries or indent == 0:
            problems.append(ParseProblem(path, f"unexpected line: {line!r}", number))
        elif indent == 2:
            key, _, value = line.partition(" ")
            in_dependencies = key in ("dependencies:", "optionalDependencies:")
            if key == "version":
                entries[-1].version = _version(_unquote(value))
        elif indent >= 4 and in_dependencies:
            name, _, spec = line.partition(" ")
            entries[-1].requires.add(f"{_unquote(name)}@{_unquote(spec)}")
    return entries, problems


def _berry_entries(document: dict[str, Any], node: yaml.Node | None) -> list[_Locked]:
    lines = _key_lines(node)
    entries = []
    for key, entry in document.items():
        if key == "__metadata" or not isinstance(entry, dict):
            continue
        specs = {s.strip() for s in str(key).split(",")}
        requires = set()
        for field in ("dependencies", "optionalDependencies"):
            for name, spec in _table(entry.get(field)).items():
                requires.add(f"{name}@{_with_protocol(str(spec), 'npm:')}")
        name = _spec_name(str(entry.get("resolution") or next(iter(sorted(specs)))))
        version = _version(entry.get("version"))
        entries.append(_Locked(name, version, lines.get(key), specs, requires))
    return entries


def _berry_workspace_roots(entries: list[_Locked]) -> set[str]:
    return {s for e in entries if any("@workspace:" in s for s in e.specs) for s in e.requires}


def parse_yarn_lock(path: str, content: bytes, read: Reader | None = None) -> Result:
    """Read a yarn.lock, classic (v1 text) or berry (YAML with `__metadata`); the sibling
    package.json tells direct dependencies and which are development only."""
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return [], [ParseProblem(path, "yarn.lock is not valid UTF-8")]
    if re.search(r"^__metadata:", text, re.MULTILINE):
        return _parse_berry(path, content, read)
    entries, problems = _classic_entries(path, text)
    runtime, dev = _yarn_roots(path, read, "")
    dependencies, settle_problems = _settle(path, entries, runtime, dev)
    return dependencies, problems + settle_problems


def _parse_berry(path: str, content: bytes, read: Reader | None) -> Result:
    document, node, problem = _load_yaml(path, content)
    if problem is not None:
        return [], [problem]
    if not isinstance(document, dict):
        return [], [ParseProblem(path, "yarn.lock is not a YAML mapping")]
    entries = _berry_entries(document, node)
    workspaces = [e for e in entries if any("@workspace:" in s for s in e.specs)]
    packages = [e for e in entries if e not in workspaces]
    runtime, dev = _yarn_roots(path, read, "npm:")
    if not runtime and not dev:  # no package.json: the workspaces still name direct ones
        runtime = _berry_workspace_roots(workspaces)
    return _settle(path, packages, runtime, dev)


# --- pnpm-lock.yaml -------------------------------------------------------------------------


def _pnpm_style(document: dict[str, Any]) -> int:
    """The major lockfile version: 5, 6 or 9 (later ones read like 9)."""
    try:
        return int(float(str(document.get("lockfileVersion", "9"))))
    except ValueError:
        return 9


def _pnpm_key(name: str, reference: str, style: int) -> str:
    """The `packages` key an importer or package reference points to."""
    if reference.startswith("/"):
        return reference
    if style == 5:
        return f"/{name}/{reference}"
    return f"/{name}@{reference}" if style == 6 else f"{name}@{reference}"


def _pnpm_name_version(key: str, style: int) -> tuple[str, str | None]:
    key = key.lstrip("/").split("(")[0]
    if style == 5:
        name, _, version = key.rpartition("/")
        return name, _version(version.split("_")[0])
    at = key.find("@", 1)
    return (key[:at], _version(key[at + 1 :])) if at > 0 else (key, None)


def _pnpm_references(section: object) -> dict[str, str]:
    if not isinstance(section, dict):
        return {}
    references = {}
    for name, value in section.items():
        reference = value.get("version") if isinstance(value, dict) else value
        if reference is not None and not str(reference).startswith(("link:", "file:")):
            references[str(name)] = str(reference)
    return references


def _pnpm_roots(document: dict[str, Any], style: int) -> tuple[set[str], set[str]]:
    importers = document.get("importers")
    blocks = importers.values() if isinstance(importers, dict) else [document]
    runtime: set[str] = set()
    dev: set[str] = set()
    for block in blocks:
        if not isinstance(block, dict):
            continue
        for field in _ALL_FIELDS:
            keys = {_pnpm_key(n, r, style) for n, r in _pnpm_references(block.get(field)).items()}
            (dev if field == "devDependencies" else runtime).update(keys)
    return runtime, dev


def _pnpm_entries(document: dict[str, Any], node: yaml.Node | None, style: int) -> list[_Locked]:
    packages = document.get("packages") or {}
    snapshots = document.get("snapshots") or {}
    lines = _key_lines(node, "packages")
    by_key: dict[str, _Locked] = {}
    for key in [*packages, *snapshots]:
        entry = snapshots.get(key) or packages.get(key)
        entry = entry if isinstance(entry, dict) else {}
        plain = str(key).split("(")[0]
        name, version = _pnpm_name_version(str(key), style)
        line = lines.get(plain) or lines.get(str(key))
        locked = by_key.setdefault(plain, _Locked(name, version, line, set(), set()))
        locked.specs.add(str(key))
        for field in ("dependencies", "optionalDependencies"):
            for dep, reference in _pnpm_references(entry.get(field)).items():
                locked.requires.add(_pnpm_key(dep, reference, style))
        if isinstance(entry.get("dev"), bool):
            locked.dev_by_lock = entry["dev"]
    return list(by_key.values())


def parse_pnpm_lock(path: str, content: bytes, read: Reader | None = None) -> Result:
    """Read a pnpm-lock.yaml (v5, v6 or v9): `importers` (or the top level) name the direct
    dependencies; `dev` flags, or else what only devDependencies reach, give development."""
    document, node, problem = _load_yaml(path, content)
    if problem is not None:
        return [], [problem]
    if not isinstance(document, dict):
        return [], [ParseProblem(path, "pnpm-lock.yaml is not a YAML mapping")]
    style = _pnpm_style(document)
    if not isinstance(document.get("packages") or {}, dict) or not isinstance(
        document.get("snapshots") or {}, dict
    ):
        return [], [ParseProblem(path, "'packages' or 'snapshots' is not a mapping")]
    runtime, dev = _pnpm_roots(document, style)
    return _settle(path, _pnpm_entries(document, node, style), runtime, dev)


PARSERS: dict[str, Callable[..., Result]] = {
    "package.json": parse_package_json,
    "package-lock.json": parse_package_lock,
    "npm-shrinkwrap.json": parse_package_lock,
    "yarn.lock": parse_yarn_lock,
    "pnpm-lock.yaml": parse_pnpm_lock,
}
