"""The catalog's cards and a project's showcase in Chromium (#21), in Arabic and English, on a
1280 px desktop and a 390 px phone: no horizontal overflow, no serious axe-core violation, and
the activity chart runs in the reading direction."""

from __future__ import annotations

import pytest
from django.conf import settings
from playwright.sync_api import Browser, expect

from osunited.catalog.models import ScanHealth
from tests.browser.accessibility import serious_violations
from tests.catalog.test_showcase import PNG, kept_report, scanned
from tests.conftest import Cast
from tests.factories import ProjectFactory, ProjectSdgFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

README = """# Supply Tracker

Tracks vaccine supplies from the warehouse to the clinic.

| Column with a long heading | Another long heading | A third one | And a fourth, still longer |
|---|---|---|---|
| a value that is quite long | another value | 1 | 2 |

```
a-very-long-line-of-code-that-never-breaks-and-would-push-the-page-wider-than-a-phone-screen-xxxxxxxx
```
"""
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.mark.parametrize("language", ["ar", "en"])
def test_cards_and_project_page_fit_and_pass_axe(
    live_server, browser: Browser, cast: Cast, language: str
) -> None:
    tracker = ProjectFactory(
        name="Supply Tracker", slug="supply-tracker", status="published", entity=cast.unicef,
        licenses="MIT OR Apache-2.0", scan_health=ScanHealth.GOOD,
    )  # fmt: skip
    ProjectSdgFactory(project=tracker, goal=3, evidence="Vaccines reach clinics on time.")
    scanned(tracker, kept_report(readme=README, logo=PNG))
    ProjectFactory(name="Fresh Idea", status="published", entity=cast.who)
    for size, viewport in SIZES.items():
        context = browser.new_context(locale=language, base_url=live_server.url, viewport=viewport)
        context.add_cookies(
            [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
        )
        page = context.new_page()
        page.set_default_timeout(30_000)
        for address in ("/catalog/", "/catalog/supply-tracker/"):
            page.goto(address)
            expect(page.locator("html")).to_have_attribute("lang", language)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= viewport["width"], f"{address} {size}: {width} px"
            assert serious_violations(page) == [], f"{address} {size}"
        bars = page.locator(".activity-chart rect")
        first_month_x = float(bars.first.get_attribute("x") or "0")
        assert (first_month_x > 240) == (language == "ar")  # the oldest month starts the line
        context.close()
