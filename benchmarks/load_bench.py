"""Load benchmark (#16): requests per second and latency of the public pages under concurrent
connections, with `osu run` serving (2 web processes and its 1 worker) while a scan runs.

    .venv/bin/python benchmarks/load_bench.py                            # SQLite and PostgreSQL
    .venv/bin/python benchmarks/load_bench.py --database sqlite --duration 5 --connections 16
    .venv/bin/python benchmarks/load_bench.py --postgres-url postgres://osunited@127.0.0.1:55432/x

For each database it starts `osu run --demo --processes 2` on a free loopback port with its own
folder under var/bench/load/<database> (PostgreSQL: a throw-away cluster of its own under /tmp
on a free port, or `--postgres-url`), registers this checkout as a second repository of the demo
project `field-survey`, and keeps one scan of it queued or running during the whole measurement
(a loop in `osu manage shell`; each scan a first one, without the per-file results of the last).
Then, for each page and each connection count, wrk
(Debian's `wrk`, which scripts/install-system-packages.sh installs: a C load generator that
costs the server's two cores far less than a Python one would) runs 1 s to warm up and
`--duration` seconds measured, on loopback only, anonymous GETs:

    /  /catalog/  /catalog/?q=water (a search)  /catalog/field-survey/  /dashboard/  /api/projects

It prints requests/s, p50/p95/p99 latency and errors (connection errors, timeouts and answers
other than 2xx/3xx), the goal (≥ 200 requests/s at 64 connections with p95 < 500 ms and 0
errors), whether a scan was running at the start and end of each measurement, and the machine's
load average before it started. A benchmark, not a test: it exits 0 when a goal is missed too.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, note, revision

PAGES = (
    "/",
    "/catalog/",
    "/catalog/?q=water",
    "/catalog/field-survey/",
    "/dashboard/",
    "/api/projects",
)
GOAL_RPS, GOAL_P95_MS, GOAL_CONNECTIONS = 200, 500, 64
OSU = Path(sys.executable).parent / "osu"
REPORT_LUA = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %f, "p50": %f, "p95": %f, "p99": %f, "errors": %d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3,
    latency:percentile(95) / 1e3, latency:percentile(99) / 1e3,
    e.connect + e.read + e.write + e.status + e.timeout))
end
"""
# Keeps one scan of this checkout queued or running until the stop file appears. Each scan is a
# first one (the per-file results are dropped before it), as of a newly registered repository:
# a rescan of unchanged files takes half a second, a first scan a core for about ten.
SCAN_LOOP = """
import pathlib, time
from osunited.catalog.models import Project, Repository, Scan
from osunited.catalog.scanning import scan_request
project = Project.objects.get(slug="field-survey")
Repository.objects.get_or_create(project=project, url={url!r})
stop, results = pathlib.Path({stop!r}), pathlib.Path({results!r})
while not stop.exists():
    if not project.scans.filter(status__in=["queued", "running"]).exists():
        for name in ("", "-wal", "-shm"):
            pathlib.Path(str(results) + name).unlink(missing_ok=True)
        scan_request(project=project, trigger="on_demand")
    time.sleep(1)
"""


@dataclass
class Figure:
    database: str
    page: str
    connections: int
    rps: float
    p50: float
    p95: float
    p99: float
    errors: int
    scanning: str

    @property
    def met(self) -> bool:
        return self.rps >= GOAL_RPS and self.p95 < GOAL_P95_MS and self.errors == 0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_port(port: int, process: subprocess.Popen[bytes], seconds: float = 300) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped (exit {process.returncode})")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.5)
    raise RuntimeError(f"nothing listens on port {port}")


