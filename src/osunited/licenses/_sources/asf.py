"""The Apache Software Foundation's third-party license policy (asf.yml): what a project under
the Apache License 2.0 may include, by the category of the included license. It speaks of
Apache-2.0 projects only."""

from __future__ import annotations

from typing import Any

from osunited.licenses._sources._base import Term, answer, not_covered, source_data
from osunited.licenses._types import Source, SourceVerdict, Use, Verdict

SOURCE = Source(
    key="asf",
    name="Apache Software Foundation third-party license policy",
    url="https://www.apache.org/legal/resolved.html",
    attribution=(
        "The ASF 3rd Party License Policy (The Apache Software Foundation, Apache-2.0), "
        "written as data in our own words."
    ),
)
_BINARY_USES = frozenset({Use.DISTINCT_COMPONENT, Use.DYNAMIC_LINKING, Use.STATIC_LINKING})
# Kept apart from the project's own code: a Category X part is then a question of the ASF's
# house rule for its products, not of the licenses' compatibility.
_SEPARATE_USES = frozenset({Use.DISTINCT_COMPONENT, Use.DYNAMIC_LINKING})


def judge(inbound: Term, outbound: Term, use: Use) -> SourceVerdict:
    if outbound.license != "Apache-2.0":
        return not_covered(
            SOURCE, f"The ASF policy speaks of Apache-2.0 projects, not of {outbound}."
        )
    data = source_data("asf.yml")
    category = _category(inbound.license, data)
    if category is None:
        return not_covered(
            SOURCE, f"The ASF policy does not place {inbound.license} in a category."
        )
    url, words = data["categories"][category]["url"], data["words"][category]
    if use == Use.TOOL:
        return answer(
            SOURCE,
            Verdict.COMPATIBLE,
            f"{data['words']['tool']} ({inbound.license}: {words})",
            data["policy"] + "#prohibited",
        )
    if category == "A":
        return answer(SOURCE, Verdict.COMPATIBLE, f"{inbound.license} is in {words}", url)
    if category == "B":
        verdict = Verdict.CONDITIONAL if use in _BINARY_USES else Verdict.INCOMPATIBLE
        return answer(SOURCE, verdict, f"{inbound.license} is in {words}", url)
    if use in _SEPARATE_USES:
        # The policy binds the ASF's own releases; elsewhere the license's terms decide.
        return answer(SOURCE, Verdict.CONDITIONAL, _house_rule(inbound, words, data), url)
    return answer(SOURCE, Verdict.INCOMPATIBLE, f"{inbound.license} is in {words}", url)


def _house_rule(inbound: Term, words: str, data: dict[str, Any]) -> str:
    return f"{inbound.license} is in {words} {data['words']['outside']}"


def _category(license_id: str, data: dict[str, Any]) -> str | None:
    for category, entry in data["categories"].items():
        if license_id in entry["licenses"]:
            return str(category)
    return None
