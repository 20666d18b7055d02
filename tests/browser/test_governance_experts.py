"""The roster of experts on a 390 px phone: every page fits the screen and has no serious
accessibility violation (axe); a UN staff member asks an expert for advice, reads the conflict of
interest found and confirms it; the expert answers."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page

from osunited.governance.models import ConsultationRequest
from osunited.governance.services.experts import consultation_request
from tests.browser.accessibility import serious_violations
from tests.browser.pages import phone_page
from tests.conftest import Cast
from tests.factories import ProjectFactory, UserFactory
from tests.governance.experts_helpers import a_vetted_expert, an_applicant

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def assert_fits(page: Page, path: str) -> None:
    page.goto(path)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, (path, width)
    assert serious_violations(page) == [], path


def test_the_expert_pages_fit_a_phone(live_server, browser: Browser, cast: Cast) -> None:
    expert = a_vetted_expert(cast.carol, cast.grace, organisations="Acme Ltd\nUNICEF")
    applicant = an_applicant(UserFactory(), display_name="Applicant Person")
    project = ProjectFactory(
        name="Inventory", slug="inventory", entity=cast.unicef, status="submitted"
    )
    consultation = consultation_request(
        actor=cast.frank, expert=expert, subject="Our OSPO", message="How do we start?"
    )

    staff = phone_page(browser, live_server.url, cast.frank)
    for path in (
        "/ossib/experts/",
        f"/ossib/experts/{expert.pk}/",
        f"/ossib/experts/{expert.pk}/consult/",
        "/ossib/consultations/",
        f"/ossib/consultations/{consultation.pk}/",
        "/ossib/experts/apply/",
    ):
        assert_fits(staff, path)
    the_expert = phone_page(browser, live_server.url, cast.carol)
    assert_fits(the_expert, "/ossib/experts/apply/")
    assert_fits(the_expert, f"/ossib/consultations/{consultation.pk}/")
    board = phone_page(browser, live_server.url, cast.grace)
    assert_fits(board, "/ossib/experts/vetting/")
    assert_fits(board, f"/ossib/experts/{applicant.pk}/vet/")
    reviewer = phone_page(browser, live_server.url, cast.bob)
    assert_fits(reviewer, f"/catalog/{project.slug}/review/")
    assert "Experts who cannot be asked" in reviewer.inner_text("main")
    for page in (staff, the_expert, board, reviewer):
        page.context.close()


def test_a_staff_member_confirms_the_conflicts_and_the_expert_answers(
    live_server, browser: Browser, cast: Cast
) -> None:
    a_vetted_expert(cast.carol, cast.grace, organisations="UNDP")
    staff = phone_page(browser, live_server.url, cast.frank)
    staff.goto("/ossib/experts/")
    staff.get_by_role("link", name="Dana Expert").click()
    staff.get_by_role("link", name="Ask Dana Expert for advice").click()
    staff.get_by_label("Subject").fill("Our OSPO")
    staff.get_by_label("Message").fill("How do we start?")
    staff.get_by_label("On behalf of the entity").select_option(label="UNDP: UNDP organization")
    staff.get_by_role("button", name="Send the request").click()

    assert "that is UNDP, the entity that asks for the consultation" in staff.inner_text("main")
    assert serious_violations(staff) == []
    assert not ConsultationRequest.objects.exists()
    staff.get_by_label("I have read the conflicts of interest above").check()
    staff.get_by_role("button", name="Send the request").click()
    staff.wait_for_url("**/ossib/consultations/*/")
    assert "Request sent" in staff.inner_text("main")

    the_expert = phone_page(browser, live_server.url, cast.carol)
    the_expert.goto("/ossib/consultations/")
    the_expert.get_by_role("link", name="Our OSPO").click()
    the_expert.get_by_label("Your answer").fill("Start with an inventory.")
    the_expert.get_by_role("button", name="Send the answer").click()
    assert "Answer sent" in the_expert.inner_text("main")

    staff.reload()
    assert "Start with an inventory." in staff.inner_text("main")
    staff.context.close()
    the_expert.context.close()
