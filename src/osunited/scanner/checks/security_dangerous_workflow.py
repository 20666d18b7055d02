"""security.dangerous-workflow: no workflow runs untrusted code with the repository's secrets
(Scorecard's Dangerous-Workflow): pull_request_target checking out the pull request, or
attacker-controlled text expanded inside a shell script."""

from __future__ import annotations

import re

from osunited.scanner._context import ScanContext
from osunited.scanner._model import CheckResult, Evidence, Finding, Outcome, Pillar, Severity
from osunited.scanner._text import _
from osunited.scanner.checks._base import Check
from osunited.scanner.checks._workflows import Workflow

# Expressions whose value anyone who opens an issue or a pull request chooses.
_UNTRUSTED = re.compile(
    r"\$\{\{\s*(github\.event\.(?:issue\.(?:title|body)|pull_request\.(?:title|body|head\.ref|"
    r"head\.label|head\.repo\.default_branch)|comment\.body|review\.body|review_comment\.body|"
    r"pages\.[^}]*\.page_name|commits\.[^}]*\.(?:message|author\.(?:email|name))|"
    r"head_commit\.(?:message|author\.(?:email|name))|workflow_run\.(?:head_branch|"
    r"head_commit\.[^}\s]+|display_title))|github\.head_ref)\s*\}\}"
)
_PR_HEAD = re.compile(r"github\.event\.pull_request\.head\.(?:sha|ref)|github\.head_ref")


class DangerousWorkflow(Check):
    id = "security.dangerous-workflow"
    title = _("No dangerous workflow patterns")
    pillar = Pillar.SECURITY

    def run(self, context: ScanContext) -> CheckResult:
        workflows = context.ci_files.github_workflows
        if not workflows:
            return self.not_available(_("No GitHub-style workflow in the tree."))
        findings = [f for w in workflows for f in self._injections(w) + self._untrusted_checkout(w)]
        data = {"workflows": len(workflows), "problems": len(findings)}
        if not findings:
            summary = _("No dangerous pattern in the workflows.")
            return self.result(Outcome.PASS, summary, data=data)
        summary = _("{count} dangerous pattern(s) in the workflows.", count=len(findings))
        return self.result(Outcome.FAIL, summary, findings, data)

    def _injections(self, workflow: Workflow) -> list[Finding]:
        findings = []
        for _job, step in workflow.steps():
            script = step.get("run")
            for match in _UNTRUSTED.finditer(script if isinstance(script, str) else ""):
                findings.append(
                    self.finding(
                        _(
                            "`{expression}` is expanded inside a shell script: whoever writes "
                            "that text can run commands in the workflow, with its secrets.",
                            expression=match.group(0),
                        ),
                        Severity.ERROR,
                        _(
                            "Pass the value through an environment variable (env: TITLE: "
                            '${{{{ github.event.issue.title }}}}) and use "$TITLE" in the '
                            "script."
                        ),
                        [Evidence(workflow.path, workflow.line_of(match.group(0)))],
                        rule="script-injection",
                    )
                )
        return findings

    def _untrusted_checkout(self, workflow: Workflow) -> list[Finding]:
        if "pull_request_target" not in workflow.triggers:
            return []
        findings = []
        for _job, step in workflow.steps():
            uses, options = step.get("uses"), step.get("with")
            ref = options.get("ref") if isinstance(options, dict) else None
            is_checkout = isinstance(uses, str) and uses.startswith("actions/checkout")
            if is_checkout and isinstance(ref, str) and _PR_HEAD.search(ref):
                findings.append(
                    self.finding(
                        _(
                            "A pull_request_target workflow checks out the pull request's code: "
                            "it runs untrusted code with write access and secrets."
                        ),
                        Severity.ERROR,
                        _(
                            "Use the pull_request trigger for building contributions, or never "
                            "run the checked-out code in a pull_request_target workflow."
                        ),
                        [Evidence(workflow.path, workflow.line_of(ref))],
                        rule="untrusted-checkout",
                    )
                )
        return findings
