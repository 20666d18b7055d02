"""The assessment pages, through the test client: answering item by item (with and without htmx),
submitting, publishing, the result, the executive summary, the comparison and the downloads."""

from __future__ import annotations

import io
import re

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape
from pypdf import PdfReader

from osunited.assessments.models import Answer, Assessment, EvidenceFile
from osunited.assessments.services import (
    answer_save,
    assessment_set_visibility,
    assessment_start,
    assessment_submit,
    evidence_file_add,
)
from osunited.audit.models import AuditEvent
from osunited.framework import blocking_items, load_framework
from tests.conftest import Cast, client_for

pytestmark = pytest.mark.django_db

# Every item Required at Stages 1 and 2 of RC1, rated full: exactly Stage 2.
STAGE_2 = {item.id: "full" for k in (1, 2) for item in blocking_items(load_framework("cpf-rc1"), k)}


def draft(cast: Cast, ratings: dict[str, str] | None = None) -> Assessment:
    assessment = assessment_start(entity=cast.unicef, framework_id="cpf-rc1", user=cast.erin)
    for item_id, rating in (ratings or {}).items():
        answer_save(assessment=assessment, item_id=item_id, rating=rating, user=cast.erin)
    return assessment


def published(cast: Cast, ratings: dict[str, str]) -> Assessment:
    assessment = assessment_submit(assessment=draft(cast, ratings), user=cast.erin)
    return assessment_set_visibility(assessment=assessment, visibility="published", user=cast.erin)


def url(name: str, *args: object) -> str:
    return reverse(f"assessments:{name}", args=args)


def save_form(item_id: str, rating: str, **fields: str) -> dict[str, str]:
    prefix = item_id.replace(".", "_")
    return {f"{prefix}-rating": rating, **{f"{prefix}-{k}": v for k, v in fields.items()}}


def test_a_representative_starts_an_assessment_and_lands_on_the_answer_form(cast: Cast) -> None:
    client = client_for(cast.erin)
    response = client.post(url("start", "unicef"), {"framework": "cpf-rc1"})
    assessment = Assessment.objects.get()
    assert response.headers["Location"] == url("answers", assessment.pk)
    page = client.get(response.headers["Location"])
    assert page.status_code == 200
    assert b"G1" in page.content
    assert AuditEvent.objects.filter(action="assessment.started").count() == 1


def test_a_representative_of_another_entity_cannot_start_one(cast: Cast) -> None:
    response = client_for(cast.erin).post(url("start", "undp"), {"framework": "cpf-rc1"})
    assert response.status_code == 403
    assert not Assessment.objects.exists()


def test_an_unknown_framework_is_refused_with_nothing_started(cast: Cast) -> None:
    client_for(cast.erin).post(url("start", "unicef"), {"framework": "cpf-9"})
    assert not Assessment.objects.exists()


def test_saving_an_item_without_javascript_redirects_to_it(cast: Cast) -> None:
    assessment = draft(cast)
    response = client_for(cast.erin).post(
        url("answer_save", assessment.pk, "P2.4"),
        save_form("P2.4", "partial", evidence="Procurement rule", owner="CIO"),
    )
    assert response.headers["Location"].endswith("?pillar=core_policy#item-P2.4")
    answer = Answer.objects.get()
    assert (answer.item_id, answer.rating, answer.owner) == ("P2.4", "partial", "CIO")


