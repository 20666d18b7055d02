"""The health checks: activity, maintenance, bus factor, organisational diversity, releases."""

import os
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine

from osunited.scanner._cache import ScanCache
from osunited.scanner._context import ScanContext
from osunited.scanner._history import Commit, History, Tag
from osunited.scanner._limits import Deadline, ScanLimits
from osunited.scanner._model import CheckResult, Outcome, Pillar, Severity
from osunited.scanner._policy import Policy, default_policy
from osunited.scanner._tree import walk_tree
from osunited.scanner.checks._base import Check
from osunited.scanner.checks.health_activity import RecentActivity
from osunited.scanner.checks.health_bus_factor import BusFactor
from osunited.scanner.checks.health_diversity import OrganisationalDiversity
from osunited.scanner.checks.health_maintained import Maintained
from osunited.scanner.checks.health_releases import Releases

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
HEALTH_CHECKS = [RecentActivity, Maintained, BusFactor, OrganisationalDiversity, Releases]


@pytest.fixture(autouse=True)
def frozen_time() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def ago(days: float) -> int:
    return int((NOW - timedelta(days=days)).timestamp())


def commits(counts: dict[str, int], days_ago: float = 10) -> list[Commit]:
    """`count` commits by each e-mail, `days_ago` days before NOW."""
    return [
        Commit("0" * 40, email.partition("@")[0], email, ago(days_ago))
        for email, count in counts.items()
        for _ in range(count)
    ]


def history(*made: Commit, tags: tuple[Tag, ...] = (), shallow: bool = False) -> History:
    return History(tuple(sorted(made, key=lambda c: -c.timestamp)), tags, shallow=shallow)


def run(
    check: type[Check], tmp_path: Path, found: History | None, policy: Policy | None = None
) -> CheckResult:
    context = ScanContext(
        tree=walk_tree(tmp_path, limits=ScanLimits(), deadline=Deadline(60)),
        policy=policy or default_policy(),
        limits=ScanLimits(),
        deadline=Deadline(60),
        cache=ScanCache(None),
    )
    context.history = found
    return check().run(context)


def rule_ids(result: CheckResult) -> list[tuple[str, Severity]]:
    return [(f.rule_id, f.severity) for f in result.findings]


def policy(**health: int) -> Policy:
    return Policy(recommended_licenses=frozenset(), **health)  # type: ignore[arg-type]


@pytest.mark.parametrize("check", HEALTH_CHECKS)
def test_health_checks_are_not_available_without_git_history(
    check: type[Check], tmp_path: Path
) -> None:
    context = ScanContext(
        tree=walk_tree(tmp_path, limits=ScanLimits(), deadline=Deadline(60)),
        policy=default_policy(),
        limits=ScanLimits(),
        deadline=Deadline(60),
        cache=ScanCache(None),
        git_dir=None,
    )

    result = check().run(context)

    assert result.outcome is Outcome.NOT_AVAILABLE
    assert result.summary.startswith("No git history:")
    assert result.pillar is Pillar.COMMUNITY


# --- health.activity --------------------------------------------------------------------------


def test_activity_passes_with_a_recent_commit_and_reports_its_figures(tmp_path: Path) -> None:
    found = history(
        *commits({"alice@unicef.org": 10, "bob@who.int": 2}, days_ago=20),
        *commits({"carol@gmail.com": 3}, days_ago=200),
    )

    result = run(RecentActivity, tmp_path, found)

    assert result.outcome is Outcome.PASS
    assert result.findings == []
    assert result.data == {
        "last_commit": "2025-05-12",
        "days_since_last_commit": 20,
        "commits_90d": 12,
        "commits_365d": 15,
        "contributors_90d": 2,
        "contributors_365d": 3,
        "history_complete": True,
    }
    assert "a commit within 90 days and at least 12 a year" in result.summary


def test_activity_warns_when_no_commit_was_made_in_90_days(tmp_path: Path) -> None:
    result = run(RecentActivity, tmp_path, history(*commits({"a@unicef.org": 20}, days_ago=91)))

    assert result.outcome is Outcome.FAIL
    assert rule_ids(result) == [("health.activity.inactive", Severity.WARNING)]
    assert "No commit in the last 90 days." in result.findings[0].message


