"""Events as iCalendar (RFC 5545): one event's sessions, and the feed of published events that a
calendar subscribes to. Each session is a VEVENT whose UID stays the same across downloads, so
that a calendar updates it rather than adding it twice.

`ical_calendar`, `ical_entry`, `site_uid` and `ical_response` are the iCalendar pieces the
platform's other calendars (OSSIB meetings, working groups) build on."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as CalendarEntry

from osunited.learning.models import Event, EventFormat, EventSession

PRODUCT_ID = "-//Open Source United//Learning events//EN"


def ical_calendar(entries: Iterable[CalendarEntry], *, product_id: str, name: str) -> bytes:
    """A calendar named `name` holding `entries`, each stamped with the time of this download."""
    calendar = Calendar()
    calendar.add("prodid", product_id)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now().astimezone(UTC).replace(microsecond=0)
    for entry in entries:
        entry.add("dtstamp", stamp)
        calendar.add_component(entry)
    body: bytes = calendar.to_ical()
    return body


def ical_entry(
    *,
    uid: str,
    starts_at: datetime,
    ends_at: datetime,
    summary: str,
    url: str,
    description: str,
    location: str = "",
) -> CalendarEntry:
    """One VEVENT, its times in UTC; an empty `location` is left out."""
    entry = CalendarEntry()
    entry.add("uid", uid)
    entry.add("dtstart", starts_at.astimezone(UTC))
    entry.add("dtend", ends_at.astimezone(UTC))
    entry.add("summary", summary)
    if location:
        entry.add("location", location)
    entry.add("url", url)
    entry.add("description", description)
    return entry


def site_uid(kind: str, key: object) -> str:
    """A UID unique to this site: `kind-key@host`."""
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"{kind}-{key}@{host}"


def ical_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def session_uid(session: EventSession) -> str:
    return site_uid("learning-session", session.pk)


def event_calendar(event: Event) -> bytes:
    """One event's sessions."""
    return _calendar([event], name=event.title)


def events_feed(events: Iterable[Event]) -> bytes:
    """The subscription feed; `events` have their sessions prefetched."""
    return _calendar(events, name=_("Open Source United learning events"))


def _calendar(events: Iterable[Event], *, name: str) -> bytes:
    entries = (_entry(event, session) for event in events for session in event.sessions.all())
    return ical_calendar(entries, product_id=PRODUCT_ID, name=name)


def _entry(event: Event, session: EventSession) -> CalendarEntry:
    link = settings.SITE_URL + reverse("learning:events_detail", kwargs={"slug": event.slug})
    title = event.title if session.title == event.title else f"{event.title}: {session.title}"
    return ical_entry(
        uid=session_uid(session),
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        summary=title,
        location=_location(event, session),
        url=link,
        description=f"{event.summary}\n\n{link}",
    )


def _location(event: Event, session: EventSession) -> str:
    """The session's place, else the event's; the joining link is for confirmed participants
    only, so an event online says so."""
    place = session.location or event.location
    if place:
        return place
    return str(_("Online")) if event.format != EventFormat.ON_SITE else str(_("Not stated"))
