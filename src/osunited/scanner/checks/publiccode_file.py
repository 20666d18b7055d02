"""publiccode.valid: a publiccode.yml describes the project and follows the standard."""

from __future__ import annotations

from osunited.scanner._context import ScanContext
from osunited.scanner._errors import ScanError
from osunited.scanner._model import CheckResult, Evidence, Finding, Outcome, Pillar, Severity
from osunited.scanner._text import _, verbatim
from osunited.scanner._tree import SourceTree
from osunited.scanner.checks._base import Check
from osunited.scanner.publiccode import (
    MAX_BYTES,
    FileReader,
    PublicCodeProblem,
    validate_publiccode,
)
from osunited.scanner.publiccode._files import HEAD_BYTES

_NAMES = ("publiccode.yml", "publiccode.yaml")
_VERDICTS = {"valid": _("valid"), "valid with warnings": _("valid with warnings")}
_DOCUMENT_KEPT_BYTES = 64 * 1024


class PublicCode(Check):
    id = "publiccode.valid"
    title = _("publiccode.yml")
    pillar = Pillar.REUSABILITY

    def run(self, context: ScanContext) -> CheckResult:
        file = next((f for f in context.tree.top_level() if f.name.lower() in _NAMES), None)
        if file is None:
            finding = self.finding(
                _(
                    "The project has no publiccode.yml, so catalogs of public software cannot "
                    "describe it."
                ),
                Severity.WARNING,
                _(
                    "Draft one with `osu publiccode init`, review its TODOs, and commit it "
                    "(https://yml.publiccode.tools)."
                ),
                rule="missing",
            )
            summary = _("No publiccode.yml.")
            return self.result(Outcome.FAIL, summary, [finding], {"path": None})
        content = context.tree.read_bytes(file, MAX_BYTES + 1)
        validation = validate_publiccode(content, files=_tree_files(context.tree))
        findings = [self._problem(file.path, p) for p in validation.problems]
        summary = (
            _(
                "{path} is {verdict} (version {version}).",
                path=file.path,
                verdict=_VERDICTS[validation.verdict],
                version=validation.version,
            )
            if validation.valid
            else _("{path} has {count} error(s).", path=file.path, count=len(validation.errors))
        )
        data = {
            "path": file.path,
            "version": validation.version,
            "valid": validation.valid,
            "errors": len(validation.errors),
            "warnings": len(validation.warnings),
        }
        if validation.valid and len(content) <= _DOCUMENT_KEPT_BYTES:
            # Catalogs prefill a registration from it after the clone is gone.
            data["document"] = content.decode("utf-8-sig")
        outcome = Outcome.PASS if validation.valid else Outcome.FAIL
        return self.result(outcome, summary, findings, data)

    def _problem(self, path: str, problem: PublicCodeProblem) -> Finding:
        return self.finding(
            _("{key}: {problem}", key=problem.key, problem=verbatim(problem.message))
            if problem.key
            else verbatim(problem.message),
            Severity.ERROR if problem.severity == "error" else Severity.INFO,
            _("Fix the file; `osu publiccode validate` lists every problem."),
            [Evidence(path, problem.line, problem.column)],
            rule="invalid" if problem.severity == "error" else "advice",
        )


def _tree_files(tree: SourceTree) -> FileReader:
    """The files of the scanned tree, for the logo and screenshots named in the publiccode.yml
    (which lies at the root)."""

    def read(path: str) -> bytes | None:
        found = tree.get(path)
        try:
            return None if found is None else tree.read_bytes(found, HEAD_BYTES)
        except ScanError:
            return None

    return read