def test_saving_with_htmx_returns_the_item_alone(cast: Cast) -> None:
    assessment = draft(cast)
    response = client_for(cast.erin).post(
        url("answer_save", assessment.pk, "G1"), save_form("G1", "full"), HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<article id="item-G1"')
    assert "G1 is saved." in html
    assert "<html" not in html


def test_not_applicable_without_a_reason_is_refused_in_place(cast: Cast) -> None:
    assessment = draft(cast, {"C3": "partial"})
    response = client_for(cast.erin).post(
        url("answer_save", assessment.pk, "C3"), save_form("C3", "not_applicable"),
        HTTP_HX_REQUEST="true",
    )  # fmt: skip
    assert response.status_code == 422
    assert "not applicable needs a reason" in response.content.decode()
    assert Answer.objects.get().rating == "partial"  # the earlier answer is untouched


def test_a_bad_link_without_javascript_shows_the_whole_page_with_the_error(cast: Cast) -> None:
    assessment = draft(cast)
    response = client_for(cast.erin).post(
        url("answer_save", assessment.pk, "C1"),
        save_form("C1", "full", links="javascript:alert(1)"),
    )
    assert response.status_code == 422
    assert b"must be http(s) URLs" in response.content
    assert b'<nav aria-label="Pillars">' in response.content
    assert not Answer.objects.exists()


def test_an_unknown_item_is_not_found(cast: Cast) -> None:
    assessment = draft(cast)
    response = client_for(cast.erin).post(url("answer_save", assessment.pk, "Z9"), {})
    assert response.status_code == 404


@pytest.mark.parametrize("who", ["alice", "bob", "carol", "grace"])
def test_others_cannot_answer(cast: Cast, who: str) -> None:
    assessment = draft(cast)
    client = client_for(getattr(cast, who))
    response = client.post(url("answer_save", assessment.pk, "G1"), save_form("G1", "full"))
    assert response.status_code in (403, 404)
    assert not Answer.objects.exists()


def test_a_suggestion_is_shown_and_never_saved(cast: Cast) -> None:
    assessment = draft(cast)
    page = client_for(cast.erin).get(url("answers", assessment.pk) + "?pillar=governance")
    html = page.content.decode()
    assert "Suggested from platform data: Minimal alignment." in html
    assert "The entity page names no liaison yet." in html
    assert not Answer.objects.exists()


def test_the_result_page_shows_stage_chart_table_gaps_and_next_steps(cast: Cast) -> None:
    assessment = published(cast, {**STAGE_2, "P1.1": "partial"})
    html = client_for(None).get(url("detail", assessment.pk)).content.decode()
    assert "Stage 2: Development and Compliance Implementation" in html
    assert "Next steps towards Stage 3" in html
    assert '<figure class="chart"' in html
    assert '<caption id="readiness-table-caption">Pillars at Stage 3</caption>' in html
    assert "Required at Stage 3, not met" in html
    assert "Discard this draft" not in html  # no manager tools for the public


def test_a_draft_shows_the_provisional_stage_to_its_representatives(cast: Cast) -> None:
    assessment = draft(cast, {"C1": "full"})
    html = client_for(cast.erin).get(url("detail", assessment.pk)).content.decode()
    assert "Stage reached if submitted now" in html
    assert "Stage 1: Exploration and Initial Compliance" in html
    assert "53 items are not rated yet" in html


def test_a_private_assessment_is_hidden_from_everyone_else(cast: Cast) -> None:
    assessment = assessment_submit(assessment=draft(cast, STAGE_2), user=cast.erin)
    for user in (None, cast.alice, cast.grace):
        client = client_for(user)
        for name in ("detail", "summary", "pdf", "answers_file"):
            assert client.get(url(name, assessment.pk)).status_code == 404, (user, name)
        listing = client.get(url("entity", "unicef")).content.decode()
        assert url("detail", assessment.pk) not in listing


def test_submitting_freezes_the_answers(cast: Cast) -> None:
    assessment = draft(cast, STAGE_2)
    client = client_for(cast.erin)
    client.post(url("submit", assessment.pk))
    assessment.refresh_from_db()
    assert (assessment.status, assessment.stage) == ("submitted", 2)
    response = client.post(url("answer_save", assessment.pk, "G1"), save_form("G1", "full"))
    assert response.status_code == 403
    assert client.get(url("answers", assessment.pk)).headers["Location"] == url(
        "detail", assessment.pk
    )


def test_publishing_needs_a_submitted_assessment(cast: Cast) -> None:
    assessment = draft(cast)
    client = client_for(cast.erin)
    client.post(url("visibility", assessment.pk), {"visibility": "published"})
    assessment.refresh_from_db()
    assert assessment.visibility == "private"
    client.post(url("submit", assessment.pk))
    client.post(url("visibility", assessment.pk), {"visibility": "published"})
    assessment.refresh_from_db()
    assert assessment.visibility == "published"


def test_the_executive_summary_lays_out_the_synthesis_table(cast: Cast) -> None:
    assessment = published(cast, STAGE_2)
    html = client_for(None).get(url("summary", assessment.pk)).content.decode()
    assert 'class="synthesis"' in html
    assert '<th scope="col" class="target">Stage 3 <span class="target-note">(next)</span>' in html
    framework = load_framework("cpf-rc1")
    for pillar in framework.pillars:
        assert f'<th scope="row">{escape(pillar.name)}</th>' in html


def test_the_pdf_report_carries_the_stage_and_next_steps(cast: Cast) -> None:
    assessment = published(cast, STAGE_2)
    response = client_for(None).get(url("pdf", assessment.pk))
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    flat = " ".join(text.split())
    assert "Stage 2: Development and Compliance Implementation" in flat
    assert "Next steps towards Stage 3" in flat
    assert "Governance" in flat


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("zh-hans", ["阶段2", "发展与合规实施", "迈向阶段3的后续步骤"]),
        # Extracted in the PDF's drawing order, Arabic's words come apart: each is checked.
        ("ar", ["الجاهزية", "للمراحل", "الخطوات", "التالية", "نحو", "المرحلة"]),
    ],
)
def test_the_pdf_report_is_in_the_readers_language(
    cast: Cast, language: str, words: list[str]
) -> None:
    assessment = published(cast, STAGE_2)
    response = client_for(None).get(url("pdf", assessment.pk), HTTP_ACCEPT_LANGUAGE=language)
    assert response["Content-Type"] == "application/pdf"
    pdf = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    assert [word for word in words if word not in text] == []
    assert "Next steps" not in text


