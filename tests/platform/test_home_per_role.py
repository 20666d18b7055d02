"""Each role finds its work on the home page (#21): one section per role held, the most waiting
first, and the platform's measured figures for everyone."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from osunited.accounts.models import GrantedRole, User
from osunited.accounts.services import role_grant
from osunited.assessments.services import answer_save, assessment_start
from osunited.catalog.models import Project, ProjectEvent, Scan, ScanStatus, ScanTrigger
from osunited.dashboard.models import MetricSnapshot
from osunited.governance.models import (
    Decision,
    MotionKind,
    Petition,
    Vote,
    VoteChoice,
)
from osunited.platform.caching import DASHBOARD, public_content_changed
from tests.conftest import Cast, client_for
from tests.factories import EntityFactory, FeedbackFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def _home(user: User | None) -> str:
    response = client_for(user).get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def _waiting(cast: Cast, name: str, days: int) -> Project:
    project = ProjectFactory(name=name, entity=cast.unicef, status="submitted")
    event = ProjectEvent.objects.create(
        project=project, action="submit", from_status="draft", to_status="submitted", comment="."
    )
    ProjectEvent.objects.filter(pk=event.pk).update(
        created_at=timezone.now() - timedelta(days=days, hours=1)
    )
    return project


def _motion(title: str = "Admit UNICEF") -> Decision:
    return Decision.objects.create(
        kind=MotionKind.OTHER,
        title=title,
        motion="That it be so.",
        quorum_percent=50,
        majority_percent=50,
    )


def test_each_role_finds_its_work_on_the_home_page_not_the_anonymous_one(cast: Cast) -> None:
    """Seen: "Each role lands on the same anonymous home page, and its work (review queue,
    feedback to moderate, assessments, petitions) is found only by knowing where to click." """
    project = ProjectFactory(
        entity=cast.unicef, status="changes_requested", focal_points=[cast.alice]
    )
    _waiting(cast, "Cold Chain", days=5)
    assessment_start(entity=cast.unicef, framework_id="cpf-rc1", user=cast.erin)
    Petition.objects.create(entity=cast.unicef, governance_structure="An OSPO.")
    motion = _motion()
    anonymous = _home(None)
    work = {
        cast.bob: [reverse("catalog:review_queue"), "waiting 5 days"],
        cast.alice: [
            reverse("catalog:detail", kwargs={"slug": project.slug}),
            reverse("catalog:mine"),
        ],
        cast.erin: ["Continue the assessment"],
        cast.grace: [reverse("governance:decisions_detail", kwargs={"pk": motion.pk}), "UNICEF"],
    }
    for user, expected in work.items():
        page = _home(user)
        assert page != anonymous
        for text in expected:
            assert text in page, (user, text)
            assert text not in anonymous


def test_a_reviewer_sees_the_queue_oldest_first_with_the_age_of_each(cast: Cast) -> None:
    _waiting(cast, "Recent Tool", days=1)
    _waiting(cast, "Old Tool", days=12)
    page = _home(cast.bob)
    assert page.index("Old Tool") < page.index("Recent Tool")
    assert "waiting 12 days" in page
    assert "waiting 1 day<" in page  # one day, in the singular
    assert "2 projects wait for a review" in page
    FeedbackFactory(project=ProjectFactory(entity=cast.unicef, status="published"))
    assert "1 piece of feedback waits for moderation" in _home(cast.bob)


def test_a_focal_point_sees_what_each_project_needs_the_most_pressing_first(cast: Cast) -> None:
    calm = ProjectFactory(
        name="Calm", entity=cast.unicef, status="submitted", focal_points=[cast.alice]
    )
    busy = ProjectFactory(
        name="Busy", entity=cast.unicef, status="changes_requested", focal_points=[cast.alice]
    )
    Scan.objects.create(project=busy, trigger=ScanTrigger.ON_DEMAND, status=ScanStatus.FAILED)
    FeedbackFactory(project=busy, published=True)
    page = _home(cast.alice)
    assert page.index("Busy") < page.index("Calm")
    assert "3 things need you" in page
    assert "The review committee asked for changes" in page
    assert reverse("catalog:scan_list", kwargs={"slug": busy.slug}) in page
    assert "1 piece of feedback waits for your answer" in page
    del calm


def test_a_focal_point_is_shown_known_vulnerabilities_and_sunset_notices(cast: Cast) -> None:
    project = ProjectFactory(
        entity=cast.unicef,
        status="sunset_notice",
        focal_points=[cast.alice],
        sunset_deadline=timezone.now() + timedelta(days=20),
        vulnerabilities={"vulnerabilities": {"critical": 1, "high": 2}},
    )
    scan = Scan.objects.create(
        project=project, trigger=ScanTrigger.ON_DEMAND, status=ScanStatus.SUCCEEDED
    )
    Project.objects.filter(pk=project.pk).update(latest_scan=scan)
    page = _home(cast.alice)
    assert "Sunset notice: confirm it is still maintained by" in page
    assert "Its dependencies have 3 known vulnerabilities" in page
    assert reverse("catalog:scan_detail", kwargs={"slug": project.slug, "pk": scan.pk}) in page


