"""The CH1-CH12 audit of 1,000 repositories through the real forge adapters over HTTP (#17).

    .venv/bin/python benchmarks/forge_bench.py                   # fake GitLab, 50 groups x 20
    .venv/bin/python benchmarks/forge_bench.py --github          # fake GitHub, 50 organisations
    .venv/bin/python benchmarks/forge_bench.py --groups 5 --workers 4

The fake forge of the tests (tests/forges/fake_gitlab.py, fake_github.py) runs in a child process
on loopback, seeded with a mix of repositories that meet and miss each guideline; this process
runs `audit_namespace` for every group with the real adapter and prints wall and CPU time (of
this process and, apart, of the fake server), API calls per repository and per endpoint, the
guidelines' outcomes and peak memory. Goals: under 60 s on 2 cores, at most 12 calls a
repository. The exit status is 0 even when a goal is missed."""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import re
import resource
import statistics
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from multiprocessing.connection import Connection
from typing import Any

from _common import ROOT, note, revision

from osunited.forges.guidelines import AuditFacts

sys.path.insert(0, str(ROOT))  # the fake forges live with the tests: tests/forges/

HOSTING_TEAM = ("osu-bot", "hosting-1")
STAFF = tuple(f"staff-{n:03}" for n in range(300))
EXTERNALS = tuple(f"ext-{n:03}" for n in range(200))
OWNER, MAINTAINER, DEVELOPER = 50, 40, 30
GOAL_SECONDS, GOAL_CALLS = 60.0, 12
SCAN_CI = "stages: [test]\nscan:\n  script: osu scan . --fail-on error\n"
SAST_CI = "include:\n  - template: Jobs/SAST.gitlab-ci.yml\n"
TEST_CI = "test:\n  script: pytest\n"


# What every repository holds, whichever forge ------------------------------------------------


@dataclass
class RepositorySeed:
    group: int
    name: str
    description: str
    files: dict[str, bytes]
    license: str | None  # SPDX id; "other" for a license without one
    lead: str
    protected: bool
    force_push: bool
    developers_push: bool
    approvals: bool  # the lead's approval required, reset on push, no self-approval
    members: dict[str, int] = field(default_factory=dict)  # username -> GitLab access level
    issues: bool = True
    wiki: bool = True
    public: bool = False
    ci_config_path: str | None = None


def seed_repositories(groups: int, per_group: int, seed: int) -> list[RepositorySeed]:
    rng = random.Random(seed)  # noqa: S311 - reproducible test data
    return [_seed_one(rng, g, p) for g in range(groups) for p in range(per_group)]


def _seed_one(rng: random.Random, group: int, number: int) -> RepositorySeed:
    lead = rng.choice(STAFF)
    members = {lead: MAINTAINER}
    members |= dict.fromkeys(rng.sample(STAFF, rng.randint(1, 4)), DEVELOPER)
    members |= dict.fromkeys(rng.sample(EXTERNALS, rng.randint(0, 4)), DEVELOPER)
    if rng.random() < 0.10:
        members[rng.choice(EXTERNALS)] = MAINTAINER  # CH5, CH11 not met
    if rng.random() < 0.05:
        members[rng.choice(STAFF)] = OWNER  # not the hosting team: CH5 not met
    files = _seed_files(rng, lead)
    return RepositorySeed(
        group=group,
        name=f"project-{number:02}",
        description="" if rng.random() < 0.1 else f"Project {number} of entity {group}",
        files=files,
        license=rng.choice(["MIT", "Apache-2.0", "EUPL-1.2", "GPL-3.0-only", "other", None]),
        lead=lead,
        protected=rng.random() < 0.85,
        force_push=rng.random() < 0.10,
        developers_push=rng.random() < 0.15,
        approvals=rng.random() < 0.70,
        members=members,
        issues=rng.random() > 0.10,
        wiki=rng.random() > 0.20,
        public=rng.random() < 0.20,
        ci_config_path="ci/pipeline.yml" if "ci/pipeline.yml" in files else None,
    )