def test_the_answers_file_round_trips_through_import(cast: Cast) -> None:
    assessment = published(cast, {**STAGE_2, "P2.4": "partial"})
    client = client_for(cast.erin)
    text = client.get(url("answers_file", assessment.pk)).content.decode()
    assert yaml.safe_load(text)["ratings"]["P2.4"] == "partial"
    upload = SimpleUploadedFile("answers.yaml", text.encode(), content_type="application/yaml")
    response = client.post(url("import", "unicef"), {"answers_file": upload})
    imported = Assessment.objects.exclude(pk=assessment.pk).get()
    assert response.headers["Location"] == url("detail", imported.pk)
    assert dict(imported.answers.values_list("item_id", "rating")) == dict(
        assessment.answers.values_list("item_id", "rating")
    )


def test_a_malformed_answers_file_is_refused_with_nothing_written(cast: Cast) -> None:
    bad = SimpleUploadedFile("answers.yaml", b"framework: cpf-rc1\nratings: {G1: superb}\n")
    response = client_for(cast.erin).post(url("import", "unicef"), {"answers_file": bad})
    assert response.status_code == 422
    assert b"superb" in response.content
    assert not Assessment.objects.exists()


def test_evidence_files_are_attached_served_as_downloads_and_removed(cast: Cast) -> None:
    assessment = draft(cast, {"G1": "full"})
    client = client_for(cast.erin)
    upload = SimpleUploadedFile("<script>.html", b"<script>alert(1)</script>", "text/html")
    client.post(url("file_add", assessment.pk, "G1"), {"file": upload})
    stored = EvidenceFile.objects.get()
    response = client.get(url("file", assessment.pk, stored.pk))
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == b"<script>alert(1)</script>"
    assert client_for(cast.grace).get(url("file", assessment.pk, stored.pk)).status_code == 404
    client.post(url("file_delete", assessment.pk, stored.pk))
    assert not EvidenceFile.objects.exists()


def test_a_file_of_another_assessment_is_not_served_through_this_one(cast: Cast) -> None:
    mine = published(cast, {"G1": "full"})
    other = draft(cast, {"G1": "full"})
    answer = other.answers.get()
    stored = evidence_file_add(
        answer=answer, upload=SimpleUploadedFile("a.txt", b"secret"), user=cast.erin
    )
    response = client_for(None).get(url("file", mine.pk, stored.pk))
    assert response.status_code == 404


