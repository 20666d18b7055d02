"""The GitLab adapter against a fake GitLab on 127.0.0.1 (tests/forges/fake_gitlab.py)."""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date
from http import HTTPStatus

import pytest

from osunited.forges.adapters import (
    AccessLevel,
    BranchProtection,
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
    adapter_for,
)
from osunited.forges.adapters.gitlab import GitLabAdapter
from osunited.forges.audit import audit_namespace
from osunited.forges.guidelines import AuditFacts, Outcome
from tests.forges.fake_gitlab import DEVELOPER, MAINTAINER, OWNER, FakeGitLab

Calls = list[tuple[str, str, int]]
Connect = Callable[..., GitLabAdapter]
SPEC = RepositorySpec(namespace="unicef/ospo", path="field-survey", name="Field survey")


@pytest.fixture
def fake() -> Iterator[FakeGitLab]:
    with FakeGitLab() as server:
        server.add_group("unicef/ospo")
        yield server
    assert not server.crashes


@pytest.fixture
def calls() -> Calls:
    return []


@pytest.fixture
def connect(fake: FakeGitLab, calls: Calls) -> Iterator[Connect]:
    adapters: list[GitLabAdapter] = []

    def make(**options: object) -> GitLabAdapter:
        settings: dict[str, object] = {
            "kind": "gitlab",
            "base_url": fake.url,
            "token": fake.token,
            "timeout_seconds": 2.0,
            "retries": 2,
            "on_call": lambda method, path, status: calls.append((method, path, status)),
        }
        adapter = GitLabAdapter(ForgeConnection(**{**settings, **options}))  # type: ignore[arg-type]
        adapters.append(adapter)
        return adapter

    yield make
    for adapter in adapters:
        adapter.close()


@pytest.fixture
def gitlab(connect: Connect) -> GitLabAdapter:
    return connect()


def test_the_registry_builds_the_gitlab_adapter(fake: FakeGitLab) -> None:
    adapter = adapter_for(ForgeConnection(kind="gitlab", base_url=fake.url, token=fake.token))
    assert isinstance(adapter, GitLabAdapter)
    assert adapter.kind == "gitlab"
    adapter.close()


def test_check_access_names_the_account_of_the_token(gitlab: GitLabAdapter) -> None:
    assert gitlab.check_access("unicef/ospo") == "osu-bot"


def test_check_access_refuses_a_group_the_token_cannot_manage(
    fake: FakeGitLab, gitlab: GitLabAdapter
) -> None:
    fake.add_group("who", bot_access=DEVELOPER)
    with pytest.raises(ForgeAuthError, match="not a maintainer or owner of the group who"):
        gitlab.check_access("who")
    with pytest.raises(ForgeNotFound, match="404 Group Not Found"):
        gitlab.check_access("nowhere")


def test_a_created_repository_is_found_and_cannot_be_created_twice(
    fake: FakeGitLab, gitlab: GitLabAdapter
) -> None:
    created = gitlab.create_repository(SPEC)

    assert created.full_path == "unicef/ospo/field-survey"
    assert created.visibility is Visibility.PRIVATE
    assert created.empty
    assert gitlab.find_repository("unicef/ospo/field-survey") == created
    assert gitlab.find_repository("unicef/ospo/nothing") is None
    with pytest.raises(ForgeConflict, match="has already been taken"):
        gitlab.create_repository(SPEC)
    assert len(fake.projects) == 1


def test_a_repository_is_created_with_the_features_of_the_spec(gitlab: GitLabAdapter) -> None:
    spec = RepositorySpec(
        namespace="unicef/ospo", path="quiet", name="Quiet", issues=False, wiki=False
    )
    created = gitlab.create_repository(spec)

    settings = gitlab.repository_settings(created.id)
    assert not settings.issues_enabled
    assert not settings.wiki_enabled
    assert settings.merge_requests_enabled