def _seed_files(rng: random.Random, lead: str) -> dict[str, bytes]:
    files = {"src/main.py": b"print('hello')\n"}
    if rng.random() < 0.90:
        files["README.md"] = b"# A project\n"
    if rng.random() < 0.85:
        files["LICENSE"] = b"License text\n"
    if rng.random() < 0.30:
        files["docs/index.md"] = b"# Docs\n"
    if rng.random() < 0.40:
        files["CODEOWNERS"] = f"* @{lead}\n".encode()
    ci = rng.random()
    if ci < 0.05:
        files["ci/pipeline.yml"] = SCAN_CI.encode()
    elif ci < 0.45:
        files["CI"] = SCAN_CI.encode()
    elif ci < 0.60:
        files["CI"] = SAST_CI.encode()
    elif ci < 0.80:
        files["CI"] = TEST_CI.encode()
    return files


def audit_facts(
    repositories: list[RepositorySeed], full_path: Callable[[RepositorySeed], str]
) -> AuditFacts:
    return AuditFacts(
        today=date(2026, 12, 1),
        hosting_team=frozenset(HOSTING_TEAM),
        un_staff=frozenset(STAFF),
        externals=frozenset(EXTERNALS),
        leads_by_repository={full_path(r): frozenset({r.lead}) for r in repositories},
        released=frozenset(full_path(r) for r in repositories[::2] if r.public),
        platform_records=True,
        cla_accepted=frozenset(EXTERNALS[:180]),
        last_compliance_audit=date(2026, 6, 1),
        backup_attested_on=date(2025, 6, 1),  # more than a year before: CH9 not met
    )


# GitLab ----------------------------------------------------------------------------------------

GITLAB_LICENSES = {"MIT": "mit", "Apache-2.0": "apache-2.0", "EUPL-1.2": "eupl-1.2"}
GITLAB_LICENSES |= {"GPL-3.0-only": "gpl-3.0", "other": "other"}


def gitlab_group(number: int) -> str:
    return f"un/entity-{number:02}"


def gitlab_full_path(seed: RepositorySeed) -> str:
    return f"{gitlab_group(seed.group)}/{seed.name}"


def seed_gitlab(fake: Any, repositories: list[RepositorySeed], groups: int) -> None:
    users = {name: fake.add_user(name) for name in (*HOSTING_TEAM[1:], *STAFF, *EXTERNALS)}
    users[fake.bot["username"]] = fake.bot
    for number in range(groups):
        group = fake.add_group(gitlab_group(number), require_two_factor=number % 5 != 0)
        group["members"][users["hosting-1"]["id"]] = OWNER
    for seed in repositories:
        files = {(".gitlab-ci.yml" if p == "CI" else p): c for p, c in seed.files.items()}
        project = fake.add_project(
            gitlab_group(seed.group),
            seed.name,
            files=files,
            visibility="public" if seed.public else "private",
            license_key=GITLAB_LICENSES.get(seed.license or ""),
            description=seed.description,
        )
        project["ci_config_path"] = seed.ci_config_path
        project["issues_access_level"] = "enabled" if seed.issues else "disabled"
        project["wiki_access_level"] = "enabled" if seed.wiki else "disabled"
        project["members"] = {users[name]["id"]: level for name, level in seed.members.items()}
        _gitlab_rules(fake, project, seed, users)


def _gitlab_rules(fake: Any, project: dict[str, Any], seed: RepositorySeed, users: Any) -> None:
    if seed.protected:
        project["protected_branches"]["main"] = {
            "id": next(fake._ids),
            "name": "main",
            "push_access_level": DEVELOPER if seed.developers_push else MAINTAINER,
            "merge_access_level": MAINTAINER,
            "allow_force_push": seed.force_push,
        }
    if seed.approvals:
        project["approvals"] |= {
            "reset_approvals_on_push": True,
            "merge_requests_author_approval": False,
            "merge_requests_disable_committers_approval": True,
        }
        rule = {"id": next(fake._ids), "name": "UN project lead", "approvals_required": 1}
        project["approval_rules"].append(rule | {"user_ids": [users[seed.lead]["id"]]})


def gitlab_endpoint(path: str) -> str:
    path = path.removeprefix("/api/v4")
    path = re.sub(r"^/projects/[^/]+", "/projects/:id", path)
    path = re.sub(r"^/groups/[^/]+", "/groups/:id", path)
    return re.sub(r"/repository/files/[^/]+/raw$", "/repository/files/:path/raw", path)


def gitlab_repository(path: str) -> str | None:
    found = re.match(r"/api/v4/projects/([^/]+)", path)
    return found[1] if found else None


# GitHub ----------------------------------------------------------------------------------------

GITHUB_ROLES = {OWNER: "admin", MAINTAINER: "maintain", DEVELOPER: "write"}


