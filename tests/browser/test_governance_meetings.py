"""OSSIB meetings in a browser: every page passes axe and fits a 390 px phone; the secretariat
schedules a meeting, builds its agenda and reorders it without JavaScript."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page

from osunited.entities.models import OssibStatus
from osunited.governance.models import BoardMeeting, Petition
from osunited.governance.services.decisions import decision_close, vote_cast
from osunited.governance.services.meetings import (
    action_item_add,
    agenda_item_add,
    agenda_item_put_to_vote,
    minutes_publish,
    minutes_save,
)
from tests.browser.accessibility import serious_violations
from tests.browser.pages import phone_page
from tests.conftest import Cast
from tests.governance.meetings_helpers import a_clerk, a_meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def assert_fits(page: Page, path: str) -> None:
    page.goto(path)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, (path, width)
    assert serious_violations(page) == [], path


def a_held_meeting(cast: Cast, clerk) -> BoardMeeting:  # type: ignore[no-untyped-def]
    """Last week's meeting: a petition and a charter on the agenda, the charter voted, minutes
    published, one action overdue and one open."""
    meeting = a_meeting(clerk, days=-7, title="OSSIB meeting 2 of the year, held in Geneva")
    cast.unicef.ossib_status = OssibStatus.PETITIONED
    cast.unicef.save(update_fields=["ossib_status"])
    petition = Petition.objects.create(
        entity=cast.unicef, filed_by=cast.erin, liaison=cast.erin, governance_structure="OSPO"
    )
    agenda_item_add(actor=clerk, meeting=meeting, kind="petition", petition=petition)
    charter = agenda_item_add(
        actor=clerk, meeting=meeting, kind="other", title="The Board's charter", notes="Draft 3."
    )
    decision = agenda_item_put_to_vote(
        actor=clerk, item=charter, title="Adopt the charter", motion="That the Board adopts it."
    )
    vote_cast(decision=decision, voter=cast.grace, choice="for")
    decision_close(decision=decision, actor=clerk, reasons="Adopted by WHO's vote.")
    text = (
        "# Decisions\n\nThe Board **adopted** its charter: "
        "https://example.org/a-very-long-address-that-must-wrap-on-a-phone-screen"
    )
    minutes_save(actor=clerk, meeting=meeting, text=text, attendees=[cast.who])
    minutes_publish(actor=clerk, meeting=meeting)
    today = timezone.localdate()
    action_item_add(
        actor=clerk,
        meeting=meeting,
        title="Circulate the charter",
        owner=cast.grace,
        due_on=today - timedelta(days=2),
    )
    action_item_add(
        actor=clerk,
        meeting=meeting,
        title="Translate it",
        owner=clerk,
        due_on=today + timedelta(days=9),
    )
    return meeting


def test_every_meeting_page_fits_a_phone_and_passes_axe(
    live_server, browser: Browser, cast: Cast
) -> None:
    clerk = a_clerk()
    held = a_held_meeting(cast, clerk)
    a_meeting(clerk, days=5, title="OSSIB meeting 3")
    item = held.agenda.get(position=2)
    action = held.actions.first()
    assert action is not None
    pages = {
        None: ["/ossib/", "/ossib/meetings/", f"/ossib/meetings/{held.pk}/", "/ossib/actions/"],
        cast.grace: [f"/ossib/meetings/{held.pk}/", "/ossib/actions/mine/"],
        clerk: [
            f"/ossib/meetings/{held.pk}/",
            "/ossib/meetings/new/",
            f"/ossib/meetings/{held.pk}/edit/",
            f"/ossib/meetings/{held.pk}/agenda/new/",
            f"/ossib/meetings/agenda/{item.pk}/edit/",
            f"/ossib/meetings/agenda/{held.agenda.get(position=1).pk}/vote/",
            f"/ossib/meetings/{held.pk}/minutes/",
            f"/ossib/meetings/{held.pk}/actions/new/",
            f"/ossib/actions/{action.pk}/edit/",
            "/ossib/actions/mine/",
        ],
    }
    for user, paths in pages.items():
        page = phone_page(browser, live_server.url, user)
        for path in paths:
            assert_fits(page, path)
        page.context.close()


def test_the_secretariat_schedules_and_orders_an_agenda_without_javascript(
    live_server, browser: Browser, cast: Cast
) -> None:
    clerk = a_clerk()
    page = phone_page(browser, live_server.url, clerk, javascript=False)
    page.goto("/ossib/meetings/new/")
    page.get_by_label("Title").fill("OSSIB meeting 5")
    page.get_by_label("Starts").fill("2031-03-04T15:00")
    page.get_by_label("Ends").fill("2031-03-04T17:00")
    page.get_by_label("Time zone of the times above").select_option("Europe/Zurich")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/ossib/meetings/*/")
    assert "Meeting scheduled" in page.inner_text("main")
    for title in ("Budget", "Charter"):
        page.get_by_role("link", name="Add an agenda item").click()
        page.get_by_label("Kind").select_option("other")
        page.get_by_label("Title").fill(title)
        page.get_by_role("button", name="Save").click()
        page.wait_for_url("**/ossib/meetings/*/")
    page.get_by_role("button", name="Move “Charter” up").click()
    page.wait_for_url("**/ossib/meetings/*/")
    assert "Agenda reordered." in page.inner_text("main")
    meeting = BoardMeeting.objects.get()
    assert list(meeting.agenda.values_list("title", flat=True)) == ["Charter", "Budget"]
    assert "1. Charter" in page.inner_text("#agenda ~ ol, main")
    page.context.close()
