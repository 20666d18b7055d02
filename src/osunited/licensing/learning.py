"""Learning resources on licensing (CPF 4.2.2), read from data/learning.yaml: one topic per
public page, each with its reading, courses, webinars and tools. Pure Python: the views hand
the reader's language to `topics`; a topic's title and summary in other languages come from the
sidecars beside the file (`TOPIC_TEXTS`, docs/translations.md). A resource's title is its own
name, in its own language."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml

from osunited.texts import (
    ENGLISH,
    DataTexts,
    Translate,
    is_english,
    language_code,
    recorded_texts,
    sidecar_generation,
)

DATA = Path(__file__).parent / "data" / "learning.yaml"
KINDS = ("reading", "course", "webinar", "tool")
LEVELS = ("introductory", "intermediate", "advanced")
PLATFORM_TOOLS = ("chooser", "compatibility")


@dataclass(frozen=True)
class Resource:
    kind: str
    title: str
    url: str
    language: str
    level: str


@dataclass(frozen=True)
class Topic:
    slug: str
    title: str
    summary: str
    resources: tuple[Resource, ...]
    platform_tools: tuple[str, ...]


def topics(language: str = ENGLISH) -> tuple[Topic, ...]:
    """Every topic, its title and summary in `language` where translated ("fr", "fr-ca")."""
    if is_english(language):
        return _shipped()
    return _shipped_in(language_code(language), sidecar_generation())


def topic(slug: str, language: str = ENGLISH) -> Topic | None:
    return next((t for t in topics(language) if t.slug == slug), None)


@cache
def _shipped() -> tuple[Topic, ...]:
    with DATA.open(encoding="utf-8") as stream:
        document = yaml.safe_load(stream)
    return tuple(_topic(entry) for entry in document["topics"])


@lru_cache(maxsize=16)
def _shipped_in(language: str, _generation: int) -> tuple[Topic, ...]:
    return _localised(_shipped(), TOPIC_TEXTS.translator(language))


def _localised(found: tuple[Topic, ...], text: Translate) -> tuple[Topic, ...]:
    return tuple(
        replace(
            topic,
            title=text(f"topics[{topic.slug}].title", topic.title),
            summary=text(f"topics[{topic.slug}].summary", topic.summary),
        )
        for topic in found
    )


TOPIC_TEXTS = DataTexts(DATA, lambda: recorded_texts(lambda text: _localised(_shipped(), text)))


def _topic(entry: dict[str, Any]) -> Topic:
    slug = str(entry["slug"])
    for field in ("title", "summary"):
        if not isinstance(entry.get(field), str) or not entry[field].strip():
            raise ValueError(f"learning topic {slug}: {field} has no English text")
    tools = tuple(entry.get("platform_tools") or ())
    if unknown := set(tools) - set(PLATFORM_TOOLS):
        raise ValueError(f"learning topic {slug}: unknown platform tools {sorted(unknown)}")
    resources = tuple(_resource(slug, raw) for raw in entry["resources"])
    if not resources:
        raise ValueError(f"learning topic {slug}: no resource")
    return Topic(slug, entry["title"].strip(), entry["summary"].strip(), resources, tools)


def _resource(slug: str, raw: dict[str, Any]) -> Resource:
    resource = Resource(**{key: str(raw.get(key) or "") for key in Resource.__dataclass_fields__})
    if not all(vars(resource).values()):
        raise ValueError(f"learning topic {slug}: incomplete resource {raw}")
    if not resource.url.startswith("https://"):
        raise ValueError(f"learning topic {slug}: {resource.url} is not an https address")
    if resource.kind not in KINDS or resource.level not in LEVELS:
        raise ValueError(f"learning topic {slug}: unknown kind or level in {raw}")
    return resource
