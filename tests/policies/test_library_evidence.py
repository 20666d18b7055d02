"""An entity's published policy is suggested evidence for G2, G3 and P1 (and the items its
clauses cover) in its self-assessment; a representative adds it to an answer."""

from __future__ import annotations

import pytest
from django.urls import reverse

from osunited.assessments.models import Answer, Assessment
from osunited.assessments.services import answer_save
from osunited.policies.models import IssuerKind, Origin, Policy, PolicyClause
from osunited.policies.selectors.evidence import policy_suggestions
from tests.conftest import Cast, client_for

pytestmark = pytest.mark.django_db


def entity_policy(cast: Cast, entity=None, **fields) -> Policy:  # type: ignore[no-untyped-def]
    entity = entity or cast.unicef
    values = {
        "title": f"{entity.acronym} Open Source Policy",
        "issuer": entity.name,
        "issuer_kind": IssuerKind.UN_ENTITY,
        "entity": entity,
        "region": "global",
        "policy_type": "directive",
        "status": "approved",
        "year": 2024,
        "origin": Origin.PLATFORM,
    }
    return Policy.objects.create(**(values | fields))


def draft(cast: Cast) -> Assessment:
    return Assessment.objects.create(entity=cast.unicef, framework_id="cpf-rc1")


def test_an_entitys_policy_is_suggested_for_g2_g3_and_p1_only(cast: Cast) -> None:
    policy = entity_policy(cast)

    found = policy_suggestions(cast.unicef, ["G1", "G2", "G3", "P1.1", "P2.1", "C1"])

    assert sorted(found) == ["G2", "G3", "P1.1"]
    assert found["G2"][0].key == f"policy:{policy.public_id}"
    assert "UNICEF's policy “UNICEF Open Source Policy” (Approved, 2024)" in found["G2"][0].text


def test_a_clause_mapped_to_another_item_is_suggested_for_it(cast: Cast) -> None:
    policy = entity_policy(cast)
    PolicyClause.objects.create(policy=policy, text="Licences are approved.", items=["C1"])

    assert "C1" in policy_suggestions(cast.unicef, ["C1"])


def test_another_entitys_or_an_unpublished_policy_is_not_suggested(cast: Cast) -> None:
    entity_policy(cast, entity=cast.who)
    entity_policy(cast, title="Draft", published=False)

    assert policy_suggestions(cast.unicef, ["G2"]) == {}


def test_the_answers_page_shows_the_suggestion_and_the_representative_adds_it(
    cast: Cast,
) -> None:
    policy = entity_policy(cast)
    assessment = draft(cast)
    answer_save(assessment=assessment, item_id="G2", rating="partial", user=cast.erin)
    client = client_for(cast.erin)

    page = client.get(
        reverse("assessments:answers", kwargs={"pk": assessment.pk}) + "?pillar=governance"
    ).content.decode()
    assert "Suggested evidence for G2 from the policy library" in page
    url = reverse("policies:library_evidence_add", kwargs={"pk": assessment.pk, "item_id": "G2"})
    response = client.post(url, {"suggestion": f"policy:{policy.public_id}"})

    assert response.status_code == 302
    answer = Answer.objects.get(assessment=assessment, item_id="G2")
    assert "UNICEF Open Source Policy" in answer.evidence
    assert answer.links[-1].endswith(f"/policies/{policy.public_id}/")
    assert answer.rating == "partial"


def test_a_forged_suggestion_changes_nothing(cast: Cast) -> None:
    other = entity_policy(cast, entity=cast.who)
    assessment = draft(cast)
    answer_save(assessment=assessment, item_id="G2", rating="partial", user=cast.erin)
    url = reverse("policies:library_evidence_add", kwargs={"pk": assessment.pk, "item_id": "G2"})

    response = client_for(cast.erin).post(url, {"suggestion": f"policy:{other.public_id}"})

    assert response.status_code == 302
    assert Answer.objects.get(assessment=assessment, item_id="G2").evidence == ""


def test_another_entitys_representative_cannot_add_evidence(cast: Cast) -> None:
    policy = entity_policy(cast)
    assessment = draft(cast)
    url = reverse("policies:library_evidence_add", kwargs={"pk": assessment.pk, "item_id": "G2"})

    response = client_for(cast.carol).post(url, {"suggestion": f"policy:{policy.public_id}"})

    assert response.status_code == 403
    assert not Answer.objects.exists()


def test_an_unknown_item_or_a_submitted_assessment_changes_nothing(cast: Cast) -> None:
    policy = entity_policy(cast)
    assessment = draft(cast)
    answer_save(assessment=assessment, item_id="G2", rating="partial", user=cast.erin)
    key = {"suggestion": f"policy:{policy.public_id}"}
    unknown = f"/policies/assessments/{assessment.pk}/evidence/Z9/"
    url = reverse("policies:library_evidence_add", kwargs={"pk": assessment.pk, "item_id": "G2"})

    assert url == f"/policies/assessments/{assessment.pk}/evidence/G2/"
    assert client_for(cast.erin).post(unknown, key).status_code == 404
    Assessment.objects.filter(pk=assessment.pk).update(status="submitted")
    assert client_for(cast.erin).post(url, key).status_code == 403
    assert Answer.objects.get(assessment=assessment, item_id="G2").evidence == ""
