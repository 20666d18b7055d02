"""The iCalendar files: one event's sessions, and the feed of published events."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from icalendar import Calendar

from osunited.learning.models import EventSession
from tests.learning.events_helpers import BEFORE, SOON, an_event


@pytest.fixture(autouse=True)
def site_url(settings) -> None:  # type: ignore[no-untyped-def]
    settings.SITE_URL = "https://learning.example.org"


def entries(body: bytes) -> list:  # type: ignore[type-arg]
    return list(Calendar.from_ical(body).walk("VEVENT"))


def test_an_events_calendar_has_each_session_with_a_stable_uid(db: None) -> None:
    event = an_event(sessions=2, location="Palais des Nations, Geneva", format="on_site")
    first = event.sessions.order_by("starts_at").first()
    assert first is not None
    response = Client().get("/learning/events/mind-the-gap-7/calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    found = entries(response.content)
    assert len(found) == 2
    entry = found[0]
    assert str(entry["UID"]) == f"learning-session-{first.pk}@learning.example.org"
    assert entry.decoded("DTSTART") == SOON
    assert b"DTSTART:20310506T140000Z" in response.content  # in UTC, not in a named zone
    assert entry.decoded("DTEND") == SOON + timedelta(hours=1, minutes=30)
    assert str(entry["SUMMARY"]) == "Mind the Open Source Gap 7: Part 1"
    assert str(entry["LOCATION"]) == "Palais des Nations, Geneva"
    assert str(entry["URL"]) == "https://learning.example.org/learning/events/mind-the-gap-7/"
    assert "Open source in the UN system." in str(entry["DESCRIPTION"])
    again = entries(Client().get("/learning/events/mind-the-gap-7/calendar.ics").content)
    assert [str(e["UID"]) for e in again] == [str(e["UID"]) for e in found]


def test_the_joining_link_stays_out_of_the_public_calendar(db: None) -> None:
    an_event()
    body = Client().get("/learning/events/mind-the-gap-7/calendar.ics").content
    assert b"meet.example.org" not in body
    assert str(entries(body)[0]["LOCATION"]) == "Online"


def test_the_feed_has_upcoming_and_recent_events_but_neither_drafts_nor_old_ones(
    db: None,
) -> None:
    an_event()
    an_event(slug="draft", title="A draft", published=False)
    an_event(slug="long-ago", title="Long ago")
    long_ago = EventSession.objects.filter(event__slug="long-ago")
    long_ago.update(starts_at=BEFORE - timedelta(days=90), ends_at=BEFORE - timedelta(days=89))
    with time_machine.travel(BEFORE, tick=False):
        response = Client().get("/learning/events/calendar.ics")
    summaries = [str(entry["SUMMARY"]) for entry in entries(response.content)]
    assert summaries == ["Mind the Open Source Gap 7: Part 1"]


def test_a_draft_has_no_calendar(db: None) -> None:
    an_event(published=False)
    assert Client().get("/learning/events/mind-the-gap-7/calendar.ics").status_code == 404
