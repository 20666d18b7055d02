"""Records of the Digital Public Goods Alliance registry (its `nominee` schema) as projects.

A file holds one record (a JSON object) or several (a JSON array of objects). Each record gives
the name, a one-line description, licenses by SPDX id, the SDGs with evidence, repositories, a
website, the review stage and the organisations behind the good. The catalog's entity is the
first organisation that names a UN entity, by name or acronym.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from osunited.catalog.interchange import ImportedProject, InterchangeError
from osunited.catalog.models import DevelopmentStatus, Hosting
from osunited.entities.models import Entity

SOURCE = "DPGA registry record"
MAX_BYTES = 5 * 1024 * 1024
REQUIRED_KEYS = ("name", "description", "license", "SDGs", "organizations", "stage")
# The registry still uses deprecated SPDX ids for the GNU licenses; they mean "-only".
_DEPRECATED_SPDX = {
    "GPL-2.0": "GPL-2.0-only",
    "GPL-3.0": "GPL-3.0-only",
    "LGPL-2.1": "LGPL-2.1-only",
    "LGPL-3.0": "LGPL-3.0-only",
    "AGPL-3.0": "AGPL-3.0-only",
}
# Who answers for the good, most responsible first; funders do not make it theirs.
_RESPONSIBLE = ("owner", "maintainer", "implementer")
_PARENTHESISED = re.compile(r"\(([^()]+)\)")


def dpga_records(text: str) -> list[dict[str, Any]]:
    """The records of a file: one JSON object, or an array of them."""
    if len(text.encode()) > MAX_BYTES:
        raise InterchangeError(f"The file is larger than {MAX_BYTES // (1024 * 1024)} MiB.")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InterchangeError(
            f"The file is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})."
        ) from None
    records = data if isinstance(data, list) else [data]
    if not records or not all(isinstance(record, dict) for record in records):
        raise InterchangeError("A DPGA file holds a record (a JSON object) or a list of them.")
    return records


def dpga_to_project(record: dict[str, Any]) -> ImportedProject:
    """The project fields of one registry record; InterchangeError if a required key is
    missing or of the wrong kind."""
    missing = [key for key in REQUIRED_KEYS if key not in record]
    if missing:
        raise InterchangeError(f"The record lacks {', '.join(missing)}.")
    name, description = _text(record, "name"), _text(record, "description")
    if not name or not description:
        raise InterchangeError("The record's name and description must be text.")
    stage = str(record["stage"])
    fields: dict[str, Any] = {
        "name": name[:200],
        "purpose": _shorten(description, 300),
        "description": description,
        "licenses": _licenses(record["license"]),
        "website": _text(record, "website"),
        "development_status": (
            DevelopmentStatus.OBSOLETE if stage == "archive" else DevelopmentStatus.STABLE
        ),
        "topics": _topics(record, stage),
        "hosting": Hosting.EXTERNAL,
    }
    fields["prefill_sources"] = {key: SOURCE for key, value in fields.items() if value}
    return ImportedProject(
        fields=fields,
        repositories=_repositories(record),
        sdgs=_sdgs(record["SDGs"]),
        organisations=_organisations(record["organizations"]),
        source=SOURCE,
    )


def _text(record: dict[str, Any], key: str) -> str:
    value = record.get(key)
    return " ".join(value.split()) if isinstance(value, str) else ""


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _licenses(licenses: Any) -> str:
    if not isinstance(licenses, list):
        raise InterchangeError("The record's license must be a list.")
    ids = [str(item.get("spdx", "")).strip() for item in licenses if isinstance(item, dict)]
    ids = [_DEPRECATED_SPDX.get(spdx, spdx) for spdx in ids if spdx]
    # Several licenses in a record cover different parts of the good (code, content, data).
    return " AND ".join(dict.fromkeys(ids))[:200]


def _sdgs(sdgs: Any) -> list[tuple[int, str]]:
    if not isinstance(sdgs, list):
        raise InterchangeError("The record's SDGs must be a list.")
    goals: dict[int, str] = {}
    for item in sdgs:
        goal = item.get("SDGNumber") if isinstance(item, dict) else None
        if not isinstance(goal, int | float) or int(goal) != goal or not 1 <= goal <= 17:
            raise InterchangeError(f"The record names an SDG that does not exist: {goal!r}.")
        evidence = _text(item, "evidenceText") or _text(item, "evidenceURL")
        goals.setdefault(int(goal), _shorten(evidence or "Stated in the DPGA registry.", 300))
    return sorted(goals.items())


def _repositories(record: dict[str, Any]) -> list[str]:
    repositories = record.get("repositories") or []
    urls = [r.get("url") for r in repositories if isinstance(r, dict)]
    return list(dict.fromkeys(url.strip() for url in urls if isinstance(url, str) and url.strip()))


def _topics(record: dict[str, Any], stage: str) -> list[str]:
    words = [*(record.get("type") or []), *(record.get("sectors") or [])]
    topics = [str(word).lower() for word in words if isinstance(word, str)]
    if stage == "DPG":
        topics.append("digital-public-good")
    return list(dict.fromkeys(topics))


def _organisations(organisations: Any) -> list[str]:
    if not isinstance(organisations, list):
        raise InterchangeError("The record's organizations must be a list.")
    ranked = sorted(
        (o for o in organisations if isinstance(o, dict) and o.get("org_type") in _RESPONSIBLE),
        key=lambda o: _RESPONSIBLE.index(o["org_type"]),
    )
    return [str(o["name"]) for o in ranked if isinstance(o.get("name"), str)]


def match_entity(organisations: Iterable[str], entities: Iterable[Entity]) -> Entity | None:
    """The first organisation that is a UN entity: by acronym ("FAO", "... (UNDP)") or by
    name, with or without "United Nations" in front."""
    by_key: dict[str, Entity] = {}
    for entity in entities:
        by_key.setdefault(entity.acronym.casefold(), entity)
        by_key.setdefault(_plain_name(entity.name), entity)
    for organisation in organisations:
        keys = [organisation.strip().casefold(), _plain_name(organisation)]
        keys += [m.strip().casefold() for m in _PARENTHESISED.findall(organisation)]
        keys.append(_plain_name(_PARENTHESISED.sub("", organisation)))
        for key in keys:
            if key in by_key:
                return by_key[key]
    return None


def _plain_name(name: str) -> str:
    name = " ".join(name.casefold().replace(",", " ").split())
    name = name.removeprefix("the ").removeprefix("united nations ")
    return name.removesuffix(" of the united nations")
