"""The license chooser in Chromium (#18): the questionnaire and its result pass axe-core, and the
form works with JavaScript turned off."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Browser, Page, expect

from osunited.licensing.models import LegalReview
from tests.browser.accessibility import serious_violations
from tests.browser.pages import signed_in_page
from tests.conftest import Cast

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def answer_the_questions(page: Page) -> None:
    page.get_by_label("An application people install or run").check()
    page.get_by_label("Run as a network service: people use it without a copy").check()
    page.get_by_label("Strong, and for network users too when it runs as a service").check()
    page.get_by_label("Licenses of what it includes").fill("GPL-3.0-only")
    page.get_by_role("button", name="Recommend a license").click()


def test_the_chooser_and_its_result_pass_axe_signed_in(
    live_server, browser: Browser, cast: Cast
) -> None:
    LegalReview.objects.create(entity=cast.alice.entity, license_id="MIT", status="cleared")
    page = signed_in_page(browser, live_server.url, cast.alice)
    page.goto("/licenses/choose/")
    expect(page.get_by_role("heading", level=1, name="Choose a license")).to_be_visible()
    assert serious_violations(page) == []

    answer_the_questions(page)

    expect(page.get_by_role("heading", level=2, name="Your license")).to_be_visible()
    expect(page.get_by_label("The SPDX header, to copy at the top of each file")).to_have_value(
        f"# SPDX-FileCopyrightText: {date.today().year} {cast.alice.entity}\n"
        "# SPDX-License-Identifier: AGPL-3.0-or-later\n"
    )
    expect(page.get_by_role("cell", name="Cleared")).to_be_visible()
    assert serious_violations(page) == []


def test_the_form_works_without_javascript(live_server, browser: Browser) -> None:
    context = browser.new_context(locale="en-GB", java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(f"{live_server.url}/licenses/choose/")

    answer_the_questions(page)

    assert "released=application" in page.url
    expect(page.get_by_text("GPL-3.0-only rules out")).to_be_visible()
    expect(
        page.get_by_role("link", name="Sign in to see your entity's legal review")
    ).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the LICENSE file of AGPL-3.0-or-later").click()
    assert download.value.suggested_filename == "LICENSE"
    context.close()