def as_postgres(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.getuid() == 0 else command


@contextmanager
def private_postgres() -> Iterator[str]:
    """A throw-away PostgreSQL cluster on a free loopback port, as scripts/test-services.sh."""
    binaries = sorted(Path("/usr/lib/postgresql").glob("*/bin"))
    if not binaries:
        raise RuntimeError("PostgreSQL is not installed: run scripts/install-system-packages.sh")
    pg_bin, port = binaries[-1], free_port()
    folder = Path(tempfile.mkdtemp(prefix="osu-load-pg-"))
    if os.getuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    data = folder / "data"
    run = subprocess.run
    run(
        as_postgres([f"{pg_bin}/initdb", "-D", str(data), "-U", "osunited", "--auth=trust"]),
        check=True,
        capture_output=True,
    )
    options = f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={folder}"
    start = [f"{pg_bin}/pg_ctl", "-D", str(data), "-l", str(folder / "log"), "-w", "-o", options]
    run(as_postgres([*start, "start"]), check=True, capture_output=True)
    try:
        host = ["-h", "127.0.0.1", "-p", str(port), "-U", "osunited"]
        run(as_postgres([f"{pg_bin}/createdb", *host, "osunited"]), check=True)
        yield f"postgres://osunited@127.0.0.1:{port}/osunited"
    finally:
        stop = [f"{pg_bin}/pg_ctl", "-D", str(data), "-m", "fast", "-w", "stop"]
        run(as_postgres(stop), capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def server_environment(var_dir: Path, database_url: str | None) -> dict[str, str]:
    unset = {"DATABASE_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND", "DJANGO_SETTINGS_MODULE"}
    environment = {k: v for k, v in os.environ.items() if k not in unset}
    environment.update(
        OSU_VAR_DIR=str(var_dir), OSU_SCAN_LOCAL_ROOTS=f"{var_dir}/demo-repos,{ROOT}"
    )
    if database_url:
        environment["DATABASE_URL"] = database_url
    return environment


@contextmanager
def running_platform(database: str, database_url: str | None) -> Iterator[tuple[str, Path]]:
    var_dir = ROOT / "var" / "bench" / "load" / database
    shutil.rmtree(var_dir, ignore_errors=True)
    var_dir.mkdir(parents=True)
    port, log = free_port(), (var_dir / "server.log").open("wb")
    environment = server_environment(var_dir, database_url)
    command = [str(OSU), "run", "--demo", "--processes", "2", "--port", str(port)]
    note(f"{database}: starting osu run --demo --processes 2 (log: {var_dir / 'server.log'})")
    server = subprocess.Popen(command, env=environment, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
    try:
        wait_for_port(port, server)
        yield f"http://127.0.0.1:{port}", var_dir
    finally:
        server.terminate()
        server.wait(timeout=60)
        log.close()


@contextmanager
def scans_running(var_dir: Path, environment: dict[str, str]) -> Iterator[None]:
    stop = var_dir / "stop-scans"
    results = var_dir / "scan-cache" / "scan-cache.sqlite3"
    code = SCAN_LOOP.format(url=f"file://{ROOT}", stop=str(stop), results=str(results))
    loop = subprocess.Popen([str(OSU), "manage", "shell", "-c", code], env=environment)  # noqa: S603
    try:
        yield
    finally:
        stop.touch()
        loop.wait(timeout=60)


def scan_state(base: str) -> str:
    with urllib.request.urlopen(base + "/api/projects/field-survey/scans") as answer:  # noqa: S310
        scans = json.load(answer)
    states = {scan.get("status") for scan in scans}
    return "running" if "running" in states else "queued" if "queued" in states else "none"


def wait_for_a_running_scan(base: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while scan_state(base) != "running" and time.monotonic() < deadline:
        time.sleep(1)


def wrk(url: str, connections: int, seconds: int, script: Path) -> dict[str, float]:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s"]
    output = subprocess.run(  # noqa: S603
        [*command, "-s", str(script), url], capture_output=True, text=True, check=True
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def measure(database: str, base: str, args: argparse.Namespace, script: Path) -> list[Figure]:
    figures = []
    for page in PAGES:
        for connections in args.connections:
            wrk(base + page, connections, 1, script)  # warm-up: the first render, the cache
            before = scan_state(base)
            result = wrk(base + page, connections, args.duration, script)
            scanning = f"{before}/{scan_state(base)}"
            rps = result["requests"] / result["seconds"]
            p50, p95, p99 = result["p50"], result["p95"], result["p99"]
            figure = Figure(
                database, page, connections, rps, p50, p95, p99, int(result["errors"]), scanning
            )
            note(f"  {page} at {connections}: {rps:.0f} requests/s, p95 {p95:.0f} ms")
            figures.append(figure)
    return figures


def bench_database(database: str, args: argparse.Namespace, script: Path) -> list[Figure]:
    if database == "sqlite":
        return bench_platform(database, None, args, script)
    if args.postgres_url:
        return bench_platform(database, args.postgres_url, args, script)
    with private_postgres() as url:
        return bench_platform(database, url, args, script)


def bench_platform(
    database: str, url: str | None, args: argparse.Namespace, script: Path
) -> list[Figure]:
    with (
        running_platform(database, url) as (base, var_dir),
        scans_running(var_dir, server_environment(var_dir, url)),
    ):
        wait_for_a_running_scan(base)
        return measure(database, base, args, script)


def print_table(figures: list[Figure]) -> None:
    print(
        f"{'database':<9} {'page':<24} {'conn':>4} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} "
        f"{'p99 ms':>7} {'errors':>6}  scan      goal"
    )
    for f in figures:
        goal = ("met" if f.met else "MISSED") if f.connections == GOAL_CONNECTIONS else ""
        print(
            f"{f.database:<9} {f.page:<24} {f.connections:>4} {f.rps:>7.0f} {f.p50:>7.1f} "
            f"{f.p95:>7.1f} {f.p99:>7.1f} {f.errors:>6}  {f.scanning:<9} {goal}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--postgres-url", help="an empty database to use instead of a private one")
    parser.add_argument("--duration", type=int, default=10, help="seconds measured per run")
    parser.add_argument(
        "--connections", type=lambda text: [int(n) for n in text.split(",")], default=[16, 64]
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: run scripts/install-system-packages.sh")
    load = os.getloadavg()
    databases = ("sqlite", "postgres") if args.database == "both" else (args.database,)
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "report.lua"
        script.write_text(REPORT_LUA)
        figures = [f for database in databases for f in bench_database(database, args, script)]
    print(
        f"Load benchmark, commit {revision()}, {os.cpu_count()} CPUs, load average before "
        f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; 2 web processes (gunicorn gthread, 8 "
        f"threads each) and 1 worker; {args.duration} s per run; scan: state before/after"
    )
    print(
        f"Goal: ≥ {GOAL_RPS} requests/s at {GOAL_CONNECTIONS} connections, p95 < "
        f"{GOAL_P95_MS} ms, 0 errors, while a scan runs"
    )
    print_table(figures)


if __name__ == "__main__":
    main()
