"""Opening a merge request with one commit (the chooser's LICENSE file, #18) through each
adapter, against the fake GitLab and GitHub servers and the in-memory forge."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from osunited.forges.adapters.base import (
    ForgeConnection,
    ForgeError,
    ForgeUnsupported,
    ProposedChange,
)
from osunited.forges.adapters.github import GitHubAdapter
from osunited.forges.adapters.gitlab import GitLabAdapter
from tests.forges.fake_github import FakeGitHub
from tests.forges.fake_gitlab import FakeGitLab
from tests.forges.memory_forge import MemoryForge

LICENSE = b"MIT License\n\nPermission is hereby granted...\n"
CHANGE = {
    "branch": "osu/license-mit",
    "base": None,
    "title": "Add the MIT license",
    "description": "Chosen with the platform's license chooser.",
    "files": {"LICENSE": LICENSE},
}


@pytest.fixture
def fake_gitlab() -> Iterator[FakeGitLab]:
    with FakeGitLab() as server:
        server.add_project("unicef/ospo", "field-survey", files={"README.md": b"# Field survey\n"})
        yield server
    assert not server.crashes


@pytest.fixture
def gitlab(fake_gitlab: FakeGitLab) -> Iterator[GitLabAdapter]:
    connection = ForgeConnection("gitlab", fake_gitlab.url, fake_gitlab.token, timeout_seconds=2)
    with GitLabAdapter(connection) as adapter:
        yield adapter


@pytest.fixture
def fake_github() -> Iterator[FakeGitHub]:
    with FakeGitHub() as server:
        server.add_org("unicef-org")
        server.add_repo("unicef-org", "field-survey", files={"README.md": b"# Field survey\n"})
        yield server


@pytest.fixture
def github(fake_github: FakeGitHub) -> Iterator[GitHubAdapter]:
    connection = ForgeConnection("github", fake_github.url, fake_github.token, timeout_seconds=2)
    with GitHubAdapter(connection) as adapter:
        yield adapter


def test_gitlab_opens_a_merge_request_with_the_license_alone(
    fake_gitlab: FakeGitLab, gitlab: GitLabAdapter
) -> None:
    project = fake_gitlab.project_by_path("unicef/ospo/field-survey")
    assert project is not None

    change = gitlab.propose_change(str(project["id"]), **CHANGE)  # type: ignore[arg-type]

    assert change == ProposedChange(
        url="https://gitlab.example.org/unicef/ospo/field-survey/-/merge_requests/1", number=1
    )
    (mr,) = project["merge_requests"]
    assert (mr["source_branch"], mr["target_branch"]) == ("osu/license-mit", "main")
    assert mr["title"] == "Add the MIT license"
    branch = fake_gitlab._branch_files(project, "osu/license-mit")
    assert branch == {"README.md": b"# Field survey\n", "LICENSE": LICENSE}
    assert fake_gitlab._branch_files(project, "main") == {"README.md": b"# Field survey\n"}


def test_gitlab_asked_twice_returns_the_open_merge_request(
    fake_gitlab: FakeGitLab, gitlab: GitLabAdapter
) -> None:
    project = fake_gitlab.project_by_path("unicef/ospo/field-survey")
    assert project is not None
    first = gitlab.propose_change(str(project["id"]), **CHANGE)  # type: ignore[arg-type]
    commits = len(project["commits"])

    again = gitlab.propose_change(str(project["id"]), **CHANGE)  # type: ignore[arg-type]

    assert again == first
    assert len(project["merge_requests"]) == 1
    assert len(project["commits"]) == commits


def test_gitlab_finishes_a_change_whose_branch_exists_already(
    fake_gitlab: FakeGitLab, gitlab: GitLabAdapter
) -> None:
    """A first attempt that committed, then failed to open the merge request."""
    project = fake_gitlab.project_by_path("unicef/ospo/field-survey")
    assert project is not None
    gitlab.commit_files(
        str(project["id"]), branch="osu/license-mit", message="LICENSE", files={"LICENSE": LICENSE}
    )
    commits = len(project["commits"])

    change = gitlab.propose_change(str(project["id"]), **CHANGE)  # type: ignore[arg-type]

    assert change.number == 1
    assert len(project["commits"]) == commits  # the branch held the file: no second commit


def test_gitlab_refuses_an_empty_repository_with_a_sentence(
    fake_gitlab: FakeGitLab, gitlab: GitLabAdapter
) -> None:
    empty = fake_gitlab.add_project("unicef/ospo", "empty")
    with pytest.raises(ForgeError, match="has no commit to branch from"):
        gitlab.propose_change(str(empty["id"]), **CHANGE)  # type: ignore[arg-type]
    assert empty["merge_requests"] == []


def test_gitlab_errors_become_forge_errors(fake_gitlab: FakeGitLab, gitlab: GitLabAdapter) -> None:
    project = fake_gitlab.project_by_path("unicef/ospo/field-survey")
    assert project is not None
    fake_gitlab.fail_next(10, status=503)
    with pytest.raises(ForgeError, match="503"):
        gitlab.propose_change(str(project["id"]), **CHANGE)  # type: ignore[arg-type]


def test_github_opens_a_pull_request_with_the_license_alone(
    fake_github: FakeGitHub, github: GitHubAdapter
) -> None:
    change = github.propose_change("unicef-org/field-survey", **CHANGE)  # type: ignore[arg-type]

    assert change == ProposedChange(
        url="https://github.com/unicef-org/field-survey/pull/1", number=1
    )
    repo = fake_github.repo("unicef-org/field-survey")
    (pull,) = repo.pulls
    assert (pull["head"]["ref"], pull["base"]["ref"]) == ("osu/license-mit", "main")
    assert pull["body"] == "Chosen with the platform's license chooser."
    assert repo.files("osu/license-mit") == {"README.md": b"# Field survey\n", "LICENSE": LICENSE}
    assert repo.files("main") == {"README.md": b"# Field survey\n"}


def test_github_asked_twice_returns_the_open_pull_request(
    fake_github: FakeGitHub, github: GitHubAdapter
) -> None:
    first = github.propose_change("unicef-org/field-survey", **CHANGE)  # type: ignore[arg-type]
    repo = fake_github.repo("unicef-org/field-survey")
    commits = len(repo.commits)

    again = github.propose_change("unicef-org/field-survey", **CHANGE)  # type: ignore[arg-type]

    assert again == first
    assert len(repo.pulls) == 1
    assert len(repo.commits) == commits


def test_github_finishes_a_change_whose_branch_exists_already(
    fake_github: FakeGitHub, github: GitHubAdapter
) -> None:
    github.commit_files(
        "unicef-org/field-survey",
        branch="osu/license-mit",
        message="LICENSE",
        files={"LICENSE": LICENSE},
    )
    repo = fake_github.repo("unicef-org/field-survey")
    commits = len(repo.commits)

    change = github.propose_change("unicef-org/field-survey", **CHANGE)  # type: ignore[arg-type]

    assert change.number == 1
    assert len(repo.commits) == commits


def test_the_memory_forge_keeps_the_merge_requests_it_opened() -> None:
    forge = MemoryForge()
    repository = forge.add_repository("unicef/ospo/field-survey", files={"README.md": b"#"})

    first = forge.propose_change(repository.id, **CHANGE)  # type: ignore[arg-type]
    again = forge.propose_change(repository.id, **CHANGE)  # type: ignore[arg-type]

    assert first == again
    assert repository.merge_requests_opened == [
        (1, "osu/license-mit", "main", "Add the MIT license", CHANGE["description"])
    ]
    assert repository.branches["osu/license-mit"]["LICENSE"] == LICENSE
    assert "LICENSE" not in repository.files()


def test_an_adapter_without_merge_requests_says_so() -> None:
    class Minimal(MemoryForge):
        propose_change = MemoryForge.__bases__[0].propose_change  # the interface's default

    with pytest.raises(ForgeUnsupported, match="cannot open merge requests"):
        Minimal().propose_change("1", **CHANGE)  # type: ignore[arg-type]
