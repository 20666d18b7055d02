"""From gaps to learning: every guideline not met at the next stage gets a recommended module or
event on the assessment's result page, with the reason in words from real figures."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from osunited.assessments.selectors import assessment_report
from osunited.learning.selectors.recommendations import recommendations_for
from tests.conftest import Cast, client_for
from tests.learning.capacity_helpers import (
    CB2_COMPETENCY,
    a_module,
    an_assessment,
    an_assessment_towards,
    an_event,
    completed,
    empty_catalogue,
    now,
    people_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def own_catalogue(db: None) -> None:
    empty_catalogue()


def recommendations(assessment):  # type: ignore[no-untyped-def]
    report = assessment_report(assessment)
    return recommendations_for(assessment.entity, report.result, report.framework)


def test_cb2_required_at_stage_3_recommends_the_module_with_who_completed_it(cast: Cast) -> None:
    planning = a_module("capacity-planning", competencies=[CB2_COMPETENCY], level="intermediate")
    people = people_of("unicef.org", 2)  # with alice and erin: four people of UNICEF
    completed(people[0], planning, on=date(2026, 10, 3))
    assessment = an_assessment(cast.unicef, unmet=("CB2",))

    [found] = recommendations(assessment)

    assert found.item.id == "CB2"
    assert [link.url for link in found.offers] == ["/learning/modules/capacity-planning/"]
    assert found.reason.startswith(
        "CB2 is required at Stage 3; 1 of your 4 people on the platform has completed a course "
        "or event covering Capacity Building, Strategy, Requirements and Specifications, "
        "Procurement and Legal."
    )


def test_the_result_page_shows_the_recommendation_with_its_link(cast: Cast) -> None:
    a_module("capacity-planning", competencies=[CB2_COMPETENCY], level="intermediate")
    assessment = an_assessment(cast.unicef, unmet=("CB2",))

    page = client_for(cast.erin).get(f"/assessments/{assessment.pk}/").content.decode()

    assert "What to learn towards Stage 3" in page
    assert 'href="/learning/modules/capacity-planning/"' in page
    assert "0 of your 2 people on the platform have completed" in page
    summary = client_for(cast.erin).get(f"/assessments/{assessment.pk}/summary/")
    assert 'href="/learning/modules/capacity-planning/"' in summary.content.decode()


def test_an_upcoming_event_is_recommended_and_a_past_or_unpublished_one_is_not(
    cast: Cast,
) -> None:
    topic = {"competencies": [CB2_COMPETENCY]}
    planning = a_module("planning-draft", published=False, **topic)
    an_event("planning-webinar", starts=now() + timedelta(days=9), modules=(planning,))
    an_event("planning-last-year", starts=now() - timedelta(days=300), modules=(planning,))
    an_event(
        "planning-unpublished",
        starts=now() + timedelta(days=3),
        modules=(planning,),
        published=False,
    )
    assessment = an_assessment(cast.unicef, unmet=("CB2",))

    [found] = recommendations(assessment)

    assert [(o.offer.kind, o.offer.key) for o in found.offers] == [("event", "planning-webinar")]
    assert found.offers[0].url == "/learning/events/planning-webinar/"


def test_a_past_event_completed_counts_the_people_it_trained(cast: Cast) -> None:
    planning = a_module("planning", competencies=[CB2_COMPETENCY])
    past = an_event("planning-last-year", starts=now() - timedelta(days=300), modules=(planning,))
    completed(cast.alice, past, on=date(2025, 1, 10))

    [found] = recommendations(an_assessment(cast.unicef, unmet=("CB2",)))

    assert (found.recommendation.trained, found.recommendation.people) == (1, 2)


def test_a_guideline_without_alignment_still_gets_the_suggested_action(cast: Cast) -> None:
    assessment = an_assessment(cast.unicef, unmet=("C1",))  # licensing: no OSEE alignment

    [found] = recommendations(assessment)

    assert found.item.id == "C1"
    assert found.offers == []
    assert "no OSEE module is aligned with it, so there is no course for it yet" in found.reason
    page = client_for(cast.erin).get(f"/assessments/{assessment.pk}/").content.decode()
    assert "Suggested action:" in page


def test_an_aligned_guideline_without_course_links_the_osee_module_pages(cast: Cast) -> None:
    [found] = recommendations(an_assessment(cast.unicef, unmet=("CB2",)))

    assert found.offers == []
    assert "There is no course or upcoming event for it in the catalogue yet" in found.reason
    assert ("Procurement and Legal", "/learning/osee/procurement-and-legal/") in found.osee_pages


def test_an_entity_without_people_on_the_platform_is_not_measured(cast: Cast) -> None:
    a_module("capacity-planning", competencies=[CB2_COMPETENCY])

    [found] = recommendations(an_assessment(cast.undp, unmet=("CB2",)))

    # bob and frank are UNDP's; an entity without accounts says so rather than "0 of 0"
    assert "2 people on the platform" in found.reason
    [nobody] = recommendations(an_assessment(cast.who, unmet=("CB2",)))
    assert nobody.recommendation.people == 1  # grace
    cast.grace.is_active = False
    cast.grace.save(update_fields=["is_active"])
    [nobody] = recommendations(an_assessment(cast.who, unmet=("CB2",)))
    assert "no one from WHO has an account on the platform yet" in nobody.reason
    assert "is not measured" in nobody.reason


def test_every_guideline_not_met_gets_one_and_core_statements_are_left_out(cast: Cast) -> None:
    assessment = an_assessment_towards(cast.unicef, 2)
    report = assessment_report(assessment)
    expected = [step.item for step in report.result.next_steps if step.pillar != "core_policy"]

    found = recommendations(assessment)

    assert report.result.target_stage == 2
    assert [r.item.id for r in found] == expected
    assert len(expected) > 5


def test_the_queries_do_not_grow_with_the_number_of_gaps(cast: Cast) -> None:
    for n in range(4):
        planning = a_module(f"planning-{n}", competencies=[CB2_COMPETENCY])
        an_event(f"webinar-{n}", starts=now() + timedelta(days=n + 1), modules=(planning,))
        completed(cast.alice, planning, on=date(2026, 1, n + 1))
    one_gap = an_assessment(cast.unicef, unmet=("CB2",))
    many_gaps = an_assessment_towards(cast.unicef, 2)
    reports = [assessment_report(a) for a in (one_gap, many_gaps)]

    counts = []
    for report in reports:
        with CaptureQueriesContext(connection) as queries:
            found = recommendations_for(cast.unicef, report.result, report.framework)
        counts.append((len(queries), len(found)))

    assert counts[0][0] == counts[1][0] == 5
    assert counts[1][1] > counts[0][1] == 1