def test_creating_in_an_unknown_group_is_not_found(gitlab: GitLabAdapter) -> None:
    spec = RepositorySpec(namespace="nowhere", path="x", name="X")
    with pytest.raises(ForgeNotFound, match="Creating the repository nowhere/x failed"):
        gitlab.create_repository(spec)


def test_visibility_and_archiving_change_and_can_be_asked_twice(gitlab: GitLabAdapter) -> None:
    repository = gitlab.create_repository(SPEC)

    assert gitlab.set_visibility(repository.id, Visibility.PUBLIC).visibility is Visibility.PUBLIC
    assert gitlab.set_archived(repository.id, True).archived
    assert gitlab.set_archived(repository.id, True).archived
    assert not gitlab.set_archived(repository.id, False).archived
    with pytest.raises(ForgeNotFound, match="404 Project Not Found"):
        gitlab.set_visibility("999999", Visibility.PUBLIC)


def test_protecting_a_branch_twice_is_fine(fake: FakeGitLab, gitlab: GitLabAdapter) -> None:
    repository = gitlab.create_repository(SPEC)
    wanted = BranchProtection("main", False, AccessLevel.MAINTAINER, AccessLevel.MAINTAINER)

    assert gitlab.protect_branch(repository.id, "main") == wanted
    assert gitlab.protect_branch(repository.id, "main") == wanted
    assert len(fake.projects[int(repository.id)]["protected_branches"]) == 1


def test_a_weaker_protection_is_replaced(fake: FakeGitLab, gitlab: GitLabAdapter) -> None:
    repository = gitlab.create_repository(SPEC)
    fake.projects[int(repository.id)]["protected_branches"]["main"] = {
        "id": 1,
        "name": "main",
        "push_access_level": DEVELOPER,
        "merge_access_level": DEVELOPER,
        "allow_force_push": True,
    }

    protection = gitlab.protect_branch(repository.id, "main")

    assert protection.allow_force_push is False
    assert protection.push_access is AccessLevel.MAINTAINER
    stored = fake.projects[int(repository.id)]["protected_branches"]["main"]
    assert stored["allow_force_push"] is False


def test_merge_requests_need_the_project_lead(fake: FakeGitLab, gitlab: GitLabAdapter) -> None:
    fake.add_user("alice")
    repository = gitlab.create_repository(SPEC)

    first = gitlab.configure_merge_requests(repository.id, approvers=("alice",))
    again = gitlab.configure_merge_requests(
        repository.id, approvers=("alice",), approvals_required=2
    )

    assert first.reset_approvals_on_push
    assert not first.author_can_approve
    assert not first.committers_can_approve
    assert [(r.usernames, r.approvals_required) for r in first.approval_rules] == [(("alice",), 1)]
    assert [(r.usernames, r.approvals_required) for r in again.approval_rules] == [(("alice",), 2)]
    assert gitlab.repository_settings(repository.id).merge == again


def test_an_unknown_approver_is_not_found(gitlab: GitLabAdapter) -> None:
    repository = gitlab.create_repository(SPEC)
    with pytest.raises(ForgeNotFound, match="no user named mallory"):
        gitlab.configure_merge_requests(repository.id, approvers=("mallory",))


@pytest.mark.parametrize("status", [403, 404])
def test_approval_rules_are_unsupported_on_gitlab_free(
    fake: FakeGitLab, gitlab: GitLabAdapter, status: int
) -> None:
    fake.add_user("alice")
    repository = gitlab.create_repository(SPEC)
    fake.premium, fake.free_tier_status = False, status

    with pytest.raises(ForgeUnsupported, match="Premium"):
        gitlab.configure_merge_requests(repository.id, approvers=("alice",))
    settings = gitlab.repository_settings(repository.id)
    assert settings.merge is None
    assert "Premium" in settings.unobservable["merge"]


