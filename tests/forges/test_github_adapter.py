"""The GitHub adapter against a fake GitHub REST API on loopback (tests/forges/fake_github.py)."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from osunited.forges.adapters import adapter_for
from osunited.forges.adapters.base import (
    AccessLevel,
    CommitState,
    ForgeAuthError,
    ForgeConflict,
    ForgeConnection,
    ForgeError,
    ForgeNotFound,
    ForgeRateLimited,
    ForgeUnavailable,
    ForgeUnsupported,
    Member,
    RepositorySpec,
    Visibility,
)
from osunited.forges.adapters.github import GitHubAdapter
from osunited.forges.audit import audit_namespace
from osunited.forges.guidelines import AuditFacts, Outcome
from tests.forges.fake_github import FakeGitHub

ORG = "unicef-org"


@pytest.fixture
def github() -> Iterator[FakeGitHub]:
    with FakeGitHub() as fake:
        fake.add_org(ORG, owners=["osu-bot"], members=["alice", "frank"])
        fake.add_user("carol")
        yield fake


@pytest.fixture
def calls() -> list[tuple[str, str, int]]:
    return []


@pytest.fixture
def connection(github: FakeGitHub, calls: list[tuple[str, str, int]]) -> ForgeConnection:
    return ForgeConnection(
        "github",
        github.url,
        github.token,
        timeout_seconds=2,
        retries=3,
        max_rate_limit_wait_seconds=5,
        on_call=lambda method, path, status: calls.append((method, path, status)),
    )


@pytest.fixture
def adapter(connection: ForgeConnection) -> Iterator[GitHubAdapter]:
    built = adapter_for(connection)
    assert isinstance(built, GitHubAdapter)
    with built:
        yield built


def spec(path: str = "field-survey", **changes: object) -> RepositorySpec:
    return replace(RepositorySpec(ORG, path, "Field survey", "Surveys offline"), **changes)  # type: ignore[arg-type]


def test_check_access_names_the_token_user_and_refuses_a_plain_member(
    github: FakeGitHub, adapter: GitHubAdapter
) -> None:
    assert adapter.check_access(ORG) == "osu-bot"
    github.add_org("who-org", owners=["heidi"], members=["osu-bot"])
    with pytest.raises(ForgeAuthError, match="not an owner"):
        adapter.check_access("who-org")
    with pytest.raises(ForgeNotFound, match="no-such-org"):
        adapter.check_access("no-such-org")


def test_a_created_repository_is_private_findable_and_not_created_twice(
    github: FakeGitHub, adapter: GitHubAdapter
) -> None:
    created = adapter.create_repository(spec(wiki=False))

    assert created.visibility is Visibility.PRIVATE
    assert created.empty
    assert created.full_path == f"{ORG}/field-survey"
    stored = github.repo(f"{ORG}/field-survey")
    assert (stored.private, stored.has_issues, stored.has_wiki) == (True, True, False)
    assert adapter.find_repository(f"{ORG}/field-survey") == created
    assert adapter.find_repository(f"{ORG}/nothing") is None
    with pytest.raises(ForgeConflict, match="exists already"):
        adapter.create_repository(spec())


def test_internal_visibility_is_private_outside_an_enterprise(
    github: FakeGitHub, adapter: GitHubAdapter
) -> None:
    assert adapter.create_repository(spec(visibility=Visibility.INTERNAL)).visibility is (
        Visibility.PRIVATE
    )
    github.add_org("undp-enterprise", plan="enterprise")
    inside = adapter.create_repository(
        spec(namespace="undp-enterprise", visibility=Visibility.INTERNAL)
    )
    assert inside.visibility is Visibility.INTERNAL


def test_visibility_and_archiving_change_and_repeat_harmlessly(
    github: FakeGitHub, adapter: GitHubAdapter
) -> None:
    repo = adapter.create_repository(spec())

    assert adapter.set_visibility(repo.id, Visibility.PUBLIC).visibility is Visibility.PUBLIC
    assert adapter.set_archived(repo.id, True).archived
    assert adapter.set_archived(repo.id, True).archived  # GitHub would refuse a second PATCH
    assert github.calls[f"PATCH /repos/{ORG}/field-survey"] == 2
    assert not adapter.set_archived(repo.full_path, False).archived


def test_a_repository_number_is_looked_up_once(
    github: FakeGitHub, connection: ForgeConnection
) -> None:
    number = str(github.add_repo(ORG, "known", files={"a": b"1"}).id)
    fresh = GitHubAdapter(connection)

    assert fresh.find_repository(number) is not None
    assert fresh.find_repository(number) is not None
    assert github.calls[f"GET /repositories/{number}"] == 1
    with pytest.raises(ForgeNotFound, match="names no GitHub repository"):
        fresh.find_repository("no-slash")


def test_commits_into_an_empty_repository_make_one_root_commit(
    github: FakeGitHub, adapter: GitHubAdapter
) -> None:
    repo = adapter.create_repository(spec())
    files = {".github/workflows/osu.yml": b"on: push\n", "logo.png": b"\x89PNG\x00\xff"}

    sha = adapter.commit_files(repo.id, branch="main", message="Start", files=files)

    stored = github.repo(repo.full_path)
    assert stored.branches == {"main": sha}
    assert stored.commits[sha]["parents"] == []
    assert stored.files("main") == files
    assert github.calls[f"PUT /repos/{repo.full_path}/contents/.github/workflows/osu.yml"] == 1
    assert github.calls[f"POST /repos/{repo.full_path}/git/blobs"] == 1  # the binary file only


def test_a_commit_on_a_branch_keeps_the_other_files(
    github: FakeGitHub, adapter: GitHubAdapter
) -> None:
    stored = github.add_repo(ORG, "tool", files={"README.md": b"# Tool\n"})
    first = stored.branches["main"]

    sha = adapter.commit_files(
        f"{ORG}/tool", branch="main", message="CI", files={"ci.yml": b"x: 1\n"}
    )
    other = adapter.commit_files(
        f"{ORG}/tool", branch="feature", message="More", files={"b.txt": b"b"}
    )

    assert stored.commits[sha]["parents"] == [first]
    assert stored.files("main") == {"README.md": b"# Tool\n", "ci.yml": b"x: 1\n"}
    assert stored.branches["feature"] == other
    assert set(stored.files("feature")) == {"README.md", "ci.yml", "b.txt"}
    with pytest.raises(ForgeError, match="at least one file"):
        adapter.commit_files(f"{ORG}/tool", branch="main", message="Nothing", files={})


def test_protecting_twice_gives_the_same_protection(
    github: FakeGitHub, adapter: GitHubAdapter
) -> None:
    github.add_repo(ORG, "tool", files={"a": b"1"})

    first = adapter.protect_branch(f"{ORG}/tool", "main")
    second = adapter.protect_branch(f"{ORG}/tool", "main")

    assert first == second
    assert (first.allow_force_push, first.push_access, first.merge_access) == (
        False,
        None,
        AccessLevel.DEVELOPER,
    )
    stored = github.repo(f"{ORG}/tool").protections["main"]
    assert stored["enforce_admins"]["enabled"]
    assert not stored["allow_force_pushes"]["enabled"]
    with pytest.raises(ForgeNotFound, match="Branch not found"):
        adapter.protect_branch(f"{ORG}/tool", "nope")


def test_protection_of_a_private_repository_on_the_free_plan_is_unsupported(
    github: FakeGitHub, adapter: GitHubAdapter
) -> None:
    github.add_org("small-org", plan="free")
    github.add_repo("small-org", "tool", files={"a": b"1"})

    with pytest.raises(ForgeUnsupported, match="Upgrade to GitHub Pro"):
        adapter.protect_branch("small-org/tool", "main")


def test_merge_settings_name_the_approvers_as_code_owners(
    github: FakeGitHub, adapter: GitHubAdapter
) -> None:
    repo = adapter.create_repository(spec())
    adapter.commit_files(repo.id, branch="main", message="Start", files={"a": b"1"})

    settings = adapter.configure_merge_requests(repo.id, approvers=("alice",), approvals_required=2)
    again = adapter.configure_merge_requests(repo.id, approvers=("alice",), approvals_required=2)

    assert settings == again
    assert settings.reset_approvals_on_push
    assert not settings.author_can_approve
    assert not settings.committers_can_approve
    assert [(r.approvals_required, r.usernames) for r in settings.approval_rules] == [
        (2, ("alice",))
    ]
    stored = github.repo(repo.full_path)
    assert stored.files("main")[".github/CODEOWNERS"].endswith(b"* @alice\n")
    assert len(stored.commits) == 2  # the start, then CODEOWNERS once
    reviews = stored.protections["main"]["required_pull_request_reviews"]
    assert reviews["require_code_owner_reviews"]
    assert reviews["dismiss_stale_reviews"]
    assert adapter.protect_branch(repo.id, "main").push_access is None
    assert stored.protections["main"]["required_pull_request_reviews"] == reviews
    with pytest.raises(ForgeNotFound, match="not a GitHub username"):
        adapter.configure_merge_requests(repo.id, approvers=("x\n* @mallory",))


def test_collaborators_are_added_changed_listed_and_removed(
    github: FakeGitHub, adapter: GitHubAdapter
) -> None:
    repo = adapter.create_repository(spec())

    assert adapter.set_member(repo.id, "alice", AccessLevel.MAINTAINER) == Member(
        "alice", AccessLevel.MAINTAINER
    )
    adapter.set_member(repo.id, "alice", AccessLevel.DEVELOPER)
    adapter.set_member(repo.id, "carol", AccessLevel.GUEST)  # an invitation to an outsider

    members = {m.username: m for m in adapter.list_members(repo.id)}
    assert members["alice"] == Member("alice", AccessLevel.DEVELOPER)
    assert members["osu-bot"] == Member("osu-bot", AccessLevel.OWNER, inherited=True)
    assert members["frank"] == Member("frank", AccessLevel.GUEST, inherited=True)
    assert "carol" not in members
    assert github.repo(repo.full_path).invitations == {"carol": "read"}

    adapter.remove_member(repo.id, "alice")
    adapter.remove_member(repo.id, "alice")
    assert members["alice"] not in adapter.list_members(repo.id)
    with pytest.raises(ForgeNotFound, match="no GitHub user ghost"):
        adapter.set_member(repo.id, "ghost", AccessLevel.GUEST)


def test_a_commit_status_is_set(github: FakeGitHub, adapter: GitHubAdapter) -> None:
    stored = github.add_repo(ORG, "tool", files={"a": b"1"})
    sha = stored.branches["main"]

    adapter.set_commit_status(
        f"{ORG}/tool",
        sha,
        state=CommitState.SUCCESS,
        context="osunited/cla",
        description="Every author accepted CLA v2. " * 10,
        target_url="https://osu.example.org/cla",
    )

    [status] = stored.statuses
    assert (status["state"], status["context"]) == ("success", "osunited/cla")
    assert len(status["description"]) == 140
    with pytest.raises(ForgeError, match="No commit found"):
        adapter.set_commit_status(
            f"{ORG}/tool", "f" * 40, state=CommitState.PENDING, context="c", description="d"
        )


def test_listing_follows_three_pages(github: FakeGitHub, adapter: GitHubAdapter) -> None:
    for number in range(250):
        github.add_repo(ORG, f"repo-{number:03}")

    listed = adapter.list_repositories(ORG)

    assert [r.full_path for r in listed] == [f"{ORG}/repo-{n:03}" for n in range(250)]
    assert github.calls[f"GET /orgs/{ORG}/repos"] == 3


def test_repository_settings_in_eight_calls(
    github: FakeGitHub, adapter: GitHubAdapter, calls: list[tuple[str, str, int]]
) -> None:
    files = {".github/workflows/osu.yml": b"on: push\n", "LICENSE": b"Apache"}
    github.add_repo(
        ORG, "tool", files=files, license="Apache-2.0", has_wiki=False, description="A tool"
    )
    adapter.configure_merge_requests(f"{ORG}/tool", approvers=("alice", "frank"))
    adapter.set_member(f"{ORG}/tool", "alice", AccessLevel.MAINTAINER)
    calls.clear()

    settings = adapter.repository_settings(f"{ORG}/tool")

    # the repository, its protection, the top folder, the .github tree, CODEOWNERS,
    # collaborators twice, the workflow's text
    assert len(calls) == 8
    assert settings.license_spdx == "Apache-2.0"
    assert (settings.issues_enabled, settings.wiki_enabled) == (True, False)
    assert settings.ci_files == (".github/workflows/osu.yml",)
    assert settings.protections[0].branch == "main"
    assert settings.merge is not None
    assert settings.merge.approval_rules[0].usernames == ("alice", "frank")
    assert Member("alice", AccessLevel.MAINTAINER) in settings.members
    assert settings.unobservable == {}
    assert settings.description == "A tool"
    assert settings.top_files == (".github", "LICENSE")
    assert settings.ci_texts == {".github/workflows/osu.yml": "on: push\n"}
    assert settings.code_owners == ("alice", "frank")
    assert settings.protections[0].code_owner_approval


def test_an_unprotected_repository_has_no_protections(
    github: FakeGitHub, adapter: GitHubAdapter
) -> None:
    github.add_repo(ORG, "bare", files={"a": b"1"})

    settings = adapter.repository_settings(f"{ORG}/bare")

    assert settings.protections == ()
    assert settings.ci_files == ()
    assert settings.merge is not None
    assert settings.merge.approval_rules == ()
    assert settings.license_spdx is None
    assert (settings.description, settings.top_files) == ("", ("a",))
    assert (settings.ci_texts, settings.code_owners) == ({}, ())


def test_an_empty_repository_has_no_files_in_five_calls(
    adapter: GitHubAdapter, calls: list[tuple[str, str, int]]
) -> None:
    repo = adapter.create_repository(spec())
    calls.clear()

    settings = adapter.repository_settings(repo.id)

    assert len(calls) == 5  # the repository, its protection, the top folder, collaborators twice
    assert settings.repository.empty
    assert (settings.top_files, settings.ci_files, settings.ci_texts) == ((), (), {})
    assert settings.code_owners == ()


def test_codeowners_is_read_where_github_looks_first(
    github: FakeGitHub, adapter: GitHubAdapter, calls: list[tuple[str, str, int]]
) -> None:
    files = {"CODEOWNERS": b"* @frank\n", "docs/CODEOWNERS": b"* @carol\n", "README": b""}
    stored = github.add_repo(ORG, "tool", files=files)

    assert adapter.repository_settings(f"{ORG}/tool").code_owners == ("frank",)
    github._commit(stored, "main", {".github/CODEOWNERS": b"* @alice\n/docs/ @carol\n"}, "Move")
    assert adapter.repository_settings(f"{ORG}/tool").code_owners == ("alice",)
    github._commit(stored, "main", {"docs/CODEOWNERS": b"* @carol\n"}, "Docs", replace_all=True)
    calls.clear()
    assert adapter.repository_settings(f"{ORG}/tool").code_owners == ("carol",)
    assert [path for _, path, _ in calls if "CODEOWNERS" in path] == [
        f"/repos/{ORG}/tool/contents/docs/CODEOWNERS"
    ]


def test_at_most_5_workflows_are_read_those_that_scan_first(
    github: FakeGitHub, adapter: GitHubAdapter
) -> None:
    files = {f".github/workflows/job-{n}.yml": b"on: push\n" for n in range(7)}
    files[".github/workflows/security.yaml"] = b"uses: github/codeql-action/analyze@v3\n"
    files[".github/workflows/nested/ignored.yml"] = b""
    files[".github/workflows/notes.md"] = b""
    github.add_repo(ORG, "tool", files=files)

    settings = adapter.repository_settings(f"{ORG}/tool")

    assert len(settings.ci_files) == 8
    assert list(settings.ci_texts) == [
        ".github/workflows/security.yaml",
        *(f".github/workflows/job-{n}.yml" for n in range(4)),
    ]


def test_auditing_an_organisation_costs_at_most_12_calls_a_repository(
    github: FakeGitHub, adapter: GitHubAdapter
) -> None:
    worst = {f".github/workflows/job-{n}.yml": b"on: push\n" for n in range(6)}
    worst[".github/workflows/osu.yml"] = b"steps:\n  - run: osu scan .\n"
    worst |= {"README.md": b"# Tool", "LICENSE": b"MIT", "docs/index.md": b""}
    for name, files in {"worst": worst, "plain": {"README.md": b"hi"}, "empty": None}.items():
        github.add_repo(ORG, name, files=files, license="MIT", description=f"The {name} one")
        if files:
            adapter.configure_merge_requests(f"{ORG}/{name}", approvers=("alice",))
    github.calls.clear()

    audit = audit_namespace(
        adapter, ORG, AuditFacts(today=date(2026, 1, 1), project_leads=frozenset({"alice"}))
    )

    namespace_calls = sum(n for call, n in github.calls.items() if f"/orgs/{ORG}" in call)
    per_repository: Counter[str] = Counter()
    for call, count in github.calls.items():
        if f"/repos/{ORG}/" in call:
            per_repository[call.split("/")[3]] += count
    assert namespace_calls == 4  # the organisation, its owners, its members, its repositories
    assert (github.calls.total() - namespace_calls) / 3 <= 12
    assert per_repository == {"worst": 12, "plain": 7, "empty": 5}  # plain: no workflow
    worst_audit = next(r for r in audit.repositories if r.repository.full_path.endswith("worst"))
    for guideline in ("CH2", "CH3", "CH4", "CH12"):
        assert worst_audit.probe(guideline).outcome is Outcome.MET, guideline
    ch10 = worst_audit.probe("CH10")  # approvals by code owners, GitHub's way, are the leads'
    assert ch10.outcome is Outcome.MET, ch10.reason
    assert ch10.evidence["protections.code_owner_approval"] == "true"


def test_namespace_settings_show_2fa_to_owners_only(
    github: FakeGitHub, adapter: GitHubAdapter
) -> None:
    settings = adapter.namespace_settings(ORG)

    assert settings.two_factor_required is True
    assert Member("osu-bot", AccessLevel.OWNER) in settings.members
    assert Member("alice", AccessLevel.GUEST) in settings.members
    github.add_org("who-org", owners=["heidi"], members=["osu-bot"])
    hidden = adapter.namespace_settings("who-org")
    assert hidden.two_factor_required is None
    assert "two_factor_required" in hidden.unobservable


def test_activity_counts_pull_requests_issues_releases_and_first_responses(
    github: FakeGitHub, adapter: GitHubAdapter
) -> None:
    stored = github.add_repo(ORG, "tool", files={"a": b"1"})

    def pull(number: int, created: str, updated: str, merged: str | None = None) -> dict[str, Any]:
        return {
            "number": number,
            "state": "closed" if merged else "open",
            "user": {"login": "carol"},
        } | {
            "created_at": created,
            "updated_at": updated,
            "merged_at": merged,
        }

    stored.pulls = [
        pull(1, "2024-12-01T00:00:00Z", "2024-12-02T00:00:00Z", "2024-12-02T00:00:00Z"),
        pull(2, "2025-01-02T00:00:00Z", "2025-01-03T00:00:00Z", "2025-01-03T00:00:00Z"),
        pull(3, "2025-01-05T00:00:00Z", "2025-01-06T00:00:00Z"),
    ]
    url = f"{github.url}/repos/{ORG}/tool/pulls"

    def comment(number: int, login: str, created: str) -> dict[str, Any]:
        return {"pull_request_url": f"{url}/{number}", "user": {"login": login}} | {
            "created_at": created,
            "updated_at": created,
        }

    stored.review_comments = [
        comment(2, "carol", "2025-01-02T01:00:00Z"),  # the author's own: no response
        comment(2, "alice", "2025-01-02T02:00:00Z"),
        comment(3, "alice", "2025-01-05T06:00:00Z"),
        comment(3, "frank", "2025-01-05T07:00:00Z"),
    ]
    stored.issues = [
        {"number": 4, "state": "closed", "created_at": "2025-01-02T00:00:00Z"}
        | {"updated_at": "2025-01-04T00:00:00Z", "closed_at": "2025-01-04T00:00:00Z"},
        {"number": 5, "state": "open", "created_at": "2024-11-01T00:00:00Z"}
        | {"updated_at": "2025-01-04T00:00:00Z", "closed_at": None},
        {"number": 2, "state": "closed", "pull_request": {}, "created_at": "2025-01-02T00:00:00Z"}
        | {"updated_at": "2025-01-03T00:00:00Z", "closed_at": "2025-01-03T00:00:00Z"},
    ]
    stored.releases = [
        {
            "tag_name": "v1",
            "created_at": "2025-01-06T00:00:00Z",
            "published_at": "2025-01-06T00:00:00Z",
        },
        {
            "tag_name": "v0",
            "created_at": "2024-06-01T00:00:00Z",
            "published_at": "2024-06-01T00:00:00Z",
        },
    ]

    activity = adapter.activity(f"{ORG}/tool", since="2025-01-01")

    assert (activity.merge_requests_opened, activity.merge_requests_merged) == (2, 1)
    assert activity.median_first_response_hours == 4.0  # 2 h and 6 h
    assert (activity.issues_opened, activity.issues_closed, activity.releases) == (1, 1, 1)


def test_server_errors_are_retried(
    github: FakeGitHub, adapter: GitHubAdapter, calls: list[tuple[str, str, int]]
) -> None:
    github.fail_next(2, status=502)

    assert adapter.find_repository(f"{ORG}/nothing") is None

    assert [status for _, _, status in calls] == [502, 502, 404]


def test_server_errors_beyond_the_retries_make_the_forge_unavailable(
    github: FakeGitHub, adapter: GitHubAdapter
) -> None:
    github.fail_next(4, status=500)

    with pytest.raises(ForgeUnavailable, match="500 to GET /repos/unicef-org/x"):
        adapter.find_repository(f"{ORG}/x")


@pytest.mark.parametrize("secondary", [False, True])
def test_a_rate_limit_resetting_soon_is_waited_out(
    github: FakeGitHub, adapter: GitHubAdapter, secondary: bool
) -> None:
    github.rate_limit_next(1, reset_in=1, secondary=secondary, status=429 if secondary else 403)
    started = time.monotonic()

    assert adapter.check_access(ORG) == "osu-bot"

    assert 0.9 < time.monotonic() - started < 4
    assert github.calls["GET /user"] == 2


def test_a_rate_limit_resetting_later_than_allowed_raises(
    github: FakeGitHub, adapter: GitHubAdapter
) -> None:
    github.rate_limit_next(1, reset_in=30)
    started = time.monotonic()

    with pytest.raises(ForgeRateLimited, match="longer than the 5 s"):
        adapter.check_access(ORG)

    assert time.monotonic() - started < 1
    assert github.calls["GET /user"] == 1


def test_a_forge_slower_than_the_timeout_is_unavailable(
    github: FakeGitHub, connection: ForgeConnection, calls: list[tuple[str, str, int]]
) -> None:
    github.slow_next(2, seconds=1.5)
    adapter = GitHubAdapter(replace(connection, timeout_seconds=0.5, retries=1))

    with pytest.raises(ForgeUnavailable, match=r"did not answer GET /user within 0\.5 s"):
        adapter.check_access(ORG)

    assert calls == [("GET", "/user", 0), ("GET", "/user", 0)]


def test_a_bad_token_is_an_auth_error_that_never_shows_the_token(
    github: FakeGitHub, connection: ForgeConnection, calls: list[tuple[str, str, int]]
) -> None:
    secret = "ghp_wrongSecret987654321"
    adapter = GitHubAdapter(replace(connection, token=secret))

    with pytest.raises(ForgeAuthError, match="Bad credentials") as raised:
        adapter.check_access(ORG)

    assert secret not in str(raised.value)
    assert secret not in repr(raised.value)
    assert raised.value.__cause__ is None
    assert raised.value.__suppress_context__
    assert calls == [("GET", "/user", 401)]
    assert all(secret not in path for _, path, _ in calls)


def test_the_token_appears_in_no_message_or_counted_path(
    github: FakeGitHub, adapter: GitHubAdapter, calls: list[tuple[str, str, int]]
) -> None:
    messages = []
    for attempt in (
        lambda: adapter.create_repository(spec(namespace="gone-org")),
        lambda: adapter.set_member(f"{ORG}/gone", "alice", AccessLevel.GUEST),
        lambda: adapter.protect_branch(f"{ORG}/gone", "main"),
    ):
        with pytest.raises(ForgeError) as raised:
            attempt()
        messages.append(str(raised.value))

    assert all(github.token not in message for message in messages)
    assert calls
    assert all(github.token not in path for _, path, _ in calls)
