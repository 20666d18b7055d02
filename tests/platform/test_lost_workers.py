"""Real worker processes killed (SIGKILL) mid-scan, and their broker restarted under them: the
scan is run again and finishes, or fails with its reason; nothing else is lost.

Each test starts worker processes on the test database (tests/platform/scan_worker.py), holds a
scan at its start, kills or restarts what the test is about, and watches the database.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import redis
from celery import Celery
from django.utils import timezone

from osunited.audit.models import AuditEvent
from osunited.catalog.models import Project, Scan, ScanStatus
from osunited.catalog.scanning import ACTIVE_STATUSES, LOST_ERROR
from tests.catalog.repos import commit, days_ago
from tests.factories import ProjectFactory
from tests.services import current_database_url, redis_url
from tests.settings import TEST_VAR_DIR

REPO = Path(__file__).resolve().parents[2]
LEASE_SECONDS = 2
pytestmark = pytest.mark.django_db(transaction=True)


@dataclass
class Workers:
    """Worker processes of one test, on its database, broker and scan gate."""

    folder: Path
    environment: dict[str, str]
    started: list[subprocess.Popen[bytes]] = field(default_factory=list)

    @property
    def gate(self) -> Path:
        return self.folder / "gate"

    def start(self, *command: str) -> subprocess.Popen[bytes]:
        """`embedded` or `celery ARGS` (tests/platform/scan_worker.py)."""
        return self._start(sys.executable, "-m", "tests.platform.scan_worker", *command)

    def start_beat(self) -> subprocess.Popen[bytes]:
        return self._start(str(Path(sys.executable).parent / "osu"), "beat")

    def _start(self, *command: str) -> subprocess.Popen[bytes]:
        with (self.folder / f"process-{len(self.started)}.log").open("wb") as log:
            process = subprocess.Popen(
                command,
                env=self.environment,
                cwd=REPO,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its pool processes are stopped with it at the end
            )
        self.started.append(process)
        return process

    def hold_scans(self) -> None:
        self.gate.touch()

    def release_scans(self) -> None:
        self.gate.unlink(missing_ok=True)

    def held_scan_pid(self) -> int:
        started = self.gate.with_suffix(".started")
        wait_for(started.exists, "a scan to start", self)
        return int(started.read_text())

    def logs(self) -> str:
        return "\n".join(
            f"--- {log.name}\n{log.read_text(errors='replace')[-3000:]}"
            for log in sorted(self.folder.glob("process-*.log"))
        )

    def stop_all(self) -> None:
        for process in self.started:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def wait_for(
    condition: Callable[[], object], what: str, workers: Workers, timeout: float = 90.0
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"Timed out waiting for {what}.\n{workers.logs()}")


def workers_for(tmp_path: Path, **environment: str) -> Iterator[Workers]:
    folder = tmp_path / "workers"
    (folder / "var" / "broker" / "queue").mkdir(parents=True)
    (folder / "var" / "broker" / "control").mkdir(parents=True)
    # The license index the suite built once, not one more per worker process (10 s each).
    (TEST_VAR_DIR / "scan-cache").mkdir(parents=True, exist_ok=True)
    (folder / "var" / "scan-cache").symlink_to(TEST_VAR_DIR / "scan-cache")
    workers = Workers(
        folder=folder,
        environment={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.worker_settings",
            "PYTHONPATH": str(REPO),
            "DATABASE_URL": current_database_url(),
            "OSU_VAR_DIR": str(folder / "var"),
            "OSU_SCAN_LOCAL_ROOTS": str(tmp_path),
            "OSU_SCAN_LEASE_SECONDS": str(LEASE_SECONDS),
            "OSU_SCAN_SWEEP_SECONDS": "1",
            "OSU_TEST_SCAN_GATE": str(folder / "gate"),
            **environment,
        },
    )
    try:
        yield workers
    finally:
        workers.stop_all()


def project_to_scan(tmp_path: Path, name: str) -> Project:
    repo = tmp_path / name
    commit(repo, {"README.md": f"# {name}\n"}, when=days_ago(2))
    return ProjectFactory(name=name, status="published", repositories=[f"file://{repo}"])


def queue_scan(project: Project, broker: Celery) -> Scan:
    """What a web node does: a queued scan row, then its task on the broker."""
    scan = Scan.objects.create(
        project=project,
        repository=project.repositories.get(),
        trigger="on_demand",
        heartbeat_at=timezone.now(),
    )
    broker.send_task("osunited.catalog.tasks.run_scan", args=[scan.pk])
    return scan


def status_of(scan: Scan) -> str:
    return Scan.objects.values_list("status", flat=True).get(pk=scan.pk)


def assert_finished_after_a_lost_attempt(scan: Scan) -> None:
    scan.refresh_from_db()
    assert scan.status == ScanStatus.SUCCEEDED, scan.error
    assert (scan.attempts, scan.lost_attempts) == (2, 1)
    assert scan.findings.exists()


# The embedded runner of `osu run` -----------------------------------------------------------


@pytest.fixture
def embedded(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Workers]:
    yield from workers_for(tmp_path, **getattr(request, "param", {}))


@pytest.fixture
def file_broker(embedded: Workers) -> Iterator[Celery]:
    queue = str(embedded.folder / "var" / "broker" / "queue")
    app = Celery(
        "test-client",
        broker="filesystem://",
        broker_transport_options={
            "data_folder_in": queue,
            "data_folder_out": queue,
            "control_folder": str(embedded.folder / "var" / "broker" / "control"),
        },
    )
    yield app
    app.close()


def test_a_scan_whose_embedded_runner_was_killed_runs_again_after_a_restart(
    tmp_path: Path, embedded: Workers, file_broker: Celery
) -> None:
    killed_project = project_to_scan(tmp_path, "killed")
    embedded.hold_scans()
    first_runner = embedded.start("embedded")
    scan = queue_scan(killed_project, file_broker)
    assert embedded.held_scan_pid() == first_runner.pid
    assert status_of(scan) == ScanStatus.RUNNING

    os.kill(first_runner.pid, signal.SIGKILL)
    first_runner.wait()
    embedded.release_scans()
    waiting = queue_scan(project_to_scan(tmp_path, "waiting"), file_broker)  # while it is down
    second_runner = embedded.start("embedded")

    wait_for(
        lambda: status_of(scan) == ScanStatus.SUCCEEDED, "the lost scan to run again", embedded
    )
    wait_for(lambda: status_of(waiting) == ScanStatus.SUCCEEDED, "the waiting scan", embedded)
    assert_finished_after_a_lost_attempt(scan)
    assert f"pid {second_runner.pid}" in Scan.objects.get(pk=scan.pk).lease_owner
    assert AuditEvent.objects.filter(action="scan.lost", object_id=str(killed_project.pk)).exists()


@pytest.mark.parametrize("embedded", [{"OSU_SCAN_LOST_REQUEUES": "0"}], indirect=True)
def test_a_scan_lost_more_often_than_allowed_fails_visibly_and_the_next_one_runs(
    tmp_path: Path, embedded: Workers, file_broker: Celery
) -> None:
    project = project_to_scan(tmp_path, "crashing")
    embedded.hold_scans()
    first_runner = embedded.start("embedded")
    scan = queue_scan(project, file_broker)
    embedded.held_scan_pid()
    os.kill(first_runner.pid, signal.SIGKILL)
    first_runner.wait()
    embedded.release_scans()
    embedded.start("embedded")

    wait_for(lambda: status_of(scan) == ScanStatus.FAILED, "the lost scan to fail", embedded)
    scan.refresh_from_db()
    assert scan.error == LOST_ERROR.format(lost=1)
    assert not project.scans.filter(status__in=ACTIVE_STATUSES).exists()  # nothing blocks
    following = queue_scan(project, file_broker)
    wait_for(lambda: status_of(following) == ScanStatus.SUCCEEDED, "the next scan", embedded)


# Celery workers on Redis --------------------------------------------------------------------


@pytest.fixture
def redis_broker_url() -> str:
    url = f"{redis_url()}/9"  # a database of its own: nothing else's tasks
    redis.Redis.from_url(url).flushdb()
    return url


@pytest.fixture
def celery_workers(tmp_path: Path, redis_broker_url: str) -> Iterator[Workers]:
    yield from workers_for(tmp_path, CELERY_BROKER_URL=redis_broker_url)


@pytest.fixture
def redis_broker(redis_broker_url: str) -> Iterator[Celery]:
    app = Celery("test-client", broker=redis_broker_url)
    yield app
    app.close()


SOLO = ("--pool=solo", "--without-mingle", "--without-gossip", "--without-heartbeat")


@pytest.mark.celery_worker
def test_a_scan_whose_pool_process_was_killed_is_delivered_again_and_finishes(
    tmp_path: Path, celery_workers: Workers, redis_broker: Celery
) -> None:
    celery_workers.hold_scans()
    worker = celery_workers.start("celery", "--pool=prefork", "--concurrency=1", *SOLO[1:])
    scan = queue_scan(project_to_scan(tmp_path, "tracker"), redis_broker)
    child = celery_workers.held_scan_pid()
    assert child != worker.pid

    os.kill(child, signal.SIGKILL)  # late acknowledgement: Redis keeps the task
    celery_workers.release_scans()

    wait_for(lambda: status_of(scan) == ScanStatus.SUCCEEDED, "the scan to finish", celery_workers)
    assert_finished_after_a_lost_attempt(scan)
    assert worker.poll() is None


@pytest.mark.celery_worker
def test_a_scan_whose_worker_was_killed_is_queued_again_by_the_sweep_and_finishes(
    tmp_path: Path, celery_workers: Workers, redis_broker: Celery
) -> None:
    celery_workers.hold_scans()
    first_worker = celery_workers.start("celery", *SOLO)
    scan = queue_scan(project_to_scan(tmp_path, "killed"), redis_broker)
    assert celery_workers.held_scan_pid() == first_worker.pid

    os.kill(first_worker.pid, signal.SIGKILL)  # its unacknowledged task waits 2 hours in Redis
    first_worker.wait()
    celery_workers.release_scans()
    waiting = queue_scan(project_to_scan(tmp_path, "waiting"), redis_broker)
    celery_workers.start_beat()
    celery_workers.start("celery", *SOLO)

    wait_for(lambda: status_of(scan) == ScanStatus.SUCCEEDED, "the lost scan", celery_workers)
    wait_for(lambda: status_of(waiting) == ScanStatus.SUCCEEDED, "the waiting scan", celery_workers)
    assert_finished_after_a_lost_attempt(scan)
