"""license.file-coverage: the share of files carrying license and copyright information, as
REUSE (reuse.software) asks for."""

from __future__ import annotations

from osunited.scanner._context import ScanContext
from osunited.scanner._model import CheckResult, Evidence, Finding, Outcome, Pillar, Severity
from osunited.scanner._text import _
from osunited.scanner.checks._base import Check
from osunited.scanner.licenses import FileLicenseInfo, is_license_file

_EXAMPLES = 20


class FileCoverage(Check):
    id = "license.file-coverage"
    title = _("License and copyright in each file")
    pillar = Pillar.LICENSING

    def run(self, context: ScanContext) -> CheckResult:
        infos = [i for p, i in context.licenses.files.items() if not is_license_file(p)]
        if not infos:
            return self.not_available(_("The tree has no text files besides license files."))
        licensed = [i for i in infos if i.has_license_information]
        owned = [i for i in infos if i.has_copyright]
        share = len(licensed) / len(infos)
        threshold = context.policy.min_file_coverage
        findings = []
        if share < threshold:
            findings.append(self._low(infos, share, threshold))
        data = {
            "files": len(infos),
            "with_license": len(licensed),
            "with_copyright": len(owned),
            "license_share": round(share, 3),
            "copyright_share": round(len(owned) / len(infos), 3),
            "threshold": threshold,
        }
        summary = _(
            "{share:.0%} of {count} files state their license.", share=share, count=len(infos)
        )
        return self.result(Outcome.FAIL if findings else Outcome.PASS, summary, findings, data)

    def _low(self, infos: list[FileLicenseInfo], share: float, threshold: float) -> Finding:
        missing = [Evidence(i.path) for i in infos if not i.has_license_information]
        return self.finding(
            _(
                "Only {share:.0%} of files state their license (the policy asks for "
                "{threshold:.0%}).",
                share=share,
                threshold=threshold,
            ),
            Severity.WARNING,
            _(
                "Add an `SPDX-License-Identifier:` line and an `SPDX-FileCopyrightText:` line to "
                "the header of each file (https://reuse.software/tutorial/)."
            ),
            missing[:_EXAMPLES],
            rule="low",
        )
