"""From learning to evidence: what an entity's people completed, attended, led and organised is
suggested next to CB1-CB4 and the aligned guidelines on the answer page; it reaches the answer
only when a representative adds it."""

from datetime import date, timedelta

import pytest

from osunited.assessments.models import Answer
from osunited.assessments.services import answer_save, assessment_submit
from osunited.audit.models import AuditEvent
from osunited.learning.models import Mentorship, Trainer
from osunited.learning.selectors.evidence import evidence_suggestions
from tests.conftest import Cast, client_for
from tests.learning.capacity_helpers import (
    CB2_COMPETENCY,
    a_module,
    an_event,
    attended,
    completed,
    empty_catalogue,
    now,
    people_of,
)

pytestmark = pytest.mark.django_db
GAP_4 = "Mind the Open Source Gap #4"


@pytest.fixture(autouse=True)
def own_catalogue(db: None) -> None:
    empty_catalogue()


def gap_session(cast: Cast, people: int = 12):  # type: ignore[no-untyped-def]
    """Mind the Open Source Gap #4, completed by `people` people of UNICEF on 2026-10-03."""
    event = an_event(
        "mind-the-gap-4", starts=now() - timedelta(days=60), title=GAP_4, kind="mind_the_gap"
    )
    for person in people_of("unicef.org", people):
        completed(person, event, on=date(2026, 10, 3))
    return event


def draft(cast: Cast, *rated: str):  # type: ignore[no-untyped-def]
    from osunited.assessments.models import Assessment

    assessment = Assessment.objects.create(entity=cast.unicef, framework_id="cpf-rc1")
    for item_id in rated:
        answer_save(
            assessment=assessment,
            item_id=item_id,
            rating="partial",
            user=cast.erin,
            evidence="Our plan.",
        )
    return assessment


def answers_page(cast: Cast, assessment, pillar: str = "capacity_building") -> str:  # type: ignore[no-untyped-def]
    response = client_for(cast.erin).get(f"/assessments/{assessment.pk}/answers/?pillar={pillar}")
    assert response.status_code == 200
    return response.content.decode()


def test_completions_are_suggested_for_cb1_with_provenance_and_certificates(cast: Cast) -> None:
    gap_session(cast)
    assessment = draft(cast, "CB1")

    page = answers_page(cast, assessment)

    assert "Suggested evidence for CB1" in page
    assert "12 people of UNICEF completed “Mind the Open Source Gap #4” on 2026-10-03; " in page
    assert "certificates: 12 (5 linked)." in page
    assert page.count("http://127.0.0.1:8000/learning/credentials/") >= 5
    answer = Answer.objects.get(assessment=assessment, item_id="CB1")
    assert (answer.evidence, answer.links) == ("Our plan.", [])  # suggested, never written


def test_adding_appends_the_text_and_links_through_the_answer_service_audited(
    cast: Cast,
) -> None:
    gap_session(cast)
    assessment = draft(cast, "CB1")
    [suggestion] = evidence_suggestions(cast.unicef, ["CB1"])["CB1"]

    response = client_for(cast.erin).post(
        f"/learning/assessments/{assessment.pk}/evidence/CB1/", {"suggestion": suggestion.key}
    )

    assert response.status_code == 302
    assert response["Location"].endswith("?pillar=capacity_building#item-CB1")
    answer = Answer.objects.get(assessment=assessment, item_id="CB1")
    assert answer.evidence.startswith("Our plan.\n\n12 people of UNICEF completed")
    assert answer.links == list(suggestion.links)
    assert answer.links[0] == "http://127.0.0.1:8000/learning/events/mind-the-gap-4/"
    assert (answer.rating, answer.updated_by) == ("partial", cast.erin)
    event = AuditEvent.objects.get(action="assessment.learning_evidence_added")
    assert event.changes == {"item": "CB1", "suggestion": suggestion.key, "links": 6}