def github_org(number: int) -> str:
    return f"entity-{number:02}"


def github_full_path(seed: RepositorySeed) -> str:
    return f"{github_org(seed.group)}/{seed.name}"


def seed_github(fake: Any, repositories: list[RepositorySeed], groups: int) -> None:
    from tests.forges.fake_github import put_protection

    for number in range(groups):
        org = fake.add_org(
            github_org(number), owners=HOSTING_TEAM, two_factor_required=number % 5 != 0
        )
        org.members |= {r.lead for r in repositories if r.group == number}
    for name in (*STAFF, *EXTERNALS):
        fake.add_user(name)
    for seed in repositories:
        files = {_github_path(p, seed): c for p, c in seed.files.items()}
        if seed.ci_config_path:
            files[".github/workflows/pipeline.yml"] = files.pop("ci/pipeline.yml")
        repo = fake.add_repo(
            github_org(seed.group),
            seed.name,
            files=files,
            description=seed.description,
            private=not seed.public,
            license={"other": "NOASSERTION"}.get(seed.license or "", seed.license),
            has_issues=seed.issues,
            has_wiki=seed.wiki,
        )
        repo.collaborators = {n: GITHUB_ROLES[level] for n, level in seed.members.items()}
        if seed.protected:
            owner, name = repo.full_name.split("/")
            put_protection(fake, {}, _github_protection(seed), owner, name, "main")


def _github_path(path: str, seed: RepositorySeed) -> str:
    if path == "CI":
        return ".github/workflows/ci.yml"
    return ".github/CODEOWNERS" if path == "CODEOWNERS" and seed.approvals else path


def _github_protection(seed: RepositorySeed) -> dict[str, Any]:
    reviews = None
    if not seed.developers_push:
        reviews = {"required_approving_review_count": 1}
        if seed.approvals:
            reviews |= {"dismiss_stale_reviews": True, "require_code_owner_reviews": True}
            reviews |= {"require_last_push_approval": True}
    return {
        "required_status_checks": None,
        "enforce_admins": True,
        "required_pull_request_reviews": reviews,
        "restrictions": None,
        "allow_force_pushes": seed.force_push,
    }


def github_endpoint(path: str) -> str:
    path = re.sub(r"^/repos/[^/]+/[^/]+", "/repos/:owner/:repo", path)
    path = re.sub(r"^/orgs/[^/]+", "/orgs/:org", path)
    path = re.sub(r"/contents/.+$", "/contents/:path", path)
    path = re.sub(r"/git/trees/[^/]+$", "/git/trees/:sha", path)
    return re.sub(r"/branches/[^/]+/protection$", "/branches/:branch/protection", path)


def github_repository(path: str) -> str | None:
    found = re.match(r"/repos/([^/]+/[^/]+)", path)
    return found[1] if found else None


# The fake forge in a child process ------------------------------------------------------------


def serve_fake(kind: str, groups: int, per_group: int, seed: int, pipe: Connection) -> None:
    """Seeds and serves the fake forge until told to stop; answers with its own figures."""
    repositories = seed_repositories(groups, per_group, seed)
    if kind == "gitlab":
        from tests.forges.fake_gitlab import FakeGitLab

        fake: Any = FakeGitLab()
        seed_gitlab(fake, repositories, groups)
        fake.start()
    else:
        from tests.forges.fake_github import FakeGitHub

        fake = FakeGitHub()
        seed_github(fake, repositories, groups)
        fake.__enter__()
    pipe.send((fake.url, fake.token))
    started = time.process_time()
    pipe.recv()
    cpu = time.process_time() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    pipe.send({"cpu": cpu, "calls": sum(fake.calls.values()), "peak_mb": peak_mb})
    fake.stop() if kind == "gitlab" else fake.__exit__(None, None, None)


# The audit ------------------------------------------------------------------------------------


class CallCounter:
    def __init__(self) -> None:
        self.calls: list[tuple[str, str, int]] = []
        self._lock = threading.Lock()

    def __call__(self, method: str, path: str, status: int) -> None:
        with self._lock:
            self.calls.append((method, path, status))


