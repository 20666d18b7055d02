"""publiccode.yml (https://yml.publiccode.tools) for catalog projects, both ways.

Out: a publiccode.yml (version "0") that passes `validate_publiccode`. In: a file that passes
it, read into the project's fields. Between the two, a project keeps its name, purpose (the short
description), description (the long one), features, development status, license, website,
repositories (`url`) and the topics that are publiccode categories; and its texts in each UN
language (`description.<language>`: localisedName, shortDescription, longDescription).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy

from osunited.catalog.interchange import ImportedProject, InterchangeError
from osunited.catalog.models import Hosting, Project
from osunited.scanner.publiccode import MAX_BYTES, validate_publiccode

VERSION = "0"  # the current version: the reference parser warns on the numbered ones
SOURCE = "publiccode.yml"
_SHORT_MAX = 150
_LONG_MIN = 150
# A long description must have 150 characters; a shorter one gets this sentence after it, in
# the description's language.
_LONG_PADDING = gettext_lazy(
    "It is listed in Open Source United, the catalog of open source software of the "
    "United Nations system, where %(entity)s registered it and answers for it."
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
        "description": _descriptions(project),
        "legal": {"license": project.licenses or "LicenseRef-unknown"},
        "maintenance": {"type": "internal", "contacts": _contacts(project)},
        "localisation": {"localisationReady": False, "availableLanguages": ["en"]},
    }
    return _dump(_without_unknown_categories(document))


def _descriptions(project: Project) -> dict[str, Any]:
    """The project's own texts (in English when their language is not a UN one), then those
    in other languages, which have the name of that language too."""
    features = [str(feature) for feature in project.features]
    own = _description(project, project.language or "en", features or [project.purpose])
    descriptions = {project.language or "en": own}
    for text in project.texts.all():
        if text.language not in descriptions:
            descriptions[text.language] = {
                "localisedName": text.name,
                **_description(text, text.language, [text.purpose]),
            }
    if project.documentation_url:
        own["documentation"] = project.documentation_url
    return descriptions


def _description(texts: Any, language: str, features: list[str]) -> dict[str, Any]:
    """`texts`: a project or a ProjectText in `language`."""
    long_description = texts.description.strip() or texts.purpose
    if len(long_description) < _LONG_MIN:
        with translation.override(language):
            padding = _LONG_PADDING % {"entity": _entity(texts).name}
        long_description = f"{long_description} {padding}".strip()
    return {
        "shortDescription": _shorten(texts.purpose, _SHORT_MAX),
        "longDescription": long_description[:10_000],
        "features": features,
    }


def _entity(texts: Any) -> Any:
    return texts.entity if isinstance(texts, Project) else texts.project.entity


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
    languages = described_languages(data)
    return ImportedProject(
        fields=_fields(data, languages),
        repositories=[str(data["url"])],
        organisations=_organisations(data),
        source=SOURCE,
        texts=languages.texts,
    )


def _located(problem: Any) -> str:
    where = f"line {problem.line}: " if problem.line else ""
    return f"{where}{problem.key}: {problem.message}"


def _fields(data: dict[str, Any], languages: DescribedLanguages) -> dict[str, Any]:
    description = languages.own
    categories = [str(c) for c in data.get("categories") or [] if c != "other"]
    fields: dict[str, Any] = {
        "name": str(data["name"])[:200],
        "language": languages.language,
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


@dataclass(frozen=True)
class DescribedLanguages:
    """The languages a publiccode.yml describes the software in: `own`, the description that
    becomes the project's own texts, in `language` ("" for one that is not a UN language), and
    `texts`, the project's texts in the other UN languages (ProjectTexts), by language."""

    language: str
    own: dict[str, Any]
    texts: dict[str, dict[str, str]] = field(default_factory=dict)


def described_languages(data: dict[str, Any]) -> DescribedLanguages:
    """The project's own texts are those of the first of the file's `availableLanguages` that
    it describes in a UN language, else English, else its first UN language, else its first
    description."""
    described = data.get("description") or {}
    descriptions = {str(key): value for key, value in described.items() if isinstance(value, dict)}
    if not descriptions:
        return DescribedLanguages(language="en", own={})
    by_code = {code: key for key in descriptions if (code := un_language(key))}
    available = (data.get("localisation") or {}).get("availableLanguages") or []
    preferred = [un_language(str(key)) for key in available if isinstance(key, str)]
    order = [*preferred, "en", *by_code]
    language = next((code for code in order if code in by_code), "")
    own = descriptions[by_code[language]] if language else next(iter(descriptions.values()))
    texts = {
        code: text
        for code, key in by_code.items()
        if code != language and (text := _localised(data, descriptions[key]))
    }
    return DescribedLanguages(language=language, own=own, texts=texts)


def un_language(key: str) -> str:
    """The platform's code of a publiccode.yml language key (`zh`, `zh-Hans` and `zh-CN` are
    `zh-hans`, `fr-CA` is `fr`), or "" for a language that is not a UN one."""
    code = key.strip().lower().replace("_", "-")
    if code in ("zh", "zh-hans", "zh-cn", "zh-sg"):
        return "zh-hans"
    base = code.split("-")[0]
    ours = {language for language, _name in settings.LANGUAGES}
    return base if base in ours and base != "zh" else ""


def _localised(data: dict[str, Any], description: dict[str, Any]) -> dict[str, str] | None:
    text = {
        "name": str(description.get("localisedName") or data.get("name") or "")[:200],
        "purpose": str(description.get("shortDescription") or "")[:300],
        "description": str(description.get("longDescription") or ""),
    }
    return text if text["name"].strip() and text["purpose"].strip() else None


def _organisations(data: dict[str, Any]) -> list[str]:
    names = [
        (data.get("organisation") or {}).get("name"),
        (data.get("legal") or {}).get("mainCopyrightOwner"),
        (data.get("legal") or {}).get("repoOwner"),
    ]
    return [str(name) for name in names if name]