def test_adding_twice_or_a_stale_suggestion_or_before_a_rating_changes_nothing(
    cast: Cast,
) -> None:
    gap_session(cast)
    assessment = draft(cast, "CB1")
    key = evidence_suggestions(cast.unicef, ["CB1"])["CB1"][0].key
    client = client_for(cast.erin)
    url = f"/learning/assessments/{assessment.pk}/evidence/"
    client.post(url + "CB1/", {"suggestion": key})
    before = Answer.objects.get(assessment=assessment, item_id="CB1").evidence

    again = client.post(url + "CB1/", {"suggestion": key}, follow=True)
    stale = client.post(url + "CB1/", {"suggestion": "completed:event:gone"}, follow=True)
    unrated = client.post(url + "CB3/", {"suggestion": key}, follow=True)

    assert "This is already in the evidence of CB1." in again.content.decode()
    assert "This suggestion no longer applies to CB1" in stale.content.decode()
    assert "Save a rating for CB3 before adding evidence." in unrated.content.decode()
    assert Answer.objects.get(assessment=assessment, item_id="CB1").evidence == before
    assert not Answer.objects.filter(assessment=assessment, item_id="CB3").exists()
    assert AuditEvent.objects.filter(action="assessment.learning_evidence_added").count() == 1


def test_only_the_entitys_representatives_add_and_only_to_a_draft(cast: Cast) -> None:
    gap_session(cast)
    assessment = draft(cast, "CB1")
    key = evidence_suggestions(cast.unicef, ["CB1"])["CB1"][0].key
    url = f"/learning/assessments/{assessment.pk}/evidence/CB1/"

    assert client_for(cast.alice).post(url, {"suggestion": key}).status_code == 403
    assert client_for(cast.erin).get(url).status_code == 405
    assessment_submit(assessment=assessment, user=cast.erin)
    assert client_for(cast.erin).post(url, {"suggestion": key}).status_code == 403
    assert Answer.objects.get(assessment=assessment, item_id="CB1").evidence == "Our plan."


def test_learning_is_suggested_for_the_guidelines_aligned_to_what_it_covered(cast: Cast) -> None:
    planning = a_module(
        "capacity-planning",
        competencies=[CB2_COMPETENCY],
        osee_module="community-management",
        level="advanced",
    )
    completed(cast.alice, planning, on=date(2026, 5, 2))
    webinar = an_event("planning-webinar", starts=now() - timedelta(days=3), modules=(planning,))
    attended(cast.erin, webinar)

    found = evidence_suggestions(cast.unicef, ["CB1", "CB2", "G7", "G9", "C1"])

    # CB2 by the competency, G9 by the module; advanced is not foundational (CB1); G7 is aligned
    # to neither; C1 has no alignment.
    assert set(found) == {"CB2", "G9"}
    texts = [s.text for s in found["CB2"]]
    assert texts == [
        "1 person of UNICEF completed “Capacity Planning” on 2026-05-02; certificates: 1 "
        "(1 linked).",
        f"1 person of UNICEF attended sessions of “Planning Webinar” on "
        f"{(now() - timedelta(days=3)).date().isoformat()} without completing it (platform "
        "attendance records).",
    ]


def test_trainers_mentorships_and_organised_events_speak_for_cb2_cb3_cb4(cast: Cast) -> None:
    Trainer.objects.create(user=cast.alice, entity=cast.unicef, qualified_on=date(2026, 3, 1))
    Mentorship.objects.create(
        mentor=cast.frank,
        mentee=cast.erin,
        mentee_entity=cast.unicef,
        topic="Licensing",
        message="Help.",
        status="active",
    )
    hackathon = an_event(
        "oss4sdg",
        starts=now() - timedelta(days=20),
        kind="oss4sdg_hackathon",
        organiser_entity=cast.unicef,
    )
    attended(cast.frank, hackathon)
    attended(cast.grace, hackathon)

    found = evidence_suggestions(cast.unicef, ["CB2", "CB3", "CB4"])

    assert [s.text for s in found["CB2"]] == [
        "1 person of UNICEF is an active trainer (Train the Trainer)."
    ]
    assert [s.text for s in found["CB3"]] == [
        "1 mentorship pair with people of UNICEF is active or completed (1 active)."
    ]
    [organised] = found["CB4"]
    assert organised.text.startswith("UNICEF organised or led “Oss4Sdg” on ")
    assert organised.text.endswith(
        ": 2 people attended, from 2 entities (platform attendance records)."
    )


def test_a_submitted_assessment_shows_no_suggestion(cast: Cast) -> None:
    gap_session(cast)
    assessment = draft(cast, "CB1")
    assessment_submit(assessment=assessment, user=cast.erin)

    page = client_for(cast.erin).get(f"/assessments/{assessment.pk}/").content.decode()

    assert "Suggested evidence" not in page
