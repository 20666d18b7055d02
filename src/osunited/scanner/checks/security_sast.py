"""security.sast: static application security testing runs on the code (Scorecard's SAST,
without the forge API): CodeQL, Semgrep, SonarQube, GitLab SAST, Bandit, gosec and others."""

from __future__ import annotations

import re

from osunited.scanner._context import ScanContext
from osunited.scanner._errors import ScanError
from osunited.scanner._model import CheckResult, Outcome, Pillar, Severity
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


class StaticAnalysis(Check):
    id = "security.sast"
    title = "Static security analysis"
    pillar = Pillar.SECURITY

    def run(self, context: ScanContext) -> CheckResult:
        found = _tools(context)
        data = {"tools": sorted({t for _, t in found}), "paths": sorted({p for p, _ in found})}
        if found:
            tools = ", ".join(data["tools"])
            return self.result(Outcome.PASS, f"Static analysis: {tools}.", data=data)
        finding = self.finding(
            "No static application security testing was found.",
            Severity.INFO,
            "Run a static analyser on every change: CodeQL or Semgrep in GitHub Actions, "
            "GitLab's SAST template, or Bandit, gosec or Brakeman for one language.",
            rule="missing",
        )
        return self.result(Outcome.FAIL, "No static security analysis found.", [finding], data)


def _tools(context: ScanContext) -> set[tuple[str, str]]:
    """(path, tool) for each configuration file or CI definition that runs an analyser."""
    tree = context.tree
    found: set[tuple[str, str]] = set()
    for file in tree.files:
        if file.depth > 2:
            continue
        lowered = file.path.lower()
        if lowered in _CONFIG_FILES:
            found.add((file.path, _CONFIG_FILES[lowered]))
        elif _CI.match(file.path):
            try:
                text = tree.read_text(file, 512 * 1024).lower()
            except ScanError:
                continue
            found |= {(file.path, _MENTIONS[m.group(0)]) for m in _MENTION.finditer(text)}
    return found
