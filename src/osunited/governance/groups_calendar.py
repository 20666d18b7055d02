"""A working group's meetings as iCalendar (RFC 5545), one VEVENT per meeting whose UID is the
meeting's own, so that a calendar subscribed to the feed updates a meeting rather than adding it
twice."""

from __future__ import annotations

from datetime import UTC
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as CalendarEntry

from osunited.governance.models import WorkingGroup, WorkingGroupMeeting

PRODUCT_ID = "-//Open Source United//OSSIB working groups//EN"


def group_calendar(group: WorkingGroup) -> bytes:
    """Every meeting of `group` (its meetings prefetched or not)."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", group.name)
    link = settings.SITE_URL + reverse("governance:groups_detail", kwargs={"slug": group.slug})
    stamp = timezone.now().astimezone(UTC).replace(microsecond=0)
    for meeting in group.meetings.all():
        calendar.add_component(_entry(meeting, link, stamp))
    body: bytes = calendar.to_ical()
    return body


def _entry(meeting: WorkingGroupMeeting, link: str, stamp: object) -> CalendarEntry:
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    entry = CalendarEntry()
    entry.add("uid", f"working-group-meeting-{meeting.uid}@{host}")
    entry.add("dtstamp", stamp)
    entry.add("dtstart", meeting.starts_at.astimezone(UTC))
    entry.add("dtend", meeting.ends_at.astimezone(UTC))
    entry.add("summary", meeting.title)
    entry.add("location", meeting.location or meeting.online_url or str(_("Not stated")))
    entry.add("url", meeting.online_url or link)
    entry.add("description", f"{meeting.notes}\n\n{link}".strip())
    return entry