def test_members_are_added_changed_and_removed(fake: FakeGitLab, gitlab: GitLabAdapter) -> None:
    fake.add_user("carol")
    repository = gitlab.create_repository(SPEC)

    added = gitlab.set_member(repository.id, "carol", AccessLevel.DEVELOPER)
    changed = gitlab.set_member(repository.id, "carol", AccessLevel.MAINTAINER)

    assert added == Member("carol", AccessLevel.DEVELOPER)
    assert changed == Member("carol", AccessLevel.MAINTAINER)
    assert set(gitlab.list_members(repository.id)) == {
        Member("osu-bot", AccessLevel.OWNER, inherited=True),
        Member("carol", AccessLevel.MAINTAINER),
    }
    gitlab.remove_member(repository.id, "carol")
    gitlab.remove_member(repository.id, "carol")
    gitlab.remove_member(repository.id, "nobody-at-all")
    assert [m.username for m in gitlab.list_members(repository.id)] == ["osu-bot"]


def test_an_unknown_username_is_not_found(gitlab: GitLabAdapter) -> None:
    repository = gitlab.create_repository(SPEC)
    with pytest.raises(ForgeNotFound, match="no user named mallory"):
        gitlab.set_member(repository.id, "mallory", AccessLevel.DEVELOPER)


def test_committing_into_an_empty_repository_creates_the_branch(
    fake: FakeGitLab, gitlab: GitLabAdapter
) -> None:
    repository = gitlab.create_repository(SPEC)

    first = gitlab.commit_files(
        repository.id, branch="main", message="Add the license", files={"LICENSE": b"MIT"}
    )
    second = gitlab.commit_files(
        repository.id,
        branch="main",
        message="Update the license, add the CLA",
        files={"LICENSE": b"Apache-2.0", "docs/CLA.md": b"\xe2\x9c\x93 sign"},
    )

    project = fake.projects[int(repository.id)]
    assert project["branches"]["main"] == second != first
    assert project["commits"][second]["files"] == {
        "LICENSE": b"Apache-2.0",
        "docs/CLA.md": b"\xe2\x9c\x93 sign",
    }
    found = gitlab.find_repository(repository.full_path)
    assert found is not None
    assert not found.empty


def test_committing_to_a_new_branch_starts_from_the_default_one(
    fake: FakeGitLab, gitlab: GitLabAdapter
) -> None:
    project = fake.add_project("unicef/ospo", "survey", files={"README.md": b"hi"})

    sha = gitlab.commit_files(
        str(project["id"]), branch="osu/cla", message="CLA", files={"README.md": b"hello"}
    )

    assert project["branches"]["osu/cla"] == sha
    assert project["commits"][sha]["parent_ids"] == [project["branches"]["main"]]
    assert project["commits"][sha]["files"] == {"README.md": b"hello"}


def test_a_commit_status_is_set_and_can_be_set_again(
    fake: FakeGitLab, gitlab: GitLabAdapter
) -> None:
    project = fake.add_project("unicef/ospo", "survey", files={"README.md": b"hi"})
    sha = project["branches"]["main"]

    for _ in range(2):
        gitlab.set_commit_status(
            str(project["id"]),
            sha,
            state=CommitState.FAILURE,
            context="osunited/cla",
            description="carol has not signed the CLA",
            target_url="https://osu.example.org/cla",
        )

    status = project["statuses"][(sha, "osunited/cla")]
    assert status["status"] == "failed"
    assert status["description"] == "carol has not signed the CLA"
    assert status["target_url"] == "https://osu.example.org/cla"
    with pytest.raises(ForgeNotFound):
        gitlab.set_commit_status(
            str(project["id"]), "f" * 40, state=CommitState.SUCCESS, context="x", description=""
        )


