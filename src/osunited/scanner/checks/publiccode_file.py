"""publiccode.valid: a publiccode.yml describes the project and follows the standard."""

from __future__ import annotations

from osunited.scanner._context import ScanContext
from osunited.scanner._model import CheckResult, Evidence, Finding, Outcome, Pillar, Severity
from osunited.scanner.checks._base import Check
from osunited.scanner.publiccode import MAX_BYTES, PublicCodeProblem, validate_publiccode

_NAMES = ("publiccode.yml", "publiccode.yaml")
_DOCUMENT_KEPT_BYTES = 64 * 1024


class PublicCode(Check):
    id = "publiccode.valid"
    title = "publiccode.yml"
    pillar = Pillar.REUSABILITY

    def run(self, context: ScanContext) -> CheckResult:
        file = next((f for f in context.tree.top_level() if f.name.lower() in _NAMES), None)
        if file is None:
            finding = self.finding(
                "The project has no publiccode.yml, so catalogs of public software cannot "
                "describe it.",
                Severity.WARNING,
                "Draft one with `osu publiccode init`, review its TODOs, and commit it "
                "(https://yml.publiccode.tools).",
                rule="missing",
            )
            return self.result(Outcome.FAIL, "No publiccode.yml.", [finding], {"path": None})
        text = context.tree.read_bytes(file, MAX_BYTES + 1).decode("utf-8", "replace")
        validation = validate_publiccode(text)
        findings = [self._problem(file.path, p) for p in validation.problems]
        summary = (
            f"{file.path} is valid (version {validation.version})."
            if validation.valid
            else f"{file.path} has {len(validation.errors)} error(s)."
        )
        data = {
            "path": file.path,
            "version": validation.version,
            "valid": validation.valid,
            "errors": len(validation.errors),
            "warnings": len(validation.warnings),
        }
        if validation.valid and len(text) <= _DOCUMENT_KEPT_BYTES:
            # Catalogs prefill a registration from it after the clone is gone.
            data["document"] = text
        outcome = Outcome.PASS if validation.valid else Outcome.FAIL
        return self.result(outcome, summary, findings, data)

    def _problem(self, path: str, problem: PublicCodeProblem) -> Finding:
        return self.finding(
            f"{problem.key}: {problem.message}" if problem.key else problem.message,
            Severity.ERROR if problem.severity == "error" else Severity.INFO,
            "Fix the file; `osu publiccode validate` lists every problem.",
            [Evidence(path, problem.line, problem.column)],
            rule="invalid" if problem.severity == "error" else "advice",
        )
