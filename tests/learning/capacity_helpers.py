"""Modules, events, completions and assessments for the tests of recommendations, suggested
evidence and capacity figures, written directly: the state of the world a test starts from."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from osunited import framework as fw
from osunited.accounts.models import User
from osunited.assessments.models import Answer, Assessment
from osunited.entities.models import Entity
from osunited.learning.models import (
    Attendance,
    Completion,
    Event,
    EventSession,
    LearningModule,
)
from tests.factories import UserFactory

CB2_COMPETENCY = "capacity-building/human-resource-planning-and-allocation"


def a_module(slug: str, **fields: Any) -> LearningModule:
    values: dict[str, Any] = {
        "title": slug.replace("-", " ").title(),
        "summary": "A module.",
        "kind": "osee",
        "level": "introductory",
        **fields,
    }
    return LearningModule.objects.create(slug=slug, **values)


def an_event(
    slug: str, *, starts: datetime, modules: tuple[LearningModule, ...] = (), **fields: Any
) -> Event:
    values: dict[str, Any] = {
        "title": slug.replace("-", " ").title(),
        "kind": "webinar",
        "summary": "An event.",
        "format": "online",
        "published": True,
        **fields,
    }
    event = Event.objects.create(slug=slug, **values)
    event.modules.set(modules)
    EventSession.objects.create(
        event=event, title="Session", starts_at=starts, ends_at=starts + timedelta(hours=2)
    )
    return event


def people_of(domain: str, count: int) -> list[User]:
    """`count` people whose address at `domain` makes them staff of that entity."""
    return [UserFactory(email=f"learner{n}@{domain}") for n in range(count)]


def completed(user: User, what: Event | LearningModule, *, on: date, **fields: Any) -> Completion:
    target = {"event": what} if isinstance(what, Event) else {"module": what}
    return Completion.objects.create(
        user=user,
        entity=user.entity,
        source="attendance" if isinstance(what, Event) else "self_paced",
        completed_on=on,
        **target,
        **fields,
    )


def attended(user: User, event: Event) -> Attendance:
    session = event.sessions.first()
    assert session is not None
    return Attendance.objects.create(
        session=session, user=user, entity=user.entity, source="list", email=user.email
    )


def an_assessment(
    entity: Entity, *, unmet: tuple[str, ...] = (), rate_all: bool = True
) -> Assessment:
    """A draft of `entity` with every item rated full (or none rated) except `unmet`, minimal."""
    assessment = Assessment.objects.create(entity=entity, framework_id="cpf-rc1")
    items = fw.load_framework("cpf-rc1").item_ids if rate_all else unmet
    Answer.objects.bulk_create(
        Answer(
            assessment=assessment, item_id=item_id, rating="minimal" if item_id in unmet else "full"
        )
        for item_id in items
    )
    return assessment


def now() -> datetime:
    return timezone.now()


def empty_catalogue() -> None:
    """Without the shipped catalogue (synced after migrate), so a test sees only its own."""
    from osunited.learning.models import LearningPath, PathStep

    PathStep.objects.all().delete()
    LearningPath.objects.all().delete()
    LearningModule.objects.all().delete()


def an_assessment_towards(entity: Entity, stage: int) -> Assessment:
    """A draft at `stage` - 1: the items required up to it rated full, nothing else rated."""
    framework = fw.load_framework("cpf-rc1")
    required = {item.id for k in range(1, stage) for item in fw.blocking_items(framework, k)}
    assessment = Assessment.objects.create(entity=entity, framework_id="cpf-rc1")
    Answer.objects.bulk_create(
        Answer(assessment=assessment, item_id=item_id, rating="full") for item_id in required
    )
    return assessment
