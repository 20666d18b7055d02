"""Real worker processes killed (SIGKILL) mid-scan, and their broker restarted under them: the
scan is run again and finishes, or fails with its reason; nothing else is lost.

Each test starts worker processes on the test database (tests/platform/scan_worker.py), holds a
scan at its start, kills or restarts what the test is about, and watches the database.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import redis
from celery import Celery
from django.db import connection
from django.utils import timezone

from osunited.audit.models import AuditEvent
from osunited.catalog.models import Project, Scan, ScanStatus
from osunited.catalog.scan_queue import LOST_ERROR
from osunited.catalog.scanning import ACTIVE_STATUSES
from osunited.scanner import ScanLimits
from tests.catalog.repos import commit, days_ago
from tests.factories import ProjectFactory
from tests.services import current_database_url, redis_url, required_environment

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
            # OSU_LICENSE_INDEX_DIR (tests/conftest.py) comes along: the run's one license index.
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
        set_as_current=False,  # the suite's own app stays the one that runs tasks eagerly
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
    url = redis_url(1)  # a database of its own: nothing else's tasks
    redis.Redis.from_url(url).flushdb()
    return url


@pytest.fixture
def celery_workers(tmp_path: Path, redis_broker_url: str) -> Iterator[Workers]:
    yield from workers_for(tmp_path, CELERY_BROKER_URL=redis_broker_url)


@pytest.fixture
def redis_broker(redis_broker_url: str) -> Iterator[Celery]:
    app = Celery("test-client", broker=redis_broker_url, set_as_current=False)
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


# Restarts of the broker and of the database under a running worker ---------------------------


@dataclass
class PrivateRedis:
    """A Redis server of the test's own, persistent like production's (appendonly)."""

    folder: Path
    port: int

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        options = {
            "bind": "127.0.0.1",
            "port": str(self.port),
            "daemonize": "yes",
            "dir": str(self.folder),
            "appendonly": "yes",
            "save": "",
            "pidfile": str(self.folder / "redis.pid"),
            "logfile": str(self.folder / "redis.log"),
        }
        arguments = [part for name, value in options.items() for part in (f"--{name}", value)]
        subprocess.run(["redis-server", *arguments], check=True, stdout=subprocess.DEVNULL)
        client = redis.Redis(port=self.port)
        wait_until(lambda: self._answers(client), "Redis to start")

    def stop(self) -> None:
        pid = int((self.folder / "redis.pid").read_text())
        redis.Redis(port=self.port).shutdown()  # writes the append-only file
        wait_until(lambda: not Path(f"/proc/{pid}").exists(), "Redis to stop")

    @staticmethod
    def _answers(client: redis.Redis) -> bool:
        try:
            return bool(client.ping())
        except redis.ConnectionError:
            return False


def wait_until(condition: Callable[[], object], what: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"Timed out waiting for {what}."
        time.sleep(0.05)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def private_redis(tmp_path: Path) -> Iterator[PrivateRedis]:
    folder = tmp_path / "redis"
    folder.mkdir()
    server = PrivateRedis(folder=folder, port=free_port())
    server.start()
    yield server
    with contextlib.suppress(redis.ConnectionError):
        server.stop()


@pytest.fixture
def workers_on_private_redis(tmp_path: Path, private_redis: PrivateRedis) -> Iterator[Workers]:
    yield from workers_for(tmp_path, CELERY_BROKER_URL=private_redis.url)


@pytest.fixture
def private_broker(private_redis: PrivateRedis) -> Iterator[Celery]:
    app = Celery("test-client", broker=private_redis.url, set_as_current=False)
    yield app
    app.close()


@pytest.mark.celery_worker
def test_a_worker_survives_a_redis_restart_and_loses_no_scan(
    tmp_path: Path,
    private_redis: PrivateRedis,
    workers_on_private_redis: Workers,
    private_broker: Celery,
) -> None:
    workers = workers_on_private_redis
    workers.hold_scans()
    worker = workers.start("celery", *SOLO)
    running = queue_scan(project_to_scan(tmp_path, "running"), private_broker)
    workers.held_scan_pid()
    waiting = queue_scan(project_to_scan(tmp_path, "waiting"), private_broker)

    private_redis.stop()
    private_redis.start()
    workers.release_scans()

    wait_for(lambda: status_of(running) == ScanStatus.SUCCEEDED, "the running scan", workers)
    wait_for(lambda: status_of(waiting) == ScanStatus.SUCCEEDED, "the waiting scan", workers)
    after = queue_scan(project_to_scan(tmp_path, "after"), private_broker)
    wait_for(lambda: status_of(after) == ScanStatus.SUCCEEDED, "a scan sent after", workers)
    assert worker.poll() is None
    assert Scan.objects.get(pk=running.pk).attempts == 1


@pytest.mark.celery_worker
@pytest.mark.postgresql  # it restarts PostgreSQL,
@pytest.mark.serial  # which every worker of a parallel run uses
def test_a_worker_survives_a_postgresql_restart_mid_scan(
    tmp_path: Path, celery_workers: Workers, redis_broker: Celery
) -> None:
    celery_workers.hold_scans()
    worker = celery_workers.start("celery", *SOLO)
    scan = queue_scan(project_to_scan(tmp_path, "tracker"), redis_broker)
    celery_workers.held_scan_pid()

    restart_postgresql()
    connection.close()  # this process's connection went with the server
    celery_workers.release_scans()

    wait_for(lambda: status_of(scan) == ScanStatus.SUCCEEDED, "the scan", celery_workers)
    assert Scan.objects.get(pk=scan.pk).attempts == 1  # reconnected, not retried
    after = queue_scan(project_to_scan(tmp_path, "after"), redis_broker)
    wait_for(lambda: status_of(after) == ScanStatus.SUCCEEDED, "a scan sent after", celery_workers)
    assert worker.poll() is None


def restart_postgresql() -> None:
    """The test server of scripts/test-services.sh, restarted (`pg_ctl restart -m fast`)."""
    data = required_environment("OSU_TEST_POSTGRES_DATA", "the restart test restarts PostgreSQL")
    pg_ctl = str(Path(os.environ.get("OSU_TEST_PG_BIN", "")) / "pg_ctl")
    command = [pg_ctl, "-D", data, "-l", f"{data}/restart.log", "-w", "-m", "fast", "restart"]
    if os.geteuid() == 0:  # as scripts/test-services.sh runs it
        command = ["runuser", "-u", "postgres", "--", *command]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)


def test_redis_hands_a_task_to_another_worker_only_after_the_longest_scan() -> None:
    shown = (
        "from django.conf import settings as s; "
        "print(s.CELERY_BROKER_TRANSPORT_OPTIONS['visibility_timeout'], "
        "s.CELERY_TASK_ACKS_LATE, s.CELERY_TASK_REJECT_ON_WORKER_LOST)"
    )
    environment = {**os.environ, "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0"}
    environment["DJANGO_SETTINGS_MODULE"] = "osunited.platform.settings"
    settings_of_a_redis_worker = subprocess.run(
        [sys.executable, "-c", shown],
        env=environment,
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    visibility, acks_late, reject_on_worker_lost = settings_of_a_redis_worker
    limits = ScanLimits()
    assert int(visibility) > limits.timeout_seconds + limits.clone_timeout_seconds
    assert (acks_late, reject_on_worker_lost) == ("True", "True")
