"""Dashboard benchmark (#7): the monitoring pages with 100,000 projects, 1,000,000 findings, 200
entities and two years of daily snapshots, on SQLite and on PostgreSQL.

    .venv/bin/python benchmarks/dashboard_bench.py                   # both databases, full size
    .venv/bin/python benchmarks/dashboard_bench.py --database sqlite --projects 5000 \
        --findings 50000 --entities 50
    .venv/bin/python benchmarks/dashboard_bench.py --keep --requests 500 --json  # a filled database

It reuses catalog_bench.py: its preparation of each database (under var/bench/dashboard/<db>, and
a PostgreSQL database `osunited_dashboard_bench` on the server of OSU_TEST_POSTGRES_URL, from
`eval "$(bash scripts/test-services.sh start)"`, or `--postgres-url`), its `--keep` markers, its
fill, timing and percentiles. One subprocess per database fills and measures.

The fill is the catalog benchmark's (projects with names, licenses, languages, SDGs, workflow
events; findings spread over the scans with a long tail) with these differences:

- `--entities` entities (200), the projects spread over them with a long tail (the largest has
  about a tenth of them), 70% with a published self-assessment (stages 0 to 4; G2 rated full
  from stage 2), 60% with a liaison, 30 OSSIB members, one of them represented by the benchmark's
  OSSIB member (with a 2FA exception: the test client signs in without a second factor);
- 12% of the public projects never scanned; every scan has the `facts` monitoring counts
  (vulnerabilities by severity, security policy, OSI approval, contributors and commits of 90
  days, bus factor, organisations; a few without a vulnerability database or git history).

Then, at every run (with `--keep` too): the snapshots are emptied, one real `snapshot_take()` (the
hourly Celery job: today, from the live state) is timed, and so is one day taken from history (one
day of `dashboard_backfill`). The 729 days before today are not backfilled (730 takes from history
would take hours): each is today's snapshot of each scope with its counts scaled down linearly
into the past (two years ago: half), bulk-inserted. Then, through Django's test client, 200
requests each (`--requests`) after 20 to warm up, each response checked (status 200, the scope's
title, the number of points of a trend, the rows of the CSV and JSON):

- `/dashboard/` (period 1y), `/dashboard/?period=2y`, `/dashboard/?sdg=4&period=2y`, anonymous;
- `/dashboard/entities/<the entity with the most projects>/?period=2y`, anonymous;
- `/dashboard/ossib/`, as an OSSIB member;
- `/dashboard/data/projects.csv?period=2y` and `/dashboard/data/projects_by_license.json`.

Goal: p95 under 300 ms for each page, on each database. A benchmark, not a test: the exit status
is 0 when a goal is missed too (the table says MISSED).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import catalog_bench as catalog
from _common import note, revision
from catalog_bench import PUBLIC, WARMUP, ok, postgres_admin, postgres_urls, prepare, timed

ROOT = Path(__file__).resolve().parents[1]
P95_GOAL_MS = 300.0
HISTORY_DAYS = 730  # today's real snapshot and 729 synthesised days before it
OLDEST_SHARE = 0.5  # two years ago, the counts were this share of today's
UNSCANNED = 0.12  # share of the public projects never scanned
OSSIB_MEMBERS = 30
OSSIB_EMAIL = "ossib@bench.example"
# What the fill does beyond catalog_bench's; a new value means a new fill under --keep.
FILL_VERSION = 1

# catalog_bench's prepare() and postgres_urls() read these module globals: the dashboard's
# databases are its own, so that neither benchmark drops the other's.
catalog.BENCH = BENCH = ROOT / "var" / "bench" / "dashboard"
catalog.BENCH_DATABASE = "osunited_dashboard_bench"

PAGES = {  # key: (label, who)
    "dashboard_1y": ("/dashboard/ (1y)", "anonymous"),
    "dashboard_2y": ("/dashboard/?period=2y", "anonymous"),
    "sdg_2y": ("/dashboard/?sdg=4&period=2y", "anonymous"),
    "entity_2y": ("/dashboard/entities/<largest>/?period=2y", "anonymous"),
    "ossib": ("/dashboard/ossib/ (OSSIB member)", "ossib"),
    "projects_csv": ("/dashboard/data/projects.csv?period=2y", "anonymous"),
    "license_json": ("/dashboard/data/projects_by_license.json", "anonymous"),
}


# --- The parent: one subprocess per database -----------------------------------------------


def marker_for(args: argparse.Namespace) -> dict[str, Any]:
    return catalog.marker_for(args) | {"entities": args.entities, "dashboard_fill": FILL_VERSION}


def run_worker(database: str, args: argparse.Namespace) -> dict[str, Any]:
    marker = BENCH / database / "marker.json"
    if marker.is_file():  # catalog_bench's check does not know the dashboard's own sizes
        kept = json.loads(marker.read_text())
        if any(kept.get(key) != value for key, value in marker_for(args).items()
               if key in ("entities", "dashboard_fill")):  # fmt: skip
            marker.unlink()
    env, fill = prepare(database, args)
    command = [sys.executable, __file__, "--worker", database, "--projects", str(args.projects),
               "--findings", str(args.findings), "--entities", str(args.entities),
               "--seed", str(args.seed), "--requests", str(args.requests)]  # fmt: skip
    if fill:
        command.append("--fill")
    note(f"{database}: {'filling' if fill else 'reusing'} {BENCH / database}")
    done = subprocess.run(command, env=env, stdout=subprocess.PIPE, text=True)  # noqa: S603
    if done.returncode != 0:
        sys.exit(f"the {database} worker failed (exit {done.returncode}); its messages are above")
    figures: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    marker.write_text(json.dumps(marker_for(args)))
    return figures


# --- The worker: fill -------------------------------------------------------------------------


class DashboardFiller(catalog.Filler):
    """catalog_bench's fill with more entities, a long tail of projects per entity, unscanned
    projects, the scans' monitoring facts, assessments, liaisons and OSSIB members."""

    def __init__(self, projects: int, findings: int, seed: int, entities: int) -> None:
        super().__init__(projects, findings, seed)
        self.entity_count = entities
        self.facts_rng = random.Random(seed + 7)  # noqa: S311 - reproducible test data

    def fill(self) -> dict[str, int]:
        counts = super().fill()
        self.make_governance()
        return counts

    def make_entities(self) -> list[Any]:
        from osunited.entities.models import Entity, EntityKind

        kinds = list(EntityKind.values)
        acronyms = [*catalog.ENTITIES, *(f"BE{n:03d}" for n in range(len(catalog.ENTITIES), 1000))]
        Entity.objects.bulk_create(
            Entity(
                name=f"{acronym} (benchmark entity {number})", acronym=acronym,
                slug=acronym.lower(), kind=kinds[number % len(kinds)],
                website=f"https://www.{acronym.lower()}.example",
            )
            for number, acronym in enumerate(acronyms[: self.entity_count])
        )  # fmt: skip
        self.counts["entities"] = self.entity_count
        return list(Entity.objects.order_by("pk"))

    def plan_projects(self) -> list[dict[str, Any]]:
        plans = super().plan_projects()
        rng = self.facts_rng
        weights = [1 / (rank + 1) ** 0.8 for rank in range(len(self.entities))]
        for plan in plans:
            plan["entity"] = rng.choices(self.entities, weights)[0]
            if plan["status"] in PUBLIC and rng.random() < UNSCANNED:
                plan["scans"] = []
        return plans

    def scan_row(
        self, plan: dict[str, Any], scan_id: int, number: int, first: int, size: int
    ) -> tuple[tuple[Any, ...], str]:
        row, reading = super().scan_row(plan, scan_id, number, first, size)
        return (*row[:-1], json.dumps(self.facts())), reading  # the monitoring facts, last

    def facts(self) -> dict[str, Any]:
        """What catalog.scanning.facts_of keeps of a report; a figure not measured is left out."""
        rng, facts = self.facts_rng, {}
        if rng.random() < 0.85:  # the scan had a vulnerability database
            facts["vulnerabilities"] = {
                "critical": int(rng.random() < 0.05), "high": int(rng.expovariate(1.5)),
                "medium": int(rng.expovariate(0.6)), "low": int(rng.expovariate(0.8)),
                "unknown": int(rng.random() < 0.1),
            }  # fmt: skip
        facts["security_policy"] = rng.random() < 0.45
        facts["osi_approved"] = rng.random() < 0.9
        if rng.random() < 0.9:  # a git history
            contributors = min(40, int(rng.paretovariate(1.2)))
            facts |= {
                "contributors_90d": contributors,
                "commits_90d": contributors * rng.randint(0, 30),
                "bus_factor": max(1, min(contributors, int(rng.paretovariate(1.5)))),
                "organisations": max(1, min(contributors, int(rng.paretovariate(2.0)))),
            }
        return facts

    def make_governance(self) -> None:
        """Assessments, liaisons and OSSIB members, and the benchmark's OSSIB member."""
        from osunited.accounts.models import StaffSource, User
        from osunited.assessments.models import Answer, Assessment
        from osunited.entities.models import Entity

        rng = self.facts_rng
        assessed = rng.sample(self.entities, round(len(self.entities) * 0.7))
        Assessment.objects.bulk_create(
            Assessment(
                entity=entity, framework_id="cpf-rc1", status="submitted",
                visibility="published", created_by_id=self.users[entity.pk][0],
                submitted_at=self.now - timedelta(days=rng.randint(5, 700)),
                stage=rng.choice((0, 1, 1, 2, 2, 3, 4)),
            )
            for entity in assessed
        )  # fmt: skip
        made = list(Assessment.objects.order_by("pk"))
        Answer.objects.bulk_create(
            Answer(assessment=a, item_id="G2", rating="full" if a.stage >= 2 else "partial")
            for a in made
        )
        self.counts["assessments"] = len(made)
        member = User.objects.create_user(
            OSSIB_EMAIL, None, display_name="Benchmark OSSIB member", entity=self.entities[0],
            staff_source=StaffSource.EMAIL_DOMAIN,
        )  # fmt: skip
        members = set(rng.sample(range(len(self.entities)), min(OSSIB_MEMBERS, len(self.entities))))
        members.add(0)
        for number, entity in enumerate(self.entities):
            if rng.random() < 0.6:
                entity.liaison_id = self.users[entity.pk][0]
            if number in members:
                entity.ossib_status = "member"
                entity.ossib_member_since = (self.now - timedelta(days=rng.randint(0, 900))).date()
                entity.ossib_representative_id = (
                    member.pk if number == 0 else self.users[entity.pk][-1]
                )
        fields = ["liaison", "ossib_status", "ossib_member_since", "ossib_representative"]
        Entity.objects.bulk_update(self.entities, fields)
        self.counts["ossib_members"] = len(members)