def test_comparing_two_assessments_lists_the_changed_ratings(cast: Cast) -> None:
    first = published(cast, {"C1": "full", "G1": "partial"})
    second = published(cast, {**STAGE_2, "G1": "partial"})
    response = client_for(None).get(
        url("compare", "unicef") + f"?before={second.pk}&after={first.pk}"
    )
    html = response.content.decode()
    assert "Stage 1: Exploration and Initial Compliance" in html
    assert "Stage 2: Development and Compliance Implementation" in html
    changed = html.split("Ratings that changed")[1]
    assert f'<th scope="row">{sorted(set(STAGE_2) - {"C1", "G1"})[0]}<br>' in changed
    assert '<th scope="row">G1<br>' not in changed


def test_a_private_assessment_cannot_be_compared_by_the_public(cast: Cast) -> None:
    public = published(cast, {"C1": "full"})
    private = assessment_submit(assessment=draft(cast, STAGE_2), user=cast.erin)
    query = f"?before={public.pk}&after={private.pk}"
    assert client_for(None).get(url("compare", "unicef") + query).status_code == 404


def test_carrying_forward_starts_a_draft_with_the_answers(cast: Cast) -> None:
    assessment = published(cast, STAGE_2)
    response = client_for(cast.erin).post(
        url("carry_forward", assessment.pk), {"framework": "cpf-rc1"}
    )
    new = Assessment.objects.exclude(pk=assessment.pk).get()
    assert response.headers["Location"] == url("answers", new.pk)
    assert (new.status, new.carried_from_id) == ("draft", assessment.pk)
    assert new.answers.count() == len(STAGE_2)


def test_a_draft_is_discarded_but_a_submitted_one_stays(cast: Cast) -> None:
    kept = published(cast, STAGE_2)
    discarded = draft(cast, {"G1": "full"})
    client = client_for(cast.erin)
    client.post(url("delete", discarded.pk))
    client.post(url("delete", kept.pk))
    assert list(Assessment.objects.values_list("pk", flat=True)) == [kept.pk]


def test_the_answer_form_page_has_a_constant_number_of_queries(
    cast: Cast, django_assert_max_num_queries
) -> None:
    small = draft(cast, {"G1": "full"})
    large = draft(cast, dict.fromkeys(("G1", "G2", "G3", "G4", "G5", "G6"), "partial"))
    client = client_for(cast.erin)
    client.get(url("answers", small.pk))  # warm the per-user caches
    # 26: the navigation's count of what waits for the person (one query) is on every page.
    with django_assert_max_num_queries(26) as small_queries:
        client.get(url("answers", small.pk))
    with django_assert_max_num_queries(len(small_queries)):
        client.get(url("answers", large.pk))


def test_an_oversized_evidence_file_is_refused_before_it_is_read(cast: Cast) -> None:
    assessment = draft(cast, {"G1": "full"})
    response = client_for(cast.erin).post(
        url("file_add", assessment.pk, "G1"), {"file": SimpleUploadedFile("a.txt", b"a")},
        CONTENT_LENGTH=str(11 * 1024 * 1024),
    )  # fmt: skip
    assert response.status_code == 302
    assert not EvidenceFile.objects.exists()


