"""A small OSEE framework built by hand for the tests of trainers and mentorship (the shipped data
is tested in tests/osee/), and the sessions, attendance and offers those tests start from."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest

import osunited.osee
from osunited.accounts.models import User
from osunited.entities.models import Entity
from osunited.learning.models import (
    Attendance,
    Event,
    EventSession,
    MentorOffer,
    Trainer,
)
from osunited.osee import Category, Competency, Module, Osee

STRATEGY = "strategy/open-source-strategy"
COMMUNITY = "community-management/community-building"
PROCUREMENT = "procurement-and-legal/licence-compliance"


def _module(module_id: str, title: str, *competencies: tuple[str, str]) -> Module:
    return Module(
        id=module_id,
        category_id="organisational-and-programmatic",
        title=title,
        scope=f"The scope of {title}.",
        competencies=tuple(
            Competency(id=cid, module_id=module_id, name=name, description=name)
            for cid, name in competencies
        ),
    )


FAKE_OSEE = Osee(
    version="test",
    title="OSEE (tests)",
    date="2024-10",
    categories=(
        Category(
            id="organisational-and-programmatic",
            title="Organisational and programmatic",
            summary="",
            module_ids=("strategy", "community-management", "procurement-and-legal"),
        ),
    ),
    modules=(
        _module("strategy", "Strategy", (STRATEGY, "Open source strategy")),
        _module("community-management", "Community Management", (COMMUNITY, "Community building")),
        _module(
            "procurement-and-legal", "Procurement and Legal", (PROCUREMENT, "Licence compliance")
        ),
    ),
    ospo_roles=(),
)


@pytest.fixture
def fake_osee(monkeypatch: pytest.MonkeyPatch) -> Osee:
    monkeypatch.setattr(osunited.osee, "load_osee", lambda: FAKE_OSEE, raising=False)
    return FAKE_OSEE


_numbers = itertools.count(1)
START = datetime(2030, 3, 4, 9, 0, tzinfo=UTC)


def a_trainer(
    user: User, entity: Entity | None, *, active: bool = True, **fields: object
) -> Trainer:
    return Trainer.objects.create(user=user, entity=entity, active=active, **fields)


def session_led_by(
    trainer: User, *attendees: User, published: bool = True, kind: str = "workshop"
) -> EventSession:
    """A session `trainer` led, each attendee checked in with their entity."""
    number = next(_numbers)
    event = Event.objects.create(
        slug=f"training-{number}",
        title=f"Training {number}",
        kind=kind,
        summary="A training.",
        format="online",
        published=published,
    )
    starts_at = START + timedelta(days=number)
    session = EventSession.objects.create(
        event=event,
        title=f"Session {number}",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
    )
    session.trainers.add(trainer)
    for person in attendees:
        Attendance.objects.create(session=session, user=person, entity=person.entity, source="list")
    return session


def an_offer(
    mentor: User,
    *,
    capacity: int = 2,
    topics: tuple[str, ...] = (STRATEGY, COMMUNITY),
    **fields: object,
) -> MentorOffer:
    values: dict[str, object] = {"languages": ["en", "fr"], "note": "", "active": True, **fields}
    return MentorOffer.objects.create(
        mentor=mentor, capacity=capacity, topics=list(topics), **values
    )