def test_a_representative_sees_the_latest_assessment_its_stage_and_gaps(cast: Cast) -> None:
    page = _home(cast.erin)
    assert "No assessment yet" in page
    assert reverse("assessments:start", kwargs={"slug": "unicef"}) in page
    draft = assessment_start(entity=cast.unicef, framework_id="cpf-rc1", user=cast.erin)
    page = _home(cast.erin)
    assert reverse("assessments:answers", kwargs={"pk": draft.pk}) in page
    assert "Stage reached if submitted now" in page
    assert "1 item is not met yet for Stage 1" in page
    assert "<strong>C1</strong>" in page
    answer_save(assessment=draft, item_id="C1", rating="full", user=cast.erin)
    assert "<strong>C1</strong>" not in _home(cast.erin)


def test_a_board_member_sees_open_votes_whether_they_voted_and_petitions(cast: Cast) -> None:
    voted, pending = _motion("Voted motion"), _motion("Pending motion")
    Vote.objects.create(decision=voted, entity=cast.who, voter=cast.grace, choice=VoteChoice.FOR)
    Petition.objects.create(entity=cast.unicef, governance_structure="An OSPO.")
    page = _home(cast.grace)
    assert "you voted" in page
    assert "you have not voted yet" in page
    assert reverse("governance:petitions_detail", kwargs={"pk": Petition.objects.get().pk}) in page
    assert "No meeting is scheduled" in page
    del pending


def test_the_section_with_the_most_waiting_comes_first(cast: Cast) -> None:
    role_grant(user=cast.alice, role=GrantedRole.REVIEWER, actor=None)
    ProjectFactory(name="Mine", entity=cast.unicef, status="published", focal_points=[cast.alice])
    _waiting(cast, "Theirs", days=3)
    page = _home(User.objects.get(pk=cast.alice.pk))
    assert page.index("Project Review Committee") < page.index("Your projects")


def test_the_visitor_sees_live_figures_and_none_that_was_not_measured(cast: Cast) -> None:
    ProjectFactory(entity=cast.unicef, status="published")
    ProjectFactory(entity=cast.unicef, status="draft")
    page = _home(None)
    assert "1 project in the catalog<" in page
    assert "4 UN entities<" in page
    assert "1 entity on the OSSIB<" in page
    assert "known vulnerabilit" not in page  # no snapshot: not measured, not 0
    MetricSnapshot.objects.create(
        day=date(2025, 3, 1),
        scope="all",
        taken_at=timezone.now(),
        values={"open_vulnerabilities": None, "coverage": {}},
    )
    assert "known vulnerabilit" not in _home(None)
    MetricSnapshot.objects.create(
        day=date(2025, 3, 2),
        scope="all",
        taken_at=timezone.now(),
        values={
            "open_vulnerabilities": {"critical": 1, "high": 4},
            "coverage": {"open_vulnerabilities": {"measured": 2}},
        },
    )
    public_content_changed(DASHBOARD)  # as the dashboard's snapshot service does
    page = _home(None)
    assert "5 known vulnerabilities open" in page
    assert "over the 2 projects whose scans measured them" in page


def test_the_home_page_costs_the_same_queries_however_much_work_waits(
    cast: Cast, django_assert_num_queries
) -> None:
    for role in (GrantedRole.REVIEWER, GrantedRole.ENTITY_REPRESENTATIVE):
        role_grant(
            user=cast.grace, role=role, entity=cast.unicef if "rep" in role else None, actor=None
        )
    grace = User.objects.get(pk=cast.grace.pk)

    def add_work(number: int) -> None:
        entity = EntityFactory(acronym=f"E{number}", slug=f"e{number}")
        _waiting(cast, f"Queued {number}", days=number)
        mine = ProjectFactory(
            name=f"Mine {number}", entity=entity, status="draft", focal_points=[grace]
        )
        FeedbackFactory(project=mine, published=True)
        Petition.objects.create(entity=entity, governance_structure="An OSPO.")
        _motion(f"Motion {number}")

    add_work(1)
    client = client_for(grace)
    client.get(reverse("home"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("home"))
    for number in range(2, 8):
        add_work(number)
    with django_assert_num_queries(len(few.captured_queries)):
        page = client.get(reverse("home")).content.decode()
    assert "Queued 7" in page
    assert "Mine 7" in page
    assert "Motion 7" in page


def test_the_capacity_team_sees_drafts_to_publish_and_the_coming_events(cast: Cast) -> None:
    from tests.learning.events_helpers import an_event

    role_grant(user=cast.frank, role=GrantedRole.CAPACITY_TEAM, actor=None)
    an_event(slug="draft-day", title="Draft day", published=False)
    coming = an_event()
    page = _home(User.objects.get(pk=cast.frank.pk))
    assert "1 draft to publish" in page
    assert reverse("learning:events_edit", kwargs={"slug": "draft-day"}) in page
    assert reverse("learning:attendance_list", kwargs={"slug": coming.slug}) in page


def test_a_learning_focal_point_sees_the_registrations_waiting_for_the_entity(cast: Cast) -> None:
    import time_machine

    from osunited.learning.services.events import registration_register
    from tests.learning.events_helpers import BEFORE, an_event

    with time_machine.travel(BEFORE, tick=False):
        registration_register(actor=cast.alice, event=an_event(needs_confirmation=True))
    page = _home(cast.erin)
    assert "Registrations waiting for your entity" in page
    assert reverse("learning:events_entity_registrations", kwargs={"entity_slug": "unicef"}) in page
