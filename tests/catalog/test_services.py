"""Registering a project and moving it through review: who may, what is kept, who is told."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from osunited.audit.models import AuditEvent
from osunited.catalog.models import DevelopmentStatus, Hosting, Project
from osunited.catalog.services import project_create, project_review_submit, project_transition
from osunited.catalog.workflow import ProjectStatus, TransitionNotAllowed
from tests.conftest import Cast
from tests.factories import scans_succeeded

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def example_git_host_is_allowed(settings: Any) -> None:
    """The SSRF guard resolves host names; the example host is allowed, so no network is used."""
    settings.OSU_SCAN_ALLOWED_HOSTS = ["git.example.org"]


def register(cast: Cast, **overrides: object) -> Project:
    fields = {
        "name": "Supply Tracker",
        "purpose": "Track vaccine supplies",
        "development_status": DevelopmentStatus.BETA,
        "hosting": Hosting.EXTERNAL,
    }
    return project_create(
        entity=cast.unicef, created_by=cast.alice, focal_points=[cast.alice],
        repositories=["https://git.example.org/unicef/supply-tracker"], **{**fields, **overrides},
    )  # fmt: skip


def test_a_focal_point_registers_a_draft_project(cast: Cast) -> None:
    project = register(cast)
    assert project.status == ProjectStatus.DRAFT
    assert project.slug == "supply-tracker"
    assert list(project.repositories.values_list("url", flat=True)) == [
        "https://git.example.org/unicef/supply-tracker"
    ]
    assert list(cast.alice.focal_point_of.all()) == [project]


def test_a_focal_point_must_be_un_staff(cast: Cast) -> None:
    with pytest.raises(ValidationError, match="must be UN staff"):
        project_create(
            entity=cast.unicef, created_by=cast.alice, focal_points=[cast.carol], repositories=[],
            name="X", purpose="Y", development_status="beta", hosting="external",
        )  # fmt: skip
    assert not Project.objects.exists()


def test_review_to_publication_keeps_history_audits_and_tells_focal_points(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    project = register(cast)
    with django_capture_on_commit_callbacks(execute=True):
        project_transition(project=project, action="submit", user=cast.alice, comment="Ready.")
        project_transition(project=project, action="start_review", user=cast.bob, comment="Mine.")
        scans_succeeded(project)
        project_review_submit(
            project=project, reviewer=cast.bob, decision="approve", checklist={},
            comment="Meets all.",
        )  # fmt: skip
        project = project_transition(
            project=project, action="publish", user=cast.alice, comment="Go live."
        )
    assert project.status == ProjectStatus.PUBLISHED
    assert list(project.events.values_list("action", "comment")) == [
        ("submit", "Ready."), ("start_review", "Mine."),
        ("approve", "Meets all. (1 of 1 approvals)"), ("publish", "Go live."),
    ]  # fmt: skip
    assert AuditEvent.objects.filter(action="project.approve", actor=cast.bob).exists()
    to_focal_points = [message for message in mail.outbox if message.to == [cast.alice.email]]
    assert len(to_focal_points) == 4
    assert "Approve" in to_focal_points[2].subject


def test_committee_members_of_other_entities_hear_of_a_project_waiting_for_them(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    from osunited.accounts.models import GrantedRole
    from osunited.accounts.services import role_grant

    role_grant(user=cast.erin, role=GrantedRole.REVIEWER, actor=None)  # UNICEF, like the project
    project = register(cast)
    with django_capture_on_commit_callbacks(execute=True):
        project_transition(project=project, action="submit", user=cast.alice, comment="Ready.")
    to_committee = [message for message in mail.outbox if message.bcc]
    assert len(to_committee) == 1
    assert to_committee[0].bcc == [cast.bob.email]
    assert to_committee[0].to == []
    assert "Submit for review" in to_committee[0].subject


def test_a_reviewer_cannot_decide_on_their_own_entity(cast: Cast) -> None:
    project = register(cast, name="Own")
    project_transition(project=project, action="submit", user=cast.alice, comment="Ready.")
    reviewer = cast.erin  # UN staff of UNICEF
    from osunited.accounts.models import GrantedRole
    from osunited.accounts.services import role_grant

    role_grant(user=reviewer, role=GrantedRole.REVIEWER, actor=cast.heidi)
    with pytest.raises(TransitionNotAllowed, match="a project of your entity"):
        project_transition(project=project, action="start_review", user=reviewer, comment="x")


def test_a_transition_needs_a_comment_and_the_right_part(cast: Cast) -> None:
    project = register(cast)
    with pytest.raises(ValidationError, match="comment"):
        project_transition(project=project, action="submit", user=cast.alice, comment="  ")
    with pytest.raises(TransitionNotAllowed):
        project_transition(project=project, action="approve", user=cast.alice, comment="Me!")
    with pytest.raises(PermissionDenied):
        project_transition(project=project, action="submit", user=cast.carol, comment="Hi")
    project.refresh_from_db()
    assert project.status == ProjectStatus.DRAFT
    assert not project.events.exists()


def test_the_system_can_give_a_sunset_notice_only(cast: Cast) -> None:
    project = register(cast)
    Project.objects.filter(pk=project.pk).update(status=ProjectStatus.PUBLISHED)
    project = project_transition(
        project=project, action="give_sunset_notice", user=None, comment="Not confirmed."
    )
    assert project.status == ProjectStatus.SUNSET_NOTICE
    with pytest.raises(TransitionNotAllowed):
        project_transition(project=project, action="archive", user=None, comment="Gone.")
