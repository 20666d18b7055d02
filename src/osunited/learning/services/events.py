"""Writes of events (CPF 4.5): events and their sessions, kept by the capacity-building team and
each event's organisers; registrations and their states; the waiting list, promoted first come,
first served; the participant's entity's decisions; reminders of sessions starting within a day.

The places of an event are counted inside the transaction that holds its row locked
(`select_for_update`), so that two people registering at once never take more places than it has.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from osunited.accounts.services import in_language_of
from osunited.accounts.types import User
from osunited.audit.services import audit_record
from osunited.learning.models import (
    Event,
    EventSession,
    LearningModule,
    Registration,
    RegistrationState,
    Trainer,
)
from osunited.learning.selectors.events import (
    awaits_entity,
    event_is_over,
    may_decide_for_entity,
    may_manage_event,
    places_taken,
)
from osunited.notifications import kinds
from osunited.notifications.services import notify

State = RegistrationState
NONE = ""  # no registration yet


@dataclass(frozen=True)
class Move:
    """One transition of a registration: from which states, to which, made by whom."""

    sources: frozenset[str]
    targets: frozenset[str]
    by: str  # "participant", "entity" (its learning focal points) or "system"


TRANSITIONS: dict[str, Move] = {
    "register": Move(
        frozenset({NONE, State.CANCELLED}),
        frozenset({State.PENDING, State.CONFIRMED, State.WAITLISTED}),
        "participant",
    ),
    "cancel": Move(
        frozenset({State.PENDING, State.CONFIRMED, State.WAITLISTED}),
        frozenset({State.CANCELLED}),
        "participant",
    ),
    "confirm": Move(
        frozenset({State.PENDING, State.WAITLISTED}),
        frozenset({State.CONFIRMED, State.WAITLISTED}),
        "entity",
    ),
    "decline": Move(
        frozenset({State.PENDING, State.WAITLISTED}),
        frozenset({State.CANCELLED}),
        "entity",
    ),
    "promote": Move(
        frozenset({State.WAITLISTED}),
        frozenset({State.PENDING, State.CONFIRMED}),
        "system",
    ),
}


def _move(registration: Registration, action: str, target: str) -> None:
    move = TRANSITIONS[action]
    if registration.state not in move.sources or target not in move.targets:
        raise ValueError(f"{action}: {registration.state!r} to {target!r} is not a transition")
    registration.state = target


# Events and sessions


@transaction.atomic
def event_create(
    *,
    actor: User,
    modules: Iterable[LearningModule] = (),
    organisers: Iterable[User] = (),
    **fields: Any,
) -> Event:
    if fields.get("published"):
        raise ValidationError(_("Add a session before you publish the event."))
    event = Event(created_by=actor, **fields)
    event.full_clean()
    event.save()
    event.modules.set(modules)
    event.organisers.set(organisers)
    audit_record(action="learning.event_created", actor=actor, target=event)
    return event


@transaction.atomic
def event_update(*, actor: User, event: Event, changes: dict[str, Any]) -> Event:
    """Change an event's facts (and `modules`, `organisers`), audited with the fields changed;
    places added by a larger capacity go to the waiting list at once."""
    if not may_manage_event(actor, event):
        raise PermissionDenied(_("Only the capacity-building team and its organisers edit it."))
    event = Event.objects.select_for_update().get(pk=event.pk)
    relations = {name: changes.pop(name) for name in ("modules", "organisers") if name in changes}
    changed = [name for name, value in changes.items() if getattr(event, name) != value]
    for name in changed:
        setattr(event, name, changes[name])
    if event.published and not event.sessions.exists():
        raise ValidationError(_("Add a session before you publish the event."))
    if changed:
        event.full_clean(exclude=["created_by"])  # None once its author's account is gone
        event.save(update_fields=changed)
    for name, values in relations.items():
        related = getattr(event, name)
        if set(related.all()) != set(values):
            related.set(values)
            changed.append(name)
    if changed:
        audit_record(
            action="learning.event_updated", actor=actor, target=event, changes={"fields": changed}
        )
    _fill_free_places(event)
    return event


@transaction.atomic
def session_save(
    *,
    actor: User,
    event: Event,
    session: EventSession | None = None,
    trainers: Iterable[User] | None = None,
    **fields: Any,
) -> EventSession:
    """Add a session to an event, or change one of its sessions; `trainers`, when given, are who
    lead it: active trainers, or those already named on it. Audited with what changed."""
    if not may_manage_event(actor, event):
        raise PermissionDenied(_("Only the capacity-building team and its organisers edit it."))
    starts_at, ends_at = fields.get("starts_at"), fields.get("ends_at")
    if starts_at and ends_at and ends_at <= starts_at:
        raise ValidationError(_("The session must end after it starts."))
    created = session is None
    session = session or EventSession(event=event)
    if session.event_id != event.pk:
        raise PermissionDenied(_("This session is not one of the event's."))
    # Compared with the stored row: a model form has already written its values on `session`.
    stored = None if created else EventSession.objects.get(pk=session.pk)
    changed = [name for name, value in fields.items() if getattr(stored, name, None) != value]
    for name, value in fields.items():
        setattr(session, name, value)
    session.full_clean()
    session.save()
    changes: dict[str, Any] = {"event": event.pk, "fields": changed}
    if trainers is not None:
        changes.update(_set_trainers(session, list(trainers)))
    action = "learning.session_added" if created else "learning.session_updated"
    audit_record(action=action, actor=actor, target=session, changes=changes)
    return session


def _set_trainers(session: EventSession, trainers: list[User]) -> dict[str, list[int]]:
    """Name the session's trainers; someone new to it must be an active trainer."""
    current = set(session.trainers.values_list("pk", flat=True))
    wanted = {user.pk for user in trainers}
    added, removed = wanted - current, current - wanted
    active = set(
        Trainer.objects.filter(user__in=added, active=True).values_list("user_id", flat=True)
    )
    if added - active:
        raise ValidationError(_("Only active trainers recorded on the platform lead a session."))
    if not added and not removed:
        return {}
    session.trainers.set(wanted)
    return {"trainers_added": sorted(added), "trainers_removed": sorted(removed)}


