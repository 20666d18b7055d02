"""The Project Review Committee: the queue, the checklist prefilled from a scan, decisions."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from osunited.accounts.models import GrantedRole, User
from osunited.accounts.services import role_grant
from osunited.catalog.models import Project, ProjectEvent, Review, Scan, ScanStatus
from osunited.catalog.services import project_transition
from osunited.catalog.views import review as review_views
from osunited.catalog.workflow import ProjectStatus
from tests.conftest import Cast, client_for
from tests.factories import ProjectFactory, UserFactory, scans_succeeded, stored_report

pytestmark = pytest.mark.django_db

REPORT = stored_report(
    {"check_id": "license.project", "outcome": "pass", "summary": "MIT", "findings": []},
    {"check_id": "license.osi-approved", "outcome": "pass", "summary": "OSI", "findings": []},
    {
        "check_id": "security.secrets",
        "outcome": "fail",
        "summary": "1 secret found.",
        "findings": [
            {
                "rule_id": "security.secrets.aws",
                "message": "An AWS access key",
                "severity": "error",
                "evidence": [{"path": "config.py", "line": 3}],
            }
        ],
    },
)


def submitted(cast: Cast, *, entity: Any = None, name: str = "Supply Tracker") -> Project:
    project = ProjectFactory(
        name=name, entity=entity or cast.unicef, status="draft", focal_points=[cast.alice]
    )
    project_transition(project=project, action="submit", user=cast.alice, comment="Ready.")
    scans_succeeded(project)
    project.refresh_from_db()
    return project


def second_reviewer(cast: Cast) -> User:
    reviewer = UserFactory(email="ravi@who.int")
    role_grant(user=reviewer, role=GrantedRole.REVIEWER, actor=None)
    reviewer.refresh_from_db()
    return reviewer


def decide(user: User, project: Project, decision: str, comment: str = "Looks good.") -> Any:
    url = reverse("catalog:review", kwargs={"slug": project.slug})
    return client_for(user).post(url, {"decision": decision, "comment": comment})


def test_the_queue_shows_waiting_projects_oldest_first_with_their_age(cast: Cast) -> None:
    older = submitted(cast, name="Older")
    newer = submitted(cast, name="Newer")
    own = submitted(cast, entity=cast.undp, name="Own entity")
    ProjectFactory(name="Draft only", entity=cast.unicef, status="draft")
    ProjectEvent.objects.filter(project=older).update(created_at=timezone.now() - timedelta(10))
    Project.objects.filter(pk=older.pk).update(status_changed_at=timezone.now() - timedelta(10))
    page = client_for(cast.bob).get(reverse("catalog:review_queue"))
    rows = page.context["rows"]
    assert [row["project"] for row in rows] == [older, newer, own]
    assert (rows[0]["days_in_status"], rows[0]["days_since_submission"]) == (10, 10)
    assert [row["conflict"] for row in rows] == [False, False, True]
    assert "conflict of interest — another member must decide" in page.content.decode()
    assert "Draft only" not in page.content.decode()


def test_the_queue_takes_the_same_queries_for_more_projects(cast: Cast) -> None:
    client = client_for(cast.bob)
    client.get(reverse("catalog:review_queue"))
    submitted(cast, name="One")
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("catalog:review_queue"))
    for number in range(4):
        submitted(cast, name=f"More {number}")
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("catalog:review_queue"))
    assert len(many) == len(few)


def test_the_queue_shows_a_page_at_a_time_with_the_total_waiting(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(review_views, "QUEUE_PAGE_SIZE", 2)
    for number in range(5):
        submitted(cast, name=f"Waiting {number}")
    url = reverse("catalog:review_queue")

    first = client_for(cast.bob).get(url)
    second = client_for(cast.bob).get(url, {"page": 2})

    assert [row["project"].name for row in first.context["rows"]] == ["Waiting 0", "Waiting 1"]
    assert [row["project"].name for row in second.context["rows"]] == ["Waiting 2", "Waiting 3"]
    html = first.content.decode()
    assert "5 projects are waiting" in html
    assert 'aria-label="Pages of the review queue"' in html
    assert "Page 1 of 3" in html
    assert 'href="?page=2"' in html
    assert len(re.findall(r'href="/catalog/[^/"]+/review/"', html)) == 2  # this page's rows


def test_a_queue_page_links_each_row_to_its_review_page(cast: Cast) -> None:
    project = submitted(cast)
    page = client_for(cast.bob).get(reverse("catalog:review_queue"))
    row = page.context["rows"][0]
    assert row["url"] == reverse("catalog:review", kwargs={"slug": project.slug})
    assert row["status_label"] == "Submitted"
    assert f'href="{row["url"]}"' in page.content.decode()


@pytest.mark.parametrize(
    ("given", "shown"),
    [("abc", 1), ("", 1), ("1.5", 1), ("9" * 5000, 1), ("0", 3), ("-1", 3), ("99", 3)],
)
def test_a_page_number_that_is_not_one_gives_the_first_or_last_page(
    cast: Cast, monkeypatch: pytest.MonkeyPatch, given: str, shown: int
) -> None:
    monkeypatch.setattr(review_views, "QUEUE_PAGE_SIZE", 2)
    monkeypatch.setattr(review_views, "NOTICE_PAGE_SIZE", 2)
    for number in range(5):
        ProjectFactory(name=f"Waiting {number}", entity=cast.unicef, status="submitted")
        ProjectFactory(name=f"Noticed {number}", entity=cast.unicef, status="sunset_notice")
    url = reverse("catalog:review_queue")

    page = client_for(cast.bob).get(url, {"page": given, "notice_page": given})

    assert page.status_code == 200
    assert page.context["waiting"].number == shown
    assert page.context["under_notice"].number == shown


def test_the_queue_takes_the_same_queries_on_any_page(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(review_views, "QUEUE_PAGE_SIZE", 2)
    for number in range(5):
        submitted(cast, name=f"Waiting {number}")
    client = client_for(cast.bob)
    url = reverse("catalog:review_queue")
    client.get(url)
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    with CaptureQueriesContext(connection) as last:
        client.get(url, {"page": 3})
    assert len(last) == len(first)


def test_the_queue_is_for_the_committee(cast: Cast) -> None:
    assert client_for(cast.frank).get(reverse("catalog:review_queue")).status_code == 403


def test_the_checklist_is_prefilled_from_the_latest_scan_with_its_evidence(cast: Cast) -> None:
    project = submitted(cast)
    Scan.objects.create(
        project=project, trigger="submission", status=ScanStatus.SUCCEEDED, report=REPORT
    )
    page = client_for(cast.bob).get(reverse("catalog:review", kwargs={"slug": project.slug}))
    form = page.context["form"]
    assert form["item_osi-license"].value() == "met"
    assert form["item_no-secrets"].value() == "not_met"
    assert form["item_contributing"].value() == ""  # not in the scan
    content = page.content.decode()
    assert "An AWS access key (config.py:3)" in content
    assert "Alignment with UN standards" in content
    assert "Minimum security requirements" in content
    assert "Open source best practices" in content


def test_an_approval_records_the_review_and_tells_the_focal_points(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    project = submitted(cast)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(cast.bob).post(
            reverse("catalog:review", kwargs={"slug": project.slug}),
            {"decision": "approve", "comment": "Meets the standards.", "item_no-secrets": "met",
             "item_no-secrets_note": "Checked by hand."},
        )  # fmt: skip
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.status == ProjectStatus.APPROVED
    review = Review.objects.get()
    assert (review.reviewer, review.round, review.decision) == (cast.bob, 1, "approve")
    assert review.checklist["no-secrets"] == {"met": True, "note": "Checked by hand."}
    assert list(project.events.values_list("action", flat=True)) == [
        "submit", "start_review", "approve"
    ]  # fmt: skip
    assert all(message.to == [cast.alice.email] for message in mail.outbox)
    assert "Approve" in mail.outbox[-1].subject
    # The focal point reads the review with the checklist's labels, not its ids.
    mine = client_for(cast.alice).get(reverse("catalog:mine")).content.decode()
    assert "No secrets (keys, passwords, tokens) in the code: met — Checked by hand." in mine


def test_a_comment_is_required(cast: Cast) -> None:
    project = submitted(cast)
    response = decide(cast.bob, project, "approve", comment="")
    assert response.status_code == 200
    assert not Review.objects.exists()
    project.refresh_from_db()
    assert project.status == ProjectStatus.SUBMITTED


def test_two_approvals_when_the_setting_asks_for_them(cast: Cast, settings: Any) -> None:
    settings.OSU_CATALOG_REQUIRED_APPROVALS = 2
    project = submitted(cast)
    decide(cast.bob, project, "approve")
    project.refresh_from_db()
    assert project.status == ProjectStatus.IN_REVIEW
    assert project.events.last().comment == "1 of 2 approvals. Looks good."
    response = decide(cast.bob, project, "approve")
    assert "already approved" in response.content.decode()
    decide(second_reviewer(cast), project, "approve")
    project.refresh_from_db()
    assert project.status == ProjectStatus.APPROVED


def test_a_resubmission_starts_a_new_round_where_earlier_approvals_do_not_count(
    cast: Cast, settings: Any
) -> None:
    settings.OSU_CATALOG_REQUIRED_APPROVALS = 2
    project = submitted(cast)
    decide(cast.bob, project, "approve")
    decide(second_reviewer(cast), project, "request_changes", comment="Add a SECURITY.md.")
    project.refresh_from_db()
    assert project.status == ProjectStatus.CHANGES_REQUESTED
    mine = client_for(cast.alice).get(reverse("catalog:mine")).content.decode()
    assert "Add a SECURITY.md." in mine
    project_transition(project=project, action="resubmit", user=cast.alice, comment="Added.")
    project.refresh_from_db()
    assert project.review_round == 2
    decide(cast.bob, project, "approve")
    project.refresh_from_db()
    assert project.status == ProjectStatus.IN_REVIEW


def test_a_rejection_takes_effect_at_once(cast: Cast) -> None:
    project = submitted(cast)
    decide(cast.bob, project, "reject", comment="Not open source.")
    project.refresh_from_db()
    assert project.status == ProjectStatus.REJECTED


def test_a_reviewer_of_the_projects_entity_is_told_and_refused(cast: Cast) -> None:
    project = submitted(cast, entity=cast.undp)
    url = reverse("catalog:review", kwargs={"slug": project.slug})
    page = client_for(cast.bob).get(url)
    assert "another member of the committee must decide" in page.content.decode()
    assert "Submit review" not in page.content.decode()
    assert decide(cast.bob, project, "approve").status_code == 403
    assert not Review.objects.exists()


def test_earlier_reviews_and_the_history_are_shown(cast: Cast) -> None:
    project = submitted(cast)
    decide(cast.bob, project, "request_changes", comment="Add a README.")
    page = client_for(cast.bob).get(reverse("catalog:review", kwargs={"slug": project.slug}))
    content = page.content.decode()
    assert "Add a README." in content
    assert "This project is not waiting for a review." in content


def test_the_queue_lists_entries_under_sunset_notice_with_passed_deadlines_marked(
    cast: Cast,
) -> None:
    overdue = ProjectFactory(
        name="Overdue", entity=cast.unicef, status="sunset_notice", sunset_reason="Unconfirmed.",
        sunset_deadline=timezone.now() - timedelta(days=1),
    )  # fmt: skip
    ProjectFactory(
        name="Still in grace", entity=cast.unicef, status="sunset_notice",
        sunset_reason="Unmaintained.", sunset_deadline=timezone.now() + timedelta(days=30),
    )  # fmt: skip
    ProjectFactory(name="Healthy", entity=cast.unicef, status="published")
    page = client_for(cast.bob).get(reverse("catalog:review_queue"))
    listed = [project.name for project in page.context["under_notice"]]
    assert listed == ["Overdue", "Still in grace"]
    html = page.content.decode()
    assert html.count("passed: may be archived") == 1
    assert f'href="{reverse("catalog:detail", kwargs={"slug": overdue.slug})}"' in html


def test_the_sunset_list_shows_a_page_at_a_time_earliest_deadline_first(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(review_views, "NOTICE_PAGE_SIZE", 2)
    for days in (30, 10, 20):
        ProjectFactory(
            name=f"In {days} days", entity=cast.unicef, status="sunset_notice",
            sunset_reason="Unconfirmed.", sunset_deadline=timezone.now() + timedelta(days=days),
        )  # fmt: skip
    url = reverse("catalog:review_queue")

    first = client_for(cast.bob).get(url, {"page": "1"})
    second = client_for(cast.bob).get(url, {"page": "1", "notice_page": "2"})

    assert [p.name for p in first.context["under_notice"]] == ["In 10 days", "In 20 days"]
    assert [p.name for p in second.context["under_notice"]] == ["In 30 days"]
    html = first.content.decode()
    assert "3 entries are under notice" in html
    assert 'aria-label="Pages of the entries under sunset notice"' in html
    assert 'href="?page=1&amp;notice_page=2#sunset-heading"' in html
