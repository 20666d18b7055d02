"""security.token-permissions: workflows give their token no more than read access unless a
job needs more (Scorecard's Token-Permissions)."""

from __future__ import annotations

from osunited.scanner._context import ScanContext
from osunited.scanner._model import CheckResult, Evidence, Finding, Outcome, Pillar, Severity
from osunited.scanner._text import _
from osunited.scanner.checks._base import Check
from osunited.scanner.checks._workflows import Workflow

_REMEDIATION = _(
    "Add `permissions: read-all` (or `contents: read`) at the top of the workflow and grant "
    "write permissions only to the jobs that need them."
)


class TokenPermissions(Check):
    id = "security.token-permissions"
    title = _("Least-privilege workflow tokens")
    pillar = Pillar.SECURITY

    def run(self, context: ScanContext) -> CheckResult:
        workflows = context.ci_files.github_workflows
        if not workflows:
            return self.not_available(_("No GitHub-style workflow in the tree."))
        findings = [f for workflow in workflows for f in self._problems(workflow)]
        data = {"workflows": len(workflows), "problems": len(findings)}
        if not findings:
            return self.result(Outcome.PASS, _("Every workflow limits its token."), data=data)
        summary = _("{count} workflow token(s) with broad permissions.", count=len(findings))
        return self.result(Outcome.FAIL, summary, findings, data)

    def _problems(self, workflow: Workflow) -> list[Finding]:
        top = workflow.document.get("permissions")
        jobs = workflow.jobs()
        if top == "write-all" or any(
            job.get("permissions") == "write-all" for job in jobs.values()
        ):
            message = _("The workflow {path} grants `write-all` to its token.", path=workflow.path)
            return [self._finding(workflow, message, "write-all")]
        if top is None and any("permissions" not in job for job in jobs.values()):
            message = _(
                "The workflow {path} does not set `permissions`, so its token has the "
                "repository's default, often read and write.",
                path=workflow.path,
            )
            return [self._finding(workflow, message, "missing")]
        return []

    def _finding(self, workflow: Workflow, message: str, rule: str) -> Finding:
        return self.finding(
            message,
            Severity.WARNING,
            _REMEDIATION,
            [Evidence(workflow.path, workflow.line_of("permissions") if rule != "missing" else 1)],
            rule=rule,
        )
