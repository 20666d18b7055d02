"""Train the Trainer and mentorship on a 390 px phone: nothing wider than the screen, no serious
accessibility violation (axe); a mentee asks for mentoring and the mentor accepts, without
JavaScript of the page's own."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page

from osunited.learning.models import Mentorship, MentorshipStatus
from tests.browser.accessibility import serious_violations
from tests.browser.pages import phone_page
from tests.conftest import Cast
from tests.learning.mentorship_helpers import a_trainer, an_offer, session_led_by

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STRATEGY = "strategy/costing-labour-versus-licences"
COMMUNITY = "community-management/tool-community"


def assert_fits(page: Page, path: str) -> None:
    page.goto(path)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, (path, width)
    assert serious_violations(page) == [], path


def test_the_trainer_pages_fit_a_phone(live_server, browser: Browser, cast: Cast) -> None:
    trainer = a_trainer(cast.alice, cast.unicef, topics=[STRATEGY, COMMUNITY])
    session_led_by(cast.alice, cast.erin)
    page = phone_page(browser, live_server.url, cast.heidi)

    for path in (
        "/learning/trainers/",
        f"/learning/trainers/{trainer.pk}/",
        f"/learning/trainers/{trainer.pk}/edit/",
        "/learning/trainers/new/",
        "/learning/entities/unicef/cascade/",
    ):
        assert_fits(page, path)
    page.context.close()


def test_a_mentee_asks_and_the_mentor_accepts_on_a_phone(
    live_server, browser: Browser, cast: Cast
) -> None:
    an_offer(cast.alice, capacity=1, topics=(STRATEGY, COMMUNITY), note="Tuesdays, by video.")
    mentee = phone_page(browser, live_server.url, cast.carol)
    assert_fits(mentee, "/learning/mentorship/")

    mentee.get_by_role("link", name="Ask Alice to mentor you").click()
    assert serious_violations(mentee) == []
    mentee.get_by_label("Tool community").check()
    mentee.get_by_label("What you hope for from this mentorship").fill("Help with our forum.")
    mentee.get_by_role("button", name="Send the request").click()
    mentee.wait_for_url("**/learning/mentorship/mine/")
    assert "Request sent" in mentee.inner_text("main")

    mentor = phone_page(browser, live_server.url, cast.alice)
    assert_fits(mentor, "/learning/mentorship/mine/")
    mentor.get_by_role("button", name="Accept").click()
    mentor.wait_for_url("**/learning/mentorship/mine/")
    assert "Mentorship accepted" in mentor.inner_text("main")
    assert Mentorship.objects.get().status == MentorshipStatus.ACTIVE
    assert_fits(mentor, "/learning/mentorship/offer/")
    mentee.context.close()
    mentor.context.close()
