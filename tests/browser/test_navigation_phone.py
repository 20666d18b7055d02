"""The main navigation, with every link an administrator sees, and the footer's terms link fit a
390 px phone and pass axe."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, expect

from tests.browser.accessibility import serious_violations
from tests.browser.pages import phone_page
from tests.conftest import Cast

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_navigation_fits_a_phone_and_leads_to_the_policy_library(
    live_server, browser: Browser, cast: Cast
) -> None:
    page = phone_page(browser, live_server.url, cast.heidi)
    page.goto("/")

    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert serious_violations(page) == []
    page.get_by_role("contentinfo").get_by_role("link", name="Terms and policies").click()
    expect(page).to_have_url(live_server.url + reverse("accounts:policy_list"))
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Policies").click()
    expect(page).to_have_url(live_server.url + reverse("policies:index"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_ossib_pages_board_at_work_fits_a_phone(
    live_server, browser: Browser, cast: Cast
) -> None:
    page = phone_page(browser, live_server.url, cast.frank)
    page.goto(reverse("entities:ossib"))

    at_work = page.get_by_role("region", name="The Board at work")
    expect(at_work.get_by_role("link", name="Roster of experts")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert serious_violations(page) == []
