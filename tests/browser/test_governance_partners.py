"""Partnerships and joint projects on a 390 px phone: a company proposes to
open source its tool, the Board accepts it and lists it; a focal point invites WHO to co-lead
a project and WHO's representative confirms. Every page fits the screen and has no serious
accessibility violation (axe)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page

from osunited.accounts.models import GrantedRole
from osunited.accounts.services import role_grant
from osunited.governance.models import PartnershipRequest, ProjectPartner
from tests.browser.accessibility import serious_violations
from tests.browser.pages import phone_page
from tests.conftest import Cast
from tests.factories import ProjectFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def assert_fits(page: Page, path: str) -> None:
    page.goto(path)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, (path, width)
    assert serious_violations(page) == [], path


def test_a_tool_is_proposed_accepted_and_listed(live_server, browser: Browser, cast: Cast) -> None:
    requester = phone_page(browser, live_server.url, cast.carol)
    assert_fits(requester, "/ossib/partnerships/new/")
    requester.get_by_label("Open source a proprietary tool through the UN").check()
    requester.get_by_label("Organisation:", exact=True).fill("Acme Mapping Ltd")
    requester.get_by_label("Kind of organisation").select_option("company")
    requester.get_by_label("Country").select_option("KE")
    requester.get_by_label("Contact name").fill("Carol")
    requester.get_by_label("Contact e-mail").fill("carol@example.org")
    requester.get_by_label("What you propose").fill("Our offline mapping tool, for the public.")
    requester.get_by_label("Name of the tool").fill("Acme Maps")
    requester.get_by_label("License intended").fill("MPL-2.0")
    requester.get_by_role("button", name="Send to the Board").click()
    filed = PartnershipRequest.objects.get()
    assert "Received" in requester.inner_text("main")
    assert_fits(requester, f"/ossib/partnerships/{filed.pk}/")
    assert_fits(requester, "/ossib/partnerships/mine/")

    board = phone_page(browser, live_server.url, cast.grace)
    assert_fits(board, "/ossib/partnerships/board/")
    assert_fits(board, f"/ossib/partnerships/{filed.pk}/")
    board.get_by_label("Status").select_option("accepted")
    board.get_by_label("WHO").check()
    board.get_by_label("Outcome").fill("WHO will host the tool's community.")
    board.get_by_label("List it publicly once accepted").check()
    board.get_by_role("button", name="Save").click()
    assert "Request updated." in board.inner_text("main")

    anonymous = phone_page(browser, live_server.url)
    assert_fits(anonymous, "/ossib/partnerships/")
    listed = anonymous.inner_text("main")
    assert "Acme Mapping Ltd" in listed
    assert "Kenya" in listed
    assert "carol@example.org" not in listed
    for page in (requester, board, anonymous):
        page.context.close()


def test_a_co_lead_is_invited_and_confirmed(live_server, browser: Browser, cast: Cast) -> None:
    project = ProjectFactory(
        name="Rapid Pro", slug="rapid-pro", entity=cast.unicef, status="published",
        focal_points=[cast.alice],
    )  # fmt: skip
    who_representative = UserFactory(email="rep@who.int")
    role_grant(
        user=who_representative,
        role=GrantedRole.ENTITY_REPRESENTATIVE,
        entity=cast.who,
        actor=None,
    )

    focal_point = phone_page(browser, live_server.url, cast.alice)
    assert_fits(focal_point, f"/catalog/{project.slug}/")
    focal_point.get_by_label("Entity:", exact=True).select_option(label="WHO — WHO organization")
    focal_point.get_by_role("button", name="Invite").click()
    assert "Invitation sent" in focal_point.inner_text("main")
    assert ProjectPartner.objects.get().confirmed_at is None

    representative = phone_page(browser, live_server.url, who_representative)
    assert_fits(representative, "/ossib/joint-projects/invitations/")
    representative.get_by_role("button", name="Confirm").click()
    assert "Co-leadership confirmed." in representative.inner_text("main")

    anonymous = phone_page(browser, live_server.url)
    assert_fits(anonymous, "/ossib/joint-projects/")
    assert "Rapid Pro" in anonymous.inner_text("main")
    assert_fits(anonymous, f"/catalog/{project.slug}/")
    assert "Co-led with" in anonymous.inner_text("main")
    for page in (focal_point, representative, anonymous):
        page.context.close()
