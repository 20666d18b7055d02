"""yarn.lock, classic (v1 text) and berry (YAML with `__metadata`)."""

from __future__ import annotations

import re
from typing import Any

import yaml

from osunited.scanner.deps._model import ParseProblem
from osunited.scanner.deps._npm_shared import (
    RUNTIME_FIELDS,
    Locked,
    Reader,
    Result,
    declared_specs,
    exact_version,
    key_lines,
    load_yaml,
    settle,
    sibling_manifest,
    spec_name,
    table,
)


def _yarn_roots(path: str, read: Reader | None, protocol: str) -> tuple[set[str], set[str]]:
    manifest = sibling_manifest(path, read)
    if manifest is None:
        return set(), set()
    runtime = declared_specs(manifest, RUNTIME_FIELDS)
    dev = declared_specs(manifest, ("devDependencies",))

    def specs(declared: dict[str, str]) -> set[str]:
        return {f"{name}@{_with_protocol(spec, protocol)}" for name, spec in declared.items()}

    return specs(runtime), specs(dev)


def _with_protocol(spec: str, protocol: str) -> str:
    return spec if not protocol or ":" in spec else f"{protocol}{spec}"


def _unquote(text: str) -> str:
    text = text.strip()
    return text[1:-1] if len(text) >= 2 and text[0] == text[-1] == '"' else text


def _classic_entries(path: str, text: str) -> tuple[list[Locked], list[ParseProblem]]:
    entries: list[Locked] = []
    problems: list[ParseProblem] = []
    in_dependencies = False
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        indent = len(raw) - len(raw.lstrip(" "))
        line = raw.strip()
        if indent == 0 and line.endswith(":"):
            specs = {_unquote(s) for s in line[:-1].split(",")}
            name = spec_name(next(iter(sorted(specs))))
            entries.append(Locked(name, None, number, specs, set()))
            in_dependencies = False
        elif not entries or indent == 0:
            problems.append(ParseProblem(path, f"unexpected line: {line!r}", number))
        elif indent == 2:
            key, _, value = line.partition(" ")
            in_dependencies = key in ("dependencies:", "optionalDependencies:")
            if key == "version":
                entries[-1].version = exact_version(_unquote(value))
        elif indent >= 4 and in_dependencies:
            name, _, spec = line.partition(" ")
            entries[-1].requires.add(f"{_unquote(name)}@{_unquote(spec)}")
    return entries, problems


def _berry_entries(document: dict[str, Any], node: yaml.Node | None) -> list[Locked]:
    lines = key_lines(node)
    entries = []
    for key, entry in document.items():
        if key == "__metadata" or not isinstance(entry, dict):
            continue
        specs = {s.strip() for s in str(key).split(",")}
        requires = set()
        for field in ("dependencies", "optionalDependencies"):
            for name, spec in table(entry.get(field)).items():
                requires.add(f"{name}@{_with_protocol(str(spec), 'npm:')}")
        name = spec_name(str(entry.get("resolution") or next(iter(sorted(specs)))))
        version = exact_version(entry.get("version"))
        entries.append(Locked(name, version, lines.get(key), specs, requires))
    return entries


def _berry_workspace_roots(entries: list[Locked]) -> set[str]:
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
    dependencies, settle_problems = settle(path, entries, runtime, dev)
    return dependencies, problems + settle_problems


def _parse_berry(path: str, content: bytes, read: Reader | None) -> Result:
    document, node, problem = load_yaml(path, content)
    if problem is not None:
        return [], [problem]
    if not isinstance(document, dict):
        return [], [ParseProblem(path, "yarn.lock is not a YAML mapping")]
    entries = _berry_entries(document, node)
    workspaces = [e for e in entries if any("@workspace:" in s for s in e.specs)]
    packages = [e for e in entries if e not in workspaces]
    # workspaces list their dependencies and devDependencies together; package.json tells them apart
    runtime, dev = _yarn_roots(path, read, "npm:")
    runtime |= _berry_workspace_roots(workspaces) - dev
    return settle(path, packages, runtime, dev)
