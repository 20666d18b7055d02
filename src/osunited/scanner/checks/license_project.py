"""license.project: the project's license, from its license files, tags and manifests."""

from __future__ import annotations

from typing import Any

from osunited.scanner._context import ScanContext
from osunited.scanner._model import CheckResult, Evidence, Finding, Outcome, Pillar, Severity
from osunited.scanner.checks._base import Check
from osunited.scanner.licenses import ATTRIBUTION, LicenseAnalysis

_ADD_LICENSE = (
    "Add a LICENSE file at the top of the repository with the full, unmodified text of an "
    "open source license from the recommended set (CPF 4.2), and state it in the README."
)


class ProjectLicense(Check):
    id = "license.project"
    title = "Project license"
    pillar = Pillar.LICENSING

    def run(self, context: ScanContext) -> CheckResult:
        analysis = context.licenses
        findings = self._missing(analysis) + self._unknown(analysis)
        expression = analysis.expression
        outcome = Outcome.PASS if expression and not findings else Outcome.FAIL
        summary = f"Licensed {expression}." if expression else "No license found."
        return self.result(outcome, summary, findings, _data(analysis))

    def _missing(self, analysis: LicenseAnalysis) -> list[Finding]:
        if analysis.detected:
            return []
        if analysis.declared:
            where = [Evidence(d.path, d.line, snippet=d.raw) for d in analysis.declared]
            return [
                self.finding(
                    "A license is declared in a package manifest, but no license file "
                    "carries its text.",
                    Severity.WARNING,
                    _ADD_LICENSE,
                    where,
                    rule="no-license-file",
                )
            ]
        message = "No license file, license tag or declared license was found."
        return [self.finding(message, Severity.ERROR, _ADD_LICENSE, rule="missing")]

    def _unknown(self, analysis: LicenseAnalysis) -> list[Finding]:
        findings = []
        for path, text in analysis.unknown:
            guess = f" The closest known license is {text.closest} ({text.score:g}% of its text)."
            findings.append(
                self.finding(
                    f"Lines {text.start_line}-{text.end_line} read like license terms that "
                    "match no known license." + (guess if text.closest else ""),
                    Severity.WARNING,
                    "Use a standard license text unchanged, or have this text reviewed by "
                    "your legal team.",
                    [Evidence(path, text.start_line)],
                    rule="unknown-text",
                )
            )
        return findings


def _data(analysis: LicenseAnalysis) -> dict[str, Any]:
    return {
        "expression": analysis.expression,
        "license_ids": analysis.license_ids,
        "license_files": analysis.license_files,
        "detected": [
            {
                "expression": d.expression,
                "coverage": d.coverage,
                "evidence": [{"path": e.path, "line": e.line} for e in d.evidence],
            }
            for d in analysis.detected
        ],
        "declared": [
            {"path": d.path, "line": d.line, "ecosystem": d.ecosystem, "raw": d.raw, "spdx": d.spdx}
            for d in analysis.declared
        ],
        "unknown": [
            {
                "path": p,
                "start_line": u.start_line,
                "end_line": u.end_line,
                "closest": u.closest,
                "score": u.score,
            }
            for p, u in analysis.unknown
        ],
        "notes": analysis.scope_notes,
        "attribution": ATTRIBUTION,
    }