@transaction.atomic
def session_delete(*, actor: User, session: EventSession) -> None:
    """A session nobody attended yet; the only session of a published event stays."""
    event = session.event
    if not may_manage_event(actor, event):
        raise PermissionDenied(_("Only the capacity-building team and its organisers edit it."))
    if session.attendance.exists():
        raise ValidationError(_("People attended this session: it stays, with their attendance."))
    if event.published and event.sessions.count() == 1:
        raise ValidationError(_("A published event keeps at least one session."))
    audit_record(
        action="learning.session_deleted", actor=actor, target=session, changes={"event": event.pk}
    )
    session.delete()


# Registrations


def _lock(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


def _has_a_free_place(event: Event, *, excluding: Registration | None = None) -> bool:
    return event.capacity is None or places_taken(event, excluding=excluding) < event.capacity


def _require_open(event: Event, now: datetime) -> None:
    if not event.published:
        raise ValidationError(_("This event is not open for registration."))
    closes_at = event.registration_closes_at
    if closes_at is not None and closes_at <= now:
        raise ValidationError(
            _("Registration for this event closed on %(date)s (UTC).")
            % {"date": closes_at.strftime("%Y-%m-%d %H:%M")}
        )
    if event_is_over(event, now=now):
        raise ValidationError(_("This event is over."))


@transaction.atomic
def registration_register(*, actor: User, event: Event) -> Registration:
    """Register `actor`: pending while their entity decides (when the event asks for it),
    confirmed, or on the waiting list when the event is full. A cancelled registration is
    registered again in its own row, at the end of the waiting list."""
    now = timezone.now()
    event = _lock(event)
    _require_open(event, now)
    registration = Registration.objects.select_for_update().filter(event=event, user=actor).first()
    if registration is not None and registration.state not in TRANSITIONS["register"].sources:
        raise ValidationError(_("You are already registered for this event."))
    if event.needs_confirmation and actor.entity_id is None:
        raise ValidationError(
            _(
                "Your entity confirms registrations for this event, and your account names no "
                "entity. Ask the organisers to register you."
            )
        )
    registration = registration or Registration(event=event, user=actor, state=NONE)
    target = _arrival_state(event)
    _move(registration, "register", target)
    registration.entity_id = actor.entity_id
    registration.created_at = now
    registration.decided_at = registration.cancelled_at = registration.reminded_at = None
    registration.decided_by = None
    registration.save()
    audit_record(
        action="learning.registered", actor=actor, target=registration, changes={"state": target}
    )
    return registration


def _arrival_state(event: Event) -> str:
    if not _has_a_free_place(event):
        return State.WAITLISTED
    return State.PENDING if event.needs_confirmation else State.CONFIRMED


@transaction.atomic
def registration_cancel(*, actor: User, event: Event) -> Registration:
    """The participant cancels; the place freed goes to the first on the waiting list."""
    now = timezone.now()
    event = _lock(event)
    registration = Registration.objects.select_for_update().filter(event=event, user=actor).first()
    if registration is None or registration.state not in TRANSITIONS["cancel"].sources:
        raise ValidationError(_("You are not registered for this event."))
    if event_is_over(event, now=now):
        raise ValidationError(_("This event is over: its registrations stay as they were."))
    previous = registration.state
    _move(registration, "cancel", State.CANCELLED)
    registration.cancelled_at = now
    registration.save(update_fields=["state", "cancelled_at"])
    audit_record(
        action="learning.registration_cancelled",
        actor=actor,
        target=registration,
        changes={"state": [previous, State.CANCELLED]},
    )
    _fill_free_places(event)
    return registration


@transaction.atomic
def registration_decide(*, actor: User, registration: Registration, confirm: bool) -> Registration:
    """The participant's entity confirms (within the places left, else on the waiting list) or
    declines (cancelled, with who decided). The participant is told by e-mail."""
    event = _lock(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.entity is None or not may_decide_for_entity(actor, registration.entity):
        raise PermissionDenied(_("Only the participant's entity decides on this registration."))
    if not awaits_entity(registration, event):
        raise ValidationError(_("This registration does not wait for a decision."))
    previous, now = registration.state, timezone.now()
    if confirm:
        free = _has_a_free_place(event, excluding=registration)
        _move(registration, "confirm", State.CONFIRMED if free else State.WAITLISTED)
    else:
        _move(registration, "decline", State.CANCELLED)
        registration.cancelled_at = now
    registration.decided_at, registration.decided_by = now, actor
    registration.save(update_fields=["state", "decided_at", "decided_by", "cancelled_at"])
    audit_record(
        action="learning.registration_confirmed" if confirm else "learning.registration_declined",
        actor=actor,
        target=registration,
        changes={"state": [previous, registration.state]},
    )
    _notify(registration, event, _DECISION_KINDS[State(registration.state)])
    transaction.on_commit(lambda: _tell_decision(registration.pk))
    _fill_free_places(event)
    return registration


def _fill_free_places(event: Event) -> None:
    """Promote the waiting list, first come first served, while places are free. Call with the
    event's row locked."""
    if event_is_over(event):
        return
    waiting = Registration.objects.select_for_update().filter(event=event, state=State.WAITLISTED)
    for registration in waiting.order_by("created_at", "pk"):
        if not _has_a_free_place(event):
            return
        entity_to_decide = event.needs_confirmation and registration.decided_at is None
        _move(registration, "promote", State.PENDING if entity_to_decide else State.CONFIRMED)
        registration.save(update_fields=["state"])
        audit_record(
            action="learning.registration_promoted",
            target=registration,
            changes={"state": [State.WAITLISTED, registration.state]},
        )
        promoted = kinds.PLACE_PENDING if entity_to_decide else kinds.PLACE_CONFIRMED
        _notify(registration, event, promoted)
        transaction.on_commit(partial(_tell_promoted, registration.pk))


# E-mails, and the notifications beside them (in the change's transaction)

_DECISION_KINDS = {
    State.CONFIRMED: kinds.REGISTRATION_CONFIRMED,
    State.WAITLISTED: kinds.REGISTRATION_WAITLISTED,
    State.CANCELLED: kinds.REGISTRATION_DECLINED,
}


def _notify(registration: Registration, event: Event, kind: str) -> None:
    notify(
        users=[registration.user],
        kind=kind,
        url=reverse("learning:events_detail", kwargs={"slug": event.slug}),
        params={"event": event.title},
    )


def event_link(event: Event) -> str:
    return settings.SITE_URL + reverse("learning:events_detail", kwargs={"slug": event.slug})


def _tell_promoted(registration_pk: int) -> None:
    registration = Registration.objects.select_related("event", "user").get(pk=registration_pk)
    with in_language_of(registration.user):
        context = {"event": registration.event.title, "link": event_link(registration.event)}
        if registration.state == State.PENDING:
            body = _(
                "A place is free for %(event)s and it is yours once your entity confirms your "
                "registration.\n\n%(link)s"
            )
        else:
            body = _("A place is free for %(event)s: your registration is confirmed.\n\n%(link)s")
        send_mail(
            subject=_("[Open Source United] A place for you at %(event)s") % context,
            message=body % context,
            from_email=None,
            recipient_list=[registration.user.email],
        )


def _tell_decision(registration_pk: int) -> None:
    registration = Registration.objects.select_related("event", "user").get(pk=registration_pk)
    with in_language_of(registration.user):
        context = {"event": registration.event.title, "link": event_link(registration.event)}
        bodies = {
            State.CONFIRMED: _("Your entity confirmed your registration for %(event)s."),
            State.WAITLISTED: _(
                "Your entity confirmed your registration for %(event)s; the event is full and you "
                "are on its waiting list. You will be told if a place frees up."
            ),
            State.CANCELLED: _("Your entity declined your registration for %(event)s."),
        }
        send_mail(
            subject=_("[Open Source United] Your registration for %(event)s") % context,
            message=(bodies[State(registration.state)] + "\n\n%(link)s") % context,
            from_email=None,
            recipient_list=[registration.user.email],
        )
