"""pnpm-lock.yaml in its three shapes: v5 (`/name/version` keys), v6 (`/name@version`) and v9
(`name@version`, with the dependency graph moved to `snapshots`)."""

from __future__ import annotations

from typing import Any

import yaml

from osunited.scanner.deps._model import ParseProblem
from osunited.scanner.deps._npm_shared import (
    ALL_FIELDS,
    Locked,
    Reader,
    Result,
    exact_version,
    key_lines,
    load_yaml,
    settle,
)


def _pnpm_style(document: dict[str, Any]) -> int:
    """The major lockfile version: 5, 6 or 9 (later ones read like 9)."""
    try:
        return int(float(str(document.get("lockfileVersion", "9"))))
    except (ValueError, OverflowError):  # not a number, or .inf
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
        return name, exact_version(version.split("_")[0])
    at = key.find("@", 1)
    return (key[:at], exact_version(key[at + 1 :])) if at > 0 else (key, None)


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
        for field in ALL_FIELDS:
            keys = {_pnpm_key(n, r, style) for n, r in _pnpm_references(block.get(field)).items()}
            (dev if field == "devDependencies" else runtime).update(keys)
    return runtime, dev


def _pnpm_entries(document: dict[str, Any], node: yaml.Node | None, style: int) -> list[Locked]:
    packages = document.get("packages") or {}
    snapshots = document.get("snapshots") or {}
    lines = key_lines(node, "packages")
    by_key: dict[str, Locked] = {}
    for key in [*packages, *snapshots]:
        entry = snapshots.get(key) or packages.get(key)
        entry = entry if isinstance(entry, dict) else {}
        plain = str(key).split("(")[0]
        name, version = _pnpm_name_version(str(key), style)
        line = lines.get(plain) or lines.get(str(key))
        locked = by_key.setdefault(plain, Locked(name, version, line, set(), set()))
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
    document, node, problem = load_yaml(path, content)
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
    return settle(path, _pnpm_entries(document, node, style), runtime, dev)