# --- The worker: snapshots --------------------------------------------------------------------


def take_snapshots(figures: dict[str, Any]) -> None:
    """Time one real snapshot_take() and one day from history, then synthesise the past days."""
    from django.db import connection
    from django.utils import timezone

    from osunited.dashboard.models import MetricSnapshot
    from osunited.dashboard.services import snapshot_take

    MetricSnapshot.objects.all().delete()
    note("  snapshot_take() of today (the hourly job)")
    started = time.perf_counter()
    scopes = snapshot_take()
    figures["snapshot_seconds"] = time.perf_counter() - started
    figures["snapshot_scopes"] = scopes
    note(f"  {scopes} scopes in {figures['snapshot_seconds']:.1f} s; again, replacing today's")
    started = time.perf_counter()
    snapshot_take()
    figures["snapshot_again_seconds"] = time.perf_counter() - started
    today = timezone.localdate()
    note("  snapshot_take(yesterday): one day of the backfill, from history")
    started = time.perf_counter()
    snapshot_take(today - timedelta(days=1))
    figures["backfill_day_seconds"] = time.perf_counter() - started
    MetricSnapshot.objects.filter(day__lt=today).delete()

    note(f"  synthesising the {HISTORY_DAYS - 1} days before today")
    started = time.perf_counter()
    latest = list(
        MetricSnapshot.objects.filter(day=today).values_list("scope", "values", "taken_at")
    )
    rows = (
        (day.isoformat(), scope, json.dumps(past_values(values, back, day)),
         taken - timedelta(days=back))
        for back in range(1, HISTORY_DAYS)
        for day in [today - timedelta(days=back)]
        for scope, values, taken in latest
    )  # fmt: skip
    filler = catalog.Filler(0, 0, 0)  # for its insert(): COPY on PostgreSQL, executemany else
    figures["history_rows"] = filler.insert(
        "dashboard_metricsnapshot", ["day", "scope", connection.ops.quote_name("values"),
                                     "taken_at"], rows,
    )  # fmt: skip
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE dashboard_metricsnapshot")
        else:
            cursor.execute("ANALYZE")
    figures["history_seconds"] = time.perf_counter() - started
    figures["snapshot_rows"] = MetricSnapshot.objects.count()
    sizes = [len(json.dumps(v)) for _, v, _ in latest]
    everything = next(values for scope, values, _ in latest if scope == "all")
    figures["snapshot_json_bytes"] = {
        "all": len(json.dumps(everything)), "mean": sum(sizes) // len(sizes),
    }  # fmt: skip
    note(f"  {figures['history_rows']:,} rows in {figures['history_seconds']:.1f} s")