def test_activity_notes_a_low_yearly_activity_without_failing(tmp_path: Path) -> None:
    result = run(RecentActivity, tmp_path, history(*commits({"a@unicef.org": 3})))

    assert result.outcome is Outcome.PASS
    assert rule_ids(result) == [("health.activity.low", Severity.INFO)]


def test_activity_says_when_the_history_is_truncated(tmp_path: Path) -> None:
    found = history(*commits({"a@unicef.org": 1}, days_ago=1), shallow=True)

    result = run(RecentActivity, tmp_path, found)

    assert "truncated (shallow clone)" in result.summary
    assert result.data["history_complete"] is False


# --- health.maintained ------------------------------------------------------------------------


def test_it_calls_a_project_maintained_within_the_threshold(tmp_path: Path) -> None:
    result = run(Maintained, tmp_path, history(*commits({"a@unicef.org": 1}, days_ago=365)))

    assert result.outcome is Outcome.PASS
    assert result.data == {
        "unmaintained": False,
        "threshold_days": 365,
        "last_commit": "2024-06-01",
        "days_since_last_commit": 365,
    }


def test_it_calls_a_project_unmaintained_after_the_threshold(tmp_path: Path) -> None:
    result = run(Maintained, tmp_path, history(*commits({"a@unicef.org": 1}, days_ago=366)))

    assert result.outcome is Outcome.FAIL
    assert rule_ids(result) == [("health.maintained.unmaintained", Severity.ERROR)]
    assert "sunset procedure" in result.findings[0].remediation
    assert result.data["unmaintained"] is True


def test_the_unmaintained_threshold_comes_from_the_policy(tmp_path: Path) -> None:
    found = history(*commits({"a@unicef.org": 1}, days_ago=40))

    result = run(Maintained, tmp_path, found, policy(unmaintained_after_days=30))

    assert result.outcome is Outcome.FAIL
    assert result.data["threshold_days"] == 30


# --- health.bus-factor ------------------------------------------------------------------------


def test_the_bus_factor_warns_below_the_policy_minimum(tmp_path: Path) -> None:
    found = history(*commits({"alice@unicef.org": 8, "bob@unicef.org": 2}))

    result = run(BusFactor, tmp_path, found)

    assert result.outcome is Outcome.FAIL
    assert rule_ids(result) == [("health.bus-factor.low", Severity.WARNING)]
    assert result.data == {
        "bus_factor": 1,
        "min_bus_factor": 2,
        "contributors": 2,
        "commits": 10,
        "top_contributor_share": 0.8,
        "window": "365 days",
    }


def test_the_bus_factor_passes_at_the_policy_minimum(tmp_path: Path) -> None:
    found = history(*commits({"a@unicef.org": 4, "b@who.int": 3, "c@gmail.com": 3}))

    assert run(BusFactor, tmp_path, found).outcome is Outcome.PASS
    assert run(BusFactor, tmp_path, found, policy(min_bus_factor=3)).outcome is Outcome.FAIL


def test_the_bus_factor_says_it_used_all_history_when_the_last_year_is_empty(
    tmp_path: Path,
) -> None:
    found = history(*commits({"a@unicef.org": 4, "b@who.int": 4}, days_ago=500))

    result = run(BusFactor, tmp_path, found)

    assert result.outcome is Outcome.PASS
    assert result.data["window"] == "all history"
    assert "of all history (none in the last year)" in result.summary


# --- health.organisational-diversity ----------------------------------------------------------


def test_diversity_warns_when_one_organisation_makes_90_percent_of_commits(
    tmp_path: Path,
) -> None:
    found = history(*commits({"a@unicef.org": 6, "b@unicef.org": 3, "c@gmail.com": 1}))

    result = run(OrganisationalDiversity, tmp_path, found)

    assert result.outcome is Outcome.FAIL
    assert rule_ids(result) == [
        ("health.organisational-diversity.single-organisation", Severity.WARNING)
    ]
    assert result.findings[0].message == "unicef.org made 90% of the commits."
    assert result.data == {
        "organisations": 1,
        "domains": [{"domain": "unicef.org", "contributors": 2, "commits": 9}],
        "independent_contributors": 1,
        "independent_commits": 1,
        "commits": 10,
        "top_organisation": "unicef.org",
        "top_organisation_share": 0.9,
        "window": "365 days",
    }