def test_every_repository_of_a_group_and_its_subgroups_is_listed(
    fake: FakeGitLab, gitlab: GitLabAdapter
) -> None:
    for number in range(250):
        fake.add_project("unicef/ospo" if number % 2 else "unicef/ospo/apps", f"p{number}")
    fake.add_project("who", "elsewhere")

    repositories = gitlab.list_repositories("unicef/ospo")

    assert len(repositories) == 250
    assert len({repository.id for repository in repositories}) == 250
    assert fake.route_calls[("GET", "/groups/:id/projects")] == 3


def test_repository_settings_read_everything_the_audit_needs_in_8_calls(
    fake: FakeGitLab, gitlab: GitLabAdapter, calls: Calls
) -> None:
    fake.add_group_member("unicef", "erin", OWNER)
    fake.add_user("alice")
    project = fake.add_project(
        "unicef/ospo",
        "survey",
        files={".gitlab-ci.yml": b"test: {}", "LICENSE": b"MIT", "src/app.py": b""},
        license_key="mit",
        description="Surveys offline",
    )
    repository_id = str(project["id"])
    gitlab.protect_branch(repository_id, "main")
    gitlab.configure_merge_requests(repository_id, approvers=("alice",))
    gitlab.set_member(repository_id, "alice", AccessLevel.MAINTAINER)
    calls.clear()

    settings = gitlab.repository_settings(repository_id)

    assert len(calls) == 8
    assert settings.repository.full_path == "unicef/ospo/survey"
    assert settings.repository.default_branch == "main"
    assert settings.protections == (
        BranchProtection("main", False, AccessLevel.MAINTAINER, AccessLevel.MAINTAINER),
    )
    assert settings.merge is not None
    assert settings.merge.approval_rules[0].usernames == ("alice",)
    assert set(settings.members) == {
        Member("osu-bot", AccessLevel.OWNER, inherited=True),
        Member("erin", AccessLevel.OWNER, inherited=True),
        Member("alice", AccessLevel.MAINTAINER),
    }
    assert settings.ci_files == (".gitlab-ci.yml",)
    assert settings.license_spdx == "MIT"
    assert settings.unobservable == {}
    assert settings.description == "Surveys offline"
    assert settings.top_files == (".gitlab-ci.yml", "LICENSE", "src")
    assert settings.ci_texts == {".gitlab-ci.yml": "test: {}"}
    assert settings.code_owners == ()
    assert fake.route_calls[("GET", "/projects/:id/repository/files/:file_path/raw")] == 1


def test_codeowners_is_read_from_the_first_place_gitlab_reads(
    fake: FakeGitLab, gitlab: GitLabAdapter, calls: Calls
) -> None:
    files = {
        "README.md": b"hi",
        "docs/guide.md": b"read me",
        ".gitlab/CODEOWNERS": b"[Docs]\n*.md @carol\n* @alice @grace # the leads\n",
    }
    project = fake.add_project("unicef/ospo", "survey", files=files)
    fake.projects[project["id"]]["protected_branches"]["main"] = {
        "id": 1,
        "name": "main",
        "push_access_level": MAINTAINER,
        "merge_access_level": MAINTAINER,
        "allow_force_push": False,
        "code_owner_approval_required": True,
    }

    settings = gitlab.repository_settings(str(project["id"]))

    assert settings.code_owners == ("alice", "grace")
    assert settings.protections[0].code_owner_approval
    raw_files = [path for _, path, _ in calls if path.endswith("/raw")]
    assert [path.split("/files/")[1].removesuffix("/raw") for path in raw_files] == [
        "docs%2FCODEOWNERS",  # docs/ comes first and has none: 404
        ".gitlab%2FCODEOWNERS",
    ]
    files["CODEOWNERS"] = b"* @bob\n"
    fake._commit(fake.projects[project["id"]], "main", "Root owners", files)
    assert gitlab.repository_settings(str(project["id"])).code_owners == ("bob",)


