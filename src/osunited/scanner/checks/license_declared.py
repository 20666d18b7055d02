"""license.declared-matches-detected: what manifests declare agrees with the license files."""

from __future__ import annotations

from osunited.scanner._context import ScanContext
from osunited.scanner._model import CheckResult, Evidence, Outcome, Pillar, Severity
from osunited.scanner.checks._base import Check
from osunited.scanner.licenses._spdx import combine, license_ids


class DeclaredMatchesDetected(Check):
    id = "license.declared-matches-detected"
    title = "Declared license matches the license files"
    pillar = Pillar.LICENSING

    def run(self, context: ScanContext) -> CheckResult:
        analysis = context.licenses
        if not analysis.declared:
            return self.result(Outcome.PASS, "No package manifest declares a license.")
        detected = combine(d.expression for d in analysis.detected)
        detected_ids = set(license_ids(detected)) if detected else set()
        findings = []
        for declared in analysis.declared:
            if declared.points_to_file:
                continue  # `license = {file = "LICENSE"}`: the license file speaks
            where = [Evidence(declared.path, declared.line, snippet=declared.raw)]
            if declared.spdx is None:
                findings.append(
                    self.finding(
                        f"{declared.path} declares '{declared.raw}', which is not an SPDX "
                        "license expression.",
                        Severity.INFO,
                        "Declare the license with its SPDX id (spdx.org/licenses).",
                        where,
                        rule="not-spdx",
                    )
                )
            elif detected_ids and not set(license_ids(declared.spdx)) <= detected_ids:
                findings.append(
                    self.finding(
                        f"{declared.path} declares {declared.spdx}, but the license files "
                        f"say {detected}.",
                        Severity.WARNING,
                        "Make the manifest and the license files name the same license.",
                        where,
                        rule="mismatch",
                    )
                )
        mismatch = any(f.rule_id.endswith("mismatch") for f in findings)
        return self.result(
            Outcome.FAIL if mismatch else Outcome.PASS,
            "Declared and detected licenses differ." if mismatch else "Declared licenses agree.",
            findings,
            {"declared": analysis.declared_expression, "detected": detected},
        )
