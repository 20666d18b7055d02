"""Catalog benchmark: search with two facets, a project page and the review queue, with 100,000
projects and 1,000,000 scan findings, on SQLite and on PostgreSQL.

    .venv/bin/python benchmarks/catalog_bench.py                      # both databases, full size
    .venv/bin/python benchmarks/catalog_bench.py --database sqlite --projects 5000 --findings 50000
    .venv/bin/python benchmarks/catalog_bench.py --keep --requests 500 --json   # a filled database
    .venv/bin/python benchmarks/catalog_bench.py --keep --only page,queue        # some measurements

Each database is filled and measured in its own subprocess, with DJANGO_SETTINGS_MODULE=
osunited.platform.settings, OSU_VAR_DIR=var/bench/catalog/<db> and a DATABASE_URL of its own: a
SQLite file there, or a database `osunited_bench` on the PostgreSQL server of OSU_TEST_POSTGRES_URL
(`eval "$(bash scripts/test-services.sh start)"`) or `--postgres-url`, dropped and created again.
`--keep` reuses a filled database when its marker names the same sizes and seed, and the catalog
migrations it was last run with, or those followed by migrations added since (the worker's
`migrate` applies them: a new index does not cost a new fill).

The fill (from `--seed`): 40 entities, focal points, a reviewer of another entity with a 2FA
exception, projects with names, purposes and descriptions drawn from word lists, languages and
topics (the triggers of migration 0004 index them), SDGs, repositories, focal points, workflow
events, reviews, feedback; about 3% of the projects wait for the committee. Every published
project has a latest successful scan (a third also an earlier one), with the findings spread over
the scans with a long tail. Then, through Django's test client (views, templates, middleware):

- **search**: `/catalog/?q=<word>&entity=<slug>&sdg=<n>`, anonymous, the words and facets varied;
- **project page**: `/catalog/<slug>/` of a random published project, anonymous, scan panel shown;
- **review queue**: `/catalog/review/` (its first page) as the reviewer.

`--only search,page,queue` (any of them) runs those measurements alone.

Goal: p95 under 100 ms for each, and no query count growing with the size of what is shown
(search: page 1 against a later page, 1 result against many; queue: 10 projects against all,
and its first page against its last;
project page: 1 finding against 1,000 in the latest and previous scans). Exit status 1 when a
goal is missed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

from _common import note, revision

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "var" / "bench" / "catalog"
BENCH_DATABASE = "osunited_bench"
P95_GOAL_MS = 100.0
WARMUP = 20
BATCH = 5000
MIGRATIONS = ROOT / "src" / "osunited" / "catalog" / "migrations"
# --only's names, and the keys of the figures they give.
MEASUREMENTS = {"search": "search", "page": "project_page", "queue": "review_queue"}

# --- Word lists ----------------------------------------------------------------------------

ENTITIES = (
    "UNDP UNICEF WHO UNHCR WFP FAO UNESCO ILO ITU UNEP UNFPA UN-Habitat UNOPS UNIDO IFAD IOM "
    "OCHA OHCHR UNCTAD UNDRR UNODC UN-Women UNRWA WIPO WMO IAEA ICAO IMO UPU UNFCCC UNITAR UNU "
    "UNV UNAIDS ESCAP ECA ECLAC ESCWA ECE DPPA"
).split()
ADJECTIVES = (
    "open global digital shared rapid smart green public resilient inclusive secure mobile "
    "local regional national community civic unified federated lightweight accessible"
).split()
NOUNS = (
    "health data climate water education census supply payment identity registry agriculture "
    "energy refugee migration disaster nutrition vaccine school finance procurement gender "
    "weather ocean forest land youth labour trade transport housing election justice"
).split()
KINDS = (
    "platform toolkit dashboard registry tracker portal hub engine service api gateway "
    "monitor atlas observatory pipeline library app suite console"
).split()
VERBS = (
    "collects tracks maps visualises manages shares analyses forecasts verifies publishes "
    "coordinates monitors reports"
).split()
AUDIENCES = (
    "ministries field offices health workers teachers farmers municipalities refugees "
    "researchers donors partners volunteers statisticians"
).split()
REGIONS = (
    "Africa Asia the Pacific Latin America the Caribbean Europe the Arab States small island "
    "developing states least developed countries"
).split()
FILLER = (
    "offline first sms interoperable standards based secure audit trail role based access "
    "multilingual interface low bandwidth open api export import reporting indicators workflow "
    "analytics geospatial layers mobile forms case management notifications dashboards"
).split()
LANGUAGES = (
    "Python JavaScript TypeScript Java Go PHP C# R Ruby Kotlin Rust C++ Dart Scala Shell"
).split()
TOPICS = (
    "health education climate agriculture humanitarian finance identity gis statistics "
    "open-data e-government mobile data-visualization machine-learning interoperability "
    "supply-chain early-warning cash-transfer disaster-risk gender digital-public-good "
    "sdg-monitoring water energy migration nutrition"
).split()
LICENSES = {
    "Apache-2.0": 30, "MIT": 28, "GPL-3.0-or-later": 10, "AGPL-3.0-only": 8,
    "BSD-3-Clause": 8, "MPL-2.0": 5, "EUPL-1.2": 4, "LGPL-3.0-only": 3, "": 4,
}  # fmt: skip
STATUSES = {  # share of the projects; the queue statuses make about 3%
    "submitted": 0.015, "in_review": 0.010, "resubmitted": 0.005, "draft": 0.010,
    "changes_requested": 0.005, "approved": 0.003, "rejected": 0.005, "sunset_notice": 0.005,
    "archived": 0.007,
}  # fmt: skip
PUBLIC = ("published", "sunset_notice", "archived")
QUEUE = ("submitted", "in_review", "resubmitted")
# (check_id, pillar, rule_id, severity, message, remediation); repeated ones are more frequent.
FINDINGS = [
    ("deps.vulnerabilities", "security", "deps.vulnerable", "error",
     "{pkg} {version} has a known vulnerability (GHSA-{n:04x}-xx2f-9q7c)",
     "Upgrade {pkg} to a fixed version."),
    ("deps.vulnerabilities", "security", "deps.vulnerable", "warning",
     "{pkg} {version} has a known low-severity vulnerability (CVE-2024-{n})",
     "Upgrade {pkg} when convenient."),
    ("deps.inventory", "security", "deps.unpinned", "info",
     "{pkg} is not pinned to a version", "Pin {pkg} in the lockfile."),
    ("deps.inventory", "security", "deps.unpinned", "info",
     "{pkg} is not pinned to a version", "Pin {pkg} in the lockfile."),
    ("license.file-coverage", "licensing", "license.missing-notice", "info",
     "{path} has no license notice or SPDX tag", "Add an SPDX-License-Identifier line."),
    ("license.file-coverage", "licensing", "license.missing-notice", "info",
     "{path} has no license notice or SPDX tag", "Add an SPDX-License-Identifier line."),
    ("license.file-coverage", "licensing", "license.missing-notice", "info",
     "{path} has no license notice or SPDX tag", "Add an SPDX-License-Identifier line."),
    ("license.osi-approved", "licensing", "license.incompatible", "warning",
     "{path} is under a license incompatible with the project's", "Replace or relicense it."),
    ("security.secrets", "security", "secrets.aws-key", "error",
     "A possible AWS access key in {path}", "Revoke the key and remove it from the history."),
    ("security.binary-artifacts", "security", "binary.unexplained", "warning",
     "{path} is a binary artifact", "Build it from source instead of committing it."),
    ("docs.readme", "documentation", "docs.readme-short", "warning",
     "The README has fewer than 200 words", "Describe the purpose and how to install."),
    ("docs.contributing", "community", "docs.no-contributing", "info",
     "No CONTRIBUTING file", "Add a contribution guide."),
    ("docs.code-of-conduct", "community", "docs.no-code-of-conduct", "info",
     "No code of conduct", "Adopt the Contributor Covenant."),
    ("publiccode.valid", "reusability", "publiccode.invalid", "warning",
     "publiccode.yml: {field} is missing", "Add the field."),
    ("security.policy", "security", "security.no-policy", "warning",
     "No SECURITY.md says how to report vulnerabilities", "Add a security policy."),
    ("health.maintained", "community", "health.stale", "info",
     "No commit in the last {n} days", "Confirm the project is maintained."),
]  # fmt: skip
SCAN_COLUMNS = [
    "id", "project_id", "repository_id", "trigger", "status", "created_at", "started_at",
    "finished_at", "attempts", "error", "revision", "license_expression", "maintenance", "health",
    "scores", "summary", "report", "facts", "lease_owner", "lost_attempts",
]  # fmt: skip
FINDING_COLUMNS = [
    "scan_id", "check_id", "rule_id", "pillar", "severity", "message", "remediation", "path",
    "line", "fingerprint",
]  # fmt: skip
CHECKS = sorted({row[0] for row in FINDINGS} | {"license.project"})
PACKAGES = "requests lodash django express numpy pandas log4j spring flask axios jackson".split()
FILES = "src/app.py src/index.js lib/util.go api/server.ts web/main.js tools/build.sh".split()


# --- The parent: one subprocess per database -----------------------------------------------


def postgres_urls(args: argparse.Namespace) -> tuple[str, str]:
    """(the server's URL as given, the URL of the benchmark's own database on it)."""
    given = args.postgres_url or os.environ.get("OSU_TEST_POSTGRES_URL")
    if not given:
        sys.exit(
            "PostgreSQL asked for, but no URL: start the test services with\n"
            '    eval "$(bash scripts/test-services.sh start)"\n'
            "or pass --postgres-url postgres://user@host:port/db (or use --database sqlite)."
        )
    parts = urlsplit(given)
    return given, urlunsplit(parts._replace(path=f"/{BENCH_DATABASE}"))


def postgres_admin(url: str) -> Any:
    import psycopg

    try:
        return psycopg.connect(url, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        sys.exit(
            f"PostgreSQL at {_safe(url)} is unreachable: {str(error).strip()}\n"
            'Start it with: eval "$(bash scripts/test-services.sh start)"'
        )


def _safe(url: str) -> str:
    parts = urlsplit(url)
    host = parts.hostname or ""
    return urlunsplit(parts._replace(netloc=f"{host}:{parts.port}" if parts.port else host))


def marker_for(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "projects": args.projects,
        "findings": args.findings,
        "seed": args.seed,
        "catalog_migrations": migrations_digest(len(_numbered_migrations())),
    }


def reusable(marker: dict[str, Any], args: argparse.Namespace) -> bool:
    """Whether a database with this marker serves: the same fill, and the migrations it has
    are the current ones, or the first of them (the worker's `migrate` applies the rest)."""
    current = marker_for(args)
    same_fill = all(marker.get(key) == current[key] for key in ("projects", "findings", "seed"))
    prefixes = range(len(_numbered_migrations()) + 1)
    return same_fill and marker.get("catalog_migrations") in map(migrations_digest, prefixes)


def migrations_digest(count: int) -> str:
    """The digest of the first `count` catalog migrations, then __init__.py (as a sorted glob)."""
    digest = hashlib.sha256()
    for path in [*_numbered_migrations()[:count], MIGRATIONS / "__init__.py"]:
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def _numbered_migrations() -> list[Path]:
    return sorted(path for path in MIGRATIONS.glob("*.py") if path.name != "__init__.py")


def prepare(database: str, args: argparse.Namespace) -> tuple[dict[str, str], bool]:
    """The worker's environment, and whether it must fill the database (it is made empty)."""
    folder = BENCH / database
    (folder / "static").mkdir(parents=True, exist_ok=True)  # STATIC_ROOT, for WhiteNoise
    marker = folder / "marker.json"
    kept = args.keep and marker.is_file() and reusable(json.loads(marker.read_text()), args)
    if database == "sqlite":
        path = folder / "osunited.sqlite3"
        url = f"sqlite:///{path}"
        kept = kept and path.is_file()
        if not kept:
            for leftover in folder.glob("osunited.sqlite3*"):
                leftover.unlink()
    else:
        given, url = postgres_urls(args)
        with postgres_admin(given) as admin:
            exists = admin.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DATABASE]
            ).fetchone()
            kept = kept and exists is not None
            if not kept:
                admin.execute(f"DROP DATABASE IF EXISTS {BENCH_DATABASE} WITH (FORCE)")
                admin.execute(f"CREATE DATABASE {BENCH_DATABASE}")
    if not kept:
        marker.unlink(missing_ok=True)
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "osunited.platform.settings",
        "OSU_VAR_DIR": str(folder),
        "OSU_HTTPS": "0",
        "OSU_COMPRESS_STATIC": "0",
        "OSU_ALLOWED_HOSTS": "testserver,localhost,127.0.0.1",
        "DATABASE_URL": url,
        "PYTHONPATH": os.pathsep.join(
            filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")])
        ),
    }
    return env, not kept


