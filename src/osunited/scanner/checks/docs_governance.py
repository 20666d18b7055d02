"""Governance: who maintains the project and how decisions are made."""

from __future__ import annotations

from osunited.scanner._context import ScanContext
from osunited.scanner._model import CheckResult, Outcome, Pillar, Severity
from osunited.scanner._text import _
from osunited.scanner._tree import SourceFile, SourceTree
from osunited.scanner.checks._base import Check
from osunited.scanner.checks._documents import COMMUNITY_FOLDERS, evidence, find_documents

# Each kind of governance document, by its conventional names and folders.
KINDS = {
    "governance": (frozenset({"governance"}), COMMUNITY_FOLDERS),
    "maintainers": (frozenset({"maintainers", "owners", "owners_aliases"}), COMMUNITY_FOLDERS),
    "codeowners": (frozenset({"codeowners"}), (*COMMUNITY_FOLDERS, ".gitlab")),
}


class Governance(Check):
    id = "docs.governance"
    title = _("Governance")
    pillar = Pillar.DOCUMENTATION

    def run(self, context: ScanContext) -> CheckResult:
        found = _governance_files(context.tree)
        data = {"files": {kind: f.path for kind, f in found.items()}, "kinds": sorted(found)}
        if "governance" in found:
            summary = _("Governance is described in {path}.", path=found["governance"].path)
            return self.result(Outcome.PASS, summary, data=data)
        if found:
            named = ", ".join(f.path for f in found.values())
            finding = self.finding(
                _(
                    "Maintainers are named ({files}) but no GOVERNANCE document says how "
                    "decisions are made.",
                    files=named,
                ),
                Severity.INFO,
                _REMEDIATION,
                evidence(found.values()),
                rule="no-governance",
            )
            summary = _("Maintainers are named in {files}.", files=named)
            return self.result(Outcome.PASS, summary, [finding], data)
        message = _("No GOVERNANCE, MAINTAINERS or CODEOWNERS file was found.")
        finding = self.finding(message, Severity.WARNING, _REMEDIATION, rule="missing")
        return self.result(Outcome.FAIL, message, [finding], data)


_REMEDIATION = _(
    "Add GOVERNANCE.md: the roles (users, contributors, maintainers), how one becomes a "
    "maintainer, and how decisions are made; list the maintainers in MAINTAINERS.md or CODEOWNERS."
)


def _governance_files(tree: SourceTree) -> dict[str, SourceFile]:
    found = {}
    for kind, (stems, folders) in KINDS.items():
        files = find_documents(tree, stems, folders)
        if files:
            found[kind] = files[0]
    return found
