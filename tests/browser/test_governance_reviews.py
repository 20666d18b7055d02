"""Framework reviews in a browser: a representative proposes a change to G4 without JavaScript, the
Board accepts it, and the new version and the carry-forward offer follow; every page fits a 390 px
phone and has no serious accessibility violation (axe)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page

from osunited.assessments.models import Assessment
from osunited.assessments.services import answer_save
from osunited.governance.models import FrameworkReviewProposal, VoteChoice
from osunited.governance.services.decisions import decision_close, vote_cast
from osunited.governance.services.reviews import proposal_put_to_vote
from tests.browser.accessibility import serious_violations
from tests.browser.pages import phone_page
from tests.conftest import Cast

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def assert_fits(page: Page, path: str) -> None:
    page.goto(path)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, (path, width)
    assert serious_violations(page) == [], path


def test_a_proposal_becomes_a_version_entities_carry_forward_to(
    live_server, browser: Browser, cast: Cast
) -> None:
    old = Assessment.objects.create(entity=cast.unicef, framework_id="cpf-rc1")
    answer_save(assessment=old, item_id="G4", rating="partial", user=cast.erin)
    erin = phone_page(browser, live_server.url, cast.erin, javascript=False)
    erin.goto("/ossib/reviews/")
    erin.get_by_role("link", name="Propose a change").click()
    erin.get_by_label("Guideline or statement").select_option("G4")
    erin.get_by_role("button", name="Choose").click()
    assert "Participate in OSSIB governance reviews" in erin.inner_text("main")
    erin.get_by_label("Change the expected levels by stage").check()
    for stage in ("Stage 1", "Stage 2", "Stage 3"):
        erin.get_by_label(stage).select_option("required")
    erin.get_by_label("Why").fill("Every entity takes part in the reviews from the start.")
    erin.get_by_role("button", name="Send the proposal").click()
    erin.wait_for_url("**/ossib/reviews/*/")
    assert "Your proposal is published" in erin.inner_text("main")

    proposal = FrameworkReviewProposal.objects.get()
    proposal = proposal_put_to_vote(proposal=proposal, actor=cast.heidi)
    vote_cast(decision=proposal.decision, voter=cast.grace, choice=VoteChoice.FOR)
    decision_close(decision=proposal.decision, actor=cast.heidi, reasons="Agreed.")

    erin.goto("/ossib/frameworks/")
    erin.get_by_role("link", name="cpf-rc1-r1").first.click()
    assert "Expected level by stage" in erin.inner_text("main")
    erin.goto("/entities/unicef/assessments/")
    erin.get_by_role("button", name="Carry forward to cpf-rc1-r1").click()
    erin.wait_for_url("**/answers/")
    carried = Assessment.objects.get(carried_from=old)
    assert (carried.framework_id, carried.answers.get().rating) == ("cpf-rc1-r1", "partial")
    erin.context.close()


def test_the_review_pages_fit_a_phone(live_server, browser: Browser, cast: Cast) -> None:
    from osunited.governance.services.reviews import proposal_create

    old = Assessment.objects.create(entity=cast.unicef, framework_id="cpf-rc1")
    proposal = proposal_create(
        framework_id="cpf-rc1",
        item_id="P1.1",
        change="text",
        proposed_text="A much longer wording of the first core policy statement, to see it wrap",
        rationale="Clearer.",
        actor=cast.erin,
    )
    proposal = proposal_put_to_vote(proposal=proposal, actor=cast.heidi)
    vote_cast(decision=proposal.decision, voter=cast.grace, choice=VoteChoice.FOR)
    decision_close(decision=proposal.decision, actor=cast.heidi, reasons="Agreed.")

    erin = phone_page(browser, live_server.url, cast.erin)
    for path in (
        "/ossib/reviews/",
        "/ossib/reviews/new/",
        "/ossib/reviews/new/?item=G4",
        f"/ossib/reviews/{proposal.pk}/",
        "/ossib/frameworks/",
        "/ossib/frameworks/cpf-rc1/",
        "/ossib/frameworks/cpf-rc1-r1/",
        "/entities/unicef/assessments/",
        f"/assessments/{old.pk}/",
    ):
        assert_fits(erin, path)
    secretariat = phone_page(browser, live_server.url, cast.heidi)
    fresh = proposal_create(
        framework_id="cpf-rc1-r1",
        item_id="G4",
        change="action",
        proposed_text="Name the representative.",
        rationale="Shorter.",
        actor=cast.grace,
    )
    assert_fits(secretariat, f"/ossib/reviews/{fresh.pk}/")
    for page in (erin, secretariat):
        page.context.close()
