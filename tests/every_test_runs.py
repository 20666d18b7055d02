"""No test is skipped where every test must run (CI, `make test`), and the tests that need
PostgreSQL are left by the SQLite run to the PostgreSQL run instead of being skipped there.

In a parallel run (pytest-xdist, `-n`) the tests marked `serial` (they restart a service every
test shares) are left out, counted, and run afterwards on their own with `--serial-only`.

`make test` runs the suite on SQLite, then again on PostgreSQL with `--database-tests-only`: a
test that opens no database (it asks for none of pytest-django's database fixtures, which alone
unblock it; the commands a test starts get an environment of their own) answers the same on
both, and runs once; so does a test marked `same_on_every_database`, which opens one but checks
what reads the same on every database.

A plugin of its own (loaded by tests/conftest.py) so that its own test can load it alone."""

import os
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

_DESELECTED = "osu_deselected"  # the node ids a worker left out, sent to the controller


def _every_test_must_run() -> bool:
    """In CI (`CI=true`) and in `make test`, a skipped or expected-to-fail test is a failure."""
    flags = (os.environ.get("CI", ""), os.environ.get("OSU_REQUIRE_ALL_TESTS", ""))
    return any(flag.strip().lower() in {"1", "true", "yes"} for flag in flags)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--serial-only",
        action="store_true",
        help="run only the tests marked serial, which a parallel (-n) run leaves out",
    )
    parser.addoption(
        "--database-tests-only",
        action="store_true",
        help="run only the tests that open the database (a run on another database ran the rest)",
    )
    parser.addoption(
        "--serial-tests-to",
        metavar="FILE",
        help="write the node ids of the serial tests a parallel run left out to FILE, one a line",
    )


# pytest-django's fixtures that unblock the database; a test without one of them cannot open it.
_DATABASE_FIXTURES = frozenset(
    {
        "db",
        "transactional_db",
        "live_server",
        "django_db_setup",
        "django_db_reset_sequences",
        "django_db_serialized_rollback",
    }
)


def opens_the_database(item: pytest.Item) -> bool:
    fixtures = set(getattr(item, "fixturenames", ()))
    return item.get_closest_marker("django_db") is not None or bool(fixtures & _DATABASE_FIXTURES)


def _is_worker(config: pytest.Config) -> bool:
    return hasattr(config, "workerinput")


def _why_left_out(config: pytest.Config, item: pytest.Item) -> str | None:
    on_postgresql = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
    if not on_postgresql and item.get_closest_marker("postgresql") is not None:
        return "postgresql"
    if config.getoption("database_tests_only"):
        if not opens_the_database(item):
            return "opens no database"
        if item.get_closest_marker("same_on_every_database"):
            return "same on every database"
    serial = item.get_closest_marker("serial") is not None
    if config.getoption("serial_only"):
        return None if serial else "not serial"
    return "serial" if serial and _is_worker(config) else None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked `postgresql` need the run's database to be PostgreSQL: the SQLite run of
    `make test` leaves them to the PostgreSQL run (deselected, never skipped). A worker of a
    parallel run leaves the `serial` tests to the serial run, and `--serial-only` the others."""
    why = {item.nodeid: _why_left_out(config, item) for item in items}
    left = [item for item in items if why[item.nodeid]]
    if left:
        config.hook.pytest_deselected(items=left)
        items[:] = [item for item in items if not why[item.nodeid]]
    if _is_worker(config):  # the controller collects nothing: it counts what the workers left
        output = config.workeroutput  # type: ignore[attr-defined]
        output[_DESELECTED] = {item.nodeid: why[item.nodeid] for item in left}


@dataclass(frozen=True)
class _LeftOut:
    """A test the workers deselected, as the controller counts it (other plugins read the
    counted items' attributes, so not a bare node id)."""

    nodeid: str
    why: str


class _Controller:
    """Counts, once, the tests the workers of a parallel run left out (each collects them all)."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.left: dict[str, str] = {}

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node: object, error: object) -> None:
        output = getattr(node, "workeroutput", None) or {}
        new = {k: v for k, v in output.get(_DESELECTED, {}).items() if k not in self.left}
        self.left.update(new)
        if new:
            self.config.hook.pytest_deselected(items=[_LeftOut(*pair) for pair in new.items()])

    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        no_database = sum(why == "opens no database" for why in self.left.values())
        if no_database:
            terminalreporter.write_line(
                f"{no_database} test(s) that open no database left out (--database-tests-only): "
                "the run on the other database ran them."
            )
        same = sum(why == "same on every database" for why in self.left.values())
        if same:
            terminalreporter.write_line(
                f"{same} test(s) marked same_on_every_database left out "
                "(--database-tests-only): the run on the other database ran them."
            )
        serial = sorted(nodeid for nodeid, why in self.left.items() if why == "serial")
        if path := self.config.getoption("serial_tests_to"):
            with open(path, "w", encoding="utf-8") as ids:
                ids.writelines(f"{nodeid}\n" for nodeid in serial)
        if serial:
            terminalreporter.write_line(
                f"{len(serial)} test(s) marked serial left out of this parallel run: "
                "run them on their own with --serial-only (scripts/test.sh does)."
            )


def pytest_configure(config: pytest.Config) -> None:
    # "xdist" when loaded by its entry point, "xdist.plugin" when named with -p.
    xdist = any(config.pluginmanager.hasplugin(name) for name in ("xdist", "xdist.plugin"))
    if not _is_worker(config) and xdist:
        config.pluginmanager.register(_Controller(config), "osu-every-test-runs-controller")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if report.skipped and _every_test_must_run():
        why = getattr(report, "wasxfail", "") or str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"Every test must run in CI and in `make test`; this one did not: {why}"