def test_an_htmx_save_also_updates_the_pillar_counts_and_the_status_message(cast: Cast) -> None:
    assessment = draft(cast)
    response = client_for(cast.erin).post(
        url("answer_save", assessment.pk, "C1"), save_form("C1", "full"), HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert '<div id="pillar-nav" hx-swap-oob="true">' in html
    assert "1 of 4</span>" in html  # Licensing & Compliance: C1 of C1 to C4
    assert '<div id="save-status" hx-swap-oob="innerHTML">C1 is saved.</div>' in html
    assert 'tabindex="-1" autofocus' in html  # focus returns to the item's heading


def test_an_htmx_save_on_an_assessment_submitted_meanwhile_reloads_the_page(cast: Cast) -> None:
    assessment = assessment_submit(assessment=draft(cast), user=cast.erin)
    response = client_for(cast.erin).post(
        url("answer_save", assessment.pk, "G1"), save_form("G1", "full"), HTTP_HX_REQUEST="true"
    )
    assert response.headers["HX-Refresh"] == "true"
    assert not Answer.objects.exists()


def test_an_htmx_request_after_the_session_ended_loads_the_sign_in_page_whole(cast: Cast) -> None:
    assessment = draft(cast)
    page = "http://testserver" + url("answers", assessment.pk)
    response = client_for(None).post(
        url("answer_save", assessment.pk, "G1"), save_form("G1", "full"),
        HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL=page,
    )  # fmt: skip
    assert response.status_code == 200
    assert response.headers["HX-Redirect"].startswith("/accounts/login/?next=")
    assert "answers" in response.headers["HX-Redirect"]


def test_a_refused_save_without_javascript_points_to_the_item_and_its_field(cast: Cast) -> None:
    assessment = draft(cast)
    response = client_for(cast.erin).post(
        url("answer_save", assessment.pk, "C3"), save_form("C3", "not_applicable")
    )
    html = response.content.decode()
    assert '<a href="#item-C3">C3 was not saved: see what to correct.</a>' in html
    assert 'name="C3_justification"' not in html  # the prefix joins with a dash
    (field,) = re.findall(r'<textarea name="C3-justification"[^>]*>', html)
    assert 'aria-invalid="true"' in field
    assert f'href="{url("answers", assessment.pk)}?pillar=governance"' in html


def test_the_source_of_a_carried_forward_assessment_is_not_revealed_to_the_public(
    cast: Cast,
) -> None:
    source = assessment_submit(assessment=draft(cast, STAGE_2), user=cast.erin)
    client_for(cast.erin).post(url("carry_forward", source.pk), {"framework": "cpf-rc1"})
    carried = Assessment.objects.exclude(pk=source.pk).get()
    carried = assessment_set_visibility(
        assessment=assessment_submit(assessment=carried, user=cast.erin),
        visibility="published", user=cast.erin,
    )  # fmt: skip
    public = client_for(None).get(url("detail", carried.pk)).content.decode()
    assert "Carried forward from" not in public
    own = client_for(cast.erin).get(url("detail", carried.pk)).content.decode()
    assert "Carried forward from" in own


@pytest.fixture
def next_version(monkeypatch: pytest.MonkeyPatch) -> str:
    """A later framework version, `cpf-next`: G1 is gone and a new item G11 is added."""
    import dataclasses

    from osunited import framework as fw

    current = load_framework("cpf-rc1")
    added = dataclasses.replace(current.item("G2"), id="G11", text="New in this version")
    items = (*(i for i in current.items if i.id != "G1"), added)
    later = dataclasses.replace(current, id="cpf-next", version="next", items=items)
    shipped = fw.load_framework
    monkeypatch.setattr(
        fw,
        "load_framework",
        lambda i, language="en": later if i == "cpf-next" else shipped(i, language),
    )
    monkeypatch.setattr(fw, "available_frameworks", lambda: ["cpf-next", "cpf-rc1"])
    return "cpf-next"


def test_carrying_forward_to_a_new_version_lists_new_items_and_reports_removed_ones(
    cast: Cast, next_version: str
) -> None:
    assessment = published(cast, {"G1": "full", "G2": "partial", "C1": "full"})
    client = client_for(cast.erin)
    response = client.post(url("carry_forward", assessment.pk), {"framework": next_version})
    new = Assessment.objects.get(framework_id=next_version)
    assert dict(new.answers.values_list("item_id", "rating")) == {"G2": "partial", "C1": "full"}
    page = client.get(response.headers["Location"]).content.decode()
    assert "2 answers were carried forward into this draft." in page
    assert "New in this version, not answered yet: G11." in page
    assert "No longer in this version, so not carried: G1." in page