def test_diversity_passes_with_several_organisations_and_lists_the_top_ten(
    tmp_path: Path,
) -> None:
    found = history(*commits({f"dev@agency{n}.org": 12 - n for n in range(12)}))

    result = run(OrganisationalDiversity, tmp_path, found)

    assert result.outcome is Outcome.PASS
    assert result.data["organisations"] == 12
    assert [d["domain"] for d in result.data["domains"]] == [f"agency{n}.org" for n in range(10)]


def test_diversity_passes_a_project_of_independent_contributors(tmp_path: Path) -> None:
    result = run(OrganisationalDiversity, tmp_path, history(*commits({"a@gmail.com": 5})))

    assert result.outcome is Outcome.PASS
    assert result.data["top_organisation"] is None
    assert result.summary.startswith("0 organisation(s) and 1 independent contributor(s)")


# --- health.releases --------------------------------------------------------------------------


def test_releases_warn_when_no_tag_looks_like_a_version(tmp_path: Path) -> None:
    found = history(*commits({"a@unicef.org": 1}), tags=(Tag("nightly", ago(3)),))

    result = run(Releases, tmp_path, found)

    assert result.outcome is Outcome.FAIL
    assert rule_ids(result) == [("health.releases.none", Severity.WARNING)]
    assert result.findings[0].message == "No release tag (1 tag(s), none like a version)."


def test_releases_report_the_latest_release_and_the_cadence(tmp_path: Path) -> None:
    tags = (Tag("v1.0.0", ago(130)), Tag("v1.1.0", ago(70)), Tag("v1.2.0", ago(10)))

    result = run(Releases, tmp_path, history(*commits({"a@unicef.org": 1}), tags=tags))

    assert result.outcome is Outcome.PASS
    assert result.data == {
        "tags": 3,
        "releases": 3,
        "releases_365d": 3,
        "last_release": "v1.2.0",
        "last_release_date": "2025-05-22",
        "days_since_last_release": 10,
        "median_days_between_releases": 60.0,
        "cadence_intervals": 10,
    }
    assert "a release every 60 days (median)" in result.summary


def test_releases_note_a_release_older_than_a_year(tmp_path: Path) -> None:
    found = history(*commits({"a@unicef.org": 1}), tags=(Tag("v1.0", ago(400)),))

    result = run(Releases, tmp_path, found)

    assert result.outcome is Outcome.PASS
    assert rule_ids(result) == [("health.releases.stale", Severity.INFO)]


# --- Through git ------------------------------------------------------------------------------


def git(*args: str, cwd: Path, days_ago: float = 0) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    when = (NOW - timedelta(days=days_ago)).isoformat()
    env.update(GIT_CONFIG_GLOBAL=os.devnull, GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    identity = ["-c", "user.name=Alice", "-c", "user.email=alice@unicef.org"]
    subprocess.run(["git", *identity, *args], cwd=cwd, env=env, capture_output=True, check=True)


def test_the_health_checks_read_a_real_repository(tmp_path: Path) -> None:
    git("init", "-q", "-b", "main", cwd=tmp_path)
    for age in (400, 30, 5):
        git("commit", "-q", "--allow-empty", "-m", "Change", cwd=tmp_path, days_ago=age)
    git("tag", "-a", "-m", "First release", "v1.0.0", cwd=tmp_path, days_ago=5)
    context = ScanContext(
        tree=walk_tree(tmp_path, limits=ScanLimits(), deadline=Deadline(60)),
        policy=default_policy(),
        limits=ScanLimits(),
        deadline=Deadline(60),
        cache=ScanCache(None),
        git_dir=tmp_path,
    )

    results = {check.id: check().run(context) for check in HEALTH_CHECKS}

    assert results["health.activity"].data["commits_365d"] == 2
    assert results["health.maintained"].data["unmaintained"] is False
    assert results["health.bus-factor"].data["bus_factor"] == 1
    assert results["health.organisational-diversity"].data["top_organisation"] == "unicef.org"
    assert results["health.releases"].data["last_release"] == "v1.0.0"
