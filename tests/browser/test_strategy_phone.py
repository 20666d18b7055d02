"""The OSPO strategy tools on a 390 px phone: the calculator with its results and every "how
this was computed" table open, the replacement value and the staffing plan; nothing wider than
the screen, no serious WCAG violation, and the calculator works without JavaScript."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page

from tests.browser.accessibility import serious_violations
from tests.browser.pages import signed_in_page
from tests.conftest import Cast

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

YEARS = {"develop": (1, 1), "deploy": (2, 2), "scale": (3, 3), "operate": (4, 10)}
SCENARIO = {
    "horizon": 10,
    **{f"{phase}_first": first for phase, (first, _) in YEARS.items()},
    **{f"{phase}_last": last for phase, (_, last) in YEARS.items()},
    "labour-0-option": "open_source",
    "labour-0-role": "Senior developer maintaining the integration layer",
    "labour-0-phase": "operate",
    "labour-0-person_months": "24",
    "labour-0-country": "US",
    "licence-0-option": "proprietary",
    "licence-0-name": "Enterprise suite with premium support",
    "licence-0-phase": "operate",
    "licence-0-price": "1200",
    "licence-0-users": "2500",
    "licence-0-growth": "12.5",
}


def fits_and_passes(page: Page, path: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, (path, width)
    assert serious_violations(page) == [], path


def test_the_calculator_fits_a_phone_with_its_computations_open(
    live_server, browser: Browser
) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB")
    page = context.new_page()
    path = "/learning/strategy/tco/?" + urlencode(SCENARIO)
    page.goto(live_server.url + path)
    for summary in page.locator("details > summary").all():
        summary.click()
    fits_and_passes(page, path)
    page.goto(live_server.url + "/learning/strategy/tco/")
    fits_and_passes(page, "/learning/strategy/tco/")
    context.close()


def test_the_calculator_computes_without_javascript(live_server, browser: Browser) -> None:
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    page = context.new_page()
    page.goto(live_server.url + "/learning/strategy/tco/")
    page.get_by_label("Role").first.fill("Developer")
    page.get_by_label("Person-months in the phase").first.fill("12")
    page.get_by_label("Or a monthly wage you enter (USD)").first.fill("4000")
    page.get_by_role("button", name="Compute").click()
    assert "labour-0-role=Developer" in page.url
    assert page.get_by_text("How year 1 was computed").is_visible()
    context.close()


def test_the_replacement_value_and_staffing_plan_fit_a_phone(
    live_server, browser: Browser, cast: Cast
) -> None:
    from osunited.catalog.models import Scan, ScanStatus, ScanTrigger
    from tests.factories import ProjectFactory

    project = ProjectFactory(slug="wayfinder", entity=cast.unicef, status="published")
    now = timezone.now()
    project.latest_scan = Scan.objects.create(
        project=project,
        trigger=ScanTrigger.ON_DEMAND,
        status=ScanStatus.SUCCEEDED,
        started_at=now,
        finished_at=now,
        report={"stats": {"files": 420, "bytes": 3_500_000}},
        facts={
            "lines_of_code": 250_000,
            "lines_of_code_in_tests": 40_000,
            "lines_of_code_by_language": {"TypeScript": 180_000, "Protocol Buffers": 70_000},
        },
    )
    project.save(update_fields=["latest_scan"])
    page = signed_in_page(browser, live_server.url, cast.erin)
    page.set_viewport_size({"width": 390, "height": 844})
    for path in (
        "/learning/strategy/",
        "/learning/strategy/replacement/wayfinder/",
        "/learning/strategy/replacement/wayfinder/?lines_of_code=250000&country=US",
        "/learning/strategy/staffing/unicef/",
    ):
        page.goto(live_server.url + path)
        fits_and_passes(page, path)
    page.context.close()
