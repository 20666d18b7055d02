"""Leases of scans: a scan whose worker was lost is run again or failed, and never blocks."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings
from django.utils import timezone

from osunited.audit.models import AuditEvent
from osunited.catalog import scanning
from osunited.catalog.models import Project, Scan, ScanStatus
from osunited.catalog.scan_queue import LOST_ERROR, claim, scan_sweep
from osunited.catalog.scanning import scan_execute, scan_request
from osunited.platform.celery import app
from tests.catalog.repos import commit, days_ago
from tests.conftest import Cast
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(cast: Cast, tmp_path: Path) -> Iterator[Project]:
    repo = tmp_path / "tracker"
    commit(repo, {"README.md": "# Tracker\n"}, when=days_ago(2))
    with override_settings(OSU_SCAN_LOCAL_ROOTS=[str(tmp_path)], OSU_SCAN_LEASE_SECONDS=120):
        yield ProjectFactory(
            name="Tracker", entity=cast.unicef, status="published", repositories=[f"file://{repo}"]
        )


def left_running(project: Project, *, seconds_ago: int, lost_before: int = 0) -> Scan:
    """A scan a worker claimed, then died with, `seconds_ago` after its last heartbeat."""
    (scan,) = scan_request(project=project, trigger="nightly")  # on_commit: never sent
    claimed = claim(scan.pk, "dead-task on old-host pid 1")
    assert claimed is not None
    beat = timezone.now() - timedelta(seconds=seconds_ago)
    Scan.objects.filter(pk=scan.pk).update(heartbeat_at=beat, lost_attempts=lost_before)
    return claimed


def test_a_scan_whose_worker_died_is_queued_again_and_finishes(
    project: Project, django_capture_on_commit_callbacks: Any
) -> None:
    scan = left_running(project, seconds_ago=300)
    with django_capture_on_commit_callbacks(execute=True):
        swept = scan_sweep()
    assert swept.requeued == [scan.pk]
    scan.refresh_from_db()
    assert scan.status == ScanStatus.SUCCEEDED
    assert (scan.attempts, scan.lost_attempts) == (2, 1)
    assert "dead-task" not in scan.lease_owner
    event = AuditEvent.objects.get(action="scan.lost")
    assert event.changes["worker"] == "dead-task on old-host pid 1"
    assert event.changes["status"] == "queued"


def test_a_scan_lost_too_often_fails_with_the_reason_and_the_next_one_runs(
    project: Project, django_capture_on_commit_callbacks: Any
) -> None:
    scan = left_running(project, seconds_ago=300, lost_before=2)
    with django_capture_on_commit_callbacks(execute=True):
        assert scan_sweep().failed == [scan.pk]
    scan.refresh_from_db()
    assert scan.status == ScanStatus.FAILED
    assert scan.error == LOST_ERROR.format(lost=3)
    assert "stopped without finishing" in scan.error
    with django_capture_on_commit_callbacks(execute=True):
        (nightly,) = scan_request(project=project, trigger="nightly")
    nightly.refresh_from_db()
    assert nightly.status == ScanStatus.SUCCEEDED


def test_a_lost_scan_never_blocks_the_next_request_even_without_a_sweep(
    project: Project, django_capture_on_commit_callbacks: Any
) -> None:
    scan = left_running(project, seconds_ago=300)
    with django_capture_on_commit_callbacks(execute=True):
        assert scan_request(project=project, trigger="nightly") == []  # the lost one runs
    scan.refresh_from_db()
    assert scan.status == ScanStatus.SUCCEEDED
    with django_capture_on_commit_callbacks(execute=True):
        (again,) = scan_request(project=project, trigger="on_demand")
    again.refresh_from_db()
    assert again.status == ScanStatus.SUCCEEDED


def test_a_scan_with_a_live_lease_is_left_to_its_worker(
    project: Project, django_capture_on_commit_callbacks: Any
) -> None:
    scan = left_running(project, seconds_ago=10)
    with django_capture_on_commit_callbacks(execute=True):
        assert scan_sweep().requeued == []
        assert scan_request(project=project, trigger="nightly") == []
    assert scan_execute(scan.pk, owner="another-task") is None  # a duplicate message
    scan.refresh_from_db()
    assert (scan.status, scan.attempts, scan.lost_attempts) == (ScanStatus.RUNNING, 1, 0)
    assert scan.lease_owner.startswith("dead-task ")


def test_a_task_delivered_again_after_its_worker_died_takes_its_own_lease_back(
    project: Project,
) -> None:
    scan = left_running(project, seconds_ago=10)
    finished = scan_execute(scan.pk, owner="dead-task")
    assert finished is not None
    assert (finished.status, finished.attempts, finished.lost_attempts) == ("succeeded", 2, 1)


def test_a_run_whose_lease_was_taken_over_stores_nothing(project: Project) -> None:
    scan = left_running(project, seconds_ago=10)
    Scan.objects.filter(pk=scan.pk).update(lease_owner="new-task on new-host pid 2")
    assert scanning._fail(scan, "The clone failed.") is None
    scan.refresh_from_db()
    assert (scan.status, scan.error) == (ScanStatus.RUNNING, "")


def test_a_queued_scan_whose_message_was_lost_is_sent_again(
    project: Project, django_capture_on_commit_callbacks: Any
) -> None:
    (scan,) = scan_request(project=project, trigger="nightly")  # the broker lost its message
    with django_capture_on_commit_callbacks(execute=True):
        assert scan_sweep().resent == []  # sent a moment ago: still waiting its turn
    Scan.objects.filter(pk=scan.pk).update(heartbeat_at=timezone.now() - timedelta(hours=2))
    with django_capture_on_commit_callbacks(execute=True):
        assert scan_sweep().resent == [scan.pk]
    scan.refresh_from_db()
    assert scan.status == ScanStatus.SUCCEEDED


@pytest.mark.django_db(transaction=True)
def test_the_lease_is_renewed_while_the_scan_runs(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_scan = scanning.scanner.scan
    beats = []

    def slow_scan(*args: Any, **kwargs: Any) -> Any:
        for _ in range(6):
            time.sleep(0.2)
            beats.append(Scan.objects.values_list("heartbeat_at", flat=True).get())
        return real_scan(*args, **kwargs)

    monkeypatch.setattr(scanning.scanner, "scan", slow_scan)
    with override_settings(OSU_SCAN_LEASE_SECONDS=0.4):
        scan = Scan.objects.create(
            project=project, repository=project.repositories.get(), trigger="on_demand"
        )
        scan_execute(scan.pk, owner="renewing-task")
    scan.refresh_from_db()
    assert scan.status == ScanStatus.SUCCEEDED
    assert len(set(beats)) >= 3, beats


def test_the_scheduler_sweeps_leases_with_a_registered_task() -> None:
    entry = app.conf.beat_schedule["catalog-scan-sweep"]
    assert entry["task"] in app.tasks
    assert entry["schedule"] <= 60