def test_the_custom_ci_file_is_read_first_and_at_most_3_ci_files(
    fake: FakeGitLab, gitlab: GitLabAdapter
) -> None:
    ci = {name: f"# {name}\n".encode() for name in (".travis.yml", ".drone.yml", "Jenkinsfile")}
    files = {**ci, ".gitlab-ci.yml": b"include: ci/osu.yml", "ci/main.yml": b"osu scan ."}
    project = fake.add_project("unicef/ospo", "survey", files=files)
    project["ci_config_path"] = "ci/main.yml"

    settings = gitlab.repository_settings(str(project["id"]))

    assert len(settings.ci_files) == 5
    assert settings.ci_texts == {
        "ci/main.yml": "osu scan .",
        ".gitlab-ci.yml": "include: ci/osu.yml",
        ".drone.yml": "# .drone.yml\n",
    }


def test_an_empty_repository_has_no_ci_files_and_costs_6_calls(
    gitlab: GitLabAdapter, calls: Calls
) -> None:
    repository = gitlab.create_repository(SPEC)
    calls.clear()

    settings = gitlab.repository_settings(repository.id)

    assert len(calls) == 6
    assert settings.ci_files == ()
    assert settings.license_spdx is None
    assert (settings.top_files, settings.ci_texts, settings.code_owners) == ((), {}, ())


def test_a_license_without_spdx_identifier_is_unobservable(
    fake: FakeGitLab, gitlab: GitLabAdapter
) -> None:
    project = fake.add_project("unicef/ospo", "odd", files={"COPYING": b"?"}, license_key="other")

    settings = gitlab.repository_settings(str(project["id"]))

    assert settings.license_spdx is None
    assert "'other'" in settings.unobservable["license"]


def test_auditing_a_group_costs_at_most_12_calls_a_repository(
    fake: FakeGitLab, gitlab: GitLabAdapter
) -> None:
    fake.add_user("alice")
    worst = {
        ".gitlab-ci.yml": b"include: ci/main.yml",
        ".travis.yml": b"script: make",
        "Jenkinsfile": b"node {}",
        "ci/main.yml": b"scan:\n  script: osu scan .\n",
        "README.md": b"# Survey",
        "LICENSE": b"MIT",
        "docs/guide.md": b"",
        ".gitlab/CODEOWNERS": b"* @alice\n",
    }
    seeds = {"worst": worst, "plain": {"README.md": b"hi"}, "empty": None}
    for name, files in seeds.items():
        project = fake.add_project(
            "unicef/ospo", name, files=files, license_key="mit", description=f"The {name} one"
        )
        project["ci_config_path"] = "ci/main.yml" if name == "worst" else None
        if files:
            gitlab.protect_branch(str(project["id"]), "main")
        gitlab.configure_merge_requests(str(project["id"]), approvers=("alice",))
    fake.calls.clear()

    audit = audit_namespace(
        gitlab,
        "unicef/ospo",
        AuditFacts(today=date(2026, 1, 1), project_leads=frozenset({"alice"})),
    )

    namespace_calls = sum(n for (_, path), n in fake.calls.items() if "/groups/" in path)
    per_project: Counter[str] = Counter()
    for (_, path), count in fake.calls.items():
        if found := re.match(r"/api/v4/projects/(\d+)", path):
            per_project[found[1]] += count
    assert namespace_calls == 4  # the group, its members twice, its projects
    assert (fake.total_calls() - namespace_calls) / 3 <= 12
    assert sorted(per_project.values()) == [6, 7, 12]  # empty, plain (no CI file), worst
    worst_audit = next(r for r in audit.repositories if r.repository.full_path.endswith("worst"))
    for guideline in ("CH2", "CH3", "CH4", "CH10", "CH12"):
        assert worst_audit.probe(guideline).outcome is Outcome.MET, guideline


