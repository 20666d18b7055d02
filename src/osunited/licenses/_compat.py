"""The compatibility of one SPDX expression (inbound: what a component comes under) with another
(outbound: the project's license) for one kind of use, by every independent source the platform
carries. Each source applies its own rules to the expressions: a choice (OR) takes its best
option, a combination (AND) its worst part; what one source says is never averaged with
another's (`PairCheck.disagreement`)."""

from __future__ import annotations

from functools import cache, lru_cache

from license_expression import (  # type: ignore[import-untyped]
    AND,
    OR,
    ExpressionError,
    LicenseSymbol,
    LicenseWithExceptionSymbol,
    Licensing,
    get_spdx_licensing,
)

from osunited.licenses._sources import MODULES, CompatSource, Term
from osunited.licenses._types import PairCheck, Source, SourceVerdict, Use, Verdict

SOURCES: tuple[Source, ...] = tuple(module.SOURCE for module in MODULES)
MAX_EXPRESSION_LENGTH = 2_000
# Best first: a choice takes the lowest, a combination the highest. A source that does not
# speak of one part cannot call the whole compatible, nor condemn a choice it half knows.
_ORDER = (
    Verdict.COMPATIBLE,
    Verdict.CONDITIONAL,
    Verdict.UNKNOWN,
    Verdict.NOT_COVERED,
    Verdict.INCOMPATIBLE,
)


class UnreadableExpression(ValueError):
    """An expression that is not SPDX; its message says why, for people."""


@lru_cache(maxsize=16_384)
def check_pair(inbound: str, outbound: str, use: Use) -> PairCheck:
    """May code under `inbound` be used by a project under `outbound` in this way? The verdict
    of every source in SOURCES; an expression that cannot be read is UNKNOWN for all of them,
    with the reason, never an exception."""
    use = Use(use)
    try:
        inbound_tree, outbound_tree = parse(inbound), parse(outbound)
    except UnreadableExpression as error:
        verdicts = tuple(SourceVerdict(s, Verdict.UNKNOWN, str(error), s.url) for s in SOURCES)
        return PairCheck(inbound, outbound, use, verdicts)
    verdicts = tuple(_outbound(module, inbound_tree, outbound_tree, use) for module in MODULES)
    return PairCheck(inbound, outbound, use, verdicts)


def parse(expression: str) -> object:
    """The parsed expression, or UnreadableExpression saying what is wrong with it."""
    if not isinstance(expression, str) or not expression.strip():
        raise UnreadableExpression("No license expression was given.")
    if len(expression) > MAX_EXPRESSION_LENGTH:
        raise UnreadableExpression(
            f"The license expression is {len(expression):,} characters long, more than the "
            f"{MAX_EXPRESSION_LENGTH:,} a real SPDX expression needs; it was not read."
        )
    try:
        tree = _licensing().parse(expression.strip())
    except (ExpressionError, RecursionError, TypeError) as error:
        raise UnreadableExpression(
            f"'{_shown(expression)}' is not an SPDX license expression ({error})."
        ) from None
    if tree is None:
        raise UnreadableExpression("No license expression was given.")
    return tree


def _outbound(module: CompatSource, inbound: object, outbound: object, use: Use) -> SourceVerdict:
    if isinstance(outbound, OR | AND):
        parts = [(str(p.render()), _outbound(module, inbound, p, use)) for p in outbound.args]
        return _pick(outbound, parts, "the project's license")
    return _inbound(module, inbound, _term(outbound), use)


def _inbound(module: CompatSource, inbound: object, outbound: Term, use: Use) -> SourceVerdict:
    if isinstance(inbound, OR | AND):
        parts = [(str(p.render()), _inbound(module, p, outbound, use)) for p in inbound.args]
        return _pick(inbound, parts, "the component's license")
    return module.judge(_term(inbound), outbound, use)


def _pick(node: object, parts: list[tuple[str, SourceVerdict]], whose: str) -> SourceVerdict:
    choice = isinstance(node, OR)
    pick = min if choice else max
    name, chosen = pick(parts, key=lambda part: _ORDER.index(part[1].verdict))
    if choice:
        why = f"{whose} {node} is a choice; its best option is {name}: "
    else:
        why = f"{whose} {node} combines licenses, each to be met; {name} fits least: "
    explanation = why[0].upper() + why[1:] + chosen.explanation
    return SourceVerdict(chosen.source, chosen.verdict, explanation, chosen.reference)


def _term(symbol: object) -> Term:
    if isinstance(symbol, LicenseWithExceptionSymbol):
        return Term(str(symbol.license_symbol.key), str(symbol.exception_symbol.key))
    if isinstance(symbol, LicenseSymbol):
        return Term(str(symbol.key))
    return Term(str(symbol))


def _shown(expression: str) -> str:
    text = " ".join(expression.split())
    return text if len(text) <= 80 else text[:77] + "..."


@cache
def _licensing() -> Licensing:
    return get_spdx_licensing()
