"""license.project: the project's license, from its license files, tags and manifests."""

from __future__ import annotations

from typing import Any

from osunited.scanner._context import ScanContext
from osunited.scanner._model import CheckResult, Evidence, Finding, Outcome, Pillar, Severity
from osunited.scanner._text import _, join
from osunited.scanner.checks._base import Check
from osunited.scanner.licenses import (
    ATTRIBUTION,
    LicenseAnalysis,
    LicenseClaim,
    Scope,
    ScopedLicense,
)
from osunited.scanner.licenses._claims import Meaning, Source, is_proprietary

_ADD_LICENSE = _(
    "Add a LICENSE file at the top of the repository with the full, unmodified text of an "
    "open source license from the recommended set (CPF 4.2), and state it in the README."
)
_GRANT_A_LICENSE = _(
    "{add_license} If the project is meant to be reused, also remove the statements that say "
    "otherwise ('UNLICENSED', 'proprietary', 'All rights reserved' alone).",
    add_license=_ADD_LICENSE,
)
_APART = {
    Scope.DATA: _("covers data"),
    Scope.DOCUMENTATION: _("covers documentation or other content"),
    Scope.MEDIA: _("covers media (images, fonts, sounds)"),
    Scope.CONFIGURATION: _("covers configuration files"),
    Scope.SOME_FILES: _("covers a few files"),
    Scope.BUNDLED: _("covers bundled third-party components"),
    Scope.MENTIONED: _("is only mentioned"),
    Scope.UNUSED: _("is in LICENSES/ but used by no file"),
}
_WHAT_IT_SAYS = {
    Meaning.NO_ASSERTION: _("which says nothing about the license"),
    Meaning.UNKNOWN: _("which names no known license"),
}


class ProjectLicense(Check):
    id = "license.project"
    title = _("Project license")
    pillar = Pillar.LICENSING

    def run(self, context: ScanContext) -> CheckResult:
        analysis = context.licenses
        findings = self._missing(analysis, context) + self._unknown(analysis)
        expression = analysis.expression
        outcome = Outcome.PASS if expression and not findings else Outcome.FAIL
        summary: str = (
            _("Licensed {expression}.", expression=expression)
            if expression
            else _("No license found.")
        )
        if expression and analysis.packages and expression == analysis.package_expression:
            summary = _in_packages(analysis, expression)
        findings += [self._apart(scoped) for scoped in analysis.apart]
        if any(f.rule_id.endswith(".not-licensed") for f in findings):
            summary = _("Not licensed to others: the project reserves all rights.")
        return self.result(outcome, summary, findings, _data(analysis))

    def _missing(self, analysis: LicenseAnalysis, context: ScanContext) -> list[Finding]:
        if any(not is_proprietary(d.expression) for d in analysis.detected):
            return []
        claims = [c for c in analysis.claims if c.source != Source.LICENSE_FILE]
        refusals = [c for c in analysis.claims if c.meaning == Meaning.NOT_LICENSED]
        if refusals:
            return [self._not_licensed(refusals, claims)]
        if analysis.packages:
            return [self._in_subfolder(analysis)]
        if analysis.headers and not any(c.meaning == Meaning.LICENSE for c in claims):
            return [self._only_headers(analysis)]
        if any(c.source == Source.MANIFEST and c.meaning == Meaning.LICENSE for c in claims):
            return [
                self.finding(
                    _(
                        "A license is declared in a package manifest, but no license file "
                        "carries its text."
                    ),
                    Severity.WARNING,
                    _ADD_LICENSE,
                    _places(claims),
                    rule="no-license-file",
                )
            ]
        message = _("No license file, license tag or declared license was found.")
        said = [_unheeded(c, context) for c in claims]
        if said:
            message = _(
                "No license file carries a license text; {statements}.",
                statements=join("; ", said),
            )
        return [
            self.finding(message, Severity.ERROR, _ADD_LICENSE, _places(claims), rule="missing")
        ]

    def _in_subfolder(self, analysis: LicenseAnalysis) -> Finding:
        said = join("; ", [package.describe() for package in analysis.packages])
        return self.finding(
            _("No license at the top of the repository; {packages}.", packages=said),
            Severity.WARNING,
            _(
                "Put the license file at the top of the repository as well, so that people and "
                "tools that open the repository see it, and give the license an SPDX id with "
                "its version."
            ),
            [
                Evidence(path)
                for package in analysis.packages
                for path in package.license_files or package.manifests
            ],
            rule="license-in-subfolder",
        )

    def _apart(self, scoped: ScopedLicense) -> Finding:
        return self.finding(
            _(
                "{expression} {what}, not the project's code: {reason}.",
                expression=scoped.expression,
                what=_APART[scoped.scope],
                reason=scoped.reason,
            ),
            Severity.INFO,
            _("Nothing to do if this is right; say in the README which license covers what."),
            list(scoped.evidence),
            rule=f"other-license.{scoped.scope}",
        )

    def _only_headers(self, analysis: LicenseAnalysis) -> Finding:
        [stated] = analysis.headers
        share = stated.evidence[0].snippet
        return self.finding(
            _(
                "No license file carries a license text; {share} that state a license say "
                "{expression} in their headers.",
                share=share,
                expression=stated.expression,
            ),
            Severity.WARNING,
            _ADD_LICENSE,
            list(stated.evidence),
            rule="no-license-file",
        )

    def _not_licensed(self, refusals: list[LicenseClaim], claims: list[LicenseClaim]) -> Finding:
        others = [c for c in claims if c not in refusals]
        refused = join("; ", [c.describe() for c in refusals])
        message = (
            _(
                "The project grants no license: {refusals}. Elsewhere: {others}.",
                refusals=refused,
                others=join("; ", [c.describe() for c in others]),
            )
            if others
            else _("The project grants no license: {refusals}.", refusals=refused)
        )
        return self.finding(
            message,
            Severity.ERROR,
            _GRANT_A_LICENSE,
            _places(refusals + others),
            rule="not-licensed",
        )

    def _unknown(self, analysis: LicenseAnalysis) -> list[Finding]:
        findings = []
        for path, text in analysis.unknown:
            lines = {"start": text.start_line, "end": text.end_line}
            message = (
                _(
                    "Lines {start}-{end} read like license terms that match no known license. "
                    "The closest known license is {closest} ({share} of its text).",
                    closest=text.closest,
                    share=f"{text.score:g}%",  # "87.5% of" would read to xgettext as "% o"
                    **lines,
                )
                if text.closest
                else _(
                    "Lines {start}-{end} read like license terms that match no known license.",
                    **lines,
                )
            )
            findings.append(
                self.finding(
                    message,
                    Severity.WARNING,
                    _(
                        "Use a standard license text unchanged, or have this text reviewed by "
                        "your legal team."
                    ),
                    [Evidence(path, text.start_line)],
                    rule="unknown-text",
                )
            )
        return findings


