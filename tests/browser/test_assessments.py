"""A stage readiness self-assessment in Chromium, as an entity representative fills it: start one,
rate the items required at Stages 1 and 2 item by item (htmx saves each in place), see the stage
and the next steps, submit, publish, download the PDF report; then the public reads the result
and its executive summary. axe-core runs on every page visited, flash messages included."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect
from pypdf import PdfReader

from osunited.assessments.models import Answer, Assessment
from osunited.framework import blocking_items, load_framework
from tests.browser.accessibility import serious_violations
from tests.browser.test_catalog import signed_in_page
from tests.conftest import Cast

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FRAMEWORK = load_framework("cpf-rc1")
STAGE_2 = "Stage 2: Development and Compliance Implementation"
NEXT_STEPS = "Next steps towards Stage 3"


def required_up_to_stage_2() -> dict[str, list[str]]:
    """The items Required at Stages 1 and 2, by pillar id, in the framework's order."""
    required = {item.id for stage in (1, 2) for item in blocking_items(FRAMEWORK, stage)}
    by_pillar: dict[str, list[str]] = {}
    for item in FRAMEWORK.items:
        if item.id in required:
            by_pillar.setdefault(item.pillar, []).append(item.id)
    return by_pillar


def item_article(page: Page, item_id: str) -> Locator:
    return page.locator(f'article[id="item-{item_id}"]')


def rate(page: Page, item_id: str, rating: str) -> Locator:
    """Choose a rating in the item's fieldset; return the item's article."""
    article = item_article(page, item_id)
    article.get_by_role("group", name=f"Rating of {item_id}").get_by_label(
        rating, exact=True
    ).check()
    return article


def save(page: Page, item_id: str) -> None:
    item_article(page, item_id).get_by_role("button", name=f"Save {item_id}", exact=True).click()


