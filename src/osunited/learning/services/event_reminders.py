"""Reminders of learning events: each confirmed participant of a session starting within a day is
e-mailed once, with the event's page and its calendar file."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from osunited.accounts.services import in_language_of
from osunited.accounts.types import User
from osunited.learning.models import EventSession, Registration, RegistrationState
from osunited.learning.selectors.events import sessions_to_remind
from osunited.learning.services.events import event_link
from osunited.notifications import kinds
from osunited.notifications.services import notify

REMIND_WITHIN = timedelta(hours=24)


def reminders_send(*, now: datetime | None = None) -> int:
    """E-mail the confirmed participants of each session starting within REMIND_WITHIN, once per
    session: `reminded_at` earlier than a day before the session means not reminded of it yet.
    Returns how many were reminded; running it again sends nothing more."""
    now = now or timezone.now()
    sent = 0
    for session in sessions_to_remind(now=now, within=REMIND_WITHIN):
        for registration_pk in _to_remind(session):
            sent += _remind(registration_pk, session, now)
    return sent


def _to_remind(session: EventSession) -> list[int]:
    not_yet = Q(reminded_at__isnull=True) | Q(reminded_at__lt=session.starts_at - REMIND_WITHIN)
    registrations = Registration.objects.filter(
        event_id=session.event_id, state=RegistrationState.CONFIRMED
    ).filter(not_yet)
    return list(registrations.order_by("pk").values_list("pk", flat=True))


@transaction.atomic
def _remind(registration_pk: int, session: EventSession, now: datetime) -> int:
    """One reminder, recorded in the same transaction as it is sent: a failed e-mail is retried
    by the next run, a retried run never sends it twice."""
    registration = (
        Registration.objects.select_for_update()
        .select_related("user")
        .filter(pk=registration_pk, state=RegistrationState.CONFIRMED)
        .first()
    )
    if registration is None or (
        registration.reminded_at is not None
        and registration.reminded_at >= session.starts_at - REMIND_WITHIN
    ):
        return 0
    registration.reminded_at = now
    registration.save(update_fields=["reminded_at"])
    notify(
        users=[registration.user],
        kind=kinds.EVENT_REMINDER,
        url=reverse("learning:events_detail", kwargs={"slug": session.event.slug}),
        params={
            "session": session.title,
            "event": session.event.title,
            "starts": session.starts_at.isoformat(),
        },
    )
    with in_language_of(registration.user):
        _send_reminder(registration.user, session)
    return 1


def _send_reminder(user: User, session: EventSession) -> None:
    event = session.event
    context = {
        "event": event.title,
        "session": session.title,
        "starts": session.starts_at.strftime("%Y-%m-%d %H:%M"),
        "place": session.location or event.location or session.joining_url or _("not stated"),
        "link": event_link(event),
        "calendar": settings.SITE_URL
        + reverse("learning:events_calendar", kwargs={"slug": event.slug}),
    }
    body = _(
        "%(session)s (%(event)s) starts on %(starts)s UTC.\n\nWhere: %(place)s\n\n"
        "The event: %(link)s\nAdd it to your calendar: %(calendar)s"
    )
    send_mail(
        subject=_("[Open Source United] Reminder: %(event)s, %(starts)s UTC") % context,
        message=body % context,
        from_email=None,
        recipient_list=[user.email],
    )