def run_worker(database: str, args: argparse.Namespace) -> dict[str, Any]:
    env, fill = prepare(database, args)
    command = [sys.executable, __file__, "--worker", database, "--projects", str(args.projects),
               "--findings", str(args.findings), "--seed", str(args.seed),
               "--requests", str(args.requests), "--only", ",".join(args.only)]  # fmt: skip
    if fill:
        command.append("--fill")
    note(f"{database}: {'filling' if fill else 'reusing'} {BENCH / database}")
    done = subprocess.run(command, env=env, stdout=subprocess.PIPE, text=True)  # noqa: S603
    if done.returncode != 0:
        sys.exit(f"the {database} worker failed (exit {done.returncode}); its messages are above")
    figures: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    # The migrations the database now has: an edited migration, applied before, means a new fill.
    (BENCH / database / "marker.json").write_text(json.dumps(marker_for(args)))
    return figures


# --- The worker: fill -------------------------------------------------------------------------


class Filler:
    """Writes the generated catalog: the ORM where it is fast enough, else executemany or COPY."""

    def __init__(self, projects: int, findings: int, seed: int) -> None:
        from django.db import connection
        from django.utils import timezone

        self.rng = random.Random(seed)  # noqa: S311 - reproducible test data
        self.projects, self.findings = projects, findings
        self.now = timezone.now().replace(microsecond=0)
        self.connection = connection
        self.counts: dict[str, int] = {}

    # -- writing rows

    def insert(self, table: str, columns: list[str], rows: Iterable[tuple[Any, ...]]) -> int:
        """Insert plain rows (datetimes aware, JSON as text) in batches; how many."""
        total = 0
        names = ", ".join(columns)
        with self.connection.cursor() as cursor:
            if self.connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                        total += 1
                return total
            marks = ", ".join(["%s"] * len(columns))
            sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608 - fixed names
            for batch in _batches(rows, BATCH):
                cursor.executemany(sql, [tuple(map(self._sqlite, row)) for row in batch])
                total += len(batch)
        return total

    def _sqlite(self, value: Any) -> Any:
        if isinstance(value, datetime):
            return self.connection.ops.adapt_datetimefield_value(value)
        return value

    # -- the catalog

    def fill(self) -> dict[str, int]:
        from django.db import transaction

        with transaction.atomic():
            self.entities = self.make_entities()
            self.users, self.reviewer = self.make_users()
            plans = self.plan_projects()
            scans, findings = self.plan_scans(plans)
            self.make_projects(plans)
            self.make_project_rows(plans)
            self.counts["scans"] = self.insert("catalog_scan", SCAN_COLUMNS, scans)
            del scans
            self.counts["findings"] = self.insert(
                "catalog_scanfinding", FINDING_COLUMNS,
                (self.finding(scan, project, key)
                 for scan, project, first, size in findings for key in range(first, first + size)),
            )  # fmt: skip
        self.reset_sequences()
        # What autovacuum does soon after a bulk load on PostgreSQL (the SDGs rewrote every text
        # document, leaving as many dead rows), and what the platform does at each start and
        # nightly on SQLite (platform.tasks.analyze_database): planner statistics.
        with self.connection.cursor() as cursor:
            postgresql = self.connection.vendor == "postgresql"
            cursor.execute("VACUUM ANALYZE" if postgresql else "ANALYZE")
        return self.counts

    def make_entities(self) -> list[Any]:
        from osunited.entities.models import Entity, EntityKind

        kinds = list(EntityKind.values)
        entities = Entity.objects.bulk_create(
            Entity(
                name=f"{acronym} (benchmark entity {number})", acronym=acronym,
                slug=acronym.lower(), kind=kinds[number % len(kinds)],
                website=f"https://www.{acronym.lower()}.example",
            )
            for number, acronym in enumerate(ENTITIES)
        )  # fmt: skip
        self.counts["entities"] = len(entities)
        return list(Entity.objects.order_by("pk"))

    def make_users(self) -> tuple[dict[int, list[int]], Any]:
        from osunited.accounts.models import GrantedRole, StaffSource, User
        from osunited.accounts.services import role_grant, two_factor_exception_grant

        per_entity = max(2, self.projects // 50 // len(self.entities))
        User.objects.bulk_create(
            User(
                email=f"fp{number}@{entity.slug}.example", password="!",  # noqa: S106 - unusable
                display_name=f"Focal point {number} of {entity.acronym}", entity=entity,
                staff_source=StaffSource.EMAIL_DOMAIN, date_joined=self.now,
            )
            for entity in self.entities
            for number in range(per_entity)
        )  # fmt: skip
        users: dict[int, list[int]] = {}
        for pk, entity_id in User.objects.values_list("pk", "entity_id"):
            users.setdefault(entity_id, []).append(pk)
        reviewer = User.objects.create_user(
            "reviewer@bench.example", None, display_name="Benchmark reviewer",
            entity=self.entities[0], staff_source=StaffSource.EMAIL_DOMAIN,
        )  # fmt: skip
        role_grant(user=reviewer, role=GrantedRole.REVIEWER, actor=None)
        self.committee = [reviewer.pk]
        for number, entity in enumerate(self.entities[1:4]):
            member = User.objects.create_user(
                f"committee{number}@bench.example", None, entity=entity,
                staff_source=StaffSource.EMAIL_DOMAIN,
            )  # fmt: skip
            role_grant(user=member, role=GrantedRole.REVIEWER, actor=None)
            self.committee.append(member.pk)
        two_factor_exception_grant(
            user=reviewer, reason="Catalog benchmark", expires_at=self.now + timedelta(days=90),
            actor=None,
        )  # fmt: skip
        self.counts["users"] = User.objects.count()
        return users, reviewer

    def plan_projects(self) -> list[dict[str, Any]]:
        """Everything about each project that more than one table needs, ids included."""
        rng, plans = self.rng, []
        statuses = list(STATUSES)
        cumulative = [sum(list(STATUSES.values())[: i + 1]) for i in range(len(statuses))]
        scan_id = repository_id = 0
        for number in range(1, self.projects + 1):
            draw = rng.random()
            status = next(
                (s for s, c in zip(statuses, cumulative, strict=True) if draw < c), "published"
            )
            scanned = status in PUBLIC or status in QUEUE or status in ("approved", "rejected")
            repositories = []
            for _ in range(2 if rng.random() < 0.1 else 1):
                repository_id += 1
                repositories.append(repository_id)
            scans = []
            if scanned:
                for _ in range(2 if rng.random() < 0.33 else 1):
                    scan_id += 1
                    scans.append(scan_id)
            age = rng.randint(30, 1500) if status not in QUEUE else rng.randint(1, 120)
            plans.append({
                "id": number, "status": status, "entity": rng.choice(self.entities),
                "repositories": repositories, "scans": scans,
                "created_at": self.now - timedelta(days=age + rng.randint(5, 60)),
                "changed_at": self.now - timedelta(days=age, minutes=rng.randint(0, 1440)),
            })  # fmt: skip
        return plans

    def make_projects(self, plans: list[dict[str, Any]]) -> None:
        from osunited.catalog.models import Project

        fields = [Project._meta.get_field(n) for n in ("created_at", "status_changed_at")]
        for field in fields:
            field.auto_now_add = False  # type: ignore[attr-defined] - the fill sets dates itself
        try:
            for batch in _batches(plans, BATCH):
                Project.objects.bulk_create(self.project(plan) for plan in batch)
        finally:
            for field in fields:
                field.auto_now_add = True  # type: ignore[attr-defined]
        self.counts["projects"] = len(plans)

    def project(self, plan: dict[str, Any]) -> Any:
        from osunited.catalog.models import Project

        rng, entity = self.rng, plan["entity"]
        adjective, noun, kind = rng.choice(ADJECTIVES), rng.choice(NOUNS), rng.choice(KINDS)
        name = f"{adjective.title()} {noun.title()} {kind.title()}"
        if rng.random() < 0.5:
            name += f" {rng.choice(REGIONS).title()}"
        purpose = (
            f"A {kind} that {rng.choice(VERBS)} {noun} {rng.choice(NOUNS)} data for "
            f"{rng.choice(AUDIENCES)} in {rng.choice(REGIONS)}"
        )
        sentences = (
            (rng.choice(ADJECTIVES).title(), " ".join(rng.choices(FILLER, k=rng.randint(6, 14))))
            for _ in range(rng.randint(2, 5))
        )
        description = " ".join(
            f"{first} {words} for {rng.choice(NOUNS)} {rng.choice(AUDIENCES)}."
            for first, words in sentences
        )
        slug = f"{adjective}-{noun}-{kind}-{plan['id']}"
        sunset = plan["status"] in ("sunset_notice", "archived")
        return Project(
            id=plan["id"], name=name, slug=slug, entity=entity, purpose=purpose,
            description=description,
            features=[" ".join(rng.choices(FILLER, k=3)) for _ in range(rng.randint(1, 4))],
            development_status=rng.choice(("concept", "development", "beta", "stable", "stable")),
            licenses=rng.choices(list(LICENSES), list(LICENSES.values()))[0],
            website=f"https://{slug}.{entity.slug}.example",
            topics=rng.sample(TOPICS, rng.randint(1, 4)),
            languages=rng.sample(LANGUAGES, rng.choice((1, 1, 2, 2, 3))),
            hosting="external", status=plan["status"],
            created_by_id=self.users[entity.pk][0], created_at=plan["created_at"],
            status_changed_at=plan["changed_at"],
            dependencies=rng.sample(PACKAGES, rng.randint(0, 4)),
            latest_scan_id=plan["scans"][-1] if plan["scans"] else None,
            scan_health=plan["health"],
            review_round=2 if plan["status"] == "resubmitted" else 1,
            sunset_reason="Not confirmed by a focal point for a year." if sunset else "",
            sunset_deadline=self.now + timedelta(days=rng.randint(-10, 90)) if sunset else None,
        )  # fmt: skip

    def make_project_rows(self, plans: list[dict[str, Any]]) -> None:
        """Repositories, SDGs, focal points, workflow events, reviews and feedback."""
        from osunited.catalog.models import Project

        rng = self.rng
        self.counts["repositories"] = self.insert(
            "catalog_repository", ["id", "project_id", "url"],
            ((r, p["id"], f"https://github.com/{p['entity'].slug}/project-{p['id']}-{n}")
             for p in plans for n, r in enumerate(p["repositories"])),
        )  # fmt: skip
        self.counts["sdgs"] = self.insert(
            "catalog_projectsdg", ["project_id", "goal", "evidence"],
            ((p["id"], goal, f"Serves SDG {goal}: {' '.join(rng.choices(FILLER, k=6))}")
             for p in plans for goal in sorted(rng.sample(range(1, 18), rng.randint(1, 3)))),
        )  # fmt: skip
        through = Project.focal_points.through._meta.db_table
        self.counts["focal_points"] = self.insert(
            through, ["project_id", "user_id"],
            ((p["id"], user) for p in plans
             for user in rng.sample(self.users[p["entity"].pk], rng.choice((1, 1, 2)))),
        )  # fmt: skip
        columns = ["project_id", "action", "from_status", "to_status", "actor_id", "comment",
                   "created_at"]  # fmt: skip
        self.counts["events"] = self.insert(
            "catalog_projectevent", columns, (e for p in plans for e in self.events(p))
        )
        columns = ["project_id", "reviewer_id", "decision", "checklist", "comment", "round",
                   "created_at", "scan_override_reason"]  # fmt: skip
        self.counts["reviews"] = self.insert(
            "catalog_review", columns, ((*r, "") for p in plans for r in self.reviews(p))
        )
        columns = ["project_id", "author_id", "body", "moderation", "reply", "created_at"]
        self.counts["feedback"] = self.insert(
            "catalog_feedback", columns,
            ((p["id"], rng.choice(self.users[rng.choice(self.entities).pk]),
              f"We use it for {rng.choice(NOUNS)}: {' '.join(rng.choices(FILLER, k=12))}.",
              "published", "", p["changed_at"] + timedelta(days=rng.randint(1, 30)))
             for p in plans if p["status"] in PUBLIC and rng.random() < 0.05
             for _ in range(rng.randint(1, 3))),
        )  # fmt: skip

    def events(self, plan: dict[str, Any]) -> list[tuple[Any, ...]]:
        path = {
            "draft": [], "submitted": ["submit"], "in_review": ["submit", "start_review"],
            "changes_requested": ["submit", "start_review", "request_changes"],
            "resubmitted": ["submit", "start_review", "request_changes", "resubmit"],
            "approved": ["submit", "start_review", "approve"],
            "rejected": ["submit", "start_review", "reject"],
            "published": ["submit", "start_review", "approve", "publish"],
            "sunset_notice": ["submit", "start_review", "approve", "publish", "give_sunset_notice"],
            "archived": ["submit", "start_review", "approve", "publish", "give_sunset_notice",
                         "archive"],
        }[plan["status"]]  # fmt: skip
        actor = self.users[plan["entity"].pk][0]
        start, end = plan["created_at"], plan["changed_at"]
        step = (end - start) / max(1, len(path))
        return [
            (plan["id"], action, "draft", plan["status"], actor, f"{action} (benchmark)",
             end if number == len(path) - 1 else start + step * (number + 1))
            for number, action in enumerate(path)
        ]  # fmt: skip

    def reviews(self, plan: dict[str, Any]) -> list[tuple[Any, ...]]:
        if (
            plan["status"] not in ("in_review", "resubmitted", "published")
            or self.rng.random() < 0.5
        ):
            return []
        decision = "request_changes" if plan["status"] == "resubmitted" else "approve"
        reviewer = self.rng.choice(self.committee[1:])
        return [(plan["id"], reviewer, decision, "{}", "Reviewed.", 1, plan["changed_at"])]

    # -- scans and findings

    def plan_scans(
        self, plans: list[dict[str, Any]]
    ) -> tuple[list[tuple[Any, ...]], list[tuple[int, int, int, int]]]:
        """The scan rows, and (scan, project, first finding key, findings) of each; sets each
        plan's `health` (its latest scan's reading). Sizes follow a long-tailed distribution."""
        weights = [self.rng.paretovariate(1.3) for plan in plans for _ in plan["scans"]]
        scale = self.findings / sum(weights) if weights else 0
        sizes = [int(w * scale) for w in weights]
        for index in self.rng.sample(
            range(len(sizes)), min(len(sizes), self.findings - sum(sizes))
        ):
            sizes[index] += 1
        rows, findings = [], []
        for plan in plans:
            plan["health"] = "not_scanned"
            for number, scan_id in enumerate(plan["scans"]):
                size = sizes[len(findings)]
                first = 3 * (len(plan["scans"]) - 1 - number)  # an earlier scan: a few others
                findings.append((scan_id, plan["id"], first, size))
                row, plan["health"] = self.scan_row(plan, scan_id, number, first, size)
                rows.append(row)
        return rows, findings

    def scan_row(
        self, plan: dict[str, Any], scan_id: int, number: int, first: int, size: int
    ) -> tuple[tuple[Any, ...], str]:
        rng = self.rng
        kinds = [_template(plan["id"], key) for key in range(first, first + size)]
        severities = Counter(FINDINGS[k][3] for k in kinds)
        maintenance = "unmaintained" if rng.random() < 0.04 else "maintained"
        reading = (
            "unmaintained" if maintenance == "unmaintained" else "at_risk"
            if severities["error"] else "needs_attention" if severities["warning"] else "good"
        )  # fmt: skip
        by_pillar: dict[str, Counter[str]] = {}
        for k in kinds:
            by_pillar.setdefault(FINDINGS[k][1], Counter())[FINDINGS[k][3]] += 1
        summary = {
            "total": size,
            "by_severity": {s: severities.get(s, 0) for s in ("error", "warning", "info")},
            "by_pillar": {p: dict(c) for p, c in sorted(by_pillar.items())},
        }
        scores = {p: max(0, 100 - 7 * sum(c.values())) for p, c in by_pillar.items()}
        scores |= {p: 100 for p in ("licensing", "security", "documentation", "community",
                                    "reusability") if p not in scores}  # fmt: skip
        finished = plan["changed_at"] - timedelta(days=30 * (len(plan["scans"]) - 1 - number))
        report = self.report(plan["id"], kinds, first, scores, finished)
        repository = plan["repositories"][0]
        row = (
            scan_id, plan["id"], repository, "nightly" if number else "submission", "succeeded",
            finished - timedelta(minutes=3), finished - timedelta(minutes=2), finished, 1, "",
            f"{rng.getrandbits(160):040x}", "Apache-2.0", maintenance, reading,
            json.dumps(scores), json.dumps(summary), json.dumps(report), "{}", "", 0,
        )  # fmt: skip
        return row, reading

    def report(
        self, project: int, kinds: list[int], first: int, scores: dict[str, int], finished: Any
    ) -> dict[str, Any]:
        """The scanner's report, small: one result per check, its first two findings."""
        shown: dict[str, list[dict[str, Any]]] = {}
        for offset, k in enumerate(kinds):
            check = FINDINGS[k][0]
            if len(shown.setdefault(check, [])) < 2:
                _, _, rule, severity, message, _, path, line = self.finding_fields(
                    project, first + offset
                )
                evidence = [{"path": path, "line": line}] if path else []
                shown[check].append({"rule_id": rule, "message": message,
                                     "severity": severity, "evidence": evidence})  # fmt: skip
        results = [
            {"check_id": check, "title": check, "pillar": check.split(".")[0],
             "outcome": "fail" if shown.get(check) else "pass",
             "summary": f"{len(shown.get(check, []))} findings" if shown.get(check) else "ok",
             "findings": shown.get(check, [])}
            for check in CHECKS
        ]  # fmt: skip
        return {
            "schema_version": "1", "tool": {"name": "osunited-scanner", "version": "bench"},
            "target": {"location": f"project-{project}", "revision": None},
            "started_at": finished.isoformat(), "duration_seconds": 4.2,
            "stats": {"files": 400 + project % 900, "bytes": 2_000_000, "skipped": []},
            "scores": scores, "notes": [], "dependencies": [], "results": results,
        }  # fmt: skip

    def finding_fields(self, project: int, key: int) -> tuple[Any, ...]:
        check, pillar, rule, severity, message, remediation = FINDINGS[_template(project, key)]
        n = (project * 31 + key * 17) % 997
        values = {"pkg": PACKAGES[n % len(PACKAGES)], "version": f"{n % 9}.{n % 13}.{n % 7}",
                  "n": n, "path": f"{FILES[n % len(FILES)].rsplit('.', 1)[0]}{key}.py",
                  "field": ("maintenance", "legal", "description")[n % 3]}  # fmt: skip
        message = message.format(**values)
        path = values["path"] if "{path}" in FINDINGS[_template(project, key)][4] else ""
        line = (n % 400) + 1 if path else None
        return check, pillar, rule, severity, message, remediation.format(**values), path, line

    def finding(self, scan_id: int, project: int, key: int) -> tuple[Any, ...]:
        check, pillar, rule, severity, message, remediation, path, line = self.finding_fields(
            project, key
        )
        fingerprint = hashlib.sha256(f"{rule}\0{path}\0{project}:{key}".encode()).hexdigest()
        return (scan_id, check, rule, pillar, severity, message, remediation, path, line,
                fingerprint)  # fmt: skip

    def reset_sequences(self) -> None:
        from django.core.management.color import no_style

        from osunited.catalog.models import Project, Repository, Scan

        statements = self.connection.ops.sequence_reset_sql(no_style(), [Project, Repository, Scan])
        with self.connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def _template(project: int, key: int) -> int:
    """Which kind of finding the key-th finding of a project is: the same in every scan."""
    return (project * 2654435761 + key * 40503) % 4294967291 % len(FINDINGS)


def _batches(rows: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


# --- The worker: measure ---------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile: the value `share` of the requests stay at or under."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))]


def timed(client: Any, urls: list[str], check: Callable[[Any], None]) -> dict[str, Any]:
    """Warm up on the first WARMUP urls, then time one request per url after them."""
    for url in urls[:WARMUP]:
        check(client.get(url))
    seconds = []
    for url in urls[WARMUP:]:
        started = time.perf_counter()
        response = client.get(url)
        seconds.append(time.perf_counter() - started)
        check(response)
    ms = [s * 1000 for s in seconds]
    p95 = percentile(ms, 0.95)
    return {
        "requests": len(ms), "p50_ms": statistics.median(ms), "p95_ms": p95, "max_ms": max(ms),
        "per_second": len(ms) / sum(seconds), "goal_ms": P95_GOAL_MS, "met": p95 < P95_GOAL_MS,
    }  # fmt: skip


def ok(*needles: bytes) -> Callable[[Any], None]:
    def check(response: Any) -> None:
        assert response.status_code == 200, f"{response.status_code} for {response.request}"
        for needle in needles:
            assert needle in response.content, f"{needle!r} missing from {response.request}"

    return check


def queries_of(client: Any, url: str, check: Callable[[Any], None]) -> tuple[int, list[Any]]:
    """The number of queries one request makes, and its three slowest (seconds, SQL)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        check(client.get(url))
    slowest = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[:3]
    return len(captured), [(float(q["time"]), q["sql"][:600]) for q in slowest]


class Measurer:
    def __init__(self, requests: int, seed: int) -> None:
        from django.test import Client

        from osunited.accounts.models import User
        from osunited.catalog.models import Project
        from osunited.entities.models import Entity

        self.rng = random.Random(seed + 1)  # noqa: S311 - reproducible choices
        self.count = requests + WARMUP
        self.anonymous = Client()
        self.reviewer = User.objects.get(email="reviewer@bench.example")
        self.committee = Client()
        self.committee.force_login(self.reviewer)
        self.entities = list(Entity.objects.values_list("slug", flat=True))
        public = Project.objects.filter(status="published", latest_scan__isnull=False)
        ids = public.values_list("pk", flat=True).order_by("pk")
        chosen = self.rng.sample(list(ids), min(self.count, ids.count()))
        self.slugs = list(Project.objects.filter(pk__in=chosen).values_list("slug", flat=True))
        self.rng.shuffle(self.slugs)
        self.queued = Project.objects.filter(status__in=QUEUE).count()

    def search_urls(self) -> list[str]:
        return [
            "/catalog/?" + urlencode({"q": self.rng.choice(NOUNS + KINDS),
                                      "entity": self.rng.choice(self.entities),
                                      "sdg": self.rng.randint(1, 17)})
            for _ in range(self.count)
        ]  # fmt: skip

    def timings(self, only: tuple[str, ...]) -> dict[str, Any]:
        from osunited.accounts.roles import active_two_factor_exception
        from osunited.catalog.views.review import QUEUE_PAGE_SIZE

        assert active_two_factor_exception(self.reviewer), "the reviewer's 2FA exception expired"
        pages = [f"/catalog/{slug}/" for slug in self.slugs]
        pages = (pages * (self.count // max(1, len(pages)) + 1))[: self.count]
        queue_check = ok(b"Review queue", str(self.queued).encode())

        def queue_ok(response: Any) -> None:
            queue_check(response)
            rows = len(re.findall(rb'href="/catalog/[^/"]+/review/"', response.content))
            shown = min(QUEUE_PAGE_SIZE, self.queued)
            assert rows == shown, f"{rows} rows on the queue's first page, {shown} expected"

        figures = {}
        if "search" in only:
            note("  search with two facets")
            figures["search"] = timed(
                self.anonymous, self.search_urls(), ok(b'class="result-count"')
            )
        if "page" in only:
            note("  project pages")
            check = ok(b'id="scan-results"', b"Scores by pillar")
            figures["project_page"] = timed(self.anonymous, pages, check)
        if "queue" in only:
            note("  review queue")
            urls = ["/catalog/review/"] * self.count
            figures["review_queue"] = timed(self.committee, urls, queue_ok)
        return figures

    def query_counts(self, only: tuple[str, ...]) -> dict[str, Any]:
        """Query counts against the size of what is shown, each in a rolled-back transaction."""
        note("  query counts")
        counters = {
            "search": self.search_counts,
            "queue": self.queue_counts,
            "page": self.page_counts,
        }
        return {MEASUREMENTS[name]: counters[name]() for name in counters if name in only}

    def search_counts(self) -> dict[str, Any]:
        from django.db import transaction

        check = ok(b'class="result-count"')
        many = "/catalog/?" + urlencode({"q": "data"})
        later = many + "&page=40"
        faceted = "/catalog/?" + urlencode({"q": "health", "entity": self.entities[1], "sdg": 3})
        with transaction.atomic():
            project = self.make_project("Zyxwvut Unique Registry", findings=0)
            one = "/catalog/?" + urlencode({"q": "zyxwvut"})
            counts = {
                "first page (q=data)": queries_of(self.anonymous, many, check),
                "page 40 (q=data)": queries_of(self.anonymous, later, check),
                "1 result (q=zyxwvut)": queries_of(self.anonymous, one, ok(b"Zyxwvut")),
                "two facets (q=health)": queries_of(self.anonymous, faceted, check),
            }
            transaction.set_rollback(True)
        del project
        return _verdict(counts, ["first page (q=data)", "page 40 (q=data)", "1 result (q=zyxwvut)"])

    def queue_counts(self) -> dict[str, Any]:
        from django.db import transaction

        from osunited.catalog.models import Project
        from osunited.catalog.views.review import QUEUE_PAGE_SIZE

        url = "/catalog/review/"
        with transaction.atomic():
            keep = (
                Project.objects.filter(status__in=QUEUE)
                .order_by("pk")
                .values_list("pk", flat=True)[:10]
            )
            waiting = Project.objects.filter(status__in=QUEUE).exclude(pk__in=list(keep))
            waiting.update(status="draft")  # status is not indexed text: no trigger fires
            ten = queries_of(self.committee, url, ok(b"Review queue"))
            ten_ms = self.time_one(self.committee, url)
            transaction.set_rollback(True)
        pages = -(-self.queued // QUEUE_PAGE_SIZE)
        counts = {
            "10 projects": ten,
            f"all {self.queued} projects": queries_of(self.committee, url, ok(b"Review queue")),
            f"page {pages} of {pages}": queries_of(
                self.committee, f"{url}?page={pages}", ok(b"Review queue")
            ),
        }
        result = _verdict(counts, list(counts))
        result["p50_ms_with_10"] = ten_ms
        return result

    def page_counts(self) -> dict[str, Any]:
        from django.db import transaction

        check = ok(b'id="scan-results"')
        with transaction.atomic():
            small = self.make_project("Bench One Finding", findings=1)
            large = self.make_project("Bench Thousand Findings", findings=1000)
            counts = {
                "1 finding": queries_of(self.anonymous, f"/catalog/{small.slug}/", check),
                "1,000 findings": queries_of(self.anonymous, f"/catalog/{large.slug}/", check),
            }
            small_ms = self.time_one(self.anonymous, f"/catalog/{small.slug}/")
            large_ms = self.time_one(self.anonymous, f"/catalog/{large.slug}/")
            transaction.set_rollback(True)
        result = _verdict(counts, list(counts))
        result |= {"p50_ms_with_1": small_ms, "p50_ms_with_1000": large_ms}
        return result

    def time_one(self, client: Any, url: str, times: int = 15) -> float:
        seconds = []
        for _ in range(times):
            started = time.perf_counter()
            ok()(client.get(url))
            seconds.append(time.perf_counter() - started)
        return statistics.median(seconds) * 1000

    def make_project(self, name: str, *, findings: int) -> Any:
        """A published project with an earlier and a latest scan of `findings` findings each."""
        from osunited.catalog.models import (
            Project,
            ProjectSdg,
            Repository,
            Scan,
            ScanFinding,
            ScanStatus,
        )
        from osunited.entities.models import Entity

        entity = Entity.objects.get(slug=self.entities[2])
        project = Project.objects.create(
            name=name, slug=name.lower().replace(" ", "-"), entity=entity, purpose=name,
            development_status="stable", hosting="external", status="published",
            created_by=self.reviewer, licenses="MIT", languages=["Python"], topics=["health"],
        )  # fmt: skip
        ProjectSdg.objects.create(project=project, goal=3, evidence="Health.")
        project.focal_points.add(self.reviewer)
        repository = Repository.objects.create(project=project, url="https://example.org/r.git")
        scans = [
            Scan.objects.create(
                project=project,
                repository=repository,
                trigger="nightly",
                status=ScanStatus.SUCCEEDED,
                finished_at=project.created_at,
                health="at_risk",
                scores={"security": 50},
                summary={"total": findings, "by_severity": {"error": findings}},
            )
            for _ in range(2)
        ]
        for number, scan in enumerate(scans):
            ScanFinding.objects.bulk_create(
                ScanFinding(
                    scan=scan,
                    check_id="deps.vulnerabilities",
                    rule_id="deps.vulnerable",
                    pillar="security",
                    severity="error",
                    message=f"Finding {key}",
                    path=f"src/f{key}.py",
                    line=1,
                    fingerprint=f"{key + number:064x}",
                )
                for key in range(findings)
            )
        project.latest_scan, project.scan_health = scans[-1], "at_risk"
        project.save(update_fields=["latest_scan", "scan_health"])
        return project


def _verdict(counts: dict[str, tuple[int, list[Any]]], compared: list[str]) -> dict[str, Any]:
    numbers = {label: count for label, (count, _) in counts.items()}
    constant = len({numbers[label] for label in compared}) == 1
    slowest = {label: queries for label, (_, queries) in counts.items()}
    return {"queries": numbers, "compared": compared, "constant": constant, "slowest": slowest}


def worker(args: argparse.Namespace) -> None:
    """Child side: migrate, fill if asked, measure; print one JSON line."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    figures: dict[str, Any] = {"database": args.worker, "vendor": connection.vendor}
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    figures["migrate_seconds"] = time.perf_counter() - started
    if args.fill:
        note(f"  filling {args.projects:,} projects and {args.findings:,} findings")
        started = time.perf_counter()
        figures["counts"] = Filler(args.projects, args.findings, args.seed).fill()
        figures["fill_seconds"] = time.perf_counter() - started
        note(f"  filled in {figures['fill_seconds']:.0f} s: {figures['counts']}")
    measurer = Measurer(args.requests, args.seed)
    figures["queued"] = measurer.queued
    figures["timings"] = measurer.timings(args.only)
    figures["query_counts"] = measurer.query_counts(args.only)
    slowest = {
        "search": lambda: queries_of(measurer.anonymous, measurer.search_urls()[0], ok()),
        "page": lambda: queries_of(measurer.anonymous, f"/catalog/{measurer.slugs[0]}/", ok()),
        "queue": lambda: queries_of(measurer.committee, "/catalog/review/", ok()),
    }
    figures["slowest_queries"] = {
        MEASUREMENTS[name]: slowest[name]()[1] for name in slowest if name in args.only
    }
    print(json.dumps(figures, default=str))


# --- Printing ----------------------------------------------------------------------------------

LABELS = {
    "search": "search, q + entity + sdg (anonymous)",
    "project_page": "project page with scan panel (anonymous)",
    "review_queue": "review queue (reviewer)",
}


def goals_met(figures: dict[str, Any]) -> bool:
    return all(
        all(t["met"] for t in db["timings"].values())
        and all(q["constant"] for q in db["query_counts"].values())
        for db in figures["databases"].values()
    )


def print_table(figures: dict[str, Any]) -> None:
    print(
        f"catalog: {figures['projects']:,} projects, {figures['findings']:,} findings, "
        f"seed {figures['seed']}; {figures['requests']} timed requests per measurement"
    )
    print(f"revision: {figures['revision']}")
    for name, db in figures["databases"].items():
        print(f"\n## {name} ({db['vendor']})")
        if "fill_seconds" in db:
            print(f"fill: {db['fill_seconds']:.0f} s ({_counts(db['counts'])})")
        else:
            print("fill: reused (--keep)")
        print(f"projects waiting for review: {db['queued']:,}")
        print()
        print("| measurement | p50 | p95 | max | requests/s | goal p95 | |")
        print("| --- | --- | --- | --- | --- | --- | --- |")
        for key, t in db["timings"].items():
            print(
                f"| {LABELS[key]} | {t['p50_ms']:.1f} ms | {t['p95_ms']:.1f} ms | "
                f"{t['max_ms']:.1f} ms | {t['per_second']:.1f} | < {t['goal_ms']:g} ms | "
                f"{'met' if t['met'] else 'MISSED'} |"
            )
        print()
        print("| query count | | |")
        print("| --- | --- | --- |")
        for key, q in db["query_counts"].items():
            shown = ", ".join(f"{label}: {n}" for label, n in q["queries"].items())
            print(f"| {key} | {shown} | {'constant' if q['constant'] else 'GROWS'} |")
        print()
        if queue := db["query_counts"].get("review_queue"):
            print(f"review queue with 10 projects: p50 {queue['p50_ms_with_10']:.1f} ms")
        if page := db["query_counts"].get("project_page"):
            print(
                f"project page with 1 / 1,000 findings: {page['p50_ms_with_1']:.1f} / "
                f"{page['p50_ms_with_1000']:.1f} ms (p50)"
            )
        print("slowest queries of one request each:")
        for key, queries in db["slowest_queries"].items():
            for seconds, sql in queries[:2]:
                print(f"  {key}: {float(seconds) * 1000:.1f} ms  {' '.join(sql.split())[:220]}")
    print(f"\nGoals (p95 < {P95_GOAL_MS:g} ms, constant query counts): "
          f"{'met' if goals_met(figures) else 'MISSED'}")  # fmt: skip


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{n:,} {name}" for name, n in counts.items())


# --- Command line ------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument(
        "--postgres-url", metavar="URL", help="the server (default: $OSU_TEST_POSTGRES_URL)"
    )
    parser.add_argument("--projects", type=int, default=100_000, metavar="N")
    parser.add_argument("--findings", type=int, default=1_000_000, metavar="N")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--requests", type=int, default=200, metavar="N", help="per measurement")
    parser.add_argument("--keep", action="store_true", help="reuse a database filled alike")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--only", type=measurements, default=tuple(MEASUREMENTS), metavar="NAMES",
        help=f"the measurements to run, comma-separated: {','.join(MEASUREMENTS)} (default: all)",
    )  # fmt: skip
    parser.add_argument("--worker", choices=("sqlite", "postgres"), help=argparse.SUPPRESS)
    parser.add_argument("--fill", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def measurements(given: str) -> tuple[str, ...]:
    """--only's value: names of MEASUREMENTS, in their order."""
    names = {name.strip() for name in given.split(",") if name.strip()}
    if not names or names - MEASUREMENTS.keys():
        raise argparse.ArgumentTypeError(
            f"expected some of {','.join(MEASUREMENTS)}, comma-separated; got {given!r}"
        )
    return tuple(name for name in MEASUREMENTS if name in names)


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
        "seed": args.seed, "requests": args.requests, "only": list(args.only), "databases": {},
    }  # fmt: skip
    for database in databases:
        figures["databases"][database] = run_worker(database, args)
    figures["goals_met"] = goals_met(figures)
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print_table(figures)
    sys.exit(0 if figures["goals_met"] else 1)


if __name__ == "__main__":
    main()
