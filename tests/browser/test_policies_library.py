"""The policy library's pages on a 390 px phone: each fits the screen and has no serious or
critical accessibility violation (axe); UNICEF's representative publishes its policy with a clause
mapped to the CPF, without JavaScript."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import Browser, Page, expect

from osunited.assessments.models import Assessment
from osunited.assessments.services import answer_save
from osunited.policies.models import Endorsement, LessonLearned, Policy, PolicyClause
from osunited.policies.services.library import ClauseInput, policy_save
from tests.browser.accessibility import serious_violations
from tests.browser.pages import phone_page
from tests.conftest import Cast

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def assert_fits(page: Page, path: str) -> None:
    page.goto(path)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, (path, width)
    assert serious_violations(page) == [], path


def unicef_policy(cast: Cast) -> Policy:
    return policy_save(
        actor=cast.erin,
        policy=None,
        fields={
            "title": "UNICEF Open Source Policy",
            "issuer": cast.unicef.name,
            "issuer_kind": "un_entity",
            "entity": cast.unicef,
            "region": "global",
            "policy_type": "directive",
            "status": "approved",
            "year": 2024,
            "summary": "Open source first for new software.",
            "published": True,
        },
        objectives=["transparency"],
        sources=[("Executive Directive 2024/3", "https://example.org/ed"), ("Minutes", "")],
        clauses=[ClauseInput("Art. 5", "An OSPO oversees open source.", ("G2", "G3"))],
    )


def test_the_policy_pages_fit_a_phone(live_server, browser: Browser, cast: Cast) -> None:
    policy = unicef_policy(cast)
    LessonLearned.objects.create(
        policy=policy, author=cast.frank, role="OSPO lead", text="Start with procurement."
    )
    endorsement = Endorsement.objects.create(
        organisation=cast.unicef.name,
        organisation_kind="un_entity",
        entity=cast.unicef,
        endorsed_on=date(2024, 6, 1),
        statement_url="https://example.org/statement",
    )
    endorsement.policies.add(policy)
    assessment = Assessment.objects.create(entity=cast.unicef, framework_id="cpf-rc1")
    answer_save(assessment=assessment, item_id="G2", rating="partial", user=cast.erin)
    csis = Policy.objects.filter(sources__citation__startswith="International Trade").first()
    assert csis is not None
    longest = Policy.objects.order_by("-title").first()
    assert longest is not None

    visitor = phone_page(browser, live_server.url)
    for path in (
        f"/policies/{csis.public_id}/",
        f"/policies/{longest.public_id}/",
        f"/policies/{policy.public_id}/",
        "/policies/endorsements/",
    ):
        assert_fits(visitor, path)
    erin = phone_page(browser, live_server.url, cast.erin)
    for path in (
        f"/policies/{policy.public_id}/",
        "/policies/new/",
        f"/policies/{policy.public_id}/edit/",
        "/policies/endorsements/new/",
        f"/assessments/{assessment.pk}/answers/?pillar=governance",
    ):
        assert_fits(erin, path)
    assert "Suggested evidence for G2 from the policy library" in erin.inner_text("main")
    admin = phone_page(browser, live_server.url, cast.heidi)
    assert_fits(admin, f"/policies/{policy.public_id}/")  # with the moderation buttons
    for page in (visitor, erin, admin):
        page.context.close()


def test_a_representative_publishes_a_policy_mapped_to_the_cpf(
    live_server, browser: Browser, cast: Cast
) -> None:
    erin = phone_page(browser, live_server.url, cast.erin, javascript=False)
    erin.goto("/policies/new/")
    erin.get_by_label("Title").fill("UNICEF Open Source Policy")
    erin.get_by_label("Summary").fill("Open source first.")
    erin.get_by_label("Year").fill("2024")
    erin.get_by_label("Type:", exact=True).select_option(label="Directives & Regulation")
    erin.get_by_label("Status:", exact=True).select_option(label="Approved")
    erin.get_by_role("group", name="Clause 1").get_by_label("Clause:", exact=True).fill(
        "An OSPO oversees open source."
    )
    erin.get_by_role("group", name="Clause 1").get_by_label("CPF items it covers").select_option(
        ["G2", "G3"]
    )
    erin.get_by_role("button", name="Publish").click()

    expect(erin).to_have_url(re.compile(r"/policies/[0-9a-f-]{36}/$"))
    main = erin.inner_text("main")
    assert "The policy is saved." in erin.content()
    assert "Establish a basic open source governance structure" in main
    policy = Policy.objects.get(title="UNICEF Open Source Policy")
    assert policy.entity == cast.unicef
    assert PolicyClause.objects.get(policy=policy).items == ["G2", "G3"]
    erin.context.close()  # axe checks the same pages with JavaScript, above
