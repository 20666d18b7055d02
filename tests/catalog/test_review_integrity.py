"""Review integrity (CPF 4.3.5, 4.4.8): who registers for which entity, who may decide, the scans
an approval needs, the committee's setting, and the sunset deadline that archiving waits for."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from osunited.accounts.models import GrantedRole, User
from osunited.accounts.services import role_grant
from osunited.audit.models import AuditEvent
from osunited.catalog.models import (
    ConflictOfInterest,
    Project,
    ProjectEvent,
    Repository,
    Review,
    Scan,
    ScanStatus,
)
from osunited.catalog.services import (
    committee_settings_update,
    conflict_declare,
    project_create,
    project_review_submit,
    project_transition,
    required_approvals,
)
from osunited.catalog.workflow import ProjectStatus, TransitionNotAllowed
from tests.conftest import Cast, client_for
from tests.factories import ProjectFactory, UserFactory, scans_succeeded

pytestmark = pytest.mark.django_db

REPOSITORY = "https://git.example.org/unicef/supply-tracker"


@pytest.fixture(autouse=True)
def example_git_host_is_allowed(settings: Any) -> None:
    settings.OSU_SCAN_ALLOWED_HOSTS = ["git.example.org"]


def fields(**overrides: Any) -> dict[str, Any]:
    return {
        "name": "Supply Tracker", "purpose": "Track vaccine supplies",
        "development_status": "beta", "hosting": "external", **overrides,
    }  # fmt: skip


def reviewer_of(entity_email: str) -> User:
    user = UserFactory(email=entity_email)
    role_grant(user=user, role=GrantedRole.REVIEWER, actor=None)
    user.refresh_from_db()
    return user


def waiting(cast: Cast, **overrides: Any) -> Project:
    """A UNICEF project submitted for review, with a repository not scanned yet."""
    values = {"created_by": cast.alice, **overrides}
    project = ProjectFactory(
        entity=cast.unicef, status="draft", focal_points=[cast.alice], repositories=[REPOSITORY],
        **values,
    )  # fmt: skip
    project_transition(project=project, action="submit", user=cast.alice, comment="Ready.")
    project.refresh_from_db()
    return project


def review_url(project: Project) -> str:
    return reverse("catalog:review", kwargs={"slug": project.slug})


# -- registering for an entity -------------------------------------------------------------------


def test_a_staff_member_cannot_register_a_project_for_another_entity(cast: Cast) -> None:
    with pytest.raises(ValidationError, match="only for your own entity, UNDP"):
        project_create(
            entity=cast.unicef, created_by=cast.frank, focal_points=[cast.frank],
            repositories=[REPOSITORY], **fields(),
        )  # fmt: skip
    assert not Project.objects.exists()


def test_the_register_form_offers_only_the_users_entity_and_refuses_another(cast: Cast) -> None:
    client = client_for(cast.frank)
    page = client.get(reverse("catalog:register"))
    assert list(page.context["form"].fields["entity"].queryset) == [cast.undp]
    response = client.post(
        reverse("catalog:register"),
        {**fields(), "entity": cast.unicef.pk, "repositories": REPOSITORY, "licenses": "MIT"},
    )
    assert response.status_code == 200
    assert not Project.objects.exists()
    assert "only for your own entity, UNDP" in response.content.decode()


def test_the_import_page_offers_only_the_users_entity(cast: Cast) -> None:
    page = client_for(cast.frank).get(reverse("catalog:import"))
    assert list(page.context["entities"]) == [cast.undp]
    everything = client_for(cast.heidi).get(reverse("catalog:import"))
    assert len(everything.context["entities"]) > 1


def test_a_platform_admin_registers_for_another_entity_and_the_audit_log_says_so(
    cast: Cast,
) -> None:
    project = project_create(
        entity=cast.unicef, created_by=cast.heidi, focal_points=[cast.alice],
        repositories=[REPOSITORY], **fields(),
    )  # fmt: skip
    event = AuditEvent.objects.get(action="project.created", object_id=str(project.pk))
    assert event.changes == {"registered_for_another_entity": "UNICEF"}


def test_an_edit_cannot_move_a_project_to_another_entity(cast: Cast) -> None:
    from osunited.catalog.services import project_update

    project = ProjectFactory(entity=cast.unicef, focal_points=[cast.alice], status="draft")
    with pytest.raises(ValidationError, match="only for your own entity"):
        project_update(project=project, user=cast.alice, changes={"entity": cast.undp})
    project.refresh_from_db()
    assert project.entity == cast.unicef


# -- who may decide -----------------------------------------------------------------------------


def test_the_seen_case_a_registrant_made_reviewer_cannot_approve_his_own_registration(
    cast: Cast,
) -> None:
    """Seen: a UN staff member registered a project under another entity, was then made a
    committee member, and approved his own registration, before any scan had succeeded."""
    with pytest.raises(ValidationError):
        project_create(
            entity=cast.unicef, created_by=cast.frank, focal_points=[cast.frank],
            repositories=[REPOSITORY], **fields(),
        )  # fmt: skip
    # Registered for his own entity instead, then made a committee member:
    project = project_create(
        entity=cast.undp, created_by=cast.frank, focal_points=[cast.frank],
        repositories=["https://git.example.org/undp/tracker"], **fields(),
    )  # fmt: skip
    project_transition(project=project, action="submit", user=cast.frank, comment="Ready.")
    role_grant(user=cast.frank, role=GrantedRole.REVIEWER, actor=cast.heidi)
    cast.frank.refresh_from_db()
    response = client_for(cast.frank).post(
        review_url(project), {"decision": "approve", "comment": "Mine is fine."}
    )
    assert response.status_code == 403
    project.refresh_from_db()
    assert project.status == ProjectStatus.SUBMITTED
    assert not Review.objects.exists()


def test_a_reviewer_never_decides_on_a_project_they_registered(cast: Cast) -> None:
    ravi = reviewer_of("ravi@who.int")
    project = waiting(cast, created_by=ravi)
    scans_succeeded(project)
    with pytest.raises(PermissionDenied, match="You registered this project"):
        project_review_submit(
            project=project, reviewer=ravi, decision="approve", checklist={}, comment="Fine."
        )
    page = client_for(ravi).get(review_url(project))
    assert "You registered this project" in page.content.decode()
    assert "Submit review" not in page.content.decode()


def test_a_reviewer_never_decides_on_a_project_they_are_a_focal_point_of(cast: Cast) -> None:
    ravi = reviewer_of("ravi@who.int")
    project = waiting(cast)
    project.focal_points.add(ravi)
    with pytest.raises(TransitionNotAllowed, match="You are a focal point of this project"):
        project_transition(project=project, action="start_review", user=ravi, comment="Mine.")


def test_a_reviewer_of_the_projects_entity_is_refused_on_the_review_page(cast: Cast) -> None:
    erin = cast.erin  # UNICEF, like the project
    role_grant(user=erin, role=GrantedRole.REVIEWER, actor=None)
    erin.refresh_from_db()
    project = waiting(cast)
    response = client_for(erin).post(
        review_url(project), {"decision": "approve", "comment": "Ours."}
    )
    assert response.status_code == 403
    assert not Review.objects.exists()


def test_a_declared_conflict_excludes_the_reviewer_from_then_on(cast: Cast) -> None:
    project = waiting(cast)
    client = client_for(cast.bob)
    url = reverse("catalog:review_conflict", kwargs={"slug": project.slug})
    assert client.post(url, {"reason": ""}).status_code == 400
    assert not ConflictOfInterest.objects.exists()
    response = client.post(url, {"reason": "I advised UNICEF on this tool last year."})
    assert response.status_code == 302
    conflict = ConflictOfInterest.objects.get()
    assert (conflict.project, conflict.reviewer) == (project, cast.bob)
    assert AuditEvent.objects.filter(action="project.conflict_declared", actor=cast.bob).exists()
    refused = client.post(review_url(project), {"decision": "approve", "comment": "Fine."})
    assert refused.status_code == 403
    queue = client.get(reverse("catalog:review_queue"))
    assert [row["conflict"] for row in queue.context["rows"]] == [True]


def test_declaring_a_conflict_is_for_committee_members(cast: Cast) -> None:
    project = waiting(cast)
    with pytest.raises(PermissionDenied):
        conflict_declare(project=project, reviewer=cast.frank, reason="I know them.")
    url = reverse("catalog:review_conflict", kwargs={"slug": project.slug})
    assert client_for(cast.frank).post(url, {"reason": "x"}).status_code == 403


# -- scans before approval ----------------------------------------------------------------------


def test_an_approval_waits_for_a_successful_scan_of_every_repository(cast: Cast) -> None:
    project = waiting(cast)
    other = Repository.objects.create(project=project, url="https://git.example.org/unicef/api")
    Scan.objects.create(project=project, repository=other, trigger="submission", status="failed")
    response = client_for(cast.bob).post(
        review_url(project), {"decision": "approve", "comment": "Looks fine."}
    )
    assert response.status_code == 200
    assert "Not every repository has a successful scan yet" in response.content.decode()
    project.refresh_from_db()
    assert project.status == ProjectStatus.SUBMITTED
    assert not Review.objects.exists()

    scans_succeeded(project)
    Scan.objects.filter(repository=other).update(status=ScanStatus.FAILED)  # one still failing
    with pytest.raises(ValidationError, match="successful scan"):
        project_review_submit(
            project=project, reviewer=cast.bob, decision="approve", checklist={}, comment="Ok."
        )


def test_an_override_with_its_reason_approves_and_is_kept_in_history_and_audit(
    cast: Cast,
) -> None:
    project = waiting(cast)
    response = client_for(cast.bob).post(
        review_url(project),
        {"decision": "approve", "comment": "Looks fine.",
         "scan_override_reason": "The forge blocks our scanner; checked by hand."},
    )  # fmt: skip
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.status == ProjectStatus.APPROVED
    assert Review.objects.get().scan_override_reason == (
        "The forge blocks our scanner; checked by hand."
    )
    approval = ProjectEvent.objects.get(project=project, action="approve")
    assert "checked by hand" in approval.comment
    audit = AuditEvent.objects.get(action="project.reviewed", actor=cast.bob)
    assert audit.changes["scan_override_reason"] == "The forge blocks our scanner; checked by hand."


def test_requesting_changes_needs_no_scan(cast: Cast) -> None:
    project = waiting(cast)
    project_review_submit(
        project=project, reviewer=cast.bob, decision="request_changes", checklist={},
        comment="Add a README.",
    )  # fmt: skip
    project.refresh_from_db()
    assert project.status == ProjectStatus.CHANGES_REQUESTED


def test_approving_by_a_bare_transition_skips_no_review(cast: Cast) -> None:
    project = waiting(cast)
    scans_succeeded(project)
    project_transition(project=project, action="start_review", user=cast.bob, comment="Mine.")
    response = client_for(cast.bob).post(
        reverse("catalog:transition", kwargs={"slug": project.slug}),
        {"action": "approve", "comment": "Straight through."},
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.status == ProjectStatus.IN_REVIEW
    messages = [str(m) for m in response.wsgi_request._messages]  # type: ignore[attr-defined]
    assert messages == ["0 of 1 approvals so far in this review round."]


# -- the committee's setting --------------------------------------------------------------------


def test_the_number_of_approvals_is_changed_by_an_admin_in_the_platform(
    cast: Cast, settings: Any
) -> None:
    settings.OSU_CATALOG_REQUIRED_APPROVALS = 1
    assert required_approvals() == 1
    with pytest.raises(PermissionDenied):
        committee_settings_update(actor=cast.bob, approvals=2)
    with pytest.raises(ValidationError):
        committee_settings_update(actor=cast.heidi, approvals=3)
    committee_settings_update(actor=cast.heidi, approvals=2)
    assert required_approvals() == 2
    event = AuditEvent.objects.get(action="catalog.committee_settings_changed")
    assert event.changes == {"required_approvals": [1, 2]}

    project = waiting(cast)
    scans_succeeded(project)
    project_review_submit(
        project=project, reviewer=cast.bob, decision="approve", checklist={}, comment="Good."
    )
    project.refresh_from_db()
    assert project.status == ProjectStatus.IN_REVIEW
    ravi = reviewer_of("ravi@who.int")
    project_review_submit(
        project=project, reviewer=ravi, decision="approve", checklist={}, comment="Agreed."
    )
    project.refresh_from_db()
    assert project.status == ProjectStatus.APPROVED


# -- the sunset deadline ------------------------------------------------------------------------

NOTICE_GIVEN = datetime(2026, 12, 6, 10, 0, tzinfo=UTC)
DEADLINE = datetime(2027, 3, 6, 10, 0, tzinfo=UTC)


@pytest.fixture
def under_notice(cast: Cast) -> Project:
    project = ProjectFactory(
        name="Old Registry", entity=cast.unicef, status="published", focal_points=[cast.alice]
    )
    with time_machine.travel(NOTICE_GIVEN, tick=False):
        project_transition(
            project=project, action="give_sunset_notice", user=None,
            comment="No focal point has confirmed this entry since 2025-12-01.",
        )  # fmt: skip
    project.refresh_from_db()
    assert project.sunset_deadline == DEADLINE
    return project


def test_the_seen_case_archiving_before_the_deadline_is_refused(
    cast: Cast, under_notice: Project
) -> None:
    """Seen: a reviewer archived a project on 6 December whose sunset deadline was 6 March."""
    url = reverse("catalog:transition", kwargs={"slug": under_notice.slug})
    with time_machine.travel(NOTICE_GIVEN, tick=False):
        page = client_for(cast.bob).get(reverse("catalog:detail", args=[under_notice.slug]))
        response = client_for(cast.bob).post(url, {"action": "archive", "comment": "Stale."})
    assert "The sunset deadline (March 6, 2027) has not passed" in page.content.decode()
    assert 'value="archive"' not in page.content.decode()
    under_notice.refresh_from_db()
    assert under_notice.status == ProjectStatus.SUNSET_NOTICE
    messages = [str(m) for m in response.wsgi_request._messages]  # type: ignore[attr-defined]
    assert messages == [
        "The sunset deadline (March 6, 2027) has not passed: archiving waits until then."
    ]


def test_after_the_deadline_the_archived_page_shows_the_archive_reason(
    cast: Cast, under_notice: Project
) -> None:
    with time_machine.travel(datetime(2027, 3, 7, tzinfo=UTC), tick=False):
        project_transition(
            project=under_notice, action="archive", user=cast.bob,
            comment="Replaced by the new supply platform.",
        )  # fmt: skip
    page = client_for(None).get(reverse("catalog:detail", args=[under_notice.slug]))
    content = page.content.decode()
    assert "This project is archived." in content
    assert "Reason: Replaced by the new supply platform." in content
    notice_box = content.split("This project is archived.")[1].split("</div>")[0]
    assert "No focal point has confirmed" not in notice_box


def test_an_admin_sets_the_approvals_in_the_admin_site_and_it_is_audited(cast: Cast) -> None:
    client = client_for(cast.heidi)
    add = reverse("admin:catalog_committeesettings_add")
    assert client.post(add, {"required_approvals": "3"}).status_code == 200  # refused: 1 or 2
    assert required_approvals() == 1
    response = client.post(add, {"required_approvals": "2"})
    assert response.status_code == 302
    assert required_approvals() == 2
    event = AuditEvent.objects.get(action="catalog.committee_settings_changed")
    assert (event.actor, event.changes) == (cast.heidi, {"required_approvals": [1, 2]})
    change = reverse("admin:catalog_committeesettings_change", args=[1])
    assert client.post(change, {"required_approvals": "1"}).status_code == 302
    assert required_approvals() == 1
    assert client_for(cast.bob).post(change, {"required_approvals": "2"}).status_code == 403
    assert required_approvals() == 1


def test_an_approval_stops_counting_once_its_reviewer_declares_a_conflict(
    cast: Cast, settings: Any
) -> None:
    committee_settings_update(actor=cast.heidi, approvals=2)
    project = waiting(cast)
    scans_succeeded(project)
    project_review_submit(
        project=project, reviewer=cast.bob, decision="approve", checklist={}, comment="Good."
    )
    conflict_declare(project=project, reviewer=cast.bob, reason="I advised them after all.")
    ravi = reviewer_of("ravi@who.int")
    project_review_submit(
        project=project, reviewer=ravi, decision="approve", checklist={}, comment="Agreed."
    )
    project.refresh_from_db()
    assert project.status == ProjectStatus.IN_REVIEW  # 1 of 2: bob's approval no longer counts
    assert ProjectEvent.objects.filter(project=project, comment__startswith="1 of 2").count() == 2


def test_a_success_before_a_failed_scan_does_not_satisfy_the_approval(cast: Cast) -> None:
    project = waiting(cast)
    scans_succeeded(project)
    repository = project.repositories.get()
    Scan.objects.create(project=project, repository=repository, trigger="nightly", status="failed")
    with pytest.raises(ValidationError, match="successful scan"):
        project_review_submit(
            project=project, reviewer=cast.bob, decision="approve", checklist={}, comment="Ok."
        )


def test_the_environment_may_ask_for_1_or_2_approvals_only(monkeypatch: Any) -> None:
    from django.core.exceptions import ImproperlyConfigured

    from osunited.platform.settings import env_choice

    monkeypatch.setenv("OSU_CATALOG_REQUIRED_APPROVALS", "3")
    with pytest.raises(ImproperlyConfigured, match="OSU_CATALOG_REQUIRED_APPROVALS='3'"):
        env_choice("OSU_CATALOG_REQUIRED_APPROVALS", 1, (1, 2))
    monkeypatch.setenv("OSU_CATALOG_REQUIRED_APPROVALS", "2")
    assert env_choice("OSU_CATALOG_REQUIRED_APPROVALS", 1, (1, 2)) == 2
