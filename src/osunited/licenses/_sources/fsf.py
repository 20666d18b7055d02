"""The GNU project's list of licenses (fsf.yml): which licenses are compatible with the GNU GPL
(and which GPL versions), and how the GNU licenses combine with each other. It speaks of
combining code in one program under the GPL or the AGPL; other outbound licenses and other uses
are not its subject."""

from __future__ import annotations

from typing import Any

from osunited.licenses._sources._base import (
    COMBINING_USES,
    USE_WORDS,
    GnuLicense,
    Term,
    answer,
    gnu_license,
    not_covered,
    source_data,
)
from osunited.licenses._types import Source, SourceVerdict, Use, Verdict

SOURCE = Source(
    key="fsf",
    name="GNU project: various licenses and comments about them",
    url="https://www.gnu.org/licenses/license-list.html",
    attribution=(
        "Facts from the GNU project's license list and GPL FAQ (Free Software Foundation), "
        "written as data in our own words."
    ),
)
_ANSWERS = {True: Verdict.COMPATIBLE, False: Verdict.INCOMPATIBLE}
_WHAT_FOLLOWS = {
    Verdict.COMPATIBLE: "may be combined",
    Verdict.CONDITIONAL: "may be combined only on the condition above",
    Verdict.INCOMPATIBLE: "may not be combined",
}


def judge(inbound: Term, outbound: Term, use: Use) -> SourceVerdict:
    if use not in COMBINING_USES:
        return not_covered(
            SOURCE,
            f"The GNU list speaks of combining code in one program, not of code {USE_WORDS[use]}.",
        )
    target = gnu_license(outbound.license)
    if target is None or target.kind == "LGPL" or target.version == "1.0":
        return not_covered(
            SOURCE,
            f"The GNU list says which licenses combine with the GNU GPL and AGPL; {outbound} "
            "is neither.",
        )
    entry = _entries().get(inbound.license)
    if entry is None:
        return not_covered(SOURCE, f"The GNU list has no entry for {inbound.license}.")
    verdict, condition = _verdict(entry, target)
    if verdict is None:
        return not_covered(
            SOURCE,
            f"The GNU list's entry for {inbound.license} does not speak of {outbound.license}.",
        )
    return answer(
        SOURCE, verdict, _explain(entry, inbound, outbound, verdict, condition), entry["url"]
    )


def _verdict(entry: dict[str, Any], target: GnuLicense) -> tuple[Verdict | None, str]:
    if target.kind == "AGPL":
        return _answer(entry.get("agpl3")), ""
    if target.version == "3.0":
        value = (
            entry.get("gpl3_or_later", entry.get("gpl3")) if target.or_later else entry.get("gpl3")
        )
        return _answer(value), ""
    only_v2, v3 = _answer(entry.get("gpl2")), _answer(entry.get("gpl3"))
    if not target.or_later or only_v2 in (Verdict.COMPATIBLE, Verdict.CONDITIONAL):
        return only_v2, ""
    if v3 in (Verdict.COMPATIBLE, Verdict.CONDITIONAL):
        return Verdict.CONDITIONAL, (
            "The combined work must then be released under GPLv3 or later, which the project's "
            "'or later' allows."
        )
    return only_v2 or v3, ""


def _answer(value: object) -> Verdict | None:
    if value == "conditional":
        return Verdict.CONDITIONAL
    return _ANSWERS.get(value) if isinstance(value, bool) else None


def _explain(
    entry: dict[str, Any], inbound: Term, outbound: Term, verdict: Verdict, condition: str
) -> str:
    words = f"The GNU list: {entry['note']}"
    if condition:
        words += f" {condition}"
    words += (
        f" So code under {inbound.license} {_WHAT_FOLLOWS[verdict]} into a work under "
        f"{outbound.license}."
    )
    if inbound.exception:
        words += f" The {inbound.exception} exception only adds permissions to {inbound.license}."
    return words


def _entries() -> dict[str, dict[str, Any]]:
    licenses: dict[str, dict[str, Any]] = source_data("fsf.yml")["licenses"]
    return licenses
