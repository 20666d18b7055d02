"""A task round trip through Redis to a separate `osu worker` process, on the test database."""

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from celery import Celery

from osunited.platform.models import Heartbeat
from tests.services import current_database_url, redis_url

REPO = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker_process(transactional_db: None) -> Iterator[subprocess.Popen[bytes]]:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "PYTHONPATH": str(REPO),
        "DATABASE_URL": current_database_url(),
        "CELERY_BROKER_URL": redis_url(),
        "CELERY_RESULT_BACKEND": redis_url(),
    }
    osu = Path(sys.executable).parent / "osu"
    process = subprocess.Popen(
        [
            str(osu),
            "worker",
            "--concurrency=1",
            "--pool=solo",
            "--without-mingle",
            "--without-gossip",
        ],
        env=environment,
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    yield process
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    assert process.stdout is not None
    process.stdout.close()


@pytest.fixture
def client_app() -> Iterator[Celery]:
    # Not the current app: the suite's own goes on running tasks eagerly in later tests.
    app = Celery("test-client", broker=redis_url(), backend=redis_url(), set_as_current=False)
    yield app
    app.close()


def test_a_task_sent_through_redis_runs_in_the_worker_and_writes_the_database(
    worker_process: subprocess.Popen[bytes], client_app: Celery
) -> None:
    assert not Heartbeat.objects.exists()
    result = client_app.send_task("osunited.platform.tasks.record_heartbeat")
    returned = result.get(timeout=60)
    heartbeat = Heartbeat.objects.get(name="worker")
    assert returned == heartbeat.beat_at.isoformat()
    assert worker_process.poll() is None, "the worker process must still be running"


def test_a_retried_heartbeat_task_does_no_harm(
    worker_process: subprocess.Popen[bytes], client_app: Celery
) -> None:
    first = client_app.send_task("osunited.platform.tasks.record_heartbeat").get(timeout=60)
    second = client_app.send_task("osunited.platform.tasks.record_heartbeat").get(timeout=60)
    assert Heartbeat.objects.filter(name="worker").count() == 1
    assert second >= first