def run(args: argparse.Namespace) -> None:
    kind = "github" if args.github else "gitlab"
    load = os.getloadavg()
    note(f"seeding the fake {kind}: {args.groups} groups x {args.projects} repositories")
    ours, theirs = multiprocessing.Pipe()
    server = multiprocessing.Process(
        target=serve_fake, args=(kind, args.groups, args.projects, args.seed, theirs)
    )
    server.start()
    url, token = ours.recv()
    repositories = seed_repositories(args.groups, args.projects, args.seed)
    full_path = github_full_path if args.github else gitlab_full_path
    facts = audit_facts(repositories, full_path)
    counter = CallCounter()
    adapter = _adapter(kind, url, token, counter)
    namespaces = [(github_org if args.github else gitlab_group)(g) for g in range(args.groups)]
    note(f"auditing {len(namespaces)} namespaces with {args.workers} thread(s)")
    from osunited.forges.audit import audit_namespace

    started, cpu_started = time.perf_counter(), time.process_time()
    if args.workers == 1:  # in this thread, where a profiler sees it
        audits = [audit_namespace(adapter, namespace, facts) for namespace in namespaces]
    else:
        with ThreadPoolExecutor(max_workers=args.workers) as pool:
            audits = list(pool.map(lambda n: audit_namespace(adapter, n, facts), namespaces))
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    ours.send("stop")
    server_figures = ours.recv()
    server.join()
    adapter.close()
    report(kind, args, load, wall, cpu, counter, audits, server_figures)


def _adapter(kind: str, url: str, token: str, counter: CallCounter) -> Any:
    from osunited.forges.adapters import ForgeConnection, adapter_for

    return adapter_for(ForgeConnection(kind, url, token, on_call=counter))


def report(
    kind: str,
    args: argparse.Namespace,
    load: tuple[float, float, float],
    wall: float,
    cpu: float,
    counter: CallCounter,
    audits: list[Any],
    server: dict[str, float],
) -> None:
    from osunited.forges.guidelines import Outcome

    endpoint = github_endpoint if args.github else gitlab_endpoint
    repository_of = github_repository if args.github else gitlab_repository
    per_repository = Counter(r for _, p, _ in counter.calls if (r := repository_of(p)))
    namespace_calls = len(counter.calls) - per_repository.total()
    audited = sum(len(a.repositories) for a in audits)
    counts = list(per_repository.values())
    outcomes: Counter[Outcome] = Counter()
    for audit in audits:
        for by_outcome in audit.outcomes().values():
            outcomes.update(by_outcome)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"forge_bench: {kind}, commit {revision()}, load average before {load[0]:.2f}")
    print(f"{len(audits)} namespaces, {audited} repositories audited, {args.workers} thread(s)")
    goal = "met" if wall < GOAL_SECONDS else "MISSED"
    print(f"wall {wall:.1f} s (goal < {GOAL_SECONDS:.0f} s: {goal}); CPU of the audit {cpu:.1f} s")
    server_cpu, server_mb = server["cpu"], server["peak_mb"]
    print(f"fake server (child process): CPU {server_cpu:.1f} s, peak RSS {server_mb:.0f} MB")
    mean, top = statistics.mean(counts), max(counts)
    goal = "met" if top <= GOAL_CALLS else "MISSED"
    print(
        f"API calls: {len(counter.calls)} ({server['calls']} received by the server); per "
        f"repository mean {mean:.2f}, max {top} (goal <= {GOAL_CALLS}: {goal}); "
        f"namespace-level {namespace_calls}"
    )
    print(
        f"{len(counter.calls) / wall:.0f} calls/s, {1000 * wall / len(counter.calls):.2f} ms a call"
    )
    print("calls per endpoint:")
    for name, count in Counter(f"{m} {endpoint(p)}" for m, p, _ in counter.calls).most_common():
        print(f"  {count:6}  {name}")
    statuses = Counter(status for _, _, status in counter.calls)
    print("statuses: " + ", ".join(f"{s}: {n}" for s, n in sorted(statuses.items())))
    print(
        "guidelines: "
        + ", ".join(f"{o.value} {outcomes.get(o, 0)}" for o in Outcome)
        + f" (of {audited} x 12)"
    )
    print(f"peak RSS of the audit process {peak_mb:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--github", action="store_true", help="the fake GitHub, not GitLab")
    parser.add_argument("--groups", type=int, default=50)
    parser.add_argument("--projects", type=int, default=20, help="repositories per group")
    parser.add_argument("--workers", type=int, default=1, choices=range(1, 5), metavar="1-4")
    parser.add_argument("--seed", type=int, default=17)
    run(parser.parse_args())


if __name__ == "__main__":
    main()
