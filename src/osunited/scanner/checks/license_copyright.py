"""license.copyright: who holds the copyright (clear ownership, DPG indicator 3).

The holders are those of the project's own files; the statements of vendored and generated files
name the authors of code copied in or built, so they are reported apart and never pass the check.
"""

from __future__ import annotations

from typing import Any

from osunited.scanner._context import ScanContext
from osunited.scanner._model import CheckResult, Evidence, Outcome, Pillar, Severity
from osunited.scanner._text import _, join
from osunited.scanner.checks._base import Check
from osunited.scanner.licenses._holders import Holder, project_holders

_TOP = 10
_REMEDY = _(
    "State who owns the code, e.g. 'Copyright 2025 United Nations Children's Fund (UNICEF)', "
    "in the license file and in file headers."
)


class CopyrightHolders(Check):
    id = "license.copyright"
    title = _("Copyright holders")
    pillar = Pillar.LICENSING

    def run(self, context: ScanContext) -> CheckResult:
        licenses = context.licenses
        holders = project_holders(licenses.files, licenses.license_files)
        data = {
            **_listed("holders", holders.own),
            **_listed("vendored_holders", holders.elsewhere_made),
        }
        if holders.own:
            return self.result(
                Outcome.PASS, _summary(holders.own, holders.elsewhere_made), data=data
            )
        if holders.elsewhere_made:
            return self._only_elsewhere_made(holders.elsewhere_made, data)
        finding = self.finding(
            _("No copyright statement names an owner of the code."),
            Severity.WARNING,
            _REMEDY,
            rule="missing",
        )
        return self.result(Outcome.FAIL, _("No copyright holder found."), [finding], data)

    def _only_elsewhere_made(
        self, elsewhere_made: tuple[Holder, ...], data: dict[str, Any]
    ) -> CheckResult:
        names = _names(elsewhere_made)
        finding = self.finding(
            _(
                "No copyright statement in the project's own files names an owner; only "
                "vendored or generated files do ({names}), and they name the authors of code "
                "copied in or built, not the owner of this project.",
                names=names,
            ),
            Severity.WARNING,
            _REMEDY,
            [Evidence(h.path, h.line or None, snippet=h.name) for h in elsewhere_made[:3]],
            rule="missing",
        )
        summary = _("Copyright holders found only in vendored or generated files.")
        return self.result(Outcome.FAIL, summary, [finding], data)


def _listed(key: str, holders: tuple[Holder, ...]) -> dict[str, Any]:
    count_key = "holder_count" if key == "holders" else "vendored_holder_count"
    return {
        key: [
            {"name": h.name, "files": h.files, "statements": h.statements} for h in holders[:_TOP]
        ],
        count_key: len(holders),
    }


def _summary(own: tuple[Holder, ...], elsewhere_made: tuple[Holder, ...]) -> str:
    names = _names(own)
    # "Acme Inc." ends the sentence with its own full stop.
    summary = _("Copyright held by {names}.", names=names.removesuffix("."))
    if not elsewhere_made:
        return summary
    apart = _(
        "Vendored or generated files name {count} holder(s), listed apart.",
        count=len(elsewhere_made),
    )
    return join(" ", [summary, apart])


def _names(holders: tuple[Holder, ...]) -> str:
    names = ", ".join(h.name for h in holders[:3])
    more = len(holders) - 3
    return _("{names} and {more} more", names=names, more=more) if more > 0 else names
