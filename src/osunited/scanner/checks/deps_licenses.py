"""deps.licenses: the licenses lockfiles state for runtime dependencies, how many are known SPDX
ids and how many are open source (OSI-approved, or a license of the licenses engine's
catalogue). Whether they fit the project's license is `license.compatibility`'s to say."""

from __future__ import annotations

from collections import Counter
from typing import Any

from license_expression import (  # type: ignore[import-untyped]
    AND,
    OR,
    ExpressionError,
    LicenseSymbol,
    LicenseWithExceptionSymbol,
)

from osunited.licenses import license_facts
from osunited.scanner._context import ScanContext
from osunited.scanner._model import CheckResult, Evidence, Finding, Outcome, Pillar, Severity
from osunited.scanner._text import _, join, ngettext
from osunited.scanner.checks._base import Check
from osunited.scanner.deps import Dependency, Scope
from osunited.scanner.licenses._spdx import (
    is_exception,
    is_known,
    is_osi_approved,
    license_ids,
    licensing,
    normalise_expression,
)

_EXAMPLES = 50
_LISTED = 20
_ELSEWHERE = _("Their compatibility with the project's license is judged by license.compatibility.")


class DependencyLicenses(Check):
    id = "deps.licenses"
    title = _("Licenses of dependencies")
    pillar = Pillar.LICENSING

    def run(self, context: ScanContext) -> CheckResult:
        stated = [
            d for d in context.dependencies.dependencies if d.license and d.scope == Scope.RUNTIME
        ]
        if not stated:
            return self.not_available(_("No lockfile states the licenses of runtime dependencies."))
        licensed = [(d, normalise_expression(d.license or "")) for d in stated]
        unknown = [(d, e) for d, e in licensed if not _is_spdx(e)]
        closed = [(d, e) for d, e in licensed if _is_open_source(e) is False]
        findings = [self._closed(d, e) for d, e in closed[:_EXAMPLES]]
        findings += self._not_spdx(unknown)
        data = {
            "checked": len(stated),
            "known": len(stated) - len(unknown),
            "open_source": sum(_is_open_source(e) is True for _, e in licensed),
            "licenses": dict(Counter(e for _, e in licensed).most_common(_LISTED)),
        }
        outcome = Outcome.FAIL if closed else Outcome.PASS
        return self.result(outcome, _summary(data, len(closed)), findings, data)

    def _closed(self, dependency: Dependency, expression: str) -> Finding:
        return self.finding(
            _(
                "{name} is licensed {expression}, which is not an open source license (neither "
                "OSI-approved nor in the platform's catalogue of licenses).",
                name=dependency.name,
                expression=expression,
            ),
            Severity.WARNING,
            _("Prefer an open source alternative."),
            [_where(dependency)],
            rule="not-open-source",
        )

    def _not_spdx(self, unknown: list[tuple[Dependency, str]]) -> list[Finding]:
        if not unknown:
            return []
        examples: str = "; ".join(f"{d.name} ({e})" for d, e in unknown[:_LISTED])
        if len(unknown) > _LISTED:
            examples = _(
                "{examples} and {more} more", examples=examples, more=len(unknown) - _LISTED
            )
        return [
            self.finding(
                ngettext(
                    "{count} dependencies state a license that is not an SPDX expression of known "
                    "ids: {examples}. license.compatibility cannot judge them.",
                    "{count} dependencies state a license that is not an SPDX expression of known "
                    "ids: {examples}. license.compatibility cannot judge them.",
                    len(unknown),
                    examples=examples,
                ),
                Severity.INFO,
                _(
                    "Ask the maintainers to state an SPDX license id, or look the license up and "
                    "have it cleared by your legal team."
                ),
                [_where(d) for d, _e in unknown[:_LISTED]],
                rule="not-spdx",
            )
        ]


def _where(dependency: Dependency) -> Evidence:
    return Evidence(dependency.path, dependency.line, snippet=dependency.purl)


def _is_spdx(expression: str) -> bool:
    try:
        licensing().parse(expression)
    except ExpressionError:
        return False
    return all(is_known(i) for i in license_ids(expression))


def _is_open_source(expression: str) -> bool | None:
    """True when the dependency may be used under an open source license (one choice of an OR,
    every part of an AND), False when it may not, None when some license in it is not known."""
    try:
        parsed = licensing().parse(expression)
    except ExpressionError:
        return None
    return _open(parsed)


def _open(node: object) -> bool | None:
    if isinstance(node, OR | AND):
        found = [_open(part) for part in node.args]
        if isinstance(node, OR):
            return True if True in found else (None if None in found else False)
        return False if False in found else (None if None in found else True)
    if isinstance(node, LicenseWithExceptionSymbol):
        node = node.license_symbol
    key = str(node.key) if isinstance(node, LicenseSymbol) else str(node)
    if not is_known(key) or is_exception(key):
        return None
    return is_osi_approved(key) or license_facts(key) is not None


def _summary(data: dict[str, Any], closed: int) -> str:
    counted = _(
        "{checked} runtime dependencies state their license: {known} as known SPDX ids, "
        "{open_source} open source.",
        checked=data["checked"],
        known=data["known"],
        open_source=data["open_source"],
    )
    if closed:
        return _(
            "{count} dependency license(s) are not open source. {counted} {elsewhere}",
            count=closed,
            counted=counted,
            elsewhere=_ELSEWHERE,
        )
    return join(" ", [counted, _ELSEWHERE])
