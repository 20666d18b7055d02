"""CI definitions read as data for the security checks: GitHub-style workflows, GitLab CI and
Dockerfiles. Nothing in them is run; an unreadable file is simply left out."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml

from osunited.scanner._errors import ScanError
from osunited.scanner._tree import SourceFile, SourceTree

MAX_BYTES = 512 * 1024
_WORKFLOW_FOLDERS = (".github/workflows/", ".forgejo/workflows/", ".gitea/workflows/")
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's, when built in


@dataclass(frozen=True)
class Workflow:
    path: str
    text: str
    document: dict[Any, Any]

    @property
    def triggers(self) -> set[str]:
        # YAML 1.1 reads the key `on` as True.
        on = self.document.get("on", self.document.get(True))
        if isinstance(on, str):
            return {on}
        if isinstance(on, list | dict):
            return {str(event) for event in on}
        return set()

    def jobs(self) -> dict[str, dict[Any, Any]]:
        jobs = self.document.get("jobs")
        if not isinstance(jobs, dict):
            return {}
        return {str(name): job for name, job in jobs.items() if isinstance(job, dict)}

    def steps(self) -> Iterator[tuple[str, dict[Any, Any]]]:
        for name, job in self.jobs().items():
            steps = job.get("steps")
            for step in steps if isinstance(steps, list) else ():
                if isinstance(step, dict):
                    yield name, step

    def line_of(self, fragment: str) -> int | None:
        offset = self.text.find(fragment)
        return self.text.count("\n", 0, offset) + 1 if offset >= 0 else None

    def lines_of_value(self, value: str, keys: tuple[str, ...]) -> list[int | None]:
        """Every line on which `value` is written as the value of one of `keys` (or as a list
        item), in order: a reference used by several jobs is reported on each of its lines,
        not on the first one again. Falls back to the first mention (flow-style YAML)."""
        key = "|".join(re.escape(k) for k in keys)
        written = re.compile(
            rf"^[ \t]*(?:-[ \t]+)?(?:(?:{key})[ \t]*:[ \t]*)?([\"']?){re.escape(value)}\1"
            r"[ \t]*(?:#.*)?$",
            re.MULTILINE,
        )
        lines: list[int | None] = [
            self.text.count("\n", 0, m.start()) + 1 for m in written.finditer(self.text)
        ]
        return lines or [self.line_of(value)]


@dataclass(frozen=True)
class CiFiles:
    """The tree's CI definitions and container files, read and parsed once per scan
    (`ScanContext.ci_files`): several checks look at them."""

    github_workflows: list[Workflow]
    gitlab_ci: Workflow | None
    dockerfiles: list[tuple[str, str]]


def ci_files(tree: SourceTree) -> CiFiles:
    return CiFiles(github_workflows(tree), gitlab_ci(tree), dockerfiles(tree))


def github_workflows(tree: SourceTree) -> list[Workflow]:
    """The workflows of GitHub Actions (and of Forgejo and Gitea, which share the format)."""
    found = []
    for file in tree.files:
        lowered = file.path.lower()
        folder = next((f for f in _WORKFLOW_FOLDERS if lowered.startswith(f)), None)
        if folder and lowered.count("/") == 2 and lowered.endswith((".yml", ".yaml")):
            workflow = _load(tree, file)
            if workflow is not None:
                found.append(workflow)
    return found


def gitlab_ci(tree: SourceTree) -> Workflow | None:
    file = tree.get(".gitlab-ci.yml")
    return _load(tree, file) if file is not None else None


def dockerfiles(tree: SourceTree) -> list[tuple[str, str]]:
    """(path, text) of every Dockerfile or Containerfile."""
    pattern = re.compile(r"(?:^|/)(?:[\w.-]+\.)?(?:dockerfile|containerfile)(?:\.[\w.-]+)?$", re.I)
    found = []
    for file in tree.files:
        if pattern.search(file.path):
            text = _text(tree, file)
            if text is not None:
                found.append((file.path, text))
    return found


def _load(tree: SourceTree, file: SourceFile) -> Workflow | None:
    text = _text(tree, file)
    if text is None:
        return None
    try:
        document = yaml.load(text, Loader=_SAFE_LOADER)  # noqa: S506 - a safe loader
    except yaml.YAMLError:
        return None
    return Workflow(file.path, text, document) if isinstance(document, dict) else None


def _text(tree: SourceTree, file: SourceFile) -> str | None:
    if file.size > MAX_BYTES:
        return None
    try:
        return tree.read_text(file, MAX_BYTES)
    except ScanError:
        return None
