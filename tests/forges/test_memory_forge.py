"""The in-memory forge behaves as the adapter interface says a forge does."""

import pytest

from osunited.forges.adapters import (
    AccessLevel,
    CommitState,
    ForgeAdapter,
    ForgeConflict,
    ForgeNotFound,
    ForgeUnavailable,
    ForgeUnsupported,
    RepositorySpec,
    Visibility,
)
from tests.forges.memory_forge import MemoryForge

SPEC = RepositorySpec(namespace="unicef", path="survey", name="Survey", description="Field survey")


@pytest.fixture
def forge() -> MemoryForge:
    forge = MemoryForge()
    forge.add_namespace("unicef", members={"hosting": AccessLevel.OWNER})
    forge.add_user("alice", "carol")
    return forge


def test_it_implements_every_method_of_the_interface() -> None:
    assert not MemoryForge.__abstractmethods__
    assert isinstance(MemoryForge(), ForgeAdapter)


def test_a_created_repository_is_private_findable_and_not_created_twice(forge: MemoryForge) -> None:
    created = forge.create_repository(SPEC)

    assert created.visibility is Visibility.PRIVATE
    assert created.empty
    assert forge.find_repository("unicef/survey") == created
    assert forge.list_repositories("unicef") == (created,)
    with pytest.raises(ForgeConflict):
        forge.create_repository(SPEC)


def test_unknown_namespaces_users_and_repositories_are_not_found(forge: MemoryForge) -> None:
    repository_id = forge.create_repository(SPEC).id

    with pytest.raises(ForgeNotFound):
        forge.list_repositories("who")
    with pytest.raises(ForgeNotFound):
        forge.set_member(repository_id, "mallory", AccessLevel.DEVELOPER)
    with pytest.raises(ForgeNotFound):
        forge.repository_settings("404")
    assert forge.find_repository("unicef/other") is None


def test_protecting_and_configuring_twice_changes_nothing(forge: MemoryForge) -> None:
    repository_id = forge.create_repository(SPEC).id

    first = (
        forge.protect_branch(repository_id, "main"),
        forge.configure_merge_requests(repository_id, approvers=("alice",)),
    )
    second = (
        forge.protect_branch(repository_id, "main"),
        forge.configure_merge_requests(repository_id, approvers=("alice",)),
    )

    assert first == second
    settings = forge.repository_settings(repository_id)
    assert settings.protections == (first[0],)
    assert settings.merge == first[1]
    assert not first[0].allow_force_push


def test_members_inherit_from_the_group_and_removal_is_idempotent(forge: MemoryForge) -> None:
    repository_id = forge.create_repository(SPEC).id
    forge.set_member(repository_id, "alice", AccessLevel.MAINTAINER)

    members = {m.username: m for m in forge.list_members(repository_id)}
    forge.remove_member(repository_id, "alice")
    forge.remove_member(repository_id, "alice")

    assert members["alice"].access is AccessLevel.MAINTAINER
    assert not members["alice"].inherited
    assert members["hosting"].access is AccessLevel.OWNER
    assert members["hosting"].inherited
    assert [m.username for m in forge.list_members(repository_id)] == ["hosting"]


def test_committed_files_show_in_the_settings_and_take_statuses(forge: MemoryForge) -> None:
    repository_id = forge.create_repository(SPEC).id
    files = {
        "README.md": b"# Survey",
        "LICENSE": b"SPDX-License-Identifier: Apache-2.0\n",
        ".gitlab-ci.yml": b"scan:\n  script: osu scan .\n",
    }

    sha = forge.commit_files(repository_id, branch="main", message="Start", files=files)
    forge.set_commit_status(
        repository_id, sha, state=CommitState.SUCCESS, context="osunited/cla", description="ok"
    )

    settings = forge.repository_settings(repository_id)
    assert settings.top_files == (".gitlab-ci.yml", "LICENSE", "README.md")
    assert settings.ci_files == (".gitlab-ci.yml",)
    assert settings.ci_texts == {".gitlab-ci.yml": "scan:\n  script: osu scan .\n"}
    assert settings.license_spdx == "Apache-2.0"
    assert not settings.repository.empty
    assert forge.repository("unicef/survey").statuses[(sha, "osunited/cla")][0] == "success"
    with pytest.raises(ForgeNotFound):
        forge.set_commit_status(
            repository_id, "0" * 40, state=CommitState.FAILURE, context="c", description="d"
        )


def test_it_counts_calls_and_raises_the_injected_failure_once(forge: MemoryForge) -> None:
    forge.fail_next("list_repositories", ForgeUnavailable("GitLab answered 503."))

    with pytest.raises(ForgeUnavailable, match="503"):
        forge.list_repositories("unicef")
    forge.list_repositories("unicef")

    assert forge.calls["list_repositories"] == 2
    with pytest.raises(AttributeError):
        forge.fail_next("no_such_method", ForgeUnavailable("x"))


def test_a_tier_without_approval_rules_neither_reads_nor_writes_them() -> None:
    forge = MemoryForge(approval_rules=False)
    forge.add_namespace("unicef")
    repository_id = forge.create_repository(SPEC).id

    with pytest.raises(ForgeUnsupported):
        forge.configure_merge_requests(repository_id, approvers=())
    settings = forge.repository_settings(repository_id)
    assert settings.merge is None
    assert "merge" in settings.unobservable
