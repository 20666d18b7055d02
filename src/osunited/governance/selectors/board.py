"""Reading the Board: its seats, its decisions and the petitions to join it."""

from __future__ import annotations

from django.db.models import QuerySet

from osunited.accounts.types import Viewer
from osunited.entities.models import Entity, OssibStatus
from osunited.governance.models import BoardSettings


def board_seats() -> QuerySet[Entity]:
    """The member entities: one seat each, held by the entity's OSSIB representative."""
    return Entity.objects.filter(ossib_status=OssibStatus.MEMBER).select_related(
        "ossib_representative"
    )


def seat_of(user: Viewer) -> Entity | None:
    """The member entity whose OSSIB representative `user` is: the seat they vote for."""
    if not user.is_authenticated:
        return None
    return board_seats().filter(ossib_representative=user).order_by("acronym").first()


def board_settings() -> BoardSettings:
    """The settings in force (the defaults until an admin saves them)."""
    return BoardSettings.objects.filter(pk=1).first() or BoardSettings(pk=1)
