"""The requirements survey (CPF 4.2.1): rounds, an entity's answers as a draft and submitted,
the licensing group's results with CSV, and the public summary."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from osunited.accounts.models import GrantedRole, User
from osunited.accounts.services import role_grant
from osunited.entities.models import Entity
from osunited.licensing import survey
from osunited.licensing.models import SurveyResponse, SurveyRound
from osunited.licensing.services.survey import survey_response_save
from tests.conftest import Cast, client_for
from tests.factories import EntityFactory, UserFactory

COMPLETE = {
    "releases": ["application", "data"],
    "deployment": ["network"],
    "copyleft": "permissive",
    "patents": "grant_needed",
    "licenses_used": "MIT apache-2.0",
    "licenses_needed": "Apache-2.0, CC-BY-4.0",
    "partner_constraints": "yes",
    "partner_constraints_detail": "Our donor asks for an open license.",
    "legal_review": "every",
    "comments": "Private remark of UNICEF.",
}


@pytest.fixture
def open_round(db: None) -> SurveyRound:
    today = timezone.localdate()
    return SurveyRound.objects.create(
        title="Survey 2026",
        questions_version=survey.CURRENT_VERSION,
        opens_on=today - timedelta(days=1),
        closes_on=today + timedelta(days=30),
    )


@pytest.fixture
def licensing_member(cast: Cast) -> User:
    role_grant(user=cast.frank, role=GrantedRole.LICENSING_GROUP, actor=None)
    return cast.frank


def answer_url(survey_round: SurveyRound, entity: Entity) -> str:
    return f"/licenses/survey/{survey_round.pk}/answer/{entity.slug}/"


def representative_of(entity: Entity) -> User:
    domain = entity.email_domains.get().domain  # staff of the entity
    user = UserFactory(email=f"rep.{entity.slug}@{domain}")
    role_grant(user=user, role=GrantedRole.ENTITY_REPRESENTATIVE, entity=entity, actor=None)
    return user


def submit_for(survey_round: SurveyRound, entity: Entity, **answers: object) -> None:
    survey_response_save(
        actor=representative_of(entity),
        survey_round=survey_round,
        entity=entity,
        answers={**COMPLETE, **answers},
        submit=True,
    )


def test_the_questionnaire_has_a_fieldset_with_a_legend_per_choice_question(
    cast: Cast, open_round: SurveyRound
) -> None:
    page = client_for(cast.erin).get(answer_url(open_round, cast.unicef)).content.decode()
    for question in survey.questions():
        if question.kind in (survey.Kind.ONE, survey.Kind.MANY):
            assert f"<legend>{question.label}</legend>" in page
    assert "<script" not in page.split("<main", 1)[1].split("</main>", 1)[0]


def test_a_representative_saves_a_draft_then_submits(cast: Cast, open_round: SurveyRound) -> None:
    client = client_for(cast.erin)
    url = answer_url(open_round, cast.unicef)
    response = client.post(url, {"copyleft": "weak", "draft": "1"})
    assert response.status_code == 302
    draft = SurveyResponse.objects.get(round=open_round, entity=cast.unicef)
    assert draft.answers == {"copyleft": "weak"}
    assert draft.submitted_at is None

    response = client.post(url, {**COMPLETE, "submit": "1"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.submitted_at is not None
    assert draft.submitted_by == cast.erin
    assert draft.answers["licenses_used"] == ["MIT", "Apache-2.0"]
    assert draft.answers["releases"] == ["application", "data"]


def test_submitting_with_a_required_question_unanswered_writes_nothing(
    cast: Cast, open_round: SurveyRound
) -> None:
    response = client_for(cast.erin).post(
        answer_url(open_round, cast.unicef), {**COMPLETE, "copyleft": "", "submit": "1"}
    )
    assert response.status_code == 400
    assert "Please answer this question." in response.content.decode()
    assert not SurveyResponse.objects.exists()


def test_unknown_license_ids_are_refused_with_their_names(
    cast: Cast, open_round: SurveyRound
) -> None:
    response = client_for(cast.erin).post(
        answer_url(open_round, cast.unicef),
        {**COMPLETE, "licenses_needed": "MIT Apache2 GPL-9.0", "submit": "1"},
    )
    assert response.status_code == 400
    assert "Not SPDX license identifiers: Apache2, GPL-9.0." in response.content.decode()
    assert not SurveyResponse.objects.exists()


def test_a_choice_that_is_not_offered_is_refused(cast: Cast, open_round: SurveyRound) -> None:
    checked = survey.check_answers({"copyleft": "proprietary"}, complete=False)
    assert checked.errors == {"copyleft": "Not a choice."}


def test_another_entitys_representative_is_refused(cast: Cast, open_round: SurveyRound) -> None:
    other = representative_of(cast.who)
    response = client_for(other).post(answer_url(open_round, cast.unicef), COMPLETE)
    assert response.status_code == 403
    assert not SurveyResponse.objects.exists()


def test_answers_are_refused_once_the_round_has_closed(cast: Cast, open_round: SurveyRound) -> None:
    SurveyRound.objects.filter(pk=open_round.pk).update(
        closes_on=timezone.localdate() - timedelta(days=1)
    )
    response = client_for(cast.erin).post(
        answer_url(open_round, cast.unicef), {**COMPLETE, "submit": "1"}
    )
    assert response.status_code == 400
    assert "not open for answers" in response.content.decode()
    assert not SurveyResponse.objects.exists()


def test_the_licensing_group_opens_a_round(licensing_member: User) -> None:
    today = timezone.localdate()
    client = client_for(licensing_member)
    refused = client.post(
        "/licenses/survey/new/",
        {"title": "Bad", "opens_on": today, "closes_on": today - timedelta(days=1)},
    )
    assert refused.status_code == 400
    assert not SurveyRound.objects.exists()
    response = client.post(
        "/licenses/survey/new/",
        {"title": "Survey 2027", "opens_on": today, "closes_on": today + timedelta(days=5)},
    )
    assert response.status_code == 302
    assert SurveyRound.objects.get().questions_version == survey.CURRENT_VERSION


def test_results_count_submitted_answers_and_name_who_has_not_answered(
    cast: Cast, open_round: SurveyRound, licensing_member: User
) -> None:
    submit_for(open_round, cast.unicef)
    submit_for(open_round, cast.who, copyleft="strong", licenses_needed="GPL-3.0-or-later MIT")
    undp = representative_of(cast.undp)
    survey_response_save(  # a draft is not an answer
        actor=undp, survey_round=open_round, entity=cast.undp, answers={}, submit=False
    )
    page = client_for(licensing_member).get(f"/licenses/survey/{open_round.pk}/results/")
    assert page.status_code == 200
    results = page.context["round_results"]
    assert [e.acronym for e in results.answered] == ["UNICEF", "WHO"]
    assert "UNDP" in [e.acronym for e in results.not_answered]
    copyleft = next(r for r in results.results.questions if r.question.id == "copyleft")
    counts = {c.value: (c.count, c.share) for c in copyleft.choices}
    assert counts["permissive"] == (1, 0.5)
    assert counts["strong"] == (1, 0.5)
    most_needed = results.results.licenses_most_needed()
    assert [c.value for c in most_needed] == ["Apache-2.0", "CC-BY-4.0", "GPL-3.0-or-later", "MIT"]
    assert "Private remark of UNICEF." in page.content.decode()


def test_licenses_most_needed_come_first(open_round: SurveyRound, cast: Cast) -> None:
    submit_for(open_round, cast.unicef, licenses_needed="MIT EUPL-1.2")
    submit_for(open_round, cast.who, licenses_needed="EUPL-1.2")
    submit_for(open_round, cast.undp, licenses_needed="Apache-2.0 EUPL-1.2 MIT")
    responses = SurveyResponse.objects.filter(round=open_round)
    results = survey.aggregate([r.answers for r in responses])
    assert [(c.value, c.count) for c in results.licenses_most_needed()] == [
        ("EUPL-1.2", 3),
        ("MIT", 2),
        ("Apache-2.0", 1),
    ]


def test_the_csv_export_has_one_row_per_answer(
    cast: Cast, open_round: SurveyRound, licensing_member: User
) -> None:
    submit_for(open_round, cast.unicef)
    response = client_for(licensing_member).get(f"/licenses/survey/{open_round.pk}/results.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["question", "answer", "entities", "share_percent"]
    assert ["copyleft", "permissive", "1", "100"] in rows
    assert ["licenses_needed", "CC-BY-4.0", "1", "100"] in rows
    assert not any("Private remark" in cell for row in rows for cell in row)


def test_the_public_summary_waits_for_three_entities_and_never_shows_free_text(
    cast: Cast, open_round: SurveyRound
) -> None:
    url = f"/licenses/survey/{open_round.pk}/summary/"
    submit_for(open_round, cast.unicef)
    submit_for(open_round, cast.who)
    page = client_for(None).get(url)
    assert page.context["results"] is None
    assert "Permissive" not in page.content.decode()

    submit_for(open_round, EntityFactory(acronym="FAO", slug="fao", domains=["fao.org"]))
    page = client_for(None).get(url).content.decode()
    assert "3 entities have answered." in page
    assert "Private remark of UNICEF." not in page
    assert "Our donor asks" not in page


def test_the_results_are_the_licensing_groups(cast: Cast, open_round: SurveyRound) -> None:
    for user in (cast.erin, cast.alice, cast.bob):
        response = client_for(user).get(f"/licenses/survey/{open_round.pk}/results/")
        assert response.status_code == 403
