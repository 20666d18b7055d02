"""What each license permits, requires and excludes, in plain language: the summaries of
choosealicense.com (data/choosealicense/, MIT License, GitHub, Inc. and contributors), read as
typed records. Pure Python: no Django."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from osunited.licenses._types import Family, PatentTerms


def gettext_noop(message: str) -> str:
    """Marks a notice for the platform's catalogues, which translate it where it is shown;
    the engine itself writes English."""
    return message


ATTRIBUTION = gettext_noop(
    "License summaries: choosealicense.com (github/choosealicense.com), "
    "copyright GitHub, Inc. and contributors, MIT License."
)
_GPL_SCOPE = re.compile(r"-(?:only|or-later)$|\+$")


@dataclass(frozen=True)
class Rule:
    """One permission, condition or limitation, as choosealicense.com words it."""

    tag: str
    label: str
    description: str


@dataclass(frozen=True)
class LicenseSummary:
    spdx_id: str  # as the source gives it: GPL-3.0 stands for GPL-3.0-only and -or-later
    title: str
    nickname: str
    description: str
    how: str
    note: str
    permissions: tuple[Rule, ...]
    conditions: tuple[Rule, ...]
    limitations: tuple[Rule, ...]


# Dedications rather than licenses: choosealicense.com lists them beside permissive licenses.
_DEDICATIONS = frozenset({"CC0-1.0", "UNLICENSE"})
# choosealicense.com says "same license" for the EPL, whose copyleft reaches only the modules
# changed, and for the OFL, whose copyleft reaches only the font (software bundling the font is
# not affected): weak copylefts, as OSADL's matrix treats the EPL.
_SCOPED_COPYLEFT = frozenset({"EPL-1.0", "EPL-2.0", "OFL-1.1"})


def family_of(summary: LicenseSummary) -> Family:
    """The family a license belongs to, from its conditions."""
    conditions = {rule.tag for rule in summary.conditions}
    if "network-use-disclose" in conditions:
        return Family.NETWORK_COPYLEFT
    if conditions & {"same-license--file", "same-license--library"} or (
        _key(summary.spdx_id) in _SCOPED_COPYLEFT
    ):
        return Family.WEAK_COPYLEFT
    if "same-license" in conditions:
        return Family.STRONG_COPYLEFT
    if _key(summary.spdx_id) in _DEDICATIONS:
        return Family.PUBLIC_DOMAIN
    return Family.PERMISSIVE


def patent_terms(summary: LicenseSummary) -> PatentTerms:
    """ "granted" (an express patent license from contributors), "excluded" (the license says
    patent rights are not granted) or "silent"."""
    if "patent-use" in {rule.tag for rule in summary.permissions}:
        return PatentTerms.GRANTED
    if "patent-use" in {rule.tag for rule in summary.limitations}:
        return PatentTerms.EXCLUDED
    return PatentTerms.SILENT


def summary_for(license_id: str) -> LicenseSummary | None:
    """The summary of an SPDX license id (`GPL-3.0-or-later` finds GPL-3.0's), or None."""
    return license_summaries().get(_key(license_id))


@lru_cache(maxsize=1)
def license_summaries() -> dict[str, LicenseSummary]:
    """Every summary, by its id in upper case without -only/-or-later."""
    rules = _rules()
    summaries = {}
    for entry in _yaml("licenses.yml"):
        summary = LicenseSummary(
            spdx_id=entry["spdx-id"],
            title=entry["title"],
            nickname=entry.get("nickname", ""),
            description=entry["description"].strip(),
            how=entry.get("how", "").strip(),
            note=entry.get("note", "").strip(),
            permissions=tuple(rules["permissions"][tag] for tag in entry["permissions"]),
            conditions=tuple(rules["conditions"][tag] for tag in entry["conditions"]),
            limitations=tuple(rules["limitations"][tag] for tag in entry["limitations"]),
        )
        summaries[_key(summary.spdx_id)] = summary
    return summaries


def _rules() -> dict[str, dict[str, Rule]]:
    return {
        kind: {r["tag"]: Rule(r["tag"], r["label"], r["description"]) for r in entries}
        for kind, entries in _yaml("rules.yml").items()
    }


def _yaml(name: str) -> Any:
    path = resources.files("osunited.licenses").joinpath("data", "choosealicense", name)
    return yaml.safe_load(path.read_text("utf-8"))


def _key(license_id: str) -> str:
    return _GPL_SCOPE.sub("", license_id.strip()).upper()
