"""license.osi-approved: every project license is an OSI-approved open source license."""

from __future__ import annotations

from osunited.scanner._context import ScanContext
from osunited.scanner._model import CheckResult, Finding, Outcome, Pillar, Severity
from osunited.scanner._text import _
from osunited.scanner.checks._base import Check
from osunited.scanner.licenses._spdx import is_exception, is_known, is_osi_approved, license_name


class OsiApproved(Check):
    id = "license.osi-approved"
    title = _("OSI-approved license")
    pillar = Pillar.LICENSING

    def run(self, context: ScanContext) -> CheckResult:
        ids = [i for i in context.licenses.license_ids if not is_exception(i)]
        if not ids:
            return self.not_available(_("No project license was found (see license.project)."))
        findings = []
        for license_id in ids:
            if not is_known(license_id):
                findings.append(
                    self.finding(
                        _(
                            "{license} is not on the SPDX License List, so whether it is open "
                            "source is unknown.",
                            license=license_id,
                        ),
                        Severity.WARNING,
                        _(
                            "Prefer a license on the SPDX list approved by the OSI; otherwise "
                            "have this license reviewed by your legal team."
                        ),
                        rule="unknown",
                    )
                )
            elif not is_osi_approved(license_id):
                findings.append(self._not_approved(license_id, context))
        serious = [f for f in findings if f.severity != Severity.INFO]
        outcome = Outcome.FAIL if serious else Outcome.PASS
        approved = [i for i in ids if is_osi_approved(i)]
        summary = _(
            "{count} of {total} license(s) OSI-approved.", count=len(approved), total=len(ids)
        )
        data = {
            "licenses": [
                {
                    "id": i,
                    "name": license_name(i),
                    "osi_approved": is_osi_approved(i),
                    "on_spdx_list": is_known(i),
                }
                for i in ids
            ]
        }
        return self.result(outcome, summary, findings, data)

    def _not_approved(self, license_id: str, context: ScanContext) -> Finding:
        name = _("{name} ({license})", name=license_name(license_id), license=license_id)
        if license_id in context.policy.recommended_licenses:
            # Content licenses such as CC-BY-4.0 are recommended for documentation and data.
            return self.finding(
                _(
                    "{name} is not an OSI-approved software license; the policy recommends it "
                    "for documentation and data only.",
                    name=name,
                ),
                Severity.INFO,
                _("Make sure the code itself is under an OSI-approved license."),
                rule="content-license",
            )
        return self.finding(
            _("{name} is not approved by the Open Source Initiative.", name=name),
            Severity.ERROR,
            _("Release the code under an OSI-approved license (opensource.org/licenses)."),
            rule="not-approved",
        )
