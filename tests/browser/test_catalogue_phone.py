"""The learning catalogue and paths on a 390 px phone: nothing wider than the screen, no serious
accessibility violation (axe); filtering works without JavaScript, and live with it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page

from osunited.learning.services.catalogue import catalogue_sync
from tests.browser.accessibility import serious_violations
from tests.browser.pages import phone_page
from tests.conftest import Cast

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def assert_fits(page: Page, path: str) -> None:
    page.goto(path)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, (path, width)
    assert serious_violations(page) == [], path


def test_the_catalogue_pages_fit_a_phone(live_server, browser: Browser, cast: Cast) -> None:
    catalogue_sync()  # a transactional test may start after another one emptied the database
    page = phone_page(browser, live_server.url, cast.heidi)
    for path in (
        "/learning/",
        "/learning/?kind=external&level=introductory",
        "/learning/modules/osee-digital-governance-and-sovereignty/",
        "/learning/modules/lf-open-source-licensing-basics/",
        "/learning/modules/osee-strategy/edit/",
        "/learning/modules/new/",
        "/learning/paths/",
        "/learning/paths/ospo-lead/",
        "/learning/paths/ospo-lead/edit/",
    ):
        assert_fits(page, path)
    page.context.close()


def test_filters_apply_without_javascript(live_server, browser: Browser) -> None:
    catalogue_sync()
    page = phone_page(browser, live_server.url, javascript=False)
    page.goto("/learning/")
    page.get_by_label("Advanced", exact=False).first.check()
    page.get_by_role("button", name="Apply filters").click()
    assert "level=advanced" in page.url
    assert page.locator(".result-count").inner_text() == "2 modules"
    page.context.close()


def test_filters_apply_at_once_with_javascript(live_server, browser: Browser) -> None:
    catalogue_sync()
    page = phone_page(browser, live_server.url)
    page.goto("/learning/")
    page.locator("summary", has_text="Procurement and Legal").click()
    page.get_by_label("Value-for-money assessment").check()
    page.wait_for_url("**competency=procurement-and-legal%2Fvalue-for-money-assessment**")
    assert page.locator(".result-count").inner_text() == "1 module"
    page.context.close()