def past_values(values: dict[str, Any], back: int, day: date) -> dict[str, Any]:
    """A scope's values `back` days ago: counts scaled down linearly (two years ago, half),
    shares and medians as today, months not yet reached left out."""
    factor = 1 - (1 - OLDEST_SHARE) * back / HISTORY_DAYS

    def scale(value: Any) -> Any:
        if isinstance(value, bool) or value is None:
            return value
        if isinstance(value, int):
            return round(value * factor)
        if isinstance(value, dict):
            return {key: scale(v) for key, v in value.items()}
        return value

    month = f"{day:%Y-%m}"
    past = {key: value if key == "stage" else scale(value) for key, value in values.items()}
    if "registrations_by_month" in past:
        months = past["registrations_by_month"]
        past["registrations_by_month"] = {m: n for m, n in months.items() if m <= month}
    return past


# --- The worker: measure ---------------------------------------------------------------------


def points(minimum: int) -> Callable[[Any], None]:
    """Every trend of a page shows at least `minimum` points: the history was read."""

    def check(response: Any) -> None:
        counts = [int(n) for n in re.findall(rb"Data table \((\d+) points\)", response.content)]
        assert counts, f"no trend on {response.request}"
        assert min(counts) >= minimum, f"trends of {counts} points on {response.request}"

    return check


