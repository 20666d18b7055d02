"""Reads of attendance: a ticket and who may see it, the session a check-in is for, and a
session's participants with their check-in. Who manages an event's check-in is the events'
rule, `may_manage_event`: the capacity-building team and the event's organisers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from osunited.accounts.types import Viewer
from osunited.learning.models import (
    Attendance,
    Completion,
    Event,
    EventSession,
    Registration,
    RegistrationState,
)
from osunited.learning.selectors.events import may_manage_event

MAX_TICKET_LENGTH = 40


def registration_by_ticket(ticket: str) -> Registration | None:
    if not ticket or len(ticket) > MAX_TICKET_LENGTH:
        return None
    return (
        Registration.objects.select_related("event", "user", "entity").filter(ticket=ticket).first()
    )


def may_see_ticket(user: Viewer, registration: Registration) -> bool:
    """The registrant, the event's organisers and the capacity-building team."""
    if not user.is_authenticated:
        return False
    return registration.user_id == user.pk or may_manage_event(user, registration.event)


def get_ticket_for_viewer(user: Viewer, ticket: str) -> Registration:
    """404 for a ticket that does not exist and for one the viewer may not see alike: a ticket
    is a secret, and a 403 would confirm it is a real one."""
    registration = registration_by_ticket(ticket)
    if registration is None or not may_see_ticket(user, registration):
        raise Http404(_("No such ticket."))
    return registration


def get_event_for_check_in(user: Viewer, slug: str) -> Event:
    event = Event.objects.filter(slug=slug).first()
    if event is None:
        raise Http404(_("No such event."))
    if not may_manage_event(user, event):
        raise PermissionDenied(
            _("Only the event's organisers and the capacity team check people in.")
        )
    return event


def sessions_of(event: Event) -> list[EventSession]:
    return list(event.sessions.order_by("starts_at", "pk"))


def current_session(
    sessions: list[EventSession], *, now: datetime | None = None
) -> EventSession | None:
    """The session under way or the next one; once all are over, the last one."""
    now = now or timezone.now()
    return next((s for s in sessions if s.ends_at > now), sessions[-1] if sessions else None)


def chosen_session(sessions: list[EventSession], raw: str | None) -> EventSession | None:
    """The session named by `?session=<id>` if it is one of the event's, else the current one."""
    if raw and raw.isdigit():
        chosen = next((s for s in sessions if s.pk == int(raw)), None)
        if chosen is not None:
            return chosen
    return current_session(sessions)


def attendance_of(registration: Registration) -> dict[int, Attendance]:
    """The registrant's check-ins, by session id."""
    rows = Attendance.objects.filter(
        session__event=registration.event, user=registration.user
    ).select_related("session")
    return {row.session_id: row for row in rows}


def completion_of(registration: Registration) -> Completion | None:
    return Completion.objects.filter(user=registration.user_id, event=registration.event_id).first()


@dataclass(frozen=True)
class Participant:
    registration: Registration
    attendance: Attendance | None


def session_participants(session: EventSession) -> list[Participant]:
    """The event's confirmed registrations, with their check-in at this session (two queries)."""
    registrations = (
        Registration.objects.filter(event=session.event_id, state=RegistrationState.CONFIRMED)
        .select_related("user", "entity")
        .order_by("user__display_name", "user__email")
    )
    checked_in = {row.user_id: row for row in session.attendance.filter(user__isnull=False)}
    return [Participant(r, checked_in.get(r.user_id)) for r in registrations]


def session_attendance(session: EventSession) -> QuerySet[Attendance]:
    """Everyone recorded at the session, people without an account included."""
    return session.attendance.select_related("user", "entity").order_by("checked_in_at", "pk")