def pdf_text(path: Path) -> str:
    reader = PdfReader(path)
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_a_representative_fills_submits_publishes_and_downloads_an_assessment(
    live_server, browser: Browser, cast: Cast
) -> None:
    by_pillar = required_up_to_stage_2()
    required = [item_id for ids in by_pillar.values() for item_id in ids]
    assert required, "cpf-rc1 has items required at Stages 1 and 2"
    pillar_names = {pillar.id: pillar.name for pillar in FRAMEWORK.pillars}

    erin = signed_in_page(browser, live_server.url, cast.erin)
    erin.goto("/entities/unicef/assessments/")
    expect(erin.get_by_role("heading", level=1)).to_have_text("Stage readiness self-assessments")
    expect(erin.get_by_text("No assessment yet.")).to_be_visible()
    expect(erin.get_by_label("Framework version")).to_have_value("cpf-rc1")
    assert serious_violations(erin) == []
    erin.get_by_role("button", name="Start a new assessment").click()

    expect(erin).to_have_url(re.compile(r"/assessments/\d+/answers/"))
    assessment = Assessment.objects.get(entity=cast.unicef)
    assert (assessment.framework_id, assessment.status) == ("cpf-rc1", "draft")
    expect(erin.get_by_text("A new assessment is started.")).to_be_visible()
    pillars_nav = erin.get_by_role("navigation", name="Pillars")
    for name in pillar_names.values():
        expect(pillars_nav.get_by_role("link", name=name, exact=True)).to_be_visible()
    assert serious_violations(erin) == []  # with the flash message of the start

    first = required[0]
    for pillar, item_ids in by_pillar.items():
        pillars_nav.get_by_role("link", name=pillar_names[pillar], exact=True).click()
        expect(erin).to_have_url(re.compile(rf"\?pillar={pillar}$"))
        expect(
            pillars_nav.get_by_role("link", name=pillar_names[pillar], exact=True)
        ).to_have_attribute("aria-current", "page")
        for item_id in item_ids:
            if item_id == first:
                # Not applicable with no reason: refused, and the error shows in the item.
                article = rate(erin, item_id, "Not applicable")
                save(erin, item_id)
                refused = f"{item_id} was not saved; see below."
                expect(erin.locator("#save-status")).to_have_text(refused)  # the live region
                expect(article.locator(".error-summary")).to_have_text(refused)
                expect(erin.locator(f"#item-{item_id}-title")).to_be_focused()
                expect(article).to_contain_text("not applicable needs a reason")
                expect(article.get_by_label("Not applicable", exact=True)).to_be_checked()
                assert not Answer.objects.filter(assessment=assessment, item_id=item_id).exists()
                assert serious_violations(erin) == []
                article.get_by_label("Evidence:", exact=True).fill(
                    "Licence policy adopted in 2024."
                )
                article.get_by_label("Owner:", exact=True).fill("Legal Office")
            article = rate(erin, item_id, "Full alignment")
            save(erin, item_id)
            expect(erin.get_by_role("status")).to_have_text(f"{item_id} is saved.")
            expect(article.locator(".saved")).to_have_text(f"{item_id} is saved.")
            expect(erin.locator(f"#item-{item_id}-title")).to_be_focused()
            expect(article.get_by_label("Full alignment", exact=True)).to_be_checked()
            if item_id == first:
                # Saved: the item now offers evidence files.
                expect(
                    article.get_by_label(f"Attach an evidence file to {item_id}")
                ).to_be_visible()
                assert serious_violations(erin) == []
        # The page's counter, after a reload, counts what was saved in place.
        erin.reload()
        total = sum(1 for item in FRAMEWORK.items if item.pillar == pillar)
        expect(
            pillars_nav.get_by_role("listitem").filter(has_text=pillar_names[pillar])
        ).to_contain_text(f"{len(item_ids)} of {total}")

    answers = {a.item_id: a for a in Answer.objects.filter(assessment=assessment)}
    assert set(answers) == set(required)
    assert {a.rating for a in answers.values()} == {"full"}
    assert (answers[first].evidence, answers[first].owner) == (
        "Licence policy adopted in 2024.",
        "Legal Office",
    )
    assert all(a.updated_by_id == cast.erin.pk for a in answers.values())

    erin.get_by_role("link", name="See the result and submit").click()
    expect(erin).to_have_url(re.compile(rf"/assessments/{assessment.pk}/$"))
    expect(erin.get_by_role("heading", name="Stage reached if submitted now")).to_be_visible()
    expect(erin.locator("p.stage-name")).to_have_text(STAGE_2)
    expect(erin.get_by_role("figure")).to_be_visible()
    expect(erin.get_by_role("table", name="Pillars at Stage 3")).to_be_visible()
    expect(erin.get_by_role("heading", name="Blocking gaps")).to_be_visible()
    expect(erin.get_by_role("heading", name=NEXT_STEPS)).to_be_visible()
    steps = erin.locator("ol.next-steps > li")
    expect(steps.first).to_be_visible()
    assert steps.count() >= 1
    assert serious_violations(erin) == []

    erin.get_by_role("button", name="Submit the assessment").click()
    expect(erin.get_by_text("The assessment is submitted; its answers are frozen.")).to_be_visible()
    expect(erin.get_by_role("heading", name="Stage reached", exact=True)).to_be_visible()
    expect(erin.locator("p.stage-name")).to_have_text(STAGE_2)
    expect(erin.get_by_role("button", name="Submit the assessment")).to_have_count(0)
    assessment.refresh_from_db()
    assert (assessment.status, assessment.stage, assessment.visibility) == (
        "submitted",
        2,
        "private",
    )

    # Still private: the public does not see it.
    public = signed_in_page(browser, live_server.url, None)
    response = public.goto(f"/assessments/{assessment.pk}/")
    assert response is not None
    assert response.status == 404

    visibility = erin.get_by_label("Visibility:", exact=True)
    expect(visibility).to_have_value("private")
    visibility.select_option(label="Published")
    erin.get_by_role("button", name="Save visibility").click()
    expect(erin.get_by_text("The assessment is published.")).to_be_visible()
    assessment.refresh_from_db()
    assert assessment.visibility == "published"

    with erin.expect_download() as download_info:
        erin.get_by_role("link", name="Download the report (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == f"unicef-cpf-rc1-assessment-{assessment.pk}.pdf"
    text = pdf_text(Path(download.path()))
    assert f"Stage readiness of {cast.unicef.name}" in text
    assert STAGE_2 in text
    assert NEXT_STEPS in text
    assert "Submitted" in text

    # The public reads the published result and its executive summary.
    public.goto(f"/assessments/{assessment.pk}/")
    expect(public.get_by_role("heading", level=1)).to_have_text(
        f"Stage readiness of {cast.unicef.name}"
    )
    expect(public.get_by_role("heading", name="Stage reached", exact=True)).to_be_visible()
    expect(public.locator("p.stage-name")).to_have_text(STAGE_2)
    expect(public.locator("ol.next-steps > li").first).to_be_visible()
    expect(public.get_by_role("button", name="Save visibility")).to_have_count(0)
    assert serious_violations(public) == []

    public.get_by_role("link", name="Executive summary (one page)").click()
    expect(public).to_have_url(re.compile(rf"/assessments/{assessment.pk}/summary/$"))
    expect(public.get_by_role("heading", level=1)).to_have_text(
        f"{cast.unicef.name}: executive summary"
    )
    expect(public.locator("p.stage-name")).to_have_text(STAGE_2)
    synthesis = public.locator("table.synthesis")
    expect(synthesis).to_be_visible()
    expect(synthesis.locator("tbody tr")).to_have_count(len(FRAMEWORK.pillars))
    assert serious_violations(public) == []

    public.goto("/entities/unicef/assessments/")
    row = public.get_by_role("row").filter(has_text="cpf-rc1")
    expect(row).to_contain_text("Submitted")
    expect(row).to_contain_text("Stage 2")
    expect(public.get_by_role("button", name="Start a new assessment")).to_have_count(0)
    assert serious_violations(public) == []
