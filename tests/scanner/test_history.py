"""Reading git history, and the CHAOSS-style health metrics computed from it."""

import os
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from osunited.scanner import _history
from osunited.scanner._cache import ScanCache
from osunited.scanner._context import ScanContext
from osunited.scanner._errors import LimitExceeded, ScanError
from osunited.scanner._history import (
    Commit,
    History,
    Tag,
    activity,
    author_key,
    bus_factor,
    covers,
    is_unmaintained,
    organisation_of,
    organisational_diversity,
    read_history,
    releases,
    truncation_note,
)
from osunited.scanner._limits import Deadline, ScanLimits
from osunited.scanner._policy import default_policy
from osunited.scanner._tree import walk_tree

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


def ago(days: float) -> int:
    return int((NOW - timedelta(days=days)).timestamp())


def commit(email: str, days_ago: float, name: str = "", **flags: bool) -> Commit:
    return Commit("0" * 40, name or email.partition("@")[0], email, ago(days_ago), **flags)


def history(*commits: Commit, tags: tuple[Tag, ...] = (), **state: object) -> History:
    ordered = tuple(sorted(commits, key=lambda c: -c.timestamp))
    return History(commits=ordered, tags=tags, **state)  # type: ignore[arg-type]


# --- Real repositories ------------------------------------------------------------------------


