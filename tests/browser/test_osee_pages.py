"""The OSEE framework's pages on a 390 px phone: nothing wider than the screen, no serious
accessibility violation (axe), and a competency's link lands on its anchor."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from tests.browser.accessibility import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    "/learning/osee/",
    "/learning/osee/strategy/",
    "/learning/osee/community-management/",
    "/learning/osee/capacity-building/",
    "/learning/osee/digital-governance-and-sovereignty/",
    "/learning/osee/dpg-management-program/",
]


def test_the_osee_pages_fit_a_phone_and_pass_axe(live_server, browser: Browser) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB")
    page = context.new_page()
    for path in PAGES:
        page.goto(live_server.url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (path, width)
        assert serious_violations(page) == [], path
    context.close()


def test_a_competency_of_the_cpf_alignment_opens_on_its_module_page(
    live_server, browser: Browser
) -> None:
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.goto(live_server.url + "/learning/osee/")
    alignment = page.locator("#cpf-CB2")
    alignment.get_by_role("link", name="Human Resource Planning and Allocation").click()
    page.wait_for_url("**/learning/osee/capacity-building/#human-resource-planning-and-allocation")
    heading = page.locator("#human-resource-planning-and-allocation h3")
    assert heading.inner_text() == "Human Resource Planning and Allocation"
    context.close()