def _unheeded(claim: LicenseClaim, context: ScanContext) -> str:
    """What a claim says, and why it does not license the project by itself."""
    said = claim.describe()
    if claim.meaning == Meaning.LICENSE:  # a README badge or line
        return _("{statement}, but only a license text in the repository grants it", statement=said)
    if claim.meaning == Meaning.FILE:
        why = _pointed(claim, context)
    else:
        why = _WHAT_IT_SAYS.get(claim.meaning) or _("which grants nothing")
    return _("{statement}, {why}", statement=said, why=why)


def _pointed(claim: LicenseClaim, context: ScanContext) -> str:
    path = claim.points_to or ""
    if any(file.path == path for file in context.tree.files):
        return _("but {path} carries no known license text", path=path)
    return _("but {path} is not in the repository", path=path)


def _in_packages(analysis: LicenseAnalysis, expression: str | None) -> str:
    folders = ", ".join(f"{p.folder}/" for p in analysis.packages)
    return _(
        "Licensed {expression} (the package in {folders}).", expression=expression, folders=folders
    )


def _places(claims: list[LicenseClaim]) -> list[Evidence]:
    return [Evidence(c.path, c.line, snippet=c.said) for c in claims]


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
        "claims": [
            {
                "path": c.path,
                "line": c.line,
                "source": str(c.source),
                "said": c.said,
                "meaning": str(c.meaning),
                "expression": c.expression,
            }
            for c in analysis.claims
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
        "apart": [
            {
                "expression": a.expression,
                "scope": str(a.scope),
                "reason": a.reason,
                "evidence": [{"path": e.path, "line": e.line} for e in a.evidence],
            }
            for a in analysis.apart
        ],
        "packages": [
            {
                "folder": p.folder,
                "expression": p.expression,
                "manifests": list(p.manifests),
                "license_files": list(p.license_files),
                "declared": [d.raw for d in p.declared],
            }
            for p in analysis.packages
        ],
        "notes": analysis.scope_notes,
        "attribution": ATTRIBUTION,
    }
