"""publiccode.yml (https://yml.publiccode.tools) for catalog projects, both ways.

Out: a publiccode.yml (version "0") that passes `validate_publiccode`. In: a file that passes
it, read into the project's fields. Between the two, a project keeps its name, purpose (the short
description), description (the long one), features, development status, license, website,
repositories (`url`) and the topics that are publiccode categories.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from osunited.catalog.interchange import ImportedProject, InterchangeError
from osunited.catalog.models import Hosting, Project
from osunited.scanner.publiccode import MAX_BYTES, validate_publiccode

VERSION = "0"  # the current version: the reference parser warns on the numbered ones
SOURCE = "publiccode.yml"
_SHORT_MAX = 150
_LONG_MIN = 150
# A long description must have 150 characters; a shorter one gets this sentence after it.
_LONG_PADDING = (
    "It is listed in Open Source United, the catalog of open source software of the "
    "United Nations system, where {entity} registered it and answers for it."
)
_CATEGORY_PROBLEM = re.compile(r"categories\[(\d+)\]")


def project_to_publiccode(project: Project, *, page_url: str) -> str:
    """The project as a publiccode.yml text. `page_url` (absolute) stands in for the
    repository URL of a project whose source is not public."""
    repositories = [repository.url for repository in project.repositories.all()]
    document: dict[str, Any] = {
        "publiccodeYmlVersion": VERSION,
        "name": project.name,
        "url": repositories[0] if repositories else page_url,
    }
    if project.website:
        document["landingURL"] = project.website
    document |= {
        "platforms": ["web"],
        "categories": [str(topic) for topic in project.topics] or ["other"],
        "developmentStatus": project.development_status,
        "softwareType": "standalone/other",
        "description": {"en": _description(project)},
        "legal": {"license": project.licenses or "LicenseRef-unknown"},
        "maintenance": {"type": "internal", "contacts": _contacts(project)},
        "localisation": {"localisationReady": False, "availableLanguages": ["en"]},
    }
    if project.documentation_url:
        document["description"]["en"]["documentation"] = project.documentation_url
    return _dump(_without_unknown_categories(document))


def _description(project: Project) -> dict[str, Any]:
    long_description = project.description.strip() or project.purpose
    if len(long_description) < _LONG_MIN:
        padding = _LONG_PADDING.format(entity=project.entity.name)
        long_description = f"{long_description} {padding}".strip()
    return {
        "shortDescription": _shorten(project.purpose, _SHORT_MAX),
        "longDescription": long_description[:10_000],
        "features": [str(feature) for feature in project.features] or [project.purpose],
    }


def _contacts(project: Project) -> list[dict[str, str]]:
    # Names only: the file is public, and the platform does not publish staff e-mail addresses.
    people = [user.display_name for user in project.focal_points.all() if user.display_name]
    return [{"name": name} for name in people] or [
        {"name": f"{project.entity.acronym} open source focal point"}
    ]


def _without_unknown_categories(document: dict[str, Any]) -> dict[str, Any]:
    """Topics are free words; publiccode categories a closed list. The validator knows it."""
    problems = validate_publiccode(_dump(document)).errors
    wrong = {int(m.group(1)) for p in problems if (m := _CATEGORY_PROBLEM.match(p.key))}
    if wrong:
        kept = [c for i, c in enumerate(document["categories"]) if i not in wrong]
        document["categories"] = kept or ["other"]
    return document


def _dump(document: dict[str, Any]) -> str:
    header = "# publiccode.yml exported by Open Source United (https://yml.publiccode.tools)\n"
    return header + yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def publiccode_to_project(text: str) -> ImportedProject:
    """The project fields a publiccode.yml gives; InterchangeError listing the problems when
    the file is not valid."""
    if len(text.encode()) > MAX_BYTES:
        raise InterchangeError(f"The file is larger than {MAX_BYTES // 1024} KiB.")
    validation = validate_publiccode(text)
    if not validation.valid:
        raise InterchangeError(
            "The publiccode.yml is not valid: "
            + "; ".join(_located(problem) for problem in validation.errors[:10])
        )
    # The validator refused aliases, deep nesting and oversize input: safe_load is bounded.
    data = yaml.safe_load(text)
    return ImportedProject(
        fields=_fields(data),
        repositories=[str(data["url"])],
        organisations=_organisations(data),
        source=SOURCE,
    )


def _located(problem: Any) -> str:
    where = f"line {problem.line}: " if problem.line else ""
    return f"{where}{problem.key}: {problem.message}"


def _fields(data: dict[str, Any]) -> dict[str, Any]:
    description = _description_in(data["description"])
    categories = [str(c) for c in data.get("categories") or [] if c != "other"]
    fields: dict[str, Any] = {
        "name": str(data["name"])[:200],
        "purpose": str(description.get("shortDescription", ""))[:300],
        "description": str(description.get("longDescription", "")),
        "features": [str(feature) for feature in description.get("features") or []],
        "development_status": str(data["developmentStatus"]),
        "licenses": str(data["legal"]["license"])[:200],
        "website": str(data.get("landingURL") or ""),
        "documentation_url": str(description.get("documentation") or ""),
        "topics": categories,
        "hosting": Hosting.EXTERNAL,
    }
    fields["prefill_sources"] = {name: SOURCE for name, value in fields.items() if value}
    return fields


def _description_in(descriptions: dict[str, Any]) -> dict[str, Any]:
    """English if the file has it, else its first language."""
    chosen = descriptions.get("en") or next(iter(descriptions.values()))
    return chosen if isinstance(chosen, dict) else {}


def _organisations(data: dict[str, Any]) -> list[str]:
    names = [
        (data.get("organisation") or {}).get("name"),
        (data.get("legal") or {}).get("mainCopyrightOwner"),
        (data.get("legal") or {}).get("repoOwner"),
    ]
    return [str(name) for name in names if name]
