"""Reads of events: who manages an event and who decides for an entity (each rule in one place),
the public lists with their filters, an event's page for one viewer, a person's registrations, an
entity's registrations, the calendar feed and the sessions to remind of."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Min, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from osunited.accounts.roles import (
    CAPACITY_TEAM,
    Role,
    is_learning_focal_point_of,
    learning_entities_of,
    roles_of,
)
from osunited.accounts.types import User, Viewer
from osunited.entities.models import Entity
from osunited.learning.models import (
    Event,
    EventFormat,
    EventSession,
    Registration,
    RegistrationState,
)

HOLDING_A_PLACE = (RegistrationState.CONFIRMED, RegistrationState.PENDING)
ACTIVE_STATES = (*HOLDING_A_PLACE, RegistrationState.WAITLISTED)
PAST_EVENTS_SHOWN = 50
# The feed keeps events that ended recently, so that a calendar does not lose them at once.
FEED_KEEPS_DAYS = 30
# Who chose "online" wants hybrid events too, and so does who chose "on site".
FORMAT_FILTERS = {
    "online": (EventFormat.ONLINE, EventFormat.HYBRID),
    "on_site": (EventFormat.ON_SITE, EventFormat.HYBRID),
}


def may_manage_event(user: Viewer, event: Event) -> bool:
    """The capacity-building team (and platform admins) manage every event; organisers theirs."""
    if not user.is_authenticated:
        return False
    return CAPACITY_TEAM.allows(user) or event.organisers.filter(pk=user.pk).exists()


def may_decide_for_entity(user: Viewer, entity: Entity) -> bool:
    """An entity's learning focal points and representatives (and platform admins) confirm or
    decline its people's registrations."""
    if user.is_authenticated and Role.PLATFORM_ADMIN in roles_of(user):
        return True
    return is_learning_focal_point_of(user, entity)


def entities_decided_for(user: Viewer) -> list[Entity]:
    """The entities whose people's registrations `user` confirms (admins reach any by its
    address; the list names the grants only)."""
    return list(learning_entities_of(user))


def get_event_for_viewer(user: Viewer, slug: str) -> Event:
    """A published event, or a draft for those who manage it; 404 for anything else."""
    event = Event.objects.filter(slug=slug).first()
    if event is None or not (event.published or may_manage_event(user, event)):
        raise Http404(_("No such event."))
    return event


def get_event_for_manager(user: Viewer, slug: str) -> Event:
    event = Event.objects.filter(slug=slug).first()
    if event is None:
        raise Http404(_("No such event."))
    if not may_manage_event(user, event):
        raise PermissionDenied(_("Only the capacity-building team and its organisers edit it."))
    return event


def get_session_of(event: Event, pk: int) -> EventSession:
    session = event.sessions.filter(pk=pk).first()
    if session is None:
        raise Http404(_("No such session."))
    return session


def places_taken(event: Event, *, excluding: Registration | None = None) -> int:
    """Confirmed and pending registrations: a pending one keeps its place while the entity
    decides."""
    taken = Registration.objects.filter(event=event, state__in=HOLDING_A_PLACE)
    if excluding is not None:
        taken = taken.exclude(pk=excluding.pk)
    return taken.count()


def places_left(event: Event) -> int | None:
    """None for an event without a limit."""
    if event.capacity is None:
        return None
    return max(event.capacity - places_taken(event), 0)


def waiting_position(registration: Registration) -> int | None:
    """1 for the first on the waiting list; None when not on it."""
    if registration.state != RegistrationState.WAITLISTED:
        return None
    ahead = Registration.objects.filter(
        event_id=registration.event_id, state=RegistrationState.WAITLISTED
    ).filter(
        Q(created_at__lt=registration.created_at)
        | Q(created_at=registration.created_at, pk__lt=registration.pk)
    )
    return ahead.count() + 1


def _with_dates(events: QuerySet[Event]) -> QuerySet[Event]:
    return events.annotate(
        first_start=Min("sessions__starts_at"),
        last_end=Max("sessions__ends_at"),
        session_count=Count("sessions", distinct=True),
    )


@dataclass(frozen=True)
class EventFilters:
    kind: str = ""
    format: str = ""
    language: str = ""


def _filtered(events: QuerySet[Event], filters: EventFilters) -> QuerySet[Event]:
    if filters.kind:
        events = events.filter(kind=filters.kind)
    if filters.format in FORMAT_FILTERS:
        events = events.filter(format__in=FORMAT_FILTERS[filters.format])
    if filters.language:
        events = events.filter(language=filters.language)
    return events


def published_events(
    filters: EventFilters, *, now: datetime | None = None
) -> tuple[Sequence[Event], Sequence[Event]]:
    """Published events with at least one session, filtered: upcoming (not over yet, soonest
    first) and past (latest first, the last PAST_EVENTS_SHOWN)."""
    now = now or timezone.now()
    events = (
        _filtered(Event.objects.filter(published=True), filters)
        .annotate(
            first_start=Min("sessions__starts_at"),
            last_end=Max("sessions__ends_at"),
            session_count=Count("sessions", distinct=True),
        )
        .filter(session_count__gt=0)
    )
    upcoming = list(events.filter(last_end__gte=now).order_by("first_start", "pk"))
    past = list(events.filter(last_end__lt=now).order_by("-last_end", "-pk")[:PAST_EVENTS_SHOWN])
    return upcoming, past


