"""The public licensing pages on a 390 px phone (#18): nothing wider than the screen.

Seen: the office-hours page was 449 px wide on a phone (its sessions table); the chooser's table
of licenses considered broke its reasons one or two letters a line (a page 27,728 px tall)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser

from tests.browser.accessibility import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUBLIC_PAGES = [
    "/licenses/",
    "/licenses/MIT/",
    "/licenses/packages/",
    "/licenses/reviews/",
    "/licenses/learn/",
    "/licenses/compatibility/?inbound=Apache-2.0&outbound=GPL-2.0-only&use=static-linking",
    "/licenses/choose/?released=library&deployment=distributed&copyleft=none&patents=yes",
    "/licenses/office-hours/",
    "/licenses/survey/",
]


def test_the_public_licensing_pages_fit_a_phone(live_server, browser: Browser) -> None:
    from osunited.licensing.models import OfficeHoursSession

    starts = timezone.now() + timedelta(days=7)
    OfficeHoursSession.objects.create(
        title="Licensing office hours: choosing a license for data",
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        experts="UN legal teams' licensing experts",
        joining_url="https://meet.example.org/licensing-office-hours",
    )
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB")
    page = context.new_page()
    for path in PUBLIC_PAGES:
        page.goto(live_server.url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (path, width)
        assert serious_violations(page) == [], path
    context.close()


def test_the_chooser_reasons_keep_whole_words_on_a_phone(live_server, browser: Browser) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB")
    page = context.new_page()
    page.goto(live_server.url + PUBLIC_PAGES[6])
    reasons = page.locator("table.prose-table tbody tr").nth(1).locator("td").nth(1)
    assert reasons.bounding_box()["width"] >= 150  # was 30 px: two letters a line
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()