def both(*checks: Callable[[Any], None]) -> Callable[[Any], None]:
    def check(response: Any) -> None:
        for one in checks:
            one(response)

    return check


def csv_rows(minimum: int) -> Callable[[Any], None]:
    def check(response: Any) -> None:
        lines = response.content.decode().splitlines()
        assert lines[0] == "day,projects", f"CSV header {lines[0]!r}"
        assert len(lines) - 1 >= minimum, f"{len(lines) - 1} CSV rows, {minimum} expected"

    return check


def json_rows(response: Any) -> None:
    rows = json.loads(response.content)["rows"]
    assert len(rows) >= 5, rows
    assert any(row["key"] == "Apache-2.0" for row in rows), rows


class Measurer:
    def __init__(self, requests: int) -> None:
        from django.test import Client
        from django.utils import timezone

        from osunited.accounts.models import User
        from osunited.accounts.roles import active_two_factor_exception
        from osunited.accounts.services import two_factor_exception_grant
        from osunited.dashboard.selectors import latest_snapshot
        from osunited.entities.models import Entity

        self.count = requests + WARMUP
        self.anonymous = Client()
        member = User.objects.get(email=OSSIB_EMAIL)
        if not active_two_factor_exception(member):  # a database kept for over 90 days
            two_factor_exception_grant(
                user=member, reason="Dashboard benchmark",
                expires_at=timezone.now() + timedelta(days=90), actor=None,
            )  # fmt: skip
        self.ossib = Client()
        self.ossib.force_login(member)
        self.entities = Entity.objects.count()
        by_entity = latest_snapshot("all").values["projects_by_entity"]
        largest = max((k for k in by_entity if k.isdigit()), key=lambda k: by_entity[k])
        self.entity = Entity.objects.get(pk=int(largest))
        self.entity_projects = by_entity[largest]

    def pages(self) -> dict[str, tuple[str, Any, Callable[[Any], None]]]:
        """Each page: (url, client, check of its response)."""
        title = b"Monitoring dashboard"
        entity_link = b'href="/dashboard/entities/'

        def ossib_ok(response: Any) -> None:
            ok(b"Entities side by side")(response)
            rows = response.content.count(entity_link)
            assert rows == self.entities, f"{rows} entities on the OSSIB view, {self.entities}"

        slug, acronym = self.entity.slug, self.entity.acronym.encode()
        return {
            "dashboard_1y": ("/dashboard/", self.anonymous,
                             both(ok(title, b"All entities"), points(50))),
            "dashboard_2y": ("/dashboard/?period=2y", self.anonymous,
                             both(ok(title, b"All entities"), points(100))),
            "sdg_2y": ("/dashboard/?sdg=4&period=2y", self.anonymous,
                       both(ok(title, b"SDG 4"), points(100))),
            "entity_2y": (f"/dashboard/entities/{slug}/?period=2y", self.anonymous,
                          both(ok(title, b": " + acronym), points(100))),
            "ossib": ("/dashboard/ossib/", self.ossib, ossib_ok),
            "projects_csv": ("/dashboard/data/projects.csv?period=2y", self.anonymous,
                             both(ok(), csv_rows(100))),
            "license_json": ("/dashboard/data/projects_by_license.json", self.anonymous,
                             both(ok(), json_rows)),
        }  # fmt: skip

    def measure(self) -> dict[str, Any]:
        figures = {}
        for key, (url, client, check) in self.pages().items():
            note(f"  {url}")
            timing = timed(client, [url] * self.count, check)
            timing |= {"goal_ms": P95_GOAL_MS, "met": timing["p95_ms"] < P95_GOAL_MS, "url": url}
            figures[key] = timing | query_profile(client, url, check)
        return figures