def test_namespace_settings_show_two_factor_and_members(
    fake: FakeGitLab, gitlab: GitLabAdapter
) -> None:
    fake.add_group("unicef", require_two_factor=True)
    fake.add_group_member("unicef/ospo", "alice", MAINTAINER)

    settings = gitlab.namespace_settings("unicef/ospo")
    top = gitlab.namespace_settings("unicef")

    assert settings.two_factor_required is False
    assert top.two_factor_required is True
    assert set(settings.members) == {
        Member("osu-bot", AccessLevel.OWNER, inherited=True),
        Member("alice", AccessLevel.MAINTAINER),
    }


def test_activity_counts_what_happened_since_a_date(
    fake: FakeGitLab, gitlab: GitLabAdapter
) -> None:
    project = fake.add_project("unicef/ospo", "survey")
    pid = project["id"]
    fake.add_merge_request(pid, author="carol", created_at="2025-12-01T10:00:00Z")
    fake.add_merge_request(
        pid,
        author="carol",
        created_at="2025-12-20T10:00:00Z",
        merged_at="2026-01-03T10:00:00Z",
    )
    fake.add_merge_request(
        pid,
        author="carol",
        created_at="2026-01-05T10:00:00Z",
        merged_at="2026-01-06T10:00:00Z",
        notes=(("carol", "2026-01-05T11:00:00Z"), ("alice", "2026-01-05T14:00:00Z")),
    )
    fake.add_merge_request(
        pid,
        author="dave",
        created_at="2026-01-10T10:00:00Z",
        notes=(("alice", "2026-01-10T20:00:00Z"),),
    )
    fake.add_issue(pid, author="carol", created_at="2025-11-01T10:00:00Z")
    fake.add_issue(
        pid, author="carol", created_at="2025-11-01T10:00:00Z", closed_at="2026-01-02T00:00:00Z"
    )
    fake.add_issue(pid, author="dave", created_at="2026-01-04T10:00:00Z")
    fake.add_release(pid, tag="v1.0", released_at="2025-10-01T00:00:00Z")
    fake.add_release(pid, tag="v1.1", released_at="2026-01-07T00:00:00Z")

    activity = gitlab.activity(str(pid), since="2026-01-01")

    assert activity.merge_requests_opened == 2
    assert activity.merge_requests_merged == 2
    assert activity.median_first_response_hours == 7.0  # 4 h and 10 h
    assert activity.issues_opened == 1
    assert activity.issues_closed == 1
    assert activity.releases == 1


def test_two_server_errors_are_retried(
    fake: FakeGitLab, gitlab: GitLabAdapter, calls: Calls
) -> None:
    repository = gitlab.create_repository(SPEC)
    calls.clear()
    fake.fail_next(2)

    assert gitlab.find_repository(repository.full_path) == repository
    assert [status for _, _, status in calls] == [500, 500, 200]


def test_server_errors_beyond_the_retries_make_the_forge_unavailable(
    fake: FakeGitLab, gitlab: GitLabAdapter
) -> None:
    fake.fail_next(3)
    with pytest.raises(ForgeUnavailable, match="GitLab answered 500 to GET /api/v4/projects/"):
        gitlab.find_repository("unicef/ospo/x")


@pytest.mark.parametrize(
    ("status", "attempts", "error"),
    [
        (403, 1, ForgeAuthError),
        (404, 1, ForgeNotFound),
        (409, 1, ForgeConflict),
        (422, 1, ForgeError),
        (503, 3, ForgeUnavailable),
    ],
)
def test_each_gitlab_error_becomes_its_forge_error(
    fake: FakeGitLab,
    gitlab: GitLabAdapter,
    calls: Calls,
    status: int,
    attempts: int,
    error: type[ForgeError],
) -> None:
    repository = gitlab.create_repository(SPEC)
    calls.clear()
    fake.fail_next(attempts, status=status)

    with pytest.raises(ForgeError) as raised:
        gitlab.set_visibility(repository.id, Visibility.PUBLIC)

    assert type(raised.value) is error
    phrase = HTTPStatus(status).phrase
    assert str(raised.value) == (
        f"Making the repository {repository.id} public failed: GitLab answered {status} to "
        f"PUT /api/v4/projects/{repository.id}: {status} {phrase}"
    )
    assert len(calls) == attempts


