"""Consultations of experts (CPF 4.1.3, G10): conflicts of interest checked before sending, the
expert's answer, and the Project Review Committee's opinions on a review."""

from __future__ import annotations

import html
from typing import Any

import pytest
from django.core import mail

from osunited.audit.models import AuditEvent
from osunited.catalog.models import Project
from osunited.governance.models import ConsultationKind, ConsultationRequest, ConsultationStatus
from tests.conftest import Cast, client_for
from tests.factories import ProjectFactory, UserFactory
from tests.governance.experts_helpers import a_vetted_expert, an_applicant

pytestmark = pytest.mark.django_db


def a_project(cast: Cast, **facts: Any) -> Project:
    defaults: dict[str, Any] = {
        "name": "Inventory",
        "slug": "inventory",
        "entity": cast.unicef,
        "status": "published",
        "repositories": ["https://github.com/unicef-apps/inventory"],
    }
    return ProjectFactory(**{**defaults, **facts})


def consult(client: Any, expert_pk: int, **data: Any) -> Any:
    form = {"subject": "Our OSPO", "message": "How do we start?", **data}
    return client.post(f"/ossib/experts/{expert_pk}/consult/", form)


def test_a_request_without_conflict_is_sent_to_the_expert(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    expert = a_vetted_expert(cast.carol, cast.grace)
    with django_capture_on_commit_callbacks(execute=True):
        response = consult(client_for(cast.frank), expert.pk, entity=cast.undp.pk)

    consultation = ConsultationRequest.objects.get()
    assert response.status_code == 302
    assert (consultation.requested_by, consultation.entity) == (cast.frank, cast.undp)
    assert consultation.conflicts == []
    assert mail.outbox[-1].to == [cast.carol.email]
    assert "Our OSPO" in client_for(cast.carol).get("/ossib/consultations/").content.decode()


def test_conflicts_are_shown_and_nothing_is_sent_until_the_requester_confirms(
    cast: Cast,
) -> None:
    expert = a_vetted_expert(cast.carol, cast.grace, organisations="Acme\nunicef-apps")
    project = a_project(cast)
    client = client_for(cast.alice)  # UNICEF staff: UNICEF's projects are theirs to name

    response = consult(client, expert.pk, project=project.pk)

    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    assert "Read the conflicts of interest below before sending the request." in page
    assert (
        "The expert's declaration of interests names “unicef-apps”: that is unicef-apps, "
        "the owner of the project's repository."
    ) in page
    assert "I have read the conflicts of interest above" in page
    assert not ConsultationRequest.objects.exists()

    response = consult(client, expert.pk, project=project.pk, conflicts_read="on")
    assert response.status_code == 302
    consultation = ConsultationRequest.objects.get()
    assert consultation.conflicts == [
        {
            "rule": "declared_repository_owner",
            "organisation": "unicef-apps",
            "declared": "unicef-apps",
        }
    ]
    detail = html.unescape(client.get(f"/ossib/consultations/{consultation.pk}/").content.decode())
    assert "the owner of the project's repository" in detail


def test_an_expert_who_is_staff_of_the_requesting_entity_has_a_conflict(cast: Cast) -> None:
    expert = a_vetted_expert(cast.frank, cast.grace)  # frank is UNDP staff
    response = consult(client_for(cast.alice), expert.pk, entity=cast.undp.pk)
    assert response.status_code == 400
    assert "The expert is UN staff of UNDP" in response.content.decode()
    assert not ConsultationRequest.objects.exists()


def test_the_expert_accepts_and_answers_and_the_requester_reads_the_answer(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    expert = a_vetted_expert(cast.carol, cast.grace)
    consult(client_for(cast.frank), expert.pk)
    consultation = ConsultationRequest.objects.get()
    the_expert = client_for(cast.carol)

    the_expert.post(f"/ossib/consultations/{consultation.pk}/accept/")
    with django_capture_on_commit_callbacks(execute=True):
        the_expert.post(
            f"/ossib/consultations/{consultation.pk}/answer/",
            {"response": "Start with an inventory."},
        )

    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.ANSWERED
    assert consultation.answered_at is not None
    assert mail.outbox[-1].to == [cast.frank.email]
    page = client_for(cast.frank).get(f"/ossib/consultations/{consultation.pk}/").content.decode()
    assert "Start with an inventory." in page
    actions = AuditEvent.objects.filter(action__startswith="governance.consultation_")
    assert list(actions.order_by("pk").values_list("action", flat=True)) == [
        "governance.consultation_requested",
        "governance.consultation_accepted",
        "governance.consultation_answered",
    ]


def test_an_empty_answer_is_refused_and_changes_nothing(cast: Cast) -> None:
    expert = a_vetted_expert(cast.carol, cast.grace)
    consult(client_for(cast.frank), expert.pk)
    consultation = ConsultationRequest.objects.get()
    response = client_for(cast.carol).post(
        f"/ossib/consultations/{consultation.pk}/answer/", {"response": " "}
    )
    assert response.status_code == 400
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.SENT


def test_only_the_expert_answers_and_only_the_requester_withdraws(cast: Cast) -> None:
    expert = a_vetted_expert(cast.carol, cast.grace)
    consult(client_for(cast.frank), expert.pk)
    consultation = ConsultationRequest.objects.get()
    requester = client_for(cast.frank)

    response = requester.post(
        f"/ossib/consultations/{consultation.pk}/answer/", {"response": "Me!"}, follow=True
    )
    assert "Only the expert or the requester" in response.content.decode()
    client_for(cast.carol).post(f"/ossib/consultations/{consultation.pk}/withdraw/")
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.SENT

    requester.post(f"/ossib/consultations/{consultation.pk}/withdraw/")
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.WITHDRAWN


def test_someone_else_cannot_see_or_change_a_consultation(cast: Cast) -> None:
    expert = a_vetted_expert(cast.carol, cast.grace)
    consult(client_for(cast.frank), expert.pk)
    consultation = ConsultationRequest.objects.get()
    other = client_for(cast.alice)
    assert other.get(f"/ossib/consultations/{consultation.pk}/").status_code == 404
    assert other.post(f"/ossib/consultations/{consultation.pk}/decline/").status_code == 404
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.SENT


def test_an_expert_not_on_the_roster_cannot_be_consulted(cast: Cast) -> None:
    expert = an_applicant(cast.carol)
    assert consult(client_for(cast.frank), expert.pk).status_code == 404
    assert not ConsultationRequest.objects.exists()


def test_nobody_consults_themselves_or_names_an_unknown_project(cast: Cast) -> None:
    expert = a_vetted_expert(cast.frank, cast.grace)
    own = consult(client_for(cast.frank), expert.pk)
    assert own.status_code == 400
    assert "You cannot consult yourself." in own.content.decode()
    other = a_vetted_expert(UserFactory(), cast.grace)
    unknown = consult(client_for(cast.frank), other.pk, project=99999)
    assert unknown.status_code == 400
    assert not ConsultationRequest.objects.exists()


def test_only_ones_own_entitys_or_focal_point_projects_are_named(cast: Cast) -> None:
    expert = a_vetted_expert(cast.carol, cast.grace)
    unicefs = a_project(cast)
    hidden = a_project(cast, name="Hidden", slug="hidden", status="draft", repositories=[])
    undps = a_project(cast, name="Atlas", slug="atlas", entity=cast.undp, repositories=[])
    client = client_for(cast.frank)  # UNDP staff
    assert "Atlas" in client.get(f"/ossib/experts/{expert.pk}/consult/").content.decode()
    for project in (unicefs, hidden):
        response = consult(client, expert.pk, project=project.pk)
        assert response.status_code == 400
    assert not ConsultationRequest.objects.exists()
    assert consult(client, expert.pk, project=undps.pk).status_code == 302


# -- the Project Review Committee's opinions ----------------------------------------------------


def review_page(cast: Cast, project: Project) -> str:
    return client_for(cast.bob).get(f"/catalog/{project.slug}/review/").content.decode()


def in_review(cast: Cast, **facts: Any) -> Project:
    return a_project(cast, status="submitted", **facts)


def test_a_committee_member_asks_an_expert_and_reads_the_opinion_on_the_review_page(
    cast: Cast,
) -> None:
    project = in_review(cast)
    expert = a_vetted_expert(cast.carol, cast.grace)
    assert "Ask an expert for an opinion" in review_page(cast, project)

    response = client_for(cast.bob).post(
        f"/ossib/opinions/{project.slug}/",
        {"expert": expert.pk, "subject": "Licensing", "message": "Is the licence right?"},
    )

    assert response.status_code == 302
    consultation = ConsultationRequest.objects.get()
    assert (consultation.kind, consultation.project) == (ConsultationKind.REVIEW_OPINION, project)
    client_for(cast.carol).post(
        f"/ossib/consultations/{consultation.pk}/answer/", {"response": "Apache-2.0 fits."}
    )
    assert "Apache-2.0 fits." in review_page(cast, project)


def test_an_expert_with_a_conflict_cannot_be_asked_for_an_opinion(cast: Cast) -> None:
    project = in_review(cast)
    expert = a_vetted_expert(cast.alice, cast.grace)  # alice is UNICEF staff
    page = review_page(cast, project)
    assert "Experts who cannot be asked" in page
    assert "The expert is UN staff of UNICEF, the entity that leads the project." in page

    response = client_for(cast.bob).post(
        f"/ossib/opinions/{project.slug}/",
        {"expert": expert.pk, "subject": "Licensing", "message": "Is the licence right?"},
        follow=True,
    )
    assert "Nothing was sent." in response.content.decode()
    assert not ConsultationRequest.objects.exists()


def test_the_opinions_panel_is_for_committee_members_only(cast: Cast) -> None:
    project = in_review(cast)
    a_vetted_expert(cast.carol, cast.grace)
    response = client_for(cast.frank).post(
        f"/ossib/opinions/{project.slug}/", {"subject": "x", "message": "y"}
    )
    assert response.status_code == 403
    assert client_for(cast.bob).post("/ossib/opinions/no-such-project/").status_code == 404
    assert not ConsultationRequest.objects.exists()


def test_an_expert_is_not_asked_twice_about_the_same_review(cast: Cast) -> None:
    project = in_review(cast)
    expert = a_vetted_expert(cast.carol, cast.grace)
    ask = {"expert": expert.pk, "subject": "Licensing", "message": "Is the licence right?"}
    client_for(cast.bob).post(f"/ossib/opinions/{project.slug}/", ask)
    response = client_for(cast.bob).post(f"/ossib/opinions/{project.slug}/", ask, follow=True)
    assert "already asked about this project" in response.content.decode()
    assert ConsultationRequest.objects.count() == 1
