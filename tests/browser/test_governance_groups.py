"""Working groups in a browser on a 390 px phone: every page fits the screen and passes axe (with
a request waiting, so that the chair's page shows its buttons); a contributor asks to join the
Licensing Working Group and its chair accepts, without JavaScript (axe needs it: the pages are
checked in the first test)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from playwright.sync_api import Browser, Page

from osunited.accounts.models import GrantedRole, RoleGrant
from osunited.governance.models import (
    JoinRequest,
    WorkingGroup,
    WorkingGroupMeeting,
    WorkingGroupMember,
    WorkingGroupOutput,
    WorkingGroupRole,
)
from tests.browser.accessibility import serious_violations
from tests.browser.pages import phone_page
from tests.conftest import Cast

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def assert_fits(page: Page, path: str) -> None:
    page.goto(path)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, (path, width)
    assert serious_violations(page) == [], path


def chaired_by(cast: Cast) -> WorkingGroup:
    group = WorkingGroup.objects.get(slug="licensing")
    WorkingGroupMember.objects.create(
        group=group, user=cast.grace, entity=cast.who, role=WorkingGroupRole.CHAIR
    )
    WorkingGroupMeeting.objects.create(
        group=group,
        title="Interim license package review",
        starts_at=datetime(2030, 3, 4, 14, tzinfo=UTC),
        ends_at=datetime(2030, 3, 4, 15, tzinfo=UTC),
        online_url="https://meet.example.org/a-very-long-meeting-link-that-must-wrap-on-a-phone",
    )
    WorkingGroupOutput.objects.create(
        group=group, kind="document", title="Interim license package", guidelines=["C2", "P4.1"]
    )
    return group


def test_every_working_group_page_fits_a_phone(live_server, browser: Browser, cast: Cast) -> None:
    group = chaired_by(cast)
    JoinRequest.objects.create(group=group, user=cast.alice, motivation="UNICEF's tools.")
    page = phone_page(browser, live_server.url, cast.heidi)

    for path in (
        "/ossib/working-groups/",
        "/ossib/working-groups/licensing/",
        "/ossib/working-groups/licensing/join/",
        "/ossib/working-groups/licensing/manage/",
        "/ossib/working-groups/licensing/meetings/new/",
        "/ossib/working-groups/licensing/outputs/new/",
        "/ossib/working-groups/new/",
    ):
        assert_fits(page, path)
    page.context.close()


def test_a_contributor_joins_and_the_chair_accepts_on_a_phone(
    live_server, browser: Browser, cast: Cast
) -> None:
    chaired_by(cast)
    applicant = phone_page(browser, live_server.url, cast.alice, javascript=False)
    applicant.goto("/ossib/working-groups/licensing/")
    applicant.get_by_role("link", name="Ask to join this group").click()
    applicant.get_by_label("Why you want to join").fill("UNICEF publishes many tools.")
    applicant.get_by_role("button", name="Send the request").click()
    applicant.wait_for_url("**/ossib/working-groups/licensing/")
    assert "Request sent" in applicant.inner_text("main")

    chair = phone_page(browser, live_server.url, cast.grace, javascript=False)
    chair.goto("/ossib/working-groups/licensing/manage/")
    chair.get_by_role("button", name="Accept").click()
    chair.wait_for_url("**/ossib/working-groups/licensing/manage/")
    assert "they are a member" in chair.inner_text("main")

    applicant.goto("/ossib/working-groups/licensing/")
    assert "You are in this group" in applicant.inner_text("main")
    assert RoleGrant.objects.filter(user=cast.alice, role=GrantedRole.LICENSING_GROUP).exists()
    applicant.context.close()
    chair.context.close()
