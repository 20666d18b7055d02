"""health.history: the figures a catalog draws from the git history: commits per month, the
release tags and the contributors with the most commits. It measures and judges nothing (the
other health checks do): it passes whenever there is history, and no score counts it."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from osunited.scanner._context import ScanContext
from osunited.scanner._history import Commit, History, author_key, human_commits
from osunited.scanner._model import CheckResult, Outcome, Pillar
from osunited.scanner._text import _
from osunited.scanner.checks._history_check import HistoryCheck

MONTHS = 24
RELEASES_KEPT = 20
CONTRIBUTORS_KEPT = 10
NAME_KEPT = 100  # characters of a contributor's or a tag's name


class HistoryFigures(HistoryCheck):
    id = "health.history"
    title = _("History at a glance")
    pillar = Pillar.COMMUNITY
    scored = False
    needs_year = False  # what was read is shown, and said to be partial

    def measure(self, context: ScanContext, history: History, now: datetime) -> CheckResult:
        commits = human_commits(history)
        data = {
            "last_commit": _last_commit(history),
            "complete": not history.shallow and not history.truncated,
            "commits_by_month": commits_by_month(commits, now),
            "commits": len(commits),
            **_contributors(commits),
            **_releases(history),
        }
        counts = {key: data[key] for key in ("commits", "contributors", "releases")}
        summary = (
            _(
                "{commits} commit(s) by {contributors} contributor(s) and {releases} release "
                "tag(s) read.",
                **counts,
            )
            if data["complete"]
            else _(
                "{commits} commit(s) by {contributors} contributor(s) and {releases} release "
                "tag(s) read, from a partial history.",
                **counts,
            )
        )
        return self.result(Outcome.PASS, summary, data=data)


def commits_by_month(commits: list[Commit], now: datetime) -> list[dict[str, Any]]:
    """The commits of each of the last MONTHS calendar months, oldest first, `now`'s last;
    months without a commit count 0."""
    counts = Counter(commit.date.strftime("%Y-%m") for commit in commits)
    months = []
    year, month = now.year, now.month
    for _month in range(MONTHS):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return [{"month": key, "commits": counts.get(key, 0)} for key in reversed(months)]


def _last_commit(history: History) -> str | None:
    # As health.activity: merges count, bots do not.
    people = (commit for commit in history.commits if not commit.is_bot)
    last = max(people, key=lambda commit: commit.timestamp, default=None)
    return None if last is None else last.date.isoformat(timespec="seconds")


def _contributors(commits: list[Commit]) -> dict[str, Any]:
    """How many people committed, and the names of those with the most commits (their latest
    spelling; e-mail addresses are never kept)."""
    counts = Counter(author_key(commit) for commit in commits)
    names: dict[str, str] = {}
    for commit in commits:  # newest first: the first name seen is the latest
        names.setdefault(author_key(commit), commit.author_name.strip()[:NAME_KEPT] or "?")
    top = sorted(counts.items(), key=lambda item: (-item[1], names[item[0]].lower()))
    return {
        "contributors": len(counts),
        "top_contributors": [
            {"name": names[key], "commits": count} for key, count in top[:CONTRIBUTORS_KEPT]
        ],
    }


def _releases(history: History) -> dict[str, Any]:
    versions = [tag for tag in history.tags if tag.is_version]
    latest = sorted(versions, key=lambda tag: (tag.timestamp, tag.name), reverse=True)
    return {
        "releases": len(versions),
        "latest_releases": [
            {"name": tag.name[:NAME_KEPT], "date": tag.date.date().isoformat()}
            for tag in latest[:RELEASES_KEPT]
        ],
    }