def git(*args: str, cwd: Path, when: datetime | None = None, who: str = "Alice") -> str:
    """Real git, isolated from the machine's configuration, as `who`, at `when`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    if when is not None:
        env.update(GIT_AUTHOR_DATE=when.isoformat(), GIT_COMMITTER_DATE=when.isoformat())
    identity = ["-c", f"user.name={who}", "-c", f"user.email={who.lower()}@unicef.org"]
    completed = subprocess.run(
        ["git", *identity, "-c", "commit.gpgsign=false", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return completed.stdout.strip()


def make_repo(path: Path, ages: tuple[float, ...], who: str = "Alice") -> Path:
    """A repository with one commit per age in days before NOW, oldest first."""
    path.mkdir(parents=True)
    git("init", "-q", "-b", "main", cwd=path)
    for number, age in enumerate(ages, start=1):
        add_commit(path, age, who, f"Commit {number}")
    return path


def add_commit(path: Path, age: float, who: str = "Alice", message: str = "Change") -> None:
    git(
        "commit",
        "-q",
        "--allow-empty",
        "-m",
        message,
        cwd=path,
        when=NOW - timedelta(days=age),
        who=who,
    )


def context_for(
    root: Path, git_dir: Path | None, deadline: Deadline | None = None, **options: object
) -> ScanContext:
    return ScanContext(
        tree=walk_tree(root, limits=ScanLimits(), deadline=Deadline(60)),
        policy=default_policy(),
        limits=ScanLimits(),
        deadline=deadline or Deadline(60),
        cache=ScanCache(None),
        git_dir=git_dir,
        **options,  # type: ignore[arg-type]
    )


def test_it_has_no_history_without_a_git_directory(tmp_path: Path) -> None:
    assert read_history(context_for(tmp_path, None)) is None


def test_it_has_no_history_for_a_folder_that_is_not_a_repository(tmp_path: Path) -> None:
    context = context_for(tmp_path, tmp_path)

    assert read_history(context) is None


def test_it_has_no_history_for_a_repository_without_commits_and_says_why(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    git("init", "-q", cwd=repo)
    context = context_for(repo, repo)

    assert read_history(context) is None
    assert context.notes == [context.notes[0]]
    assert context.notes[0].startswith("The git history could not be read: git log failed")


def test_it_reads_commits_newest_first_with_authors_and_committer_dates(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", ages=(30, 20))
    add_commit(repo, 10, who="Bob")

    found = read_history(context_for(repo, repo))

    assert found is not None
    assert [(c.author_name, c.author_email, c.date) for c in found.commits] == [
        ("Bob", "bob@unicef.org", NOW - timedelta(days=10)),
        ("Alice", "alice@unicef.org", NOW - timedelta(days=20)),
        ("Alice", "alice@unicef.org", NOW - timedelta(days=30)),
    ]
    assert found.head_date == NOW - timedelta(days=10)
    assert len(found.commits[0].sha) == 40
    assert not found.shallow
    assert not found.truncated


def test_it_reads_tags_with_the_tagger_date_or_the_commit_date(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", ages=(30, 20))
    git("tag", "v1.0.0", "HEAD~1", cwd=repo)
    git("tag", "-a", "-m", "Release", "v1.1.0", cwd=repo, when=NOW - timedelta(days=5))

    found = read_history(context_for(repo, repo))

    assert found is not None
    assert [(t.name, t.date) for t in found.tags] == [
        ("v1.0.0", NOW - timedelta(days=30)),
        ("v1.1.0", NOW - timedelta(days=5)),
    ]


def test_it_tells_merges_apart_and_uses_the_mailmap(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", ages=(30,))
    git("checkout", "-q", "-b", "feature", cwd=repo)
    add_commit(repo, 20, who="Bob")
    git("checkout", "-q", "main", cwd=repo)
    git("merge", "-q", "--no-ff", "-m", "Merge", "feature", cwd=repo, when=NOW - timedelta(days=10))
    (repo / ".mailmap").write_text("Robert <robert@unicef.org> <bob@unicef.org>\n")

    found = read_history(context_for(repo, repo))

    assert found is not None
    assert [(c.author_name, c.author_email, c.is_merge) for c in found.commits] == [
        ("Alice", "alice@unicef.org", True),
        ("Robert", "robert@unicef.org", False),
        ("Alice", "alice@unicef.org", False),
    ]


def test_it_marks_commits_of_bots(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", ages=(30,))
    add_commit(repo, 20, who="dependabot[bot]")

    found = read_history(context_for(repo, repo))

    assert found is not None
    assert [c.is_bot for c in found.commits] == [True, False]


def test_it_reads_at_most_max_commits_and_says_the_history_is_truncated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = make_repo(tmp_path / "repo", ages=(30, 20, 10))
    monkeypatch.setattr(_history, "MAX_COMMITS", 2)

    found = read_history(context_for(repo, repo))

    assert found is not None
    assert len(found.commits) == 2
    assert found.truncated


def test_it_stops_when_the_scan_deadline_has_passed(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", ages=(30,))

    with pytest.raises(LimitExceeded):
        read_history(context_for(repo, repo, deadline=Deadline(0)))


def shallow_clone(tmp_path: Path, ages: tuple[float, ...]) -> tuple[Path, Path]:
    origin = make_repo(tmp_path / "origin", ages=ages)
    git("tag", "v1.0", "HEAD~2", cwd=origin)
    git("tag", "v2.0", cwd=origin)
    clone = tmp_path / "clone"
    git("clone", "-q", "--depth", "1", "--no-tags", origin.as_uri(), str(clone), cwd=tmp_path)
    return origin, clone


def test_a_shallow_clone_that_is_not_deepened_is_read_as_truncated(tmp_path: Path) -> None:
    _, clone = shallow_clone(tmp_path, ages=(800, 500, 200, 100, 5))

    found = read_history(context_for(clone, clone, shallow=True))

    assert found is not None
    assert len(found.commits) == 1
    assert found.shallow
    assert found.deepened_days is None
    assert not covers(found, 365, NOW)
    assert "truncated" in truncation_note(found, 365, NOW)


def test_it_deepens_a_shallow_clone_to_a_year_and_the_unmaintained_threshold(
    tmp_path: Path,
) -> None:
    origin, clone = shallow_clone(tmp_path, ages=(800, 500, 200, 100, 5))
    git("tag", "v0.1", "HEAD~4", cwd=origin)  # older than the history fetched
    asked: list[int] = []

    def deepen(days: int) -> None:
        asked.append(days)
        since = (NOW - timedelta(days=days)).isoformat()
        git("fetch", "-q", "--tags", f"--shallow-since={since}", "origin", cwd=clone)

    found = read_history(context_for(clone, clone, shallow=True, deepen=deepen))

    assert asked == [365 + 30]
    assert found is not None
    assert [c.date for c in found.commits] == [NOW - timedelta(days=d) for d in (5, 100, 200)]
    assert found.shallow
    assert found.deepened_days == 395
    assert covers(found, 365, NOW)
    assert [t.name for t in found.tags] == ["v0.1", "v1.0", "v2.0"]


def test_it_asks_for_more_than_a_year_when_the_policy_threshold_is_longer(tmp_path: Path) -> None:
    _, clone = shallow_clone(tmp_path, ages=(800, 500, 200, 100, 5))
    asked: list[int] = []
    context = context_for(clone, clone, shallow=True, deepen=asked.append)
    context.policy = default_policy().__class__(
        recommended_licenses=frozenset(), unmaintained_after_days=730
    )

    found = read_history(context)

    assert asked == [760]
    assert found is not None
    assert found.deepened_days is None  # the callback fetched nothing


def test_it_notes_a_shallow_clone_that_could_not_be_deepened(tmp_path: Path) -> None:
    _, clone = shallow_clone(tmp_path, ages=(800, 500, 200))

    def deepen(days: int) -> None:
        raise ScanError("network is unreachable")

    context = context_for(clone, clone, shallow=True, deepen=deepen)
    found = read_history(context)

    assert found is not None
    assert len(found.commits) == 1
    assert context.notes == [
        "The shallow clone could not be deepened, history is partial: network is unreachable"
    ]


# --- Metrics ----------------------------------------------------------------------------------


def test_activity_counts_commits_and_distinct_contributors_over_90_and_365_days() -> None:
    found = history(
        commit("alice@unicef.org", 10),
        commit("Alice@UNICEF.org", 50),
        commit("bob@who.int", 100),
        commit("carol@gmail.com", 300),
        commit("dave@gmail.com", 400),
    )

    figures = activity(found, NOW)

    assert figures.last_commit == NOW - timedelta(days=10)
    assert figures.days_since_last_commit == 10
    assert (figures.commits_90d, figures.contributors_90d) == (2, 1)
    assert (figures.commits_365d, figures.contributors_365d) == (4, 3)


def test_activity_leaves_out_bots_and_counts_merges_only_as_the_last_activity() -> None:
    found = history(
        commit("49699333+dependabot[bot]@users.noreply.github.com", 1, is_bot=True),
        commit("alice@unicef.org", 5, is_merge=True),
        commit("bob@who.int", 40),
    )

    figures = activity(found, NOW)

    assert figures.days_since_last_commit == 5
    assert (figures.commits_90d, figures.contributors_90d) == (1, 1)


def test_a_commit_dated_in_the_future_is_zero_days_old() -> None:
    assert activity(history(commit("alice@unicef.org", -3)), NOW).days_since_last_commit == 0


@pytest.mark.parametrize(
    ("days_ago", "unmaintained"), [(364, False), (365, False), (366, True), (2000, True)]
)
def test_it_calls_a_project_unmaintained_after_the_threshold(
    days_ago: int, unmaintained: bool
) -> None:
    found = history(commit("alice@unicef.org", days_ago))

    assert is_unmaintained(found, NOW, threshold_days=365) is unmaintained


def test_a_history_of_bots_only_is_unmaintained() -> None:
    found = history(commit("bot@x.org", 1, name="renovate[bot]", is_bot=True))

    assert is_unmaintained(found, NOW, threshold_days=365)


@pytest.mark.parametrize(
    ("email", "key"),
    [
        ("Alice@UNICEF.org ", "alice@unicef.org"),
        ("12345+alice@users.noreply.github.com", "alice@users.noreply.github.com"),
        ("alice@users.noreply.github.com", "alice@users.noreply.github.com"),
        ("", "name:alice"),
    ],
)
def test_contributors_are_told_apart_by_normalised_email(email: str, key: str) -> None:
    assert author_key(Commit("0", "Alice", email, 0)) == key


def commits_by(counts: dict[str, int], days_ago: float = 10) -> list[Commit]:
    return [commit(email, days_ago) for email, count in counts.items() for _ in range(count)]


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ({"a@x.org": 6, "b@x.org": 3, "c@x.org": 1}, 1),
        ({"a@x.org": 5, "b@x.org": 5}, 2),
        ({"a@x.org": 4, "b@x.org": 3, "c@x.org": 3}, 2),
        ({"a@x.org": 2, "b@x.org": 1, "c@x.org": 1}, 2),
        ({f"{n}@x.org": 1 for n in range(10)}, 6),
    ],
)
def test_the_bus_factor_is_the_fewest_people_making_more_than_half_the_commits(
    counts: dict[str, int], expected: int
) -> None:
    figures = bus_factor(history(*commits_by(counts)), NOW)

    assert figures.value == expected
    assert figures.contributors == len(counts)
    assert not figures.all_history


def test_the_bus_factor_ignores_older_commits_when_the_last_year_has_some() -> None:
    old = commits_by({"b@x.org": 5, "c@x.org": 5}, days_ago=400)
    found = history(*old, *commits_by({"a@x.org": 2}))

    figures = bus_factor(found, NOW)

    assert (figures.value, figures.commits, figures.top_share) == (1, 2, 1.0)


def test_the_bus_factor_falls_back_to_all_history_without_a_commit_in_the_last_year() -> None:
    found = history(*commits_by({"a@x.org": 3, "b@x.org": 3, "c@x.org": 2}, days_ago=500))

    figures = bus_factor(found, NOW)

    assert figures.all_history
    assert (figures.value, figures.commits) == (2, 8)


@pytest.mark.parametrize(
    ("email", "organisation"),
    [
        ("alice@unicef.org", "unicef.org"),
        ("alice@mail.UNICEF.org", "unicef.org"),
        ("bob@who.int", "who.int"),
        ("carol@digital.cabinet-office.gov.uk", "cabinet-office.gov.uk"),
        ("dave@gmail.com", "independent"),
        ("erin@outlook.com", "independent"),
        ("12345+frank@users.noreply.github.com", "independent"),
        ("grace@localhost", "independent"),
        ("heidi@laptop.local", "independent"),
        ("no address", "independent"),
    ],
)
def test_organisations_are_email_domains_and_personal_providers_are_independent(
    email: str, organisation: str
) -> None:
    assert organisation_of(email) == organisation


def test_organisational_diversity_counts_contributors_and_commits_by_organisation() -> None:
    found = history(
        *commits_by({"a@unicef.org": 5, "b@unicef.org": 3, "c@who.int": 1, "d@gmail.com": 1}),
        *commits_by({"e@undp.org": 9}, days_ago=400),
    )

    figures = organisational_diversity(found, NOW)

    assert [(o.domain, o.contributors, o.commits) for o in figures.organisations] == [
        ("unicef.org", 2, 8),
        ("who.int", 1, 1),
    ]
    assert (figures.independent.contributors, figures.independent.commits) == (1, 1)
    assert figures.commits == 10
    assert figures.top_share == 0.8


def test_organisational_diversity_of_independents_only_has_no_top_organisation() -> None:
    figures = organisational_diversity(history(*commits_by({"a@gmail.com": 3})), NOW)

    assert figures.organisations == ()
    assert figures.top_share == 0.0


@pytest.mark.parametrize(
    "name",
    ["v1.2.3", "1.0", "release-2.0.1", "pkg/v1.2.0", "REL_16_2", "2024.01.15", "v2", "1.0.0-rc1"],
)
def test_it_takes_version_like_tags_for_releases(name: str) -> None:
    assert Tag(name, 0).is_version


@pytest.mark.parametrize("name", ["latest", "nightly", "build-1234", "test", "v", "2"])
def test_it_does_not_take_other_tags_for_releases(name: str) -> None:
    assert not Tag(name, 0).is_version


def test_releases_give_the_latest_and_the_median_days_between_releases() -> None:
    tags = (
        Tag("v0.1", ago(500)),
        Tag("v1.0", ago(300)),
        Tag("1.0", ago(300)),  # the same release, tagged twice
        Tag("nightly", ago(2)),
        Tag("v1.1", ago(200)),
        Tag("v1.2", ago(180)),
    )
    found = history(
        commit("a@x.org", 1), tags=tuple(sorted(tags, key=lambda t: (t.timestamp, t.name)))
    )

    figures = releases(found, NOW)

    assert figures.tags == 6
    assert [t.name for t in figures.versions] == ["v0.1", "1.0", "v1.0", "v1.1", "v1.2"]
    assert figures.last == Tag("v1.2", ago(180))
    assert figures.days_since_last == 180
    assert figures.releases_365d == 4
    assert figures.median_days_between == 100.0  # intervals 200, 100, 20


def test_the_release_cadence_uses_only_the_latest_ten_intervals() -> None:
    tags = tuple(Tag(f"v1.{n}", ago(1000 - n * (100 if n <= 5 else 10))) for n in range(16))

    assert releases(history(commit("a@x.org", 1), tags=tags), NOW).median_days_between == 10.0


def test_releases_without_tags_have_no_cadence() -> None:
    figures = releases(history(commit("a@x.org", 1)), NOW)

    assert (figures.last, figures.days_since_last, figures.median_days_between) == (None,) * 3


def test_a_complete_history_covers_any_window() -> None:
    assert covers(history(commit("a@x.org", 1)), 365, NOW)


def test_a_shallow_history_covers_a_window_its_oldest_commit_reaches() -> None:
    found = history(commit("a@x.org", 1), commit("a@x.org", 400), shallow=True)

    assert covers(found, 365, NOW)
    assert not covers(found, 500, NOW)


def test_a_deepened_shallow_history_covers_the_days_fetched() -> None:
    found = history(commit("a@x.org", 1), shallow=True, deepened_days=395)

    assert covers(found, 365, NOW)
    assert truncation_note(found, 365, NOW) == ""


def test_a_history_cut_at_max_commits_says_so() -> None:
    found = history(commit("a@x.org", 1), truncated=True)

    assert not covers(found, 365, NOW)
    assert "Only the latest 200,000 commits were read." in truncation_note(found, 365, NOW)
