"""license.copyright: who holds the copyright (clear ownership, DPG indicator 3)."""

from __future__ import annotations

from osunited.scanner._context import ScanContext
from osunited.scanner._model import CheckResult, Outcome, Pillar, Severity
from osunited.scanner.checks._base import Check

_TOP = 10


class CopyrightHolders(Check):
    id = "license.copyright"
    title = "Copyright holders"
    pillar = Pillar.LICENSING

    def run(self, context: ScanContext) -> CheckResult:
        holders = context.licenses.holders()
        if not holders:
            finding = self.finding(
                "No copyright statement names an owner of the code.",
                Severity.WARNING,
                "State who owns the code, e.g. 'Copyright 2025 United Nations Children's Fund "
                "(UNICEF)', in the license file and in file headers.",
                rule="missing",
            )
            return self.result(Outcome.FAIL, "No copyright holder found.", [finding])
        top = holders.most_common(_TOP)
        names = ", ".join(name for name, _ in top[:3])
        data = {
            "holders": [{"name": name, "statements": count} for name, count in top],
            "holder_count": len(holders),
        }
        return self.result(Outcome.PASS, f"Copyright held by {names}.", data=data)
