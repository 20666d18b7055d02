"""OSEE competencies as topics: what trainers teach and mentors offer, chosen from the engine's
list and shown by name. An id the framework no longer knows is shown as it was stored."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from osunited import osee


@dataclass(frozen=True)
class Topic:
    id: str
    name: str
    module_title: str = ""


def competency_choices() -> list[tuple[str, str]]:
    """(id, "Module: competency") for every OSEE competency, in the framework's order."""
    framework = osee.load_osee()
    return [
        (c.id, f"{framework.module(c.module_id).title}: {c.name}") for c in framework.competencies()
    ]


def known_competency_ids() -> frozenset[str]:
    return frozenset(c.id for c in osee.load_osee().competencies())


def topics_named(ids: Iterable[str]) -> list[Topic]:
    framework = osee.load_osee()
    topics = []
    for topic_id in ids:
        try:
            competency = framework.competency(topic_id)
        except KeyError:
            topics.append(Topic(id=topic_id, name=topic_id))
            continue
        module_title = framework.module(competency.module_id).title
        topics.append(Topic(id=topic_id, name=competency.name, module_title=module_title))
    return topics
