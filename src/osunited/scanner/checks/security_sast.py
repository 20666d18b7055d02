"""security.sast: static application security testing runs on the code (Scorecard's SAST,
without the forge API): CodeQL, Semgrep, SonarQube, GitLab SAST, Bandit, gosec and others."""

from __future__ import annotations

import re
import tomllib
from typing import Any

from osunited.scanner._context import ScanContext
from osunited.scanner._errors import ScanError
from osunited.scanner._layout import is_elsewhere_made
from osunited.scanner._model import CheckResult, Outcome, Pillar, Severity
from osunited.scanner._text import _
from osunited.scanner._tree import SourceFile, SourceTree
from osunited.scanner.checks._base import Check

_CONFIG_FILES = {
    ".semgrep.yml": "Semgrep",
    ".semgrep.yaml": "Semgrep",
    "sonar-project.properties": "SonarQube",
    ".bandit": "Bandit",
    ".snyk": "Snyk",
}
_MENTIONS = {
    "github/codeql-action": "CodeQL",
    "semgrep": "Semgrep",
    "security/sast.gitlab-ci.yml": "GitLab SAST",
    "jobs/sast.gitlab-ci.yml": "GitLab SAST",
    "sonarsource/": "SonarQube",
    "sonar-scanner": "SonarQube",
    "bandit": "Bandit",
    "gosec": "gosec",
    "brakeman": "Brakeman",
    "njsscan": "njsscan",
    "osu scan": "osunited scanner",
}
_MENTION = re.compile("|".join(re.escape(m) for m in _MENTIONS), re.IGNORECASE)
_CI = re.compile(
    r"^(?:\.github/workflows/[^/]+\.ya?ml|\.gitlab-ci\.yml|\.pre-commit-config\.yaml|"
    r"\.circleci/config\.yml|azure-pipelines\.yml|jenkinsfile)$",
    re.IGNORECASE,
)
# Ruff's flake8-bandit rules are Bandit's checks: the whole family ("S"), a part of it ("S1",
# "S608") or every rule ("ALL"); "SIM", "SLF" and the like are other families.
_BANDIT_RULES = re.compile(r"^(?:S\d*|ALL)$")
_RUFF_FILES = frozenset({"ruff.toml", ".ruff.toml"})
_MAX_TOML_BYTES = 256 * 1024


class StaticAnalysis(Check):
    id = "security.sast"
    title = _("Static security analysis")
    pillar = Pillar.SECURITY

    def run(self, context: ScanContext) -> CheckResult:
        found = _tools(context)
        data = {"tools": sorted({t for _, t in found}), "paths": sorted({p for p, _ in found})}
        if found:
            tools = ", ".join(data["tools"])
            summary = _("Static analysis: {tools}.", tools=tools)
            return self.result(Outcome.PASS, summary, data=data)
        finding = self.finding(
            _("No static application security testing was found."),
            Severity.INFO,
            _(
                "Run a static analyser on every change: CodeQL or Semgrep in GitHub Actions, "
                "GitLab's SAST template, or Bandit, gosec or Brakeman for one language."
            ),
            rule="missing",
        )
        summary = _("No static security analysis found.")
        return self.result(Outcome.FAIL, summary, [finding], data)


def _tools(context: ScanContext) -> set[tuple[str, str]]:
    """(path, tool) for each configuration file or CI definition that runs an analyser."""
    tree = context.tree
    found: set[tuple[str, str]] = set()
    for file in tree.files:
        if file.depth > 2:
            continue
        lowered = file.path.lower()
        if _is_python_config(file):
            found |= {(file.path, tool) for tool in _python_analysers(tree, file)}
        elif lowered in _CONFIG_FILES:
            found.add((file.path, _CONFIG_FILES[lowered]))
        elif _CI.match(file.path):
            try:
                text = tree.read_text(file, 512 * 1024).lower()
            except ScanError:
                continue
            found |= {(file.path, _MENTIONS[m.group(0)]) for m in _MENTION.finditer(text)}
    return found


def _is_python_config(file: SourceFile) -> bool:
    """The project's own pyproject.toml (top level or a package's folder) or Ruff configuration."""
    if file.depth > 1 or is_elsewhere_made(file.path):
        return False
    return file.name == "pyproject.toml" or (file.depth == 0 and file.name in _RUFF_FILES)


def _python_analysers(tree: SourceTree, file: SourceFile) -> set[str]:
    """Bandit configured in pyproject.toml, or Ruff configured with Bandit's rules."""
    data = _toml(tree, file)
    if file.name != "pyproject.toml":
        return {"Ruff (Bandit rules)"} if _selects_bandit_rules(data) else set()
    tools = _table(data, "tool")
    found = {"Bandit"} if isinstance(tools.get("bandit"), dict) else set()
    if _selects_bandit_rules(_table(tools, "ruff")):
        found.add("Ruff (Bandit rules)")
    return found


def _selects_bandit_rules(ruff: dict[str, Any]) -> bool:
    """Ruff's settings select Bandit's rules, in the `lint` table or at its top (legacy)."""
    selected: list[Any] = []
    for table in (ruff, _table(ruff, "lint")):
        for key in ("select", "extend-select"):
            value = table.get(key)
            selected += value if isinstance(value, list) else []
    return any(isinstance(rule, str) and _BANDIT_RULES.match(rule) for rule in selected)


def _table(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    return value if isinstance(value, dict) else {}


def _toml(tree: SourceTree, file: SourceFile) -> dict[str, Any]:
    """The file's TOML, or nothing when it cannot be read or is malformed (another check's job)."""
    try:
        return tomllib.loads(tree.read_text(file, _MAX_TOML_BYTES))
    except (ScanError, tomllib.TOMLDecodeError, RecursionError):
        return {}
