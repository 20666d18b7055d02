"""Learning events on a 390 px phone: nothing wider than the screen, no serious accessibility
violation (axe); a participant registers, finds the ticket, and the entity confirms another's
registration, without JavaScript of the page's own."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page

from osunited.learning.models import EventSession, Registration, RegistrationState
from osunited.learning.services.events import registration_register
from tests.browser.accessibility import serious_violations
from tests.browser.pages import phone_page
from tests.conftest import Cast
from tests.learning.events_helpers import an_event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DETAIL = "/learning/events/mind-the-gap-7/"


def assert_fits(page: Page, path: str) -> None:
    page.goto(path)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, (path, width)
    assert serious_violations(page) == [], path


def test_the_event_pages_fit_a_phone(live_server, browser: Browser, cast: Cast) -> None:
    event = an_event(
        sessions=2,
        capacity=636,
        needs_confirmation=True,
        recording_url="https://media.example.org/mind-the-gap-7-recording-of-the-whole-series",
    )
    registration_register(actor=cast.alice, event=event)
    session = EventSession.objects.filter(event=event).first()
    assert session is not None
    page = phone_page(browser, live_server.url, cast.heidi)
    for path in (
        "/learning/events/",
        DETAIL,
        f"{DETAIL}edit/",
        f"{DETAIL}sessions/new/",
        f"{DETAIL}sessions/{session.pk}/edit/",
        "/learning/events/new/",
        "/learning/me/registrations/",
        "/learning/entities/unicef/registrations/",
    ):
        assert_fits(page, path)
    page.context.close()


def test_a_participant_registers_and_the_entity_confirms_on_a_phone(
    live_server, browser: Browser, cast: Cast
) -> None:
    an_event(capacity=2)
    an_event(slug="confirmed-by-entity", title="Needs UNICEF's word", needs_confirmation=True)
    carol = phone_page(browser, live_server.url, cast.carol)
    assert_fits(carol, DETAIL)
    carol.get_by_role("button", name="Register").click()
    carol.wait_for_url(f"**{DETAIL}")
    assert "your place is confirmed" in carol.inner_text("main")
    assert "1 of 2" in carol.inner_text("main")
    carol.get_by_role("link", name="Your ticket (QR code for the check-in)").click()
    carol.wait_for_url("**/learning/tickets/**")

    alice = phone_page(browser, live_server.url, cast.alice)
    alice.goto("/learning/events/confirmed-by-entity/")
    alice.get_by_role("button", name="Register").click()
    alice.wait_for_url("**/learning/events/confirmed-by-entity/")
    assert "Waiting for the entity's confirmation" in alice.inner_text("main")

    erin = phone_page(browser, live_server.url, cast.erin)
    assert_fits(erin, "/learning/entities/unicef/registrations/")
    erin.get_by_role("button", name="Confirm Alice").click()
    erin.wait_for_url("**/learning/entities/unicef/registrations/")
    assert "Confirmed: Alice was told by e-mail." in erin.inner_text("main")
    assert Registration.objects.get(user=cast.alice).state == RegistrationState.CONFIRMED
    for page in (carol, alice, erin):
        page.context.close()
