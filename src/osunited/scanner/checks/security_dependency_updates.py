"""security.dependency-updates: a bot proposes dependency updates (OpenSSF Scorecard's
Dependency-Update-Tool)."""

from __future__ import annotations

from osunited.scanner._context import ScanContext
from osunited.scanner._model import CheckResult, Outcome, Pillar, Severity
from osunited.scanner._text import _
from osunited.scanner.checks._base import Check

CONFIGURATIONS = {
    ".github/dependabot.yml": "Dependabot",
    ".github/dependabot.yaml": "Dependabot",
    "renovate.json": "Renovate",
    "renovate.json5": "Renovate",
    ".renovaterc": "Renovate",
    ".renovaterc.json": "Renovate",
    ".renovaterc.json5": "Renovate",
    ".github/renovate.json": "Renovate",
    ".github/renovate.json5": "Renovate",
    ".gitlab/renovate.json": "Renovate",
    ".gitlab/renovate.json5": "Renovate",
    ".pyup.yml": "PyUp",
    ".snyk": "Snyk",
}


class DependencyUpdates(Check):
    id = "security.dependency-updates"
    title = _("Dependency update automation")
    pillar = Pillar.SECURITY

    def run(self, context: ScanContext) -> CheckResult:
        found = {
            file.path: tool
            for file in context.tree.near_top()
            if (tool := CONFIGURATIONS.get(file.path.lower())) is not None
        }
        data = {"tools": sorted(set(found.values())), "paths": sorted(found)}
        if found:
            tools = ", ".join(data["tools"])
            summary = _("Dependencies are kept up to date by {tools}.", tools=tools)
            return self.result(Outcome.PASS, summary, data=data)
        finding = self.finding(
            _("No dependency update tool (Dependabot, Renovate) is configured."),
            Severity.WARNING,
            _(
                "Add .github/dependabot.yml or a renovate.json so that updates, security fixes "
                "first, arrive as merge requests."
            ),
            rule="missing",
        )
        summary = _("No dependency update automation.")
        return self.result(Outcome.FAIL, summary, [finding], data)
