"""The state the attendance and credential tests start from: an event with its sessions,
organised by grace, with confirmed registrations; written directly (no audit)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from osunited.accounts.models import User
from osunited.learning.models import (
    Event,
    EventSession,
    LearningModule,
    Registration,
    RegistrationState,
)

FIRST_SESSION = datetime(2031, 5, 6, 9, 0, tzinfo=UTC)
DURING = FIRST_SESSION + timedelta(minutes=62)  # 10:02, the first session under way
COMPETENCIES = [
    "procurement-and-legal/capacity-to-recognize-and-address-legal-challenges",
    "strategy/capacity-building",
]


def workshop(*, organiser: User | None = None, sessions: int = 2, slug: str = "osl-101") -> Event:
    """Two sessions of 1.5 hours a week apart, covering a module with two OSEE competencies."""
    event = Event.objects.create(
        slug=slug,
        title="Open Source Licensing 101",
        kind="workshop",
        summary="Licenses, obligations and contributions for UN projects.",
        format="on_site",
        location="Geneva, Palais des Nations",
        published=True,
    )
    module = LearningModule.objects.create(
        slug=f"{slug}-module",
        title="Procurement and legal",
        summary="Licensing for procurement officers.",
        kind="osee",
        osee_module="procurement-and-legal",
        competencies=COMPETENCIES,
        level="introductory",
    )
    event.modules.add(module)
    if organiser is not None:
        event.organisers.add(organiser)
    for number in range(sessions):
        starts_at = FIRST_SESSION + timedelta(days=7 * number)
        EventSession.objects.create(
            event=event,
            title=f"Part {number + 1}",
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=1, minutes=30),
        )
    return event


def registered(user: User, event: Event, state: str = RegistrationState.CONFIRMED) -> Registration:
    return Registration.objects.create(event=event, user=user, entity=user.entity, state=state)