def query_profile(client: Any, url: str, check: Callable[[Any], None]) -> dict[str, Any]:
    """The queries of one request: how many, and each SELECT run again and timed to its last row
    (the captured times stop at the first row on SQLite, which reads the rest on fetching):
    their total and the three slowest (ms, SQL)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    started = time.perf_counter()
    with CaptureQueriesContext(connection) as captured:
        check(client.get(url))
    total = (time.perf_counter() - started) * 1000
    timings = []
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            best = float("inf")
            for _ in range(3):
                started = time.perf_counter()
                cursor.execute(sql)
                cursor.fetchall()
                best = min(best, (time.perf_counter() - started) * 1000)
            timings.append((best, sql))
    timings.sort(key=lambda timing: -timing[0])
    return {
        "queries": len(captured),
        "sql_ms": sum(ms for ms, _ in timings),
        "request_ms": total,
        "slowest": [(ms, sql[:600]) for ms, sql in timings[:3]],
    }


def worker(args: argparse.Namespace) -> None:
    """Child side: migrate, fill if asked, take the snapshots, measure; print one JSON line."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    figures: dict[str, Any] = {"database": args.worker, "vendor": connection.vendor}
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    figures["migrate_seconds"] = time.perf_counter() - started
    if args.fill:
        note(f"  filling {args.projects:,} projects, {args.findings:,} findings, "
             f"{args.entities} entities")  # fmt: skip
        started = time.perf_counter()
        filler = DashboardFiller(args.projects, args.findings, args.seed, args.entities)
        figures["counts"] = filler.fill()
        figures["fill_seconds"] = time.perf_counter() - started
        note(f"  filled in {figures['fill_seconds']:.0f} s: {figures['counts']}")
    from osunited.catalog.models import Project

    figures["public_projects"] = Project.objects.filter(status__in=PUBLIC).count()
    figures["scanned_public"] = Project.objects.filter(
        status__in=PUBLIC, latest_scan__isnull=False
    ).count()
    take_snapshots(figures)
    measurer = Measurer(args.requests)
    figures["entity"] = {"slug": measurer.entity.slug, "projects": measurer.entity_projects}
    figures["pages"] = measurer.measure()
    print(json.dumps(figures, default=str))


# --- Printing ----------------------------------------------------------------------------------

NAMES = {"sqlite": "SQLite", "postgres": "PostgreSQL"}


def goals_met(figures: dict[str, Any]) -> bool:
    return all(p["met"] for db in figures["databases"].values() for p in db["pages"].values())


