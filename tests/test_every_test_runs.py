"""Where every test must run (CI, `make test`), a skip or an expected failure fails the run, and
the SQLite run leaves the PostgreSQL-only tests to the PostgreSQL run instead of skipping them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLE = """
import pytest

def test_runs():
    pass

def test_skips():
    pytest.skip("no service here")

@pytest.mark.xfail(reason="known bug")
def test_expected_to_fail():
    assert False

@pytest.mark.postgresql
def test_needs_postgresql():
    pass

@pytest.mark.serial
def test_restarts_a_shared_service():
    pass

@pytest.fixture
def db():  # as pytest-django's, which alone opens the database
    yield

def test_opens_the_database(db):
    pass

@pytest.mark.same_on_every_database
def test_reads_the_same_on_every_database(db):
    pass
"""


def run_sample(tmp_path: Path, *options: str, **environment: str) -> str:
    (tmp_path / "test_sample.py").write_text(SAMPLE)
    markers = "\n    postgresql: PostgreSQL\n    serial: alone\n    same_on_every_database: once\n"
    (tmp_path / "pytest.ini").write_text(f"[pytest]\nmarkers ={markers}")
    env = {k: v for k, v in os.environ.items() if k not in {"CI", "OSU_REQUIRE_ALL_TESTS"}}
    # Only the plugins the sample needs: loading Django, Playwright and the rest would take most
    # of each run's time.
    env |= {"PYTHONPATH": str(REPO), "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1", **environment}
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-p",
        "xdist.plugin",
        "-p",
        "tests.every_test_runs",
        "-p",
        "no:cacheprovider",
    ]
    result = subprocess.run(
        [*command, "-rA", *options, str(tmp_path)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return result.stdout


@pytest.mark.parametrize("flag", [{"CI": "true"}, {"OSU_REQUIRE_ALL_TESTS": "1"}])
def test_in_ci_a_skip_or_an_xfail_fails_and_postgresql_tests_are_left_to_their_run(
    tmp_path: Path, flag: dict[str, str]
) -> None:
    summary = run_sample(tmp_path, DATABASE_URL="sqlite:///x.sqlite3", **flag)

    assert "FAILED test_sample.py::test_skips" in summary
    assert "FAILED test_sample.py::test_expected_to_fail" in summary
    assert "Every test must run in CI" in summary
    assert "PASSED test_sample.py::test_runs" in summary
    assert "test_needs_postgresql" not in summary
    assert "PASSED test_sample.py::test_reads_the_same_on_every_database" in summary
    assert "2 failed, 4 passed, 1 deselected" in summary


def test_in_parallel_workers_the_same_holds_and_serial_tests_are_left_to_their_own_run(
    tmp_path: Path,
) -> None:
    flag = {"OSU_REQUIRE_ALL_TESTS": "1"}
    summary = run_sample(tmp_path, "-n", "2", DATABASE_URL="sqlite:///x.sqlite3", **flag)

    assert "FAILED test_sample.py::test_skips" in summary
    assert "FAILED test_sample.py::test_expected_to_fail" in summary
    assert "Every test must run in CI" in summary
    assert "test_needs_postgresql" not in summary
    assert "test_restarts_a_shared_service" not in summary.split("short test summary")[1]
    assert "1 test(s) marked serial left out of this parallel run" in summary
    assert "2 failed, 3 passed, 2 deselected" in summary

    left = tmp_path / "serial-tests"
    run_sample(tmp_path, "-n", "2", "--serial-tests-to", str(left), DATABASE_URL="sqlite:///x")
    assert left.read_text() == "test_sample.py::test_restarts_a_shared_service\n"

    alone = run_sample(tmp_path, "--serial-only", DATABASE_URL="sqlite:///x.sqlite3", **flag)
    assert "PASSED test_sample.py::test_restarts_a_shared_service" in alone
    assert "1 passed, 6 deselected" in alone


def test_the_postgresql_run_runs_the_postgresql_tests(tmp_path: Path) -> None:
    summary = run_sample(tmp_path, CI="true", DATABASE_URL="postgres://db/x")

    assert "PASSED test_sample.py::test_needs_postgresql" in summary
    assert "deselected" not in summary


def test_the_second_run_runs_only_the_tests_that_open_the_database(tmp_path: Path) -> None:
    """...and not those that read the same on every database either."""
    summary = run_sample(tmp_path, "--database-tests-only", CI="true", DATABASE_URL="postgres://x")

    assert "PASSED test_sample.py::test_opens_the_database" in summary
    assert "test_reads_the_same_on_every_database" not in summary
    assert "1 passed, 6 deselected" in summary
    parallel = run_sample(
        tmp_path, "--database-tests-only", "-n", "2", CI="true", DATABASE_URL="postgres://x"
    )
    assert "5 test(s) that open no database left out" in parallel
    assert "1 test(s) marked same_on_every_database left out" in parallel
    assert "1 passed, 6 deselected" in parallel


def test_outside_ci_a_skip_stays_a_skip(tmp_path: Path) -> None:
    summary = run_sample(tmp_path, DATABASE_URL="sqlite:///x.sqlite3")

    assert "SKIPPED" in summary
    assert "XFAIL" in summary
    assert "4 passed, 1 skipped, 1 deselected, 1 xfailed" in summary
