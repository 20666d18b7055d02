"""Rust dependencies from `Cargo.lock` (lockfile versions 1 to 4) and `Cargo.toml`."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterator
from typing import Any

from packageurl import PackageURL

from osunited.scanner.deps._model import Dependency, ParseProblem, Scope, requirers
from osunited.scanner.deps._source_text import decode

ECOSYSTEM = "crates.io"
Result = tuple[list[Dependency], list[ParseProblem]]

_LOCK_FIELD = re.compile(r'^(name|version)\s*=\s*"([^"]*)"')
_HEADER = re.compile(r"^\s*\[\[?\s*(.+?)\s*\]\]?\s*(?:#.*)?$")
_DEPENDENCY_TABLES = {
    "dependencies": Scope.RUNTIME,
    "dev-dependencies": Scope.DEVELOPMENT,
    "dev_dependencies": Scope.DEVELOPMENT,
    "build-dependencies": Scope.DEVELOPMENT,
    "build_dependencies": Scope.DEVELOPMENT,
}


def parse_cargo_lock(path: str, content: bytes) -> Result:
    """The crates locked in a `Cargo.lock`; direct ones are those the root packages name.

    Root packages (no `source`: the workspace's own crates and local path crates) are the
    project itself and are not reported. Cargo.lock does not record dev or build kinds, so
    every crate is reported as runtime.
    """
    loaded = _load_toml(path, content)
    if isinstance(loaded, ParseProblem):
        return [], [loaded]
    data, text = loaded
    packages = data.get("package", [])
    if not isinstance(packages, list) or not all(isinstance(p, dict) for p in packages):
        return [], [ParseProblem(path, "`package` must be an array of tables")]
    problems = [
        ParseProblem(path, f"package #{n} lacks a string `name` or `version`")
        for n, p in enumerate(packages, 1)
        if not _is_named_and_versioned(p)
    ]
    valid = [p for p in packages if _is_named_and_versioned(p)]
    roots = [p for p in valid if "source" not in p]
    direct = {
        _lock_reference(ref) for root in roots for ref in _string_list(root.get("dependencies"))
    }
    lines = _lock_lines(text)
    required_by = requirers(
        (p["name"], {_lock_reference(r) for r in _string_list(p.get("dependencies"))})
        for p in valid
        if "source" in p
    )
    dependencies = [
        _locked_crate(path, p, _is_direct(p, direct), lines, _requirers_of(p, required_by))
        for p in valid
        if "source" in p
    ]
    return dependencies, problems


def _requirers_of(
    package: dict[str, Any], required_by: dict[tuple[str, str | None], tuple[str, ...]]
) -> tuple[str, ...]:
    """A crate is named `name` when it is the only version locked, `name version` else."""
    named = required_by.get((package["name"], package["version"]), ())
    return tuple(sorted({*named, *required_by.get((package["name"], None), ())}))


def parse_cargo_toml(path: str, content: bytes) -> Result:
    """The crates a `Cargo.toml` declares, all direct, with an exact version only for `=x.y.z`.

    Path dependencies are the project's own crates and are skipped; `workspace = true` entries
    are reported without a version (the workspace root's `[workspace.dependencies]` pins it).
    """
    loaded = _load_toml(path, content)
    if isinstance(loaded, ParseProblem):
        return [], [loaded]
    data, text = loaded
    headers = _headers_by_line(text.splitlines())
    dependencies: list[Dependency] = []
    problems: list[ParseProblem] = []
    for table_path, table, scope in _dependency_tables(data):
        for key, spec in table.items():
            declared = _declared_crate(path, key, spec, scope, table_path, headers)
            if isinstance(declared, ParseProblem):
                problems.append(declared)
            elif declared is not None:
                dependencies.append(declared)
    return dependencies, problems


def _load_toml(path: str, content: bytes) -> tuple[dict[str, Any], str] | ParseProblem:
    text = decode(path, content)
    if isinstance(text, ParseProblem):
        return text
    try:
        return tomllib.loads(text), text
    except RecursionError:
        return ParseProblem(path, "invalid TOML: nested too deeply")
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"at line (\d+)", str(error))
        return ParseProblem(path, f"invalid TOML: {error}", int(found.group(1)) if found else None)


def _is_named_and_versioned(package: dict[str, Any]) -> bool:
    name, version = package.get("name"), package.get("version")
    return isinstance(name, str) and bool(name) and isinstance(version, str)


def _string_list(value: object) -> list[str]:
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def _lock_reference(reference: str) -> tuple[str, str | None]:
    """`name`, `name version` or (version 1) `name version (source)` → (name, version)."""
    parts = reference.split()
    return (parts[0], parts[1]) if len(parts) > 1 else (parts[0] if parts else "", None)


def _is_direct(package: dict[str, Any], direct: set[tuple[str, str | None]]) -> bool:
    name = package["name"]
    return (name, package["version"]) in direct or (name, None) in direct


def _lock_lines(text: str) -> dict[tuple[str, str], int]:
    """The line of each locked package's `name = ...`, keyed by (name, version)."""
    found: dict[tuple[str, str], int] = {}
    name: tuple[str, int] | None = None
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip().startswith("["):
            name = None
        field = _LOCK_FIELD.match(line)
        if field and field.group(1) == "name":
            name = (field.group(2), number)
        elif field and name is not None:
            found.setdefault((name[0], field.group(2)), name[1])
    return found


def _locked_crate(
    path: str,
    package: dict[str, Any],
    direct: bool,
    lines: dict[tuple[str, str], int],
    required_by: tuple[str, ...] = (),
) -> Dependency:
    name, version = package["name"], package["version"]
    return Dependency(
        purl=PackageURL(type="cargo", name=name, version=version).to_string(),
        ecosystem=ECOSYSTEM,
        name=name,
        version=version,
        direct=direct,
        scope=Scope.RUNTIME,
        path=path,
        line=lines.get((name, version)),
        required_by=required_by,
    )


def _dependency_tables(
    data: dict[str, Any],
) -> Iterator[tuple[tuple[str, ...], dict[str, Any], Scope]]:
    """Every dependency table: top level, per target, and the workspace's shared one."""
    places: list[tuple[tuple[str, ...], dict[str, Any]]] = [((), data)]
    targets = data.get("target")
    if isinstance(targets, dict):
        places += [(("target", cfg), t) for cfg, t in targets.items() if isinstance(t, dict)]
    for prefix, place in places:
        for table_name, scope in _DEPENDENCY_TABLES.items():
            table = place.get(table_name)
            if isinstance(table, dict):
                yield (*prefix, table_name), table, scope
    workspace = data.get("workspace")
    if isinstance(workspace, dict) and isinstance(workspace.get("dependencies"), dict):
        yield ("workspace", "dependencies"), workspace["dependencies"], Scope.RUNTIME


def _declared_crate(
    path: str,
    key: str,
    spec: object,
    scope: Scope,
    table_path: tuple[str, ...],
    headers: list[tuple[tuple[str, ...], str]],
) -> Dependency | ParseProblem | None:
    line = _key_line(headers, table_path, key)
    if isinstance(spec, str):
        spec = {"version": spec}
    if not isinstance(spec, dict):
        return ParseProblem(path, f"dependency `{key}` must be a string or a table", line)
    if "path" in spec:
        return None
    name = spec.get("package", key)
    requirement = spec.get("version")
    if not isinstance(name, str) or not name or not isinstance(requirement, str | None):
        return ParseProblem(
            path, f"dependency `{key}` lacks a name or has a non-string version", line
        )
    version = _exact_version(requirement)
    return Dependency(
        purl=PackageURL(type="cargo", name=name, version=version).to_string(),
        ecosystem=ECOSYSTEM,
        name=name,
        version=version,
        direct=True,
        scope=scope,
        path=path,
        line=line,
    )


def _exact_version(requirement: str | None) -> str | None:
    """Only `=1.2.3` pins a version in Cargo; `1.2.3` means `^1.2.3`."""
    if requirement and requirement.strip().startswith("=") and "," not in requirement:
        return requirement.strip()[1:].strip() or None
    return None


def _headers_by_line(lines: list[str]) -> list[tuple[tuple[str, ...], str]]:
    """Each line, with the dotted path of the table header it stands under."""
    current: tuple[str, ...] = ()
    result = []
    for line in lines:
        header = _HEADER.match(line)
        if header:
            current = _split_dotted(header.group(1))
        result.append((current, line))
    return result


def _split_dotted(key: str) -> tuple[str, ...]:
    parts = re.findall(r'\s*("[^"]*"|\'[^\']*\'|[^.]+)\s*(?:\.|$)', key)
    return tuple(part.strip().strip("\"'") for part in parts)


def _key_line(
    headers: list[tuple[tuple[str, ...], str]], table_path: tuple[str, ...], key: str
) -> int | None:
    """The line declaring `key` in the table, inline (`key = ...`) or as `[table.key]`."""
    quoted = re.escape(key)
    pattern = re.compile(rf"""^\s*(?:{quoted}|"{quoted}"|'{quoted}')\s*[=.]""")
    for number, (header, line) in enumerate(headers, 1):
        if header == (*table_path, key) or (header == table_path and pattern.match(line)):
            return number
    return None


PARSERS: dict[str, Callable[[str, bytes], Result]] = {
    "cargo.lock": parse_cargo_lock,
    "cargo.toml": parse_cargo_toml,
}
