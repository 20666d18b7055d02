"""Events as iCalendar (RFC 5545): one event's sessions, and the feed of published events that a
calendar subscribes to. Each session is a VEVENT whose UID stays the same across downloads, so
that a calendar updates it rather than adding it twice."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as CalendarEntry

from osunited.learning.models import Event, EventFormat, EventSession

PRODUCT_ID = "-//Open Source United//Learning events//EN"


def session_uid(session: EventSession) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"learning-session-{session.pk}@{host}"


def event_calendar(event: Event) -> bytes:
    """One event's sessions."""
    return _calendar([event], name=event.title)


def events_feed(events: Iterable[Event]) -> bytes:
    """The subscription feed; `events` have their sessions prefetched."""
    return _calendar(events, name=_("Open Source United learning events"))


def _calendar(events: Iterable[Event], *, name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now().astimezone(UTC).replace(microsecond=0)
    for event in events:
        for session in event.sessions.all():
            calendar.add_component(_entry(event, session, stamp))
    body: bytes = calendar.to_ical()
    return body


def _entry(event: Event, session: EventSession, stamp: datetime) -> CalendarEntry:
    link = settings.SITE_URL + reverse("learning:events_detail", kwargs={"slug": event.slug})
    entry = CalendarEntry()
    entry.add("uid", session_uid(session))
    entry.add("dtstamp", stamp)
    entry.add("dtstart", session.starts_at.astimezone(UTC))
    entry.add("dtend", session.ends_at.astimezone(UTC))
    title = event.title if session.title == event.title else f"{event.title}: {session.title}"
    entry.add("summary", title)
    entry.add("location", _location(event, session))
    entry.add("url", link)
    entry.add("description", f"{event.summary}\n\n{link}")
    return entry


def _location(event: Event, session: EventSession) -> str:
    """The session's place, else the event's; the joining link is for confirmed participants
    only, so an event online says so."""
    place = session.location or event.location
    if place:
        return place
    return str(_("Online")) if event.format != EventFormat.ON_SITE else str(_("Not stated"))
