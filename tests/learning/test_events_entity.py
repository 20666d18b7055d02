"""An entity's learning focal points and representatives confirm or decline its people's
registrations, within the event's places."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied

from osunited.accounts.models import GrantedRole
from osunited.accounts.services import role_grant
from osunited.learning.models import Registration, RegistrationState
from osunited.learning.services.events import registration_decide, registration_register
from tests.conftest import Cast, client_for
from tests.factories import UserFactory
from tests.learning.events_helpers import BEFORE, an_event

State = RegistrationState
PAGE = "/learning/entities/unicef/registrations/"


@pytest.fixture(autouse=True)
def registration_is_open() -> Iterator[None]:
    with time_machine.travel(BEFORE, tick=False):
        yield


def decide(client, registration: Registration, decision: str):  # type: ignore[no-untyped-def]
    url = f"{PAGE}{registration.pk}/decide/"
    return client.post(url, {"decision": decision}, follow=True)


def test_the_representative_lists_pending_registrations_and_the_others(cast: Cast) -> None:
    event = an_event(needs_confirmation=True)
    pending = registration_register(actor=cast.alice, event=event)
    other = an_event(slug="webinar", title="A webinar", kind="webinar")
    registration_register(actor=cast.erin, event=other)
    registration_register(actor=cast.frank, event=event)  # UNDP's: not on UNICEF's page
    page = client_for(cast.erin).get(PAGE).content.decode()
    waiting, others = page.split("<h2>Other registrations</h2>")
    assert f"Confirm {pending.user}" in waiting
    assert "A webinar" in others
    assert "Erin" in others
    assert "Frank" not in page


def test_confirming_takes_a_place_and_tells_the_person(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    event = an_event(needs_confirmation=True, capacity=5)
    registration = registration_register(actor=cast.alice, event=event)
    with django_capture_on_commit_callbacks(execute=True):
        response = decide(client_for(cast.erin), registration, "confirm")
    registration.refresh_from_db()
    assert registration.state == State.CONFIRMED
    assert registration.decided_by == cast.erin
    assert registration.decided_at is not None
    assert "Confirmed: Alice was told by e-mail." in response.content.decode()
    assert mail.outbox[-1].to == [cast.alice.email]
    assert "confirmed your registration" in mail.outbox[-1].body


def test_declining_cancels_with_who_decided_and_frees_the_place(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    event = an_event(needs_confirmation=True, capacity=1)
    declined = registration_register(actor=cast.alice, event=event)
    waiting = registration_register(actor=cast.frank, event=event)
    with django_capture_on_commit_callbacks(execute=True):
        decide(client_for(cast.erin), declined, "decline")
    declined.refresh_from_db()
    waiting.refresh_from_db()
    assert declined.state == State.CANCELLED
    assert declined.decided_by == cast.erin
    assert waiting.state == State.PENDING  # UNDP decides on Frank's now
    assert {message.to[0] for message in mail.outbox} == {cast.alice.email, cast.frank.email}


def test_confirming_beyond_the_places_goes_to_the_waiting_list(cast: Cast) -> None:
    event = an_event(needs_confirmation=True, capacity=2)
    registration = registration_register(actor=cast.alice, event=event)
    registration_register(actor=cast.frank, event=event)
    type(event).objects.filter(pk=event.pk).update(capacity=1)  # the organisers cut the places
    registration_decide(actor=cast.erin, registration=registration, confirm=True)
    registration.refresh_from_db()
    assert registration.state == State.WAITLISTED
    assert registration.decided_by == cast.erin


def test_a_learning_focal_point_of_the_entity_decides(cast: Cast) -> None:
    focal_point = UserFactory(email="learning@unicef.org")
    role_grant(
        user=focal_point, role=GrantedRole.LEARNING_FOCAL_POINT, entity=cast.unicef, actor=None
    )
    event = an_event(needs_confirmation=True)
    registration = registration_register(actor=cast.alice, event=event)
    decide(client_for(focal_point), registration, "confirm")
    registration.refresh_from_db()
    assert registration.state == State.CONFIRMED


def test_another_entitys_focal_point_is_refused(cast: Cast) -> None:
    role_grant(user=cast.frank, role=GrantedRole.LEARNING_FOCAL_POINT, entity=cast.undp, actor=None)
    event = an_event(needs_confirmation=True)
    registration = registration_register(actor=cast.alice, event=event)
    client = client_for(cast.frank)
    assert client.get(PAGE).status_code == 403
    assert (
        client.post(f"{PAGE}{registration.pk}/decide/", {"decision": "confirm"}).status_code == 403
    )
    registration.refresh_from_db()
    assert registration.state == State.PENDING
    with pytest.raises(PermissionDenied):
        registration_decide(actor=cast.frank, registration=registration, confirm=True)


def test_a_registration_of_another_entity_is_not_found_on_this_page(cast: Cast) -> None:
    event = an_event(needs_confirmation=True)
    undp_registration = registration_register(actor=cast.frank, event=event)
    response = client_for(cast.erin).post(
        f"{PAGE}{undp_registration.pk}/decide/", {"decision": "confirm"}
    )
    assert response.status_code == 404
    undp_registration.refresh_from_db()
    assert undp_registration.state == State.PENDING


def test_an_unknown_decision_is_a_message_and_changes_nothing(cast: Cast) -> None:
    event = an_event(needs_confirmation=True)
    registration = registration_register(actor=cast.alice, event=event)
    response = decide(client_for(cast.erin), registration, "maybe")
    assert "Choose to confirm or decline; nothing was changed." in response.content.decode()
    registration.refresh_from_db()
    assert registration.state == State.PENDING


def test_a_decided_registration_is_not_decided_again(cast: Cast) -> None:
    event = an_event(needs_confirmation=True)
    registration = registration_register(actor=cast.alice, event=event)
    registration_decide(actor=cast.erin, registration=registration, confirm=True)
    response = decide(client_for(cast.erin), registration, "decline")
    assert "This registration does not wait for a decision." in response.content.decode()
    registration.refresh_from_db()
    assert registration.state == State.CONFIRMED


def test_the_events_list_links_the_representative_to_the_entitys_registrations(
    cast: Cast,
) -> None:
    assert f'href="{PAGE}"' in client_for(cast.erin).get("/learning/events/").content.decode()
    assert PAGE not in client_for(cast.alice).get("/learning/events/").content.decode()


def test_people_without_the_role_are_refused_the_page(cast: Cast) -> None:
    assert client_for(cast.alice).get(PAGE).status_code == 403
    assert client_for(None).get(PAGE).status_code == 302
    assert client_for(cast.erin).get("/learning/entities/nowhere/registrations/").status_code == 404