def event_languages() -> list[str]:
    """The languages of published events, for the filter."""
    languages = Event.objects.filter(published=True).values_list("language", flat=True)
    return sorted(set(languages))


def drafts_for(user: Viewer) -> list[Event]:
    """Unpublished events the user manages, newest first."""
    if not user.is_authenticated:
        return []
    drafts = _with_dates(Event.objects.filter(published=False))
    if not CAPACITY_TEAM.allows(user):
        drafts = drafts.filter(organisers=user)
    return list(drafts.order_by("-created_at", "-pk"))


def event_sessions(event: Event) -> list[EventSession]:
    """With the trainers who lead each one, by name, and their trainer's records (for the links)."""
    trainers = User.objects.select_related("trainer").order_by("display_name", "email")
    sessions = event.sessions.prefetch_related(Prefetch("trainers", queryset=trainers))
    return list(sessions.order_by("starts_at", "pk"))


def registration_of(user: Viewer, event: Event) -> Registration | None:
    if not user.is_authenticated:
        return None
    return Registration.objects.filter(event=event, user=user).first()


def event_is_over(event: Event, *, now: datetime | None = None) -> bool:
    last_end = event.sessions.aggregate(last=Max("ends_at"))["last"]
    return last_end is not None and last_end < (now or timezone.now())


def registrations_of_user(user: User) -> list[tuple[Registration, int | None]]:
    """A person's registrations, the coming events first, each with its place on the waiting
    list (None when not on one)."""
    registrations = sorted(
        Registration.objects.filter(user=user)
        .select_related("event")
        .annotate(
            first_start=Min("event__sessions__starts_at"),
            last_end=Max("event__sessions__ends_at"),
        ),
        key=_soonest_first,
    )
    positions = _waiting_positions(
        [r.event_id for r in registrations if r.state == RegistrationState.WAITLISTED]
    )
    return [(r, positions.get(r.pk)) for r in registrations]


def _waiting_positions(event_ids: list[int]) -> dict[int, int]:
    """Registration pk -> place on its event's waiting list, for the events given, in one query."""
    if not event_ids:
        return {}
    waiting = Registration.objects.filter(
        event_id__in=event_ids, state=RegistrationState.WAITLISTED
    ).order_by("event_id", "created_at", "pk")
    positions: dict[int, int] = {}
    counted: dict[int, int] = {}
    for pk, event_id in waiting.values_list("pk", "event_id"):
        counted[event_id] = counted.get(event_id, 0) + 1
        positions[pk] = counted[event_id]
    return positions


def _soonest_first(registration: Registration) -> tuple[bool, float]:
    last_end: datetime | None = getattr(registration, "last_end", None)
    first_start: datetime | None = getattr(registration, "first_start", None)
    is_over = last_end is not None and last_end < timezone.now()
    moment = first_start.timestamp() if first_start is not None else 0.0
    return (is_over, -moment if is_over else moment)


def entity_registrations(entity: Entity) -> QuerySet[Registration]:
    """The registrations of an entity's people, the newest first, with their events and people."""
    return (
        Registration.objects.filter(entity=entity)
        .select_related("event", "user", "decided_by")
        .annotate(first_start=Min("event__sessions__starts_at"))
        .order_by("-created_at", "-pk")
    )


def awaits_entity(registration: Registration, event: Event) -> bool:
    """Pending, or on the waiting list of an event that needs the entity's word, undecided."""
    if registration.state == RegistrationState.PENDING:
        return True
    return (
        registration.state == RegistrationState.WAITLISTED
        and event.needs_confirmation
        and registration.decided_at is None
    )


def registrations_awaiting(user: Viewer) -> QuerySet[Registration]:
    """Registrations waiting for the word of an entity whose learning `user` manages (the rule
    of `awaits_entity`, in the database), the oldest first."""
    waitlisted_undecided = Q(
        state=RegistrationState.WAITLISTED,
        event__needs_confirmation=True,
        decided_at__isnull=True,
    )
    return (
        Registration.objects.filter(entity__in=learning_entities_of(user))
        .filter(Q(state=RegistrationState.PENDING) | waitlisted_undecided)
        .select_related("event", "user", "entity")
        .order_by("created_at", "pk")
    )


def calendar_events(*, now: datetime | None = None) -> QuerySet[Event]:
    """The feed: published events not over, or over for less than FEED_KEEPS_DAYS."""
    since = (now or timezone.now()) - timedelta(days=FEED_KEEPS_DAYS)
    return (
        Event.objects.filter(published=True, sessions__ends_at__gte=since)
        .distinct()
        .prefetch_related(Prefetch("sessions", queryset=EventSession.objects.order_by("starts_at")))
        .order_by("pk")
    )


def sessions_to_remind(*, now: datetime, within: timedelta) -> QuerySet[EventSession]:
    """Sessions of published events starting after `now` and within `within`."""
    return (
        EventSession.objects.filter(
            event__published=True, starts_at__gt=now, starts_at__lte=now + within
        )
        .select_related("event")
        .order_by("starts_at", "pk")
    )
