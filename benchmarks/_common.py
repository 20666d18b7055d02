"""What every benchmark script shares: which commit it measured, progress notes, and for those
that run Django, a database of their own and the timing of an action."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def revision() -> str:
    """The commit measured, flagged when src/ has uncommitted changes or the engine imported is
    not this checkout's src/."""
    import osunited

    def git(*args: str) -> str:
        command = ["git", "-C", str(ROOT), *args]
        return subprocess.run(command, capture_output=True, text=True).stdout.strip()  # noqa: S603

    try:
        head, dirty = git("rev-parse", "--short", "HEAD"), git("status", "--porcelain", "src")
    except OSError:
        return "unknown"
    source = Path(osunited.__file__).resolve().parents[1]
    if source != ROOT / "src":
        return f"{head}, engine imported from {source}"
    return head + (" + uncommitted src/ changes" if dirty else "")


def note(message: str) -> None:
    """A progress line, on standard error so that --json output stays clean."""
    print(message, file=sys.stderr, flush=True)


def configure_django(bench: Path, database_url: str = "") -> str:
    """Settings for a database of the benchmark's own, before Django starts: `database_url`, or
    a SQLite file under `bench` made afresh. Returns the database's URL."""
    bench.mkdir(parents=True, exist_ok=True)
    (bench / "static").mkdir(exist_ok=True)
    url = database_url
    if not url:
        for leftover in bench.glob("osunited.sqlite3*"):
            leftover.unlink()
        url = f"sqlite:///{bench / 'osunited.sqlite3'}"
    os.environ.update(
        DJANGO_SETTINGS_MODULE="osunited.platform.settings",
        OSU_VAR_DIR=str(bench),
        OSU_HTTPS="0",
        OSU_COMPRESS_STATIC="0",
        OSU_ALLOWED_HOSTS="testserver,localhost,127.0.0.1",
        DATABASE_URL=url,
    )
    sys.path.insert(0, str(ROOT / "src"))
    return url


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered)) - 1))]


def queries_of(action: Callable[[], Any]) -> int:
    """The queries one run makes (counted as they execute: a request resets Django's log)."""
    from django.db import connection

    executed: list[str] = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        action()
    return len(executed)


def timed(actions: Sequence[Callable[[], Any]], runs: int, warmup: int = 10) -> dict[str, Any]:
    """`runs` timed runs after `warmup` untimed ones, each taking the next of `actions` in turn;
    the queries counted are those of the first action."""
    for n in range(warmup):
        actions[n % len(actions)]()
    queries = queries_of(actions[0])
    ms = []
    for n in range(runs):
        started = time.perf_counter()
        actions[n % len(actions)]()
        ms.append((time.perf_counter() - started) * 1000)
    return {
        "runs": runs,
        "p50_ms": statistics.median(ms),
        "p95_ms": percentile(ms, 0.95),
        "max_ms": max(ms),
        "queries": queries,
    }
