"""From gaps to learning on a 390 px phone: the recommendation appears on a published assessment's
result and leads to the module; the representative sees learning suggested as evidence on the
answer page and adds it; the entity's capacity page. Nothing wider than the screen, no serious
accessibility violation (axe) on any page."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from osunited.assessments.models import Answer, Visibility
from osunited.assessments.services import answer_save, assessment_submit
from tests.browser.accessibility import serious_violations
from tests.browser.pages import phone_page
from tests.conftest import Cast
from tests.learning.capacity_helpers import (
    CB2_COMPETENCY,
    a_module,
    an_assessment,
    an_event,
    completed,
    empty_catalogue,
    now,
    people_of,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def assert_fits_within(section: Locator) -> None:
    """Nothing of the section reaches past the screen."""
    right = section.evaluate(
        "s => Math.max(...[s, ...s.querySelectorAll('*')]"
        ".map(e => e.getBoundingClientRect().right))"
    )
    assert right <= 390, right


def assert_fits(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, (page.url, width)
    assert serious_violations(page) == [], page.url


def test_the_recommendation_appears_on_the_result_and_leads_to_the_module(
    live_server, browser: Browser, cast: Cast
) -> None:
    empty_catalogue()
    a_module(
        "capacity-planning",
        title="Capacity planning",
        competencies=[CB2_COMPETENCY],
        level="intermediate",
    )
    assessment = an_assessment(cast.unicef, unmet=("CB2",))
    assessment_submit(assessment=assessment, user=cast.erin)
    assessment.visibility = Visibility.PUBLISHED
    assessment.save(update_fields=["visibility"])
    page = phone_page(browser, live_server.url, None)

    page.goto(f"/assessments/{assessment.pk}/")

    section = page.get_by_role("region", name="What to learn towards Stage 3")
    expect(section).to_contain_text("CB2 is required at Stage 3; 0 of your 2 people")
    assert_fits_within(section)
    assert_fits(page)  # seen: the readiness table made the result page 508 px wide
    section.get_by_role("link", name="Capacity planning").click()
    expect(page).to_have_url(f"{live_server.url}/learning/modules/capacity-planning/")
    page.context.close()


def test_learning_is_suggested_as_evidence_and_added_by_the_representative(
    live_server, browser: Browser, cast: Cast
) -> None:
    empty_catalogue()
    gap = an_event(
        "mind-the-gap-4",
        starts=now() - timedelta(days=60),
        title="Mind the Open Source Gap #4",
        kind="mind_the_gap",
    )
    for person in people_of("unicef.org", 3):
        completed(person, gap, on=date(2026, 10, 3))
    from osunited.assessments.models import Assessment

    draft = Assessment.objects.create(entity=cast.unicef, framework_id="cpf-rc1")
    answer_save(assessment=draft, item_id="CB1", rating="partial", user=cast.erin)
    page = phone_page(browser, live_server.url, cast.erin)

    page.goto(f"/assessments/{draft.pk}/answers/?pillar=capacity_building")

    item = page.locator('article[id="item-CB1"]')
    expect(item).to_contain_text(
        "3 people of UNICEF completed “Mind the Open Source Gap #4” on 2026-10-03"
    )
    assert_fits(page)
    item.get_by_role("button", name="Add to the evidence of CB1 (suggestion 1)").click()
    expect(page.get_by_text("The suggestion is added to the evidence of CB1.")).to_be_visible()
    evidence = page.locator('article[id="item-CB1"] textarea[name="CB1-evidence"]')
    expect(evidence).to_have_value(
        "3 people of UNICEF completed “Mind the Open Source Gap #4” on 2026-10-03; "
        "certificates: 3 (3 linked)."
    )
    assert len(Answer.objects.get(assessment=draft, item_id="CB1").links) == 4
    assert_fits(page)
    page.context.close()


def test_the_capacity_page_fits_a_phone(live_server, browser: Browser, cast: Cast) -> None:
    empty_catalogue()
    module = a_module("strategy-basics", osee_module="strategy")
    completed(cast.alice, module, on=date(2026, 2, 10))
    completed(cast.erin, module, on=date(2026, 8, 10))

    for user in (None, cast.erin):
        page = phone_page(browser, live_server.url, user)
        page.goto("/learning/entities/unicef/capacity/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Capacity building at UNICEF")
        assert_fits(page)
        page.context.close()
