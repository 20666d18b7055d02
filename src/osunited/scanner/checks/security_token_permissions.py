"""security.token-permissions: workflows give their token no more than read access unless a
job needs more (Scorecard's Token-Permissions)."""

from __future__ import annotations

from osunited.scanner._context import ScanContext
from osunited.scanner._model import CheckResult, Evidence, Finding, Outcome, Pillar, Severity
from osunited.scanner.checks._base import Check
from osunited.scanner.checks._workflows import Workflow

_REMEDIATION = (
    "Add `permissions: read-all` (or `contents: read`) at the top of the workflow and grant "
    "write permissions only to the jobs that need them."
)


class TokenPermissions(Check):
    id = "security.token-permissions"
    title = "Least-privilege workflow tokens"
    pillar = Pillar.SECURITY

    def run(self, context: ScanContext) -> CheckResult:
        workflows = context.ci_files.github_workflows
        if not workflows:
            return self.not_available("No GitHub-style workflow in the tree.")
        findings = [f for workflow in workflows for f in self._problems(workflow)]
        data = {"workflows": len(workflows), "problems": len(findings)}
        if not findings:
            return self.result(Outcome.PASS, "Every workflow limits its token.", data=data)
        summary = f"{len(findings)} workflow token(s) with broad permissions."
        return self.result(Outcome.FAIL, summary, findings, data)

    def _problems(self, workflow: Workflow) -> list[Finding]:
        top = workflow.document.get("permissions")
        jobs = workflow.jobs()
        if top == "write-all" or any(
            job.get("permissions") == "write-all" for job in jobs.values()
        ):
            return [self._finding(workflow, "grants `write-all` to its token", "write-all")]
        if top is None and any("permissions" not in job for job in jobs.values()):
            return [
                self._finding(
                    workflow,
                    "does not set `permissions`, so its token has the repository's "
                    "default, often read and write",
                    "missing",
                )
            ]
        return []

    def _finding(self, workflow: Workflow, what: str, rule: str) -> Finding:
        return self.finding(
            f"The workflow {workflow.path} {what}.",
            Severity.WARNING,
            _REMEDIATION,
            [Evidence(workflow.path, workflow.line_of("permissions") if rule != "missing" else 1)],
            rule=rule,
        )
