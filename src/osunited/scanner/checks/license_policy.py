"""license.policy: the project licenses are in the organisation's recommended set (CPF 4.2)."""

from __future__ import annotations

from osunited.scanner._context import ScanContext
from osunited.scanner._model import CheckResult, Outcome, Pillar, Severity
from osunited.scanner._text import _
from osunited.scanner.checks._base import Check
from osunited.scanner.licenses._spdx import is_exception


class RecommendedLicense(Check):
    id = "license.policy"
    title = _("Recommended license")
    pillar = Pillar.LICENSING

    def run(self, context: ScanContext) -> CheckResult:
        policy = context.policy
        ids = [i for i in context.licenses.license_ids if not is_exception(i)]
        if not ids:
            return self.not_available(_("No project license was found (see license.project)."))
        findings = []
        for license_id in ids:
            if license_id in policy.forbidden_licenses:
                findings.append(
                    self.finding(
                        _("{license} is forbidden by the policy.", license=license_id),
                        Severity.ERROR,
                        _("Relicense the project under a license of the recommended set."),
                        rule="forbidden",
                    )
                )
            elif license_id not in policy.recommended_licenses:
                findings.append(
                    self.finding(
                        _(
                            "{license} is not in the recommended set of licenses.",
                            license=license_id,
                        ),
                        Severity.WARNING,
                        _(
                            "Use a recommended license, or seek clearance from your legal team "
                            "(CPF 4.2.3)."
                        ),
                        rule="not-recommended",
                    )
                )
        recommended = [i for i in ids if i in policy.recommended_licenses]
        return self.result(
            Outcome.FAIL if findings else Outcome.PASS,
            _(
                "{count} of {total} license(s) in the recommended set.",
                count=len(recommended),
                total=len(ids),
            ),
            findings,
            {"recommended": recommended, "not_recommended": sorted(set(ids) - set(recommended))},
        )
