"""An entity's assessments on a 390 px phone, as its representative sees them.

Seen: UNICEF's list of assessments was 494 px wide for its representative (the table with the
visibility column)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from osunited.assessments.models import Assessment
from tests.browser.accessibility import serious_violations
from tests.browser.pages import signed_in_page
from tests.conftest import Cast

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_representative_sees_the_assessments_within_a_phone(
    live_server, browser: Browser, cast: Cast
) -> None:
    Assessment.objects.create(entity=cast.unicef, framework_id="cpf-rc1", created_by=cast.erin)
    page = signed_in_page(browser, live_server.url, cast.erin)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/entities/unicef/assessments/")
    assert page.get_by_role("columnheader", name="Visibility").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert serious_violations(page) == []
    page.context.close()
