"""license.declared-matches-detected: what manifests and READMEs say agrees with the license
files, and none of them says "not licensed"."""

from __future__ import annotations

from osunited.scanner._context import ScanContext
from osunited.scanner._model import CheckResult, Evidence, Finding, Outcome, Pillar, Severity
from osunited.scanner._text import _, join
from osunited.scanner.checks._base import Check
from osunited.scanner.licenses import LicenseClaim
from osunited.scanner.licenses._claims import Meaning, Source
from osunited.scanner.licenses._spdx import combine, gpl_scope, license_ids


class DeclaredMatchesDetected(Check):
    id = "license.declared-matches-detected"
    title = _("Declared license matches the license files")
    pillar = Pillar.LICENSING

    def run(self, context: ScanContext) -> CheckResult:
        analysis = context.licenses
        claims = analysis.claims
        detected = combine(d.expression for d in analysis.detected)
        data = {"declared": analysis.declared_expression, "detected": detected}
        findings = [self._not_spdx(c) for c in claims if c.meaning == Meaning.UNKNOWN]
        if not any(c.source != Source.LICENSE_FILE for c in _saying(claims)):
            summary = _("No package manifest or README names a license.")
            return self.result(Outcome.PASS, summary, findings, data)
        if _disagree(claims):
            findings.append(self._mismatch(claims))
        elif any(c.meaning == Meaning.NOT_LICENSED for c in claims):
            findings.append(self._not_licensed(claims))
        failed = [f for f in findings if f.severity != Severity.INFO]
        summary = _("Declared licenses agree.")
        if any(f.rule_id.endswith(".mismatch") for f in findings):
            summary = _("Declared and detected licenses differ.")
        elif failed:
            summary = _("The project is declared not licensed to others.")
        return self.result(Outcome.FAIL if failed else Outcome.PASS, summary, findings, data)

    def _not_spdx(self, claim: LicenseClaim) -> Finding:
        return self.finding(
            _(
                "{path} declares '{said}', which is not an SPDX license expression.",
                path=claim.path,
                said=claim.said,
            ),
            Severity.INFO,
            _("Declare the license with its SPDX id (spdx.org/licenses)."),
            [Evidence(claim.path, claim.line, snippet=claim.said)],
            rule="not-spdx",
        )

    def _mismatch(self, claims: list[LicenseClaim]) -> Finding:
        said = _saying(claims)
        return self.finding(
            _(
                "The project's license statements differ: {statements}.",
                statements=join("; ", [c.describe() for c in said]),
            ),
            Severity.WARNING,
            _(
                "Make the license files, the package manifests and the README name the same "
                "license."
            ),
            [Evidence(c.path, c.line, snippet=c.said) for c in said],
            rule="mismatch",
        )

    def _not_licensed(self, claims: list[LicenseClaim]) -> Finding:
        said = [c for c in claims if c.meaning == Meaning.NOT_LICENSED]
        return self.finding(
            _(
                "{statements}: no one else may use, change or share the code.",
                statements=join("; ", [c.describe() for c in said]),
            ),
            Severity.WARNING,
            _(
                "Declare the SPDX id of an open source license if the project is meant to be "
                "reused (see license.project)."
            ),
            [Evidence(c.path, c.line, snippet=c.said) for c in said],
            rule="not-licensed",
        )


def _saying(claims: list[LicenseClaim]) -> list[LicenseClaim]:
    """The claims that name a license or say there is none, manifests and READMEs first."""
    order = {Source.MANIFEST: 0, Source.README: 1, Source.LICENSE_FILE: 2}
    said = [c for c in claims if c.meaning in (Meaning.LICENSE, Meaning.NOT_LICENSED)]
    return sorted(said, key=lambda c: order[c.source])


def _disagree(claims: list[LicenseClaim]) -> bool:
    """Whether the statements contradict each other: one says "not licensed" and another names
    a license, or one names a license the license files do not give (without license files:
    two name licenses with nothing in common)."""
    said = _saying(claims)
    if len({c.meaning for c in said}) > 1:
        return True
    naming = [c for c in said if c.meaning == Meaning.LICENSE]
    files = [c for c in naming if c.source == Source.LICENSE_FILE]
    others = [c for c in naming if c.source != Source.LICENSE_FILE]
    if files:
        given = set().union(*(_ids(c) for c in files))
        return any(not _given(i, given, c.source == Source.README) for c in others for i in _ids(c))
    bases = [{_base(i) for i in _ids(c)} for c in others]
    return any(not a & b for n, a in enumerate(bases) for b in bases[n + 1 :])


def _ids(claim: LicenseClaim) -> set[str]:
    return set(license_ids(claim.expression)) if claim.expression else set()


def _given(license_id: str, given: set[str], loose: bool) -> bool:
    """Whether the license files give `license_id`; `loose` for a README, whose badges and
    "License: AGPL v3" lines seldom say "only" or "or later"."""
    if license_id in given:
        return True
    return loose and _base(license_id) in {_base(i) for i in given}


def _base(license_id: str) -> str:
    """GPL-3.0 for GPL-3.0-only and GPL-3.0-or-later; other ids as they are."""
    scope = gpl_scope(license_id)
    return scope[0] if scope else license_id
