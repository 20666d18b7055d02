"""Events and sessions for the tests of events, written directly (no audit): for the state of the
world a test starts from."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from osunited.accounts.models import GrantedRole, User
from osunited.accounts.services import role_grant
from osunited.learning.models import Event, EventSession

SOON = datetime(2031, 5, 6, 14, 0, tzinfo=UTC)  # the first session of `an_event`
BEFORE = SOON - timedelta(days=10)  # the tests' "now", while registration is open


def an_event(*, slug: str = "mind-the-gap-7", sessions: int = 1, **fields: Any) -> Event:
    values: dict[str, Any] = {
        "title": "Mind the Open Source Gap 7",
        "kind": "mind_the_gap",
        "summary": "Open source in the UN system.",
        "format": "online",
        "published": True,
        **fields,
    }
    event = Event.objects.create(slug=slug, **values)
    for number in range(sessions):
        starts_at = SOON + timedelta(days=7 * number)
        EventSession.objects.create(
            event=event,
            title=f"Part {number + 1}",
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=1, minutes=30),
            joining_url="https://meet.example.org/gap-7",
        )
    return event


def capacity_team_member(user: User) -> User:
    role_grant(user=user, role=GrantedRole.CAPACITY_TEAM, actor=None)
    user.refresh_from_db()
    return user