def print_table(figures: dict[str, Any]) -> None:
    databases = figures["databases"]
    print(
        f"dashboard: {figures['projects']:,} projects, {figures['findings']:,} findings, "
        f"{figures['entities']} entities, {HISTORY_DAYS} days of snapshots, seed "
        f"{figures['seed']}; {figures['requests']} timed requests per page"
    )
    print(f"revision: {figures['revision']}")
    for name, db in databases.items():
        print(f"\n## {NAMES[name]} ({db['vendor']})")
        if "fill_seconds" in db:
            print(f"fill: {db['fill_seconds']:.0f} s ({catalog._counts(db['counts'])})")
        else:
            print("fill: reused (--keep)")
        entity = db["entity"]
        print(f"public projects: {db['public_projects']:,}, {db['scanned_public']:,} scanned; "
              f"largest entity {entity['slug']}: {entity['projects']:,} public")  # fmt: skip
        print(
            f"snapshot_take() (hourly job, today from the live state): "
            f"{db['snapshot_seconds']:.1f} s for {db['snapshot_scopes']} scopes "
            f"(1 + {db['snapshot_scopes'] - 18} entities + 17 SDGs); taken again, replacing "
            f"today's: {db['snapshot_again_seconds']:.1f} s"
        )
        print(
            f"one day from history (backfill): {db['backfill_day_seconds']:.1f} s, so "
            f"{HISTORY_DAYS} days would take about "
            f"{db['backfill_day_seconds'] * HISTORY_DAYS / 60:.0f} min: not run. Instead "
            f"{db['history_rows']:,} rows synthesised from today's (counts scaled down "
            f"linearly, half two years ago) in {db['history_seconds']:.1f} s; "
            f"{db['snapshot_rows']:,} snapshot rows, JSON of scope all "
            f"{db['snapshot_json_bytes']['all']:,} bytes, "
            f"mean {db['snapshot_json_bytes']['mean']:,}"
        )
    print()
    heads = "".join(f" {NAMES[n]} p50 | {NAMES[n]} p95 | queries |" for n in databases)
    print(f"| page |{heads} goal p95 < {P95_GOAL_MS:g} ms |")
    print("| --- |" + " --- | --- | --- |" * len(databases) + " --- |")
    for key, (label, _) in PAGES.items():
        cells = "".join(
            f" {db['pages'][key]['p50_ms']:.1f} ms | {db['pages'][key]['p95_ms']:.1f} ms | "
            f"{db['pages'][key]['queries']} |"
            for db in databases.values()
        )
        met = all(db["pages"][key]["met"] for db in databases.values())
        missed = [NAMES[n] for n, db in databases.items() if not db["pages"][key]["met"]]
        print(f"| {label} |{cells} {'met' if met else 'MISSED on ' + ', '.join(missed)} |")
    for name, db in databases.items():
        print(f"\nqueries of one request per page, {NAMES[name]}, each SELECT run again to its "
              "last row (SQL / whole request):")  # fmt: skip
        for key, page in db["pages"].items():
            print(f"  {PAGES[key][0]}: {page['queries']} queries, SQL {page['sql_ms']:.1f} ms "
                  f"of {page['request_ms']:.1f} ms")  # fmt: skip
            for ms, sql in page["slowest"][:2]:
                print(f"    {ms:.1f} ms  {' '.join(sql.split())[:200]}")
    print(f"\nGoal (p95 < {P95_GOAL_MS:g} ms on every page and database): "
          f"{'met' if goals_met(figures) else 'MISSED'}")  # fmt: skip


# --- Command line ------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument(
        "--postgres-url", metavar="URL", help="the server (default: $OSU_TEST_POSTGRES_URL)"
    )
    parser.add_argument("--projects", type=int, default=100_000, metavar="N")
    parser.add_argument("--findings", type=int, default=1_000_000, metavar="N")
    parser.add_argument("--entities", type=int, default=200, metavar="N")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--requests", type=int, default=200, metavar="N", help="per page")
    parser.add_argument("--keep", action="store_true", help="reuse a database filled alike")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--worker", choices=("sqlite", "postgres"), help=argparse.SUPPRESS)
    parser.add_argument("--fill", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if not 1 <= args.entities <= 1000:
        parser.error("--entities: from 1 to 1000")
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if args.worker:
        worker(args)
        return
    databases = ["sqlite", "postgres"] if args.database == "both" else [args.database]
    if "postgres" in databases:
        postgres_admin(postgres_urls(args)[0]).close()  # unreachable: say so before any work
    figures: dict[str, Any] = {
        "revision": revision(), "projects": args.projects, "findings": args.findings,
        "entities": args.entities, "seed": args.seed, "requests": args.requests,
        "databases": {},
    }  # fmt: skip
    for database in databases:
        figures["databases"][database] = run_worker(database, args)
    figures["goals_met"] = goals_met(figures)
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print_table(figures)
    # A benchmark reports; a missed goal is in the table, not in the exit status.


if __name__ == "__main__":
    main()
