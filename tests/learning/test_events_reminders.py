"""Reminders: confirmed participants of a session starting within a day are e-mailed once."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core import mail

from osunited.learning.models import Registration, RegistrationState
from osunited.learning.services.events import registration_register
from osunited.learning.tasks import send_event_reminders
from osunited.platform.celery import app
from tests.conftest import Cast
from tests.learning.events_helpers import BEFORE, SOON, an_event


@pytest.fixture(autouse=True)
def site_url(settings) -> None:  # type: ignore[no-untyped-def]
    settings.SITE_URL = "https://learning.example.org"


def registered(cast: Cast, **event_fields: object) -> list[Registration]:
    event = an_event(capacity=1, **event_fields)
    with time_machine.travel(BEFORE, tick=False):
        return [
            registration_register(actor=person, event=event) for person in (cast.carol, cast.frank)
        ]


def test_a_confirmed_participant_is_reminded_once_a_day_ahead(cast: Cast) -> None:
    confirmed, waiting = registered(cast)
    assert waiting.state == RegistrationState.WAITLISTED
    mail.outbox.clear()
    with time_machine.travel(SOON - timedelta(hours=25), tick=False):
        assert send_event_reminders.delay().get() == 0
    with time_machine.travel(SOON - timedelta(hours=23), tick=False):
        assert send_event_reminders.delay().get() == 1
    with time_machine.travel(SOON - timedelta(hours=22), tick=False):
        assert send_event_reminders.delay().get() == 0
    assert [message.to for message in mail.outbox] == [[cast.carol.email]]
    body = mail.outbox[0].body
    assert "2031-05-06 14:00 UTC" in body
    assert "https://learning.example.org/learning/events/mind-the-gap-7/" in body
    assert "https://learning.example.org/learning/events/mind-the-gap-7/calendar.ics" in body
    assert "https://meet.example.org/gap-7" in body  # confirmed: the joining link
    confirmed.refresh_from_db()
    assert confirmed.reminded_at == SOON - timedelta(hours=23)


def test_each_session_of_a_series_is_reminded(cast: Cast) -> None:
    registered(cast, sessions=2)
    mail.outbox.clear()
    with time_machine.travel(SOON - timedelta(hours=2), tick=False):
        send_event_reminders.delay().get()
    with time_machine.travel(SOON + timedelta(days=7, hours=-2), tick=False):
        send_event_reminders.delay().get()
        send_event_reminders.delay().get()
    assert len(mail.outbox) == 2
    assert "Part 2" in mail.outbox[1].body


def test_cancelled_and_unpublished_are_not_reminded(cast: Cast) -> None:
    carol, _ = registered(cast)
    Registration.objects.filter(pk=carol.pk).update(state=RegistrationState.CANCELLED)
    an_event_draft = an_event(slug="draft", published=False)
    Registration.objects.create(
        event=an_event_draft, user=cast.alice, state=RegistrationState.CONFIRMED
    )
    mail.outbox.clear()
    with time_machine.travel(SOON - timedelta(hours=1), tick=False):
        assert send_event_reminders.delay().get() == 0
    assert mail.outbox == []


def test_the_beat_schedule_sends_reminders_every_hour() -> None:
    entry = app.conf.beat_schedule["learning-event-reminders"]
    assert entry["task"] == "osunited.learning.tasks.send_event_reminders"
    assert entry["schedule"].minute == {40}
    assert entry["schedule"].hour == set(range(24))
