"""Assessments on the platform: answers saved one by one, submission with the engine's result,
publication, carrying forward, import, and the ratings suggested by catalog data."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.utils import timezone

from osunited.assessments.models import Answer, Assessment
from osunited.assessments.selectors import (
    assessments_of_entity,
    get_assessment_for_user,
    suggestions_for,
)
from osunited.assessments.services import (
    answer_save,
    assessment_carry_forward,
    assessment_import,
    assessment_set_visibility,
    assessment_start,
    assessment_submit,
    evidence_file_add,
)
from osunited.catalog.models import Project, Scan, ScanStatus
from osunited.framework import dump_answers, load_framework, parse_answers
from tests.conftest import Cast
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def started(cast: Cast) -> Assessment:
    return assessment_start(entity=cast.unicef, framework_id="cpf-rc1", user=cast.erin)


def test_answers_are_saved_one_by_one_and_replaced(cast: Cast) -> None:
    assessment = started(cast)
    answer_save(assessment=assessment, item_id="C1", rating="partial", user=cast.erin)
    answer_save(assessment=assessment, item_id="C1", rating="full", user=cast.erin,
                evidence="Licenses checked on release.", links="https://example.org/policy\n",
                owner="OSPO lead")  # fmt: skip
    (answer,) = assessment.answers.all()
    assert (answer.rating, answer.links, answer.owner) == (
        "full", ["https://example.org/policy"], "OSPO lead")  # fmt: skip


@pytest.mark.parametrize(
    ("item_id", "rating", "extra", "message"),
    [
        ("Z9", "full", {}, "not an item"),
        ("C1", "great", {}, "Choose a rating"),
        ("C3", "not_applicable", {}, "needs a reason"),
        ("C1", "full", {"links": "javascript:alert(1)"}, "must be http"),
        ("C1", "full", {"links": "file:///etc/passwd"}, "must be http"),
    ],
)  # fmt: skip
def test_a_bad_answer_is_refused_and_nothing_is_saved(
    cast: Cast, item_id: str, rating: str, extra: dict[str, str], message: str
) -> None:
    assessment = started(cast)
    with pytest.raises(ValidationError, match=message):
        answer_save(assessment=assessment, item_id=item_id, rating=rating, user=cast.erin, **extra)
    assert not Answer.objects.exists()


def test_submission_stores_the_engines_result_and_freezes_the_answers(cast: Cast) -> None:
    assessment = started(cast)
    answer_save(assessment=assessment, item_id="C1", rating="full", user=cast.erin)
    assessment_submit(assessment=assessment, user=cast.erin)
    assessment.refresh_from_db()
    assert (assessment.status, assessment.stage) == ("submitted", 1)
    assert assessment.result["next_steps"][0]["item"] == "C2"
    with pytest.raises(ValidationError, match="not changed"):
        answer_save(assessment=assessment, item_id="C2", rating="full", user=cast.erin)


def test_a_private_assessment_is_hidden_until_published(cast: Cast) -> None:
    assessment = started(cast)
    with pytest.raises(ValidationError, match="Only a submitted"):
        assessment_set_visibility(assessment=assessment, visibility="published", user=cast.erin)
    assessment_submit(assessment=assessment, user=cast.erin)
    for reader in (None, cast.alice, cast.bob, cast.carol):
        user = reader or _anonymous()
        with pytest.raises(Http404):
            get_assessment_for_user(user=user, pk=assessment.pk)
        assert list(assessments_of_entity(user=user, entity=cast.unicef)) == []
    assert get_assessment_for_user(user=cast.erin, pk=assessment.pk, manage=True) == assessment
    assessment_set_visibility(assessment=assessment, visibility="published", user=cast.erin)
    assert get_assessment_for_user(user=cast.carol, pk=assessment.pk) == assessment
    with pytest.raises(PermissionDenied):
        get_assessment_for_user(user=cast.carol, pk=assessment.pk, manage=True)


def test_carrying_forward_moves_answers_by_item_id(cast: Cast) -> None:
    assessment = started(cast)
    answer_save(assessment=assessment, item_id="G1", rating="full", user=cast.erin)
    answer_save(assessment=assessment, item_id="C3", rating="not_applicable", user=cast.erin,
                justification="No code yet.")  # fmt: skip
    carried = assessment_carry_forward(
        assessment=assessment, framework_id="cpf-rc1", user=cast.erin
    )
    assert carried.assessment.carried_from == assessment
    assert (carried.moved, carried.unanswered, carried.removed) == (["G1", "C3"], [], [])
    moved = {a.item_id: (a.rating, a.justification) for a in carried.assessment.answers.all()}
    assert moved == {"G1": ("full", ""), "C3": ("not_applicable", "No code yet.")}


def test_an_answers_file_imports_as_a_draft_or_is_refused_whole(cast: Cast) -> None:
    framework = load_framework("cpf-rc1")
    text = dump_answers(framework, parse_answers(
        "framework: cpf-rc1\nratings: {C1: full}\n"
        "answers: {G1: {rating: full, evidence: ['https://example.org/liaison', 'Named in 2024']}}"
    ).answers)  # fmt: skip
    imported = assessment_import(entity=cast.unicef, text=text, user=cast.erin)
    g1 = imported.answers.get(item_id="G1")
    assert (g1.links, g1.evidence) == (["https://example.org/liaison"], "Named in 2024")
    with pytest.raises(ValidationError, match="G1: rating must be one of"):
        assessment_import(
            entity=cast.unicef, text="framework: cpf-rc1\nratings: {G1: x}", user=cast.erin
        )
    assert Assessment.objects.count() == 1


def test_evidence_files_are_capped(cast: Cast) -> None:
    answer = answer_save(assessment=started(cast), item_id="G1", rating="full", user=cast.erin)
    stored = evidence_file_add(
        answer=answer, upload=SimpleUploadedFile("../../minutes.pdf", b"%PDF-1.4"), user=cast.erin
    )
    assert stored.name == "minutes.pdf"
    big = SimpleUploadedFile("big.bin", b"x" * (10 * 1024 * 1024 + 1))
    with pytest.raises(ValidationError, match="at most 10 MB"):
        evidence_file_add(answer=answer, upload=big, user=cast.erin)


def test_suggestions_come_from_the_catalog_with_their_provenance(cast: Cast) -> None:
    assert suggestions_for(cast.unicef)["G1"].rating == "minimal"
    old = timezone.now() - timedelta(days=800)
    with_focal = ProjectFactory(entity=cast.unicef, status="published", focal_points=[cast.alice],
                                licenses="Apache-2.0", confirmed_at=timezone.now())  # fmt: skip
    lapsed = ProjectFactory(entity=cast.unicef, status="published", licenses="LicenseRef-own",
                            confirmed_at=old)  # fmt: skip
    Project.objects.filter(pk=lapsed.pk).update(status_changed_at=old)
    ProjectFactory(entity=cast.unicef, status="draft")  # not registered yet: not counted
    Scan.objects.create(project=with_focal, status=ScanStatus.SUCCEEDED, finished_at=timezone.now())
    cast.unicef.liaison = cast.alice
    cast.unicef.save()
    suggested = suggestions_for(cast.unicef)
    assert suggested["G1"].rating == "full"
    assert suggested["SC1"].provenance == "1 of 2 registered projects have a focal point."
    assert suggested["SC1"].rating == "partial"
    assert suggested["C2"].rating == "partial"
    assert suggested["CH4"].rating == "partial"
    assert suggested["SC4"].provenance.startswith("1 of 2 published entries were confirmed")


def _anonymous() -> object:
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def test_a_stale_draft_cannot_be_changed_once_submitted_elsewhere(cast: Cast) -> None:
    stale = started(cast)
    assessment_submit(assessment=Assessment.objects.get(pk=stale.pk), user=cast.erin)
    with pytest.raises(ValidationError, match="submitted"):
        answer_save(assessment=stale, item_id="G1", rating="full", user=cast.erin)
    assert not Answer.objects.exists()


def test_imported_evidence_that_only_begins_with_a_url_stays_text(cast: Cast) -> None:
    text = (
        "framework: cpf-rc1\nanswers:\n  G1:\n    rating: full\n"
        "    evidence: ['https://x.org is our page', 'https://x.org/policy']\n"
    )
    answer = assessment_import(entity=cast.unicef, text=text, user=cast.erin).answers.get()
    assert (answer.evidence, answer.links) == (
        "https://x.org is our page",
        ["https://x.org/policy"],
    )
