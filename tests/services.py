"""Access to the real services `make test` starts: Redis, Chromium, and the test database URL."""

import os
import time
from pathlib import Path

from django.db import connection


def required_environment(name: str, purpose: str) -> str:
    value = os.environ.get(name, "")
    if not value:
        raise RuntimeError(
            f"{name} is not set: {purpose}. Run `make test`, which starts the services, "
            f'or deselect with -m "not celery_worker and not browser".'
        )
    return value


# Redis databases per test process: each worker of a parallel run (gw0, gw1, ...) has its own
# block (0: test_celery_worker, 1: test_lost_workers, 2 and 3: test_production_layout).
REDIS_DATABASES_PER_WORKER = 4


def redis_url(database: int = 0) -> str:
    """The test Redis, on database `database` of this test process's own block of them, so that
    two workers of a parallel run never take each other's tasks."""
    assert 0 <= database < REDIS_DATABASES_PER_WORKER
    server = required_environment("OSU_TEST_REDIS_URL", "the Celery tests need a Redis server")
    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))
    return f"{server.rstrip('/')}/{worker * REDIS_DATABASES_PER_WORKER + database}"


def chromium_path() -> str:
    path = os.environ.get("OSU_TEST_CHROMIUM", "/usr/bin/chromium")
    if not Path(path).exists():
        raise RuntimeError(f"No Chromium at {path}: run `make test`, which installs it.")
    return path


def current_database_url() -> str:
    """The URL of the database the tests are using now, for another process to open."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    credentials = settings["USER"] + (f":{settings['PASSWORD']}" if settings["PASSWORD"] else "")
    return f"postgres://{credentials}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"


def wait_until_other_sessions_leave(seconds: float = 10) -> None:
    """After stopping a process that used the test database: PostgreSQL ends its sessions a moment
    after the process is gone, and the test database cannot be dropped while one is left."""
    if connection.vendor != "postgresql":
        return
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            (others,) = cursor.fetchone()
        if not others:
            return
        time.sleep(0.1)
    raise AssertionError(f"{others} session(s) still open on the test database")