def test_a_rate_limit_is_waited_out(fake: FakeGitLab, gitlab: GitLabAdapter, calls: Calls) -> None:
    fake.rate_limit_next(1, retry_after=1)
    started = time.monotonic()

    assert gitlab.check_access("unicef/ospo") == "osu-bot"

    assert time.monotonic() - started >= 1
    assert calls[:2] == [("GET", "/api/v4/user", 429), ("GET", "/api/v4/user", 200)]


def test_a_rate_limit_that_outlasts_the_retries_is_reported(
    fake: FakeGitLab, gitlab: GitLabAdapter, calls: Calls
) -> None:
    fake.rate_limit_next(3, retry_after=0)
    with pytest.raises(ForgeRateLimited, match="GitLab answered 429 to GET /api/v4/user"):
        gitlab.check_access("unicef/ospo")
    assert [status for _, _, status in calls] == [429, 429, 429]


def test_a_rate_limit_longer_than_allowed_is_not_waited(fake: FakeGitLab, connect: Connect) -> None:
    gitlab = connect(max_rate_limit_wait_seconds=5)
    fake.rate_limit_next(1, retry_after=3600)
    started = time.monotonic()

    with pytest.raises(ForgeRateLimited, match="wait 3600 s, more than the 5 s allowed"):
        gitlab.check_access("unicef/ospo")

    assert time.monotonic() - started < 2


def test_a_forge_that_does_not_answer_in_time_is_unavailable(
    fake: FakeGitLab, connect: Connect, calls: Calls
) -> None:
    gitlab = connect(timeout_seconds=0.3, retries=1)
    fake.delay_next(2, seconds=5)

    with pytest.raises(ForgeUnavailable, match=r"did not answer GET /api/v4/user within 0\.3 s"):
        gitlab.check_access("unicef/ospo")

    assert calls == [("GET", "/api/v4/user", 0), ("GET", "/api/v4/user", 0)]


def test_an_unreachable_forge_is_unavailable(connect: Connect) -> None:
    with FakeGitLab() as stopped:
        url = stopped.url
    gitlab = connect(base_url=url, retries=0)
    with pytest.raises(ForgeUnavailable, match="could not be reached"):
        gitlab.find_repository("unicef/ospo/x")


def test_a_wrong_token_is_an_auth_error(connect: Connect) -> None:
    gitlab = connect(token="wrong-token-for-tests")
    with pytest.raises(ForgeAuthError, match="401 Unauthorized") as raised:
        gitlab.check_access("unicef/ospo")
    assert "wrong-token-for-tests" not in str(raised.value)


def test_the_token_appears_in_no_message_and_no_call_path(
    fake: FakeGitLab, connect: Connect, calls: Calls
) -> None:
    gitlab = connect(max_rate_limit_wait_seconds=1, retries=0)
    gitlab.create_repository(SPEC)
    messages = []
    failures: list[Callable[[], object]] = [
        lambda: gitlab.create_repository(SPEC),
        lambda: gitlab.set_visibility("404404", Visibility.PUBLIC),
        lambda: gitlab.set_member("404404", fake.token, AccessLevel.GUEST),
        lambda: (fake.fail_next(1), gitlab.list_repositories("unicef"))[1],
        lambda: (fake.rate_limit_next(1, retry_after=30), gitlab.check_access("unicef"))[1],
        lambda: connect(token=fake.token + "x").check_access("unicef"),
        lambda: gitlab.check_access(fake.token),
    ]
    for failure in failures:
        with pytest.raises(ForgeError) as raised:
            failure()
        messages.append(str(raised.value))

    assert all(message and fake.token not in message for message in messages), messages
    assert calls
    assert all(fake.token not in path for _, path, _ in calls)
