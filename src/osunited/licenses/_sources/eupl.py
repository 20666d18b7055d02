"""The EUPL's compatibility clause and its appendix of compatible licences, with the Joinup
Licensing Assistant's principles (eupl.yml): what a project may do with code under the EUPL.
It speaks of EUPL code only; for other inbound licenses it has nothing to say."""

from __future__ import annotations

from typing import Any

from osunited.licenses._sources._base import (
    LINKING_USES,
    Term,
    answer,
    gnu_license,
    not_covered,
    source_data,
)
from osunited.licenses._types import Source, SourceVerdict, Use, Verdict

SOURCE = Source(
    key="eupl",
    name="EUPL compatibility clause and Joinup Licensing Assistant",
    url="https://joinup.ec.europa.eu/collection/eupl/solution/joinup-licensing-assistant",
    attribution=(
        "The EUPL's appendix of compatible licences and the Joinup Licensing Assistant's "
        "principles (European Commission), written as data in our own words."
    ),
)


def judge(inbound: Term, outbound: Term, use: Use) -> SourceVerdict:
    data = source_data("eupl.yml")
    appendix: list[str] | None = data["appendix"].get(inbound.license)
    if appendix is None:
        return not_covered(
            SOURCE, f"The EUPL's appendix speaks of EUPL code; {inbound} is not under the EUPL."
        )
    principles: dict[str, str] = data["principles"]
    if use in (Use.DISTINCT_COMPONENT, Use.TOOL):
        return answer(SOURCE, Verdict.COMPATIBLE, principles["aggregation"], data["assistant_url"])
    if outbound.license in appendix:
        return _compatible_licence(inbound, outbound, principles, data)
    if _or_later_of_listed(outbound.license, appendix):
        return answer(
            SOURCE,
            Verdict.CONDITIONAL,
            f"{principles['compatibility']} {principles['or_later']}",
            data["appendix_url"],
        )
    if use in LINKING_USES:
        return answer(SOURCE, Verdict.CONDITIONAL, principles["linking"], data["assistant_url"])
    return answer(
        SOURCE,
        Verdict.INCOMPATIBLE,
        f"{principles['merged']} {outbound.license} is not in the appendix of {inbound.license}.",
        data["appendix_url"],
    )


def _compatible_licence(
    inbound: Term, outbound: Term, principles: dict[str, str], data: dict[str, Any]
) -> SourceVerdict:
    if outbound.license == inbound.license:
        return answer(
            SOURCE, Verdict.COMPATIBLE, f"Both are under {inbound.license}.", data["appendix_url"]
        )
    return answer(
        SOURCE,
        Verdict.COMPATIBLE,
        f"{principles['compatibility']} {outbound.license} is in the appendix of "
        f"{inbound.license}.",
        data["appendix_url"],
    )


def _or_later_of_listed(outbound: str, appendix: list[str]) -> bool:
    gnu = gnu_license(outbound)
    return bool(gnu and gnu.or_later and outbound.replace("-or-later", "-only") in appendix)
