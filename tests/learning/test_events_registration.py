"""Registering for an event and cancelling: the states, the places, the waiting list."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.test import Client

from osunited.audit.models import AuditEvent
from osunited.learning.models import Registration, RegistrationState
from osunited.learning.services.events import (
    TRANSITIONS,
    registration_cancel,
    registration_register,
)
from tests.conftest import Cast, client_for
from tests.factories import UserFactory
from tests.learning.events_helpers import BEFORE, SOON, an_event

State = RegistrationState


@pytest.fixture(autouse=True)
def registration_is_open() -> Iterator[None]:
    with time_machine.travel(BEFORE, tick=False):
        yield


def register(client: Client, slug: str = "mind-the-gap-7"):  # type: ignore[no-untyped-def]
    return client.post(f"/learning/events/{slug}/register/", follow=True)


def test_the_transitions_table_names_every_state_and_actor() -> None:
    every_state = {"", *State.values}
    for name, move in TRANSITIONS.items():
        assert move.sources <= every_state, name
        assert move.targets <= every_state, name
        assert move.by in {"participant", "entity", "system"}, name
    assert TRANSITIONS["promote"].sources == {State.WAITLISTED}
    assert State.CANCELLED not in TRANSITIONS["cancel"].sources


@pytest.mark.parametrize(
    ("needs_confirmation", "full", "arrives"),
    [
        (False, False, State.CONFIRMED),
        (False, True, State.WAITLISTED),
        (True, False, State.PENDING),
        (True, True, State.WAITLISTED),
    ],
)
def test_a_registration_arrives_as_the_event_and_its_places_say(
    cast: Cast, needs_confirmation: bool, full: bool, arrives: str
) -> None:
    event = an_event(capacity=1, needs_confirmation=needs_confirmation)
    if full:
        registration_register(actor=cast.erin, event=event)
    registration = registration_register(actor=cast.alice, event=event)
    assert registration.state == arrives
    assert arrives in TRANSITIONS["register"].targets


def test_a_contributor_registers_and_is_confirmed(cast: Cast) -> None:
    an_event(capacity=10)
    response = register(client_for(cast.carol))
    registration = Registration.objects.get(user=cast.carol)
    assert registration.state == State.CONFIRMED
    assert "your place is confirmed" in response.content.decode()
    assert "9 of 10" in response.content.decode()
    assert AuditEvent.objects.filter(action="learning.registered").count() == 1


def test_the_entity_of_the_registration_is_the_users_at_registration(cast: Cast) -> None:
    event = an_event()
    registration = registration_register(actor=cast.alice, event=event)
    assert registration.entity == cast.unicef


def test_a_full_event_puts_the_next_person_on_the_waiting_list(cast: Cast) -> None:
    event = an_event(capacity=1)
    registration_register(actor=cast.alice, event=event)
    response = register(client_for(cast.carol))
    assert Registration.objects.get(user=cast.carol).state == State.WAITLISTED
    page = response.content.decode()
    assert "waiting list" in page
    assert "You are number 1 on the waiting list." in page


def test_an_event_needing_confirmation_keeps_a_place_while_the_entity_decides(cast: Cast) -> None:
    event = an_event(capacity=1, needs_confirmation=True)
    assert registration_register(actor=cast.alice, event=event).state == State.PENDING
    assert registration_register(actor=cast.frank, event=event).state == State.WAITLISTED


def test_someone_without_an_entity_cannot_register_where_the_entity_confirms(cast: Cast) -> None:
    an_event(needs_confirmation=True)
    response = register(client_for(cast.carol))
    assert "your account names no entity" in response.content.decode()
    assert not Registration.objects.exists()


def test_registering_twice_is_a_message_and_changes_nothing(cast: Cast) -> None:
    event = an_event()
    first = registration_register(actor=cast.carol, event=event)
    response = register(client_for(cast.carol))
    assert "You are already registered for this event." in response.content.decode()
    assert Registration.objects.get() == first
    assert AuditEvent.objects.filter(action="learning.registered").count() == 1


def test_a_cancellation_promotes_the_first_on_the_waiting_list_who_is_told(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    event = an_event(capacity=1)
    registration_register(actor=cast.alice, event=event)
    first_waiting = registration_register(actor=cast.carol, event=event)
    second_waiting = registration_register(actor=cast.frank, event=event)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(cast.alice).post("/learning/events/mind-the-gap-7/cancel/")
    assert response.status_code == 302
    first_waiting.refresh_from_db()
    second_waiting.refresh_from_db()
    assert first_waiting.state == State.CONFIRMED
    assert second_waiting.state == State.WAITLISTED
    assert [message.to for message in mail.outbox] == [[cast.carol.email]]
    assert "/learning/events/mind-the-gap-7/" in mail.outbox[0].body
    assert Registration.objects.get(user=cast.alice).state == State.CANCELLED


def test_a_promotion_where_the_entity_confirms_waits_for_it(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    event = an_event(capacity=1, needs_confirmation=True)
    registration_register(actor=cast.alice, event=event)
    waiting = registration_register(actor=cast.frank, event=event)
    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(actor=cast.alice, event=event)
    waiting.refresh_from_db()
    assert waiting.state == State.PENDING
    assert "once your entity confirms" in mail.outbox[-1].body


def test_registering_again_after_cancelling_reuses_the_row_at_the_end_of_the_list(
    cast: Cast,
) -> None:
    event = an_event(capacity=1)
    registration_register(actor=cast.alice, event=event)
    carol = registration_register(actor=cast.carol, event=event)
    registration_register(actor=cast.frank, event=event)
    registration_cancel(actor=cast.carol, event=event)
    with time_machine.travel(BEFORE + timedelta(minutes=5), tick=False):
        again = registration_register(actor=cast.carol, event=event)
    assert again.pk == carol.pk
    assert again.ticket == carol.ticket
    assert again.state == State.WAITLISTED
    page = client_for(cast.carol).get("/learning/events/mind-the-gap-7/").content.decode()
    assert "You are number 2 on the waiting list." in page


def test_registration_closed_is_a_message_and_changes_nothing(cast: Cast) -> None:
    an_event(registration_closes_at=BEFORE - timedelta(hours=1))
    response = register(client_for(cast.carol))
    assert "Registration for this event closed on" in response.content.decode()
    assert not Registration.objects.exists()


def test_an_event_over_takes_no_registration(cast: Cast) -> None:
    an_event()
    with time_machine.travel(SOON + timedelta(days=1), tick=False):
        response = register(client_for(cast.carol))
    assert "This event is over." in response.content.decode()
    assert not Registration.objects.exists()


def test_an_unpublished_event_takes_no_registration(cast: Cast) -> None:
    an_event(published=False)
    response = client_for(cast.carol).post("/learning/events/mind-the-gap-7/register/")
    assert response.status_code == 404
    assert not Registration.objects.exists()


def test_an_unpublished_event_is_refused_by_the_service_too(cast: Cast) -> None:
    from django.core.exceptions import ValidationError

    event = an_event(published=False)
    with pytest.raises(ValidationError, match="not open for registration"):
        registration_register(actor=cast.carol, event=event)


def test_someone_who_has_not_accepted_the_policies_is_sent_to_them(cast: Cast) -> None:
    an_event()
    newcomer = UserFactory(email="newcomer@example.org", without_policies=True)
    response = client_for(newcomer).post("/learning/events/mind-the-gap-7/register/")
    assert response.status_code == 302
    assert response["Location"].startswith("/me/policies/")
    assert not Registration.objects.exists()


def test_cancelling_without_a_registration_is_a_message(cast: Cast) -> None:
    an_event()
    response = client_for(cast.carol).post("/learning/events/mind-the-gap-7/cancel/", follow=True)
    assert "You are not registered for this event." in response.content.decode()


def test_register_and_cancel_answer_405_to_a_get(cast: Cast) -> None:
    an_event()
    client = client_for(cast.carol)
    assert client.get("/learning/events/mind-the-gap-7/register/").status_code == 405
    assert client.get("/learning/events/mind-the-gap-7/cancel/").status_code == 405


def test_the_places_are_counted_in_the_locked_transaction(cast: Cast) -> None:
    """Two registrations for the last place: the second one counts the first, whatever the event
    object the caller holds says."""
    event = an_event(capacity=1)
    stale = type(event).objects.get(pk=event.pk)
    registration_register(actor=cast.alice, event=event)
    assert registration_register(actor=cast.carol, event=stale).state == State.WAITLISTED
    taken = Registration.objects.filter(state__in=[State.CONFIRMED, State.PENDING]).count()
    assert taken == 1
