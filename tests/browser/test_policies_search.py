"""The policy library's search and world map in a browser: axe finds no serious or critical
violation, nothing is wider than a 390 px phone, and ticking a facet narrows the results."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from tests.browser.accessibility import serious_violations
from tests.browser.pages import phone_page, signed_in_page
from tests.policies.search_data import known_library

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = ["/policies/", "/policies/?q=open&region=south_america", "/policies/map/"]


def test_the_search_and_the_map_fit_a_phone_and_pass_axe(live_server, browser: Browser) -> None:
    known_library()
    page = phone_page(browser, live_server.url)
    for path in PAGES:
        page.goto(live_server.url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (path, width)
        assert serious_violations(page) == [], path
    page.context.close()


def test_the_search_and_the_map_pass_axe_on_a_desktop(live_server, browser: Browser) -> None:
    known_library()
    page = signed_in_page(browser, live_server.url, None)
    for path in PAGES:
        page.goto(live_server.url + path)
        assert serious_violations(page) == [], path
    page.context.close()


def test_ticking_a_facet_narrows_the_results(live_server, browser: Browser) -> None:
    known_library()
    page = signed_in_page(browser, live_server.url, None)
    page.goto(live_server.url + "/policies/")
    page.get_by_role("status").filter(has_text="5 policies").wait_for()
    page.get_by_label("Africa (1)").check()
    page.get_by_role("status").filter(has_text="1 policy").wait_for()
    assert page.get_by_role("heading", name="Digital Strategy").is_visible()
    assert "region=africa" in page.url
    page.context.close()


def test_the_filters_work_without_javascript(live_server, browser: Browser) -> None:
    known_library()
    page = signed_in_page(browser, live_server.url, None, javascript=False)
    page.goto(live_server.url + "/policies/")
    page.get_by_label("Africa (1)").check()
    page.get_by_role("button", name="Apply filters").click()
    page.get_by_role("status").filter(has_text="1 policy").wait_for()
    page.context.close()
