"""What the meetings tests share: the secretariat's clerk and a meeting next week."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from osunited.accounts.models import GrantedRole, User
from osunited.accounts.services import role_grant
from osunited.governance.models import BoardMeeting
from osunited.governance.services.meetings import meeting_schedule
from tests.factories import UserFactory


def a_clerk() -> User:
    """Sam, of the OSSIB secretariat."""
    clerk = UserFactory(email="sam@un.org", display_name="Sam Clerk")
    role_grant(user=clerk, role=GrantedRole.BOARD_SECRETARIAT, actor=None)
    clerk.refresh_from_db()
    return clerk


def a_meeting(clerk: User, *, days: int = 7, title: str = "OSSIB meeting 3") -> BoardMeeting:
    starts = timezone.now().replace(microsecond=0) + timedelta(days=days)
    return meeting_schedule(
        actor=clerk, title=title, starts_at=starts, ends_at=starts + timedelta(hours=2)
    )
