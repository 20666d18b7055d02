"""The sunset procedure: reminders, notices, the committee's archiving, confirmations."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import override_settings

from osunited.audit.models import AuditEvent
from osunited.catalog.models import Project, ScanHealth
from osunited.catalog.scanning import scan_request
from osunited.catalog.services import project_transition
from osunited.catalog.sunset import project_confirm, projects_due_for_archiving, sunset_sweep
from osunited.catalog.workflow import ProjectStatus
from tests.catalog.repos import OLD, commit
from tests.conftest import Cast
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

PUBLISHED_ON = datetime(2025, 1, 15, 9, 0, tzinfo=UTC)


@pytest.fixture
def published(cast: Cast) -> Project:
    project = ProjectFactory(
        name="Supply Tracker", entity=cast.unicef, status="published", focal_points=[cast.alice]
    )
    Project.objects.filter(pk=project.pk).update(status_changed_at=PUBLISHED_ON)
    project.refresh_from_db()
    return project


def sweep_at(moment: datetime, capture: Any) -> Any:
    with time_machine.travel(moment, tick=False), capture(execute=True):
        return sunset_sweep()


@override_settings(OSU_CATALOG_CONFIRMATION_MONTHS=12, OSU_CATALOG_SUNSET_GRACE_DAYS=90)
def test_an_unconfirmed_entry_gets_notice_then_the_committee_archives_it(
    cast: Cast, published: Project, django_capture_on_commit_callbacks: Any
) -> None:
    assert (
        sweep_at(datetime(2026, 1, 10, tzinfo=UTC), django_capture_on_commit_callbacks).noticed
        == []
    )

    noticed_on = datetime(2026, 1, 16, tzinfo=UTC)
    result = sweep_at(noticed_on, django_capture_on_commit_callbacks)

    assert result.noticed == [published]
    published.refresh_from_db()
    assert published.status == ProjectStatus.SUNSET_NOTICE
    assert "No focal point has confirmed this entry since 2025-01-15" in published.sunset_reason
    assert published.sunset_deadline == noticed_on + timedelta(days=90)
    event = published.events.get()
    assert event.actor is None
    assert event.comment == published.sunset_reason
    assert mail.outbox[-1].to == [cast.alice.email]
    assert "sunset notice" in mail.outbox[-1].subject

    before_deadline = noticed_on + timedelta(days=89)
    assert list(projects_due_for_archiving(now=before_deadline)) == []
    after_deadline = noticed_on + timedelta(days=91)
    assert sweep_at(after_deadline, django_capture_on_commit_callbacks).due_for_archiving == [
        published
    ]

    with time_machine.travel(after_deadline, tick=False):
        project_transition(
            project=published, action="archive", user=cast.bob, comment="No answer in 90 days."
        )
    published.refresh_from_db()
    assert published.status == ProjectStatus.ARCHIVED
    assert published.sunset_reason  # the reason stays public
    assert list(published.events.values_list("action", flat=True)) == [
        "give_sunset_notice",
        "archive",
    ]


def test_a_repository_the_scan_reads_unmaintained_gets_notice(
    cast: Cast, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    repo = tmp_path / "old"
    commit(repo, {"README.md": "# Old\n"}, when=OLD)
    project = ProjectFactory(
        name="Old Tool", entity=cast.unicef, status="published", focal_points=[cast.alice],
        repositories=[f"file://{repo}"],
    )  # fmt: skip
    Project.objects.filter(pk=project.pk).update(
        status_changed_at=datetime.now(UTC) - timedelta(days=200)
    )
    with (
        override_settings(OSU_SCAN_LOCAL_ROOTS=[str(tmp_path)]),
        django_capture_on_commit_callbacks(execute=True),
    ):
        scan_request(project=project, trigger="nightly")
    project.refresh_from_db()
    assert project.scan_health == ScanHealth.UNMAINTAINED

    with django_capture_on_commit_callbacks(execute=True):
        assert sunset_sweep().noticed == [project]
    project.refresh_from_db()
    assert project.status == ProjectStatus.SUNSET_NOTICE
    assert "unmaintained" in project.sunset_reason


def test_an_unmaintained_entry_confirmed_lately_is_left_alone(
    cast: Cast, published: Project
) -> None:
    Project.objects.filter(pk=published.pk).update(
        scan_health=ScanHealth.UNMAINTAINED, confirmed_at=datetime.now(UTC) - timedelta(days=10)
    )
    assert sunset_sweep().noticed == []


@override_settings(OSU_CATALOG_CONFIRMATION_MONTHS=12)
def test_focal_points_are_reminded_once_before_the_confirmation_falls_due(
    cast: Cast, published: Project, django_capture_on_commit_callbacks: Any
) -> None:
    assert (
        sweep_at(datetime(2025, 12, 1, tzinfo=UTC), django_capture_on_commit_callbacks).reminded
        == []
    )
    result = sweep_at(datetime(2025, 12, 20, tzinfo=UTC), django_capture_on_commit_callbacks)
    assert result.reminded == [published]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [cast.alice.email]
    assert "please confirm the entry by 2026-01-15" in mail.outbox[0].subject

    assert (
        sweep_at(datetime(2025, 12, 21, tzinfo=UTC), django_capture_on_commit_callbacks).reminded
        == []
    )
    assert len(mail.outbox) == 1

    # Confirming starts a new period, with a new reminder near its end.
    with time_machine.travel(datetime(2025, 12, 22, tzinfo=UTC), tick=False):
        project_confirm(project=published, user=cast.alice)
    result = sweep_at(datetime(2026, 12, 1, tzinfo=UTC), django_capture_on_commit_callbacks)
    assert result.reminded == [published]
    assert len(mail.outbox) == 2


def test_confirming_under_notice_republishes_and_clears_the_reason(
    cast: Cast, published: Project, django_capture_on_commit_callbacks: Any
) -> None:
    sweep_at(datetime(2026, 2, 1, tzinfo=UTC), django_capture_on_commit_callbacks)
    published.refresh_from_db()
    assert published.status == ProjectStatus.SUNSET_NOTICE

    with time_machine.travel(datetime(2026, 2, 3, tzinfo=UTC), tick=False):
        project = project_confirm(project=published, user=cast.alice)

    assert project.status == ProjectStatus.PUBLISHED
    assert project.sunset_reason == ""
    assert project.sunset_deadline is None
    assert project.confirmed_at == datetime(2026, 2, 3, tzinfo=UTC)
    assert (
        sweep_at(datetime(2026, 2, 4, tzinfo=UTC), django_capture_on_commit_callbacks).noticed == []
    )


def test_confirming_a_published_entry_is_audited_and_for_its_focal_points_only(
    cast: Cast, published: Project
) -> None:
    with pytest.raises(PermissionDenied):
        project_confirm(project=published, user=cast.frank)
    project = project_confirm(project=published, user=cast.alice)
    assert project.confirmed_at is not None
    assert AuditEvent.objects.filter(action="project.confirmed", actor=cast.alice).count() == 1
