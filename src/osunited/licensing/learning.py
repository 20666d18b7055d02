"""Learning resources on licensing (CPF 4.2.2), read from data/learning.yaml: one topic per
public page, each with its reading, courses, webinars and tools. Pure Python: the views hand
the reader's language to `text`."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).parent / "data" / "learning.yaml"
FALLBACK_LANGUAGE = "en"
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
    title: dict[str, str]
    summary: dict[str, str]
    resources: tuple[Resource, ...]
    platform_tools: tuple[str, ...]


def text(values: dict[str, str], language: str) -> str:
    """The text in `language` ("fr", "fr-ca"), else in English."""
    base = language.split("-")[0].lower()
    return values.get(base) or values[FALLBACK_LANGUAGE]


@cache
def topics() -> tuple[Topic, ...]:
    with DATA.open(encoding="utf-8") as stream:
        document = yaml.safe_load(stream)
    return tuple(_topic(entry) for entry in document["topics"])


def topic(slug: str) -> Topic | None:
    return next((t for t in topics() if t.slug == slug), None)


def _topic(entry: dict[str, Any]) -> Topic:
    slug = str(entry["slug"])
    for field in ("title", "summary"):
        if not entry[field].get(FALLBACK_LANGUAGE):
            raise ValueError(f"learning topic {slug}: {field} has no English text")
    tools = tuple(entry.get("platform_tools") or ())
    if unknown := set(tools) - set(PLATFORM_TOOLS):
        raise ValueError(f"learning topic {slug}: unknown platform tools {sorted(unknown)}")
    resources = tuple(_resource(slug, raw) for raw in entry["resources"])
    if not resources:
        raise ValueError(f"learning topic {slug}: no resource")
    return Topic(slug, dict(entry["title"]), dict(entry["summary"]), resources, tools)


def _resource(slug: str, raw: dict[str, Any]) -> Resource:
    resource = Resource(**{key: str(raw.get(key) or "") for key in Resource.__dataclass_fields__})
    if not all(vars(resource).values()):
        raise ValueError(f"learning topic {slug}: incomplete resource {raw}")
    if not resource.url.startswith("https://"):
        raise ValueError(f"learning topic {slug}: {resource.url} is not an https address")
    if resource.kind not in KINDS or resource.level not in LEVELS:
        raise ValueError(f"learning topic {slug}: unknown kind or level in {raw}")
    return resource
