"""Office hours with licensing experts (CPF 4.2.2): sessions, questions a project's focal point
asks from a license finding or the project page, the licensing group's queue, the answer kept
with the project and told to the asker."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from osunited.accounts.models import GrantedRole, User
from osunited.accounts.services import role_grant
from osunited.catalog.models import Project, Scan, ScanFinding
from osunited.licensing.models import LicensingQuestion, OfficeHoursSession, QuestionStatus
from osunited.licensing.services.office_hours import (
    office_hours_session_create,
    question_answer,
    question_ask,
)
from tests.conftest import Cast, client_for
from tests.factories import ProjectFactory, scans_succeeded


@pytest.fixture
def member(cast: Cast) -> User:
    role_grant(user=cast.frank, role=GrantedRole.LICENSING_GROUP, actor=None)
    return cast.frank


@pytest.fixture
def project(cast: Cast) -> Project:
    return ProjectFactory(
        name="Water points", entity=cast.unicef, status="published", focal_points=[cast.alice]
    )


@pytest.fixture
def scan(project: Project) -> Scan:
    return scans_succeeded(project)[0]


def finding(scan: Scan, check_id: str = "license.policy", **fields: object) -> ScanFinding:
    values = {
        "rule_id": "license.policy.not-recommended",
        "pillar": "licensing",
        "severity": "warning",
        "message": "GPL-2.0-only is not in the recommended set",
        "path": "LICENSE",
        "line": 3,
        "fingerprint": f"{check_id}-{ScanFinding.objects.count()}",
        **fields,
    }
    return ScanFinding.objects.create(scan=scan, check_id=check_id, **values)


def session(member: User, *, capacity: int = 2, days: int = 3) -> OfficeHoursSession:
    starts_at = timezone.now() + timedelta(days=days)
    return office_hours_session_create(
        actor=member,
        title="Licensing clinic",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=1),
        experts="Ana (UNICEF legal)",
        joining_url="https://meet.example.org/clinic",
        capacity=capacity,
    )


def ask(user: User, project: Project, text: str = "May we ship this?") -> LicensingQuestion:
    return question_ask(actor=user, project=project, question=text)


def test_a_focal_point_asks_from_a_license_finding(
    cast: Cast, project: Project, scan: Scan
) -> None:
    license_finding = finding(scan)
    client = client_for(cast.alice)
    url = f"/licenses/office-hours/ask/{project.slug}/?finding={license_finding.pk}"
    page = client.get(url)
    assert page.status_code == 200
    assert "GPL-2.0-only is not in the recommended set" in page.content.decode()

    response = client.post(
        f"/licenses/office-hours/ask/{project.slug}/",
        {"question": "Can we keep this dependency?", "finding": license_finding.pk},
    )
    assert response.status_code == 302
    question = LicensingQuestion.objects.get()
    assert question.scan == scan
    assert question.finding_check == "license.policy"
    assert question.finding_rule == "license.policy.not-recommended"
    assert question.finding_title == "GPL-2.0-only is not in the recommended set"
    assert question.finding_location == "LICENSE:3"
    assert question.asked_by == cast.alice
    assert question.status == QuestionStatus.OPEN


def test_a_focal_point_asks_from_the_project_page(cast: Cast, project: Project) -> None:
    page = client_for(cast.alice).get(f"/catalog/{project.slug}/").content.decode()
    assert f'href="/licenses/office-hours/ask/{project.slug}/"' in page
    client_for(cast.alice).post(
        f"/licenses/office-hours/ask/{project.slug}/", {"question": "Which license for data?"}
    )
    question = LicensingQuestion.objects.get()
    assert question.scan is None
    assert question.finding_check == ""


def test_only_the_projects_focal_points_may_ask(cast: Cast, project: Project) -> None:
    ProjectFactory(name="Other", entity=cast.unicef, focal_points=[cast.frank])
    for user in (cast.frank, cast.bob, cast.heidi):
        response = client_for(user).post(
            f"/licenses/office-hours/ask/{project.slug}/", {"question": "Let me in?"}
        )
        assert response.status_code == 403, user
    assert not LicensingQuestion.objects.exists()


def test_a_finding_that_is_not_about_licenses_or_not_the_projects_is_refused(
    cast: Cast, project: Project, scan: Scan
) -> None:
    secret = finding(scan, check_id="secrets.leaked")
    other_scan = scans_succeeded(ProjectFactory(name="Other", entity=cast.unicef))[0]
    foreign = finding(other_scan)
    client = client_for(cast.alice)
    for finding_id in (secret.pk, foreign.pk, "x1"):
        response = client.post(
            f"/licenses/office-hours/ask/{project.slug}/",
            {"question": "Why?", "finding": finding_id},
        )
        assert response.status_code == 404
    assert not LicensingQuestion.objects.exists()


def test_dependency_license_findings_may_be_asked_about(
    cast: Cast, project: Project, scan: Scan
) -> None:
    deps = finding(scan, check_id="deps.licenses", path="package-lock.json", line=None)
    client_for(cast.alice).post(
        f"/licenses/office-hours/ask/{project.slug}/", {"question": "OK?", "finding": deps.pk}
    )
    assert LicensingQuestion.objects.get().finding_location == "package-lock.json"


def test_an_empty_question_writes_nothing(cast: Cast, project: Project) -> None:
    response = client_for(cast.alice).post(
        f"/licenses/office-hours/ask/{project.slug}/", {"question": "  "}
    )
    assert response.status_code == 400
    assert not LicensingQuestion.objects.exists()


def test_the_scan_page_links_license_findings_to_the_experts_for_focal_points(
    cast: Cast, project: Project, scan: Scan
) -> None:
    license_finding = finding(scan)
    finding(scan, check_id="secrets.leaked", message="A token", fingerprint="s")
    link = f"/licenses/office-hours/ask/{project.slug}/?finding={license_finding.pk}"
    url = f"/catalog/{project.slug}/scans/{scan.pk}/"
    page = client_for(cast.alice).get(url).content.decode()
    assert page.count("Ask the licensing experts") == 1
    assert link in page
    assert "Ask the licensing experts" not in client_for(cast.bob).get(url).content.decode()
    assert "Ask the licensing experts" not in client_for(None).get(url).content.decode()


def test_the_licensing_group_schedules_a_session(member: User) -> None:
    client = client_for(member)
    refused = client.post(
        "/licenses/office-hours/sessions/new/",
        {
            "title": "Clinic",
            "starts_at": "2031-03-02T10:00",
            "ends_at": "2031-03-02T09:00",
            "experts": "Ana",
            "joining_url": "http://meet.example.org/x",
            "capacity": 5,
        },
    )
    assert refused.status_code == 400
    assert not OfficeHoursSession.objects.exists()
    response = client.post(
        "/licenses/office-hours/sessions/new/",
        {
            "title": "Clinic",
            "starts_at": "2031-03-02T10:00",
            "ends_at": "2031-03-02T11:00",
            "experts": "Ana",
            "joining_url": "https://meet.example.org/x",
            "capacity": 5,
        },
    )
    assert response.status_code == 302
    created = OfficeHoursSession.objects.get()
    assert created.starts_at.tzinfo is not None
    assert created.created_by == member
    page = client_for(None).get("/licenses/office-hours/").content.decode()
    assert "Clinic" in page
    assert "https://meet.example.org/x" in page


def test_past_sessions_leave_the_public_list(member: User) -> None:
    session(member, days=-2)
    page = client_for(None).get("/licenses/office-hours/")
    assert list(page.context["sessions"]) == []


def test_the_queue_lists_waiting_questions_oldest_first(
    cast: Cast, project: Project, member: User
) -> None:
    first = ask(cast.alice, project, "First")
    LicensingQuestion.objects.filter(pk=first.pk).update(
        asked_at=timezone.now() - timedelta(days=3)
    )
    ask(cast.alice, project, "Second")
    answered = ask(cast.alice, project, "Answered")
    question_answer(actor=member, question=answered, answer="Yes.")
    page = client_for(member).get("/licenses/office-hours/queue/")
    assert [q.question for q in page.context["questions"]] == ["First", "Second"]
    assert "asked 3\xa0days ago" in page.content.decode()


def test_assigning_respects_a_sessions_capacity(cast: Cast, project: Project, member: User) -> None:
    clinic = session(member, capacity=1)
    one, two = ask(cast.alice, project, "One"), ask(cast.alice, project, "Two")
    client = client_for(member)
    client.post(f"/licenses/office-hours/questions/{one.pk}/assign/", {"session": clinic.pk})
    response = client.post(
        f"/licenses/office-hours/questions/{two.pk}/assign/", {"session": clinic.pk}, follow=True
    )
    assert "This session is full." in response.content.decode()
    one.refresh_from_db()
    two.refresh_from_db()
    assert (one.status, one.session) == (QuestionStatus.SCHEDULED, clinic)
    assert (two.status, two.session) == (QuestionStatus.OPEN, None)


def test_answering_keeps_the_answer_and_emails_the_asker(
    cast: Cast,
    project: Project,
    member: User,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    question = ask(cast.alice, project)
    client = client_for(member)
    url = f"/licenses/office-hours/questions/{question.pk}/answer/"
    assert client.post(url, {"answer": ""}).status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"answer": "Yes, as a separate component."})
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED
    assert question.answer == "Yes, as a separate component."
    assert question.answered_by == member
    assert question.answered_at is not None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [cast.alice.email]
    assert "Yes, as a separate component." in mail.outbox[0].body


def test_the_asker_withdraws_a_question_nobody_else_does(
    cast: Cast, project: Project, member: User
) -> None:
    question = ask(cast.alice, project)
    url = f"/licenses/office-hours/questions/{question.pk}/withdraw/"
    assert client_for(member).post(url).status_code == 403
    client_for(cast.alice).post(url)
    question.refresh_from_db()
    assert question.status == QuestionStatus.WITHDRAWN
    response = client_for(member).post(
        f"/licenses/office-hours/questions/{question.pk}/answer/", {"answer": "Late"}
    )
    assert response.status_code == 400
    question.refresh_from_db()
    assert question.answer == ""


def test_the_project_page_shows_answers_to_the_public_and_all_questions_to_the_team(
    cast: Cast, project: Project, member: User
) -> None:
    answered = ask(cast.alice, project, "Answered question")
    question_answer(actor=member, question=answered, answer="The experts' answer")
    ask(cast.alice, project, "Waiting question")
    url = f"/catalog/{project.slug}/"
    public = client_for(None).get(url).content.decode()
    assert "The experts&#x27; answer" in public
    assert "Waiting question" not in public
    for user in (cast.alice, cast.bob, member):
        page = client_for(user).get(url).content.decode()
        assert "Waiting question" in page, user


def test_a_private_projects_questions_are_not_public(cast: Cast, member: User) -> None:
    draft = ProjectFactory(name="Draft", entity=cast.unicef, status="draft")
    draft.focal_points.set([cast.alice])
    question = ask(cast.alice, draft, "Private question")
    question_answer(actor=member, question=question, answer="Private answer")
    page = client_for(cast.erin).get(f"/catalog/{draft.slug}/").content.decode()
    assert "Private answer" not in page
    assert (
        "Private answer" in client_for(cast.alice).get(f"/catalog/{draft.slug}/").content.decode()
    )
