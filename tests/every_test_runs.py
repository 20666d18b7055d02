"""No test is skipped where every test must run (CI, `make test`), and the tests that need
PostgreSQL are left by the SQLite run to the PostgreSQL run instead of being skipped there.

A plugin of its own (loaded by tests/conftest.py) so that its own test can load it alone."""

import os
from collections.abc import Iterator

import pytest


def _every_test_must_run() -> bool:
    """In CI (`CI=true`) and in `make test`, a skipped or expected-to-fail test is a failure."""
    flags = (os.environ.get("CI", ""), os.environ.get("OSU_REQUIRE_ALL_TESTS", ""))
    return any(flag.strip().lower() in {"1", "true", "yes"} for flag in flags)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked `postgresql` need the run's database to be PostgreSQL: the SQLite run of
    `make test` leaves them to the PostgreSQL run (deselected, never skipped)."""
    if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        return
    left = [item for item in items if item.get_closest_marker("postgresql") is not None]
    if left:
        config.hook.pytest_deselected(items=left)
        items[:] = [item for item in items if item.get_closest_marker("postgresql") is None]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if report.skipped and _every_test_must_run():
        why = getattr(report, "wasxfail", "") or str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"Every test must run in CI and in `make test`; this one did not: {why}"
