"""Project history read from git, and the CHAOSS-style health metrics computed from it.

Reading takes three git commands. The metrics are pure functions of a `History` and `now`, so
that the health checks and their tests agree on one clock.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from osunited.scanner._errors import LimitExceeded, ScanError
from osunited.scanner._git import run_git
from osunited.scanner._text import _

if TYPE_CHECKING:
    from osunited.scanner._context import ScanContext

MAX_COMMITS = 200_000
GIT_TIMEOUT_SECONDS = 300.0
YEAR_DAYS = 365
RECENT_DAYS = 90
DEEPEN_MARGIN_DAYS = 30
RELEASE_INTERVALS = 10  # the cadence is the median of the latest intervals between releases

NO_HISTORY = _("No git history: the scanned tree is not a git clone, or git could not read it.")
PARTIAL_HISTORY = _(
    "Only part of the last year's history is available (a shallow clone that could not be "
    "deepened); clone with full history (e.g. fetch-depth: 0) for this check."
)
INDEPENDENT = "independent"  # contributors using a personal e-mail provider

# %ct, the committer date, is when a change landed on the branch; %aN/%aE honour .mailmap.
_LOG_FORMAT = "%H%x1f%P%x1f%ct%x1f%aN%x1f%aE"
_TAG_FORMAT = "%(refname:lstrip=2)%1f%(creatordate:unix)"

_BOT_NAMES = frozenset({"dependabot", "renovate", "renovate bot", "github actions", "greenkeeper"})
_VERSION_TAG = re.compile(
    r"^(?:[a-z][\w.-]*?[-_/])?v?\d+(?:[._]\d+)+(?:[-+.~]?[0-9a-z.+-]*)?$|^v\d+$", re.IGNORECASE
)
# Personal e-mail providers: their users count as independent contributors, not an organisation.
_PERSONAL_PROVIDERS = """
gmail.com googlemail.com outlook.com outlook.fr hotmail.com hotmail.fr hotmail.es hotmail.co.uk
live.com live.fr live.co.uk msn.com yahoo.com yahoo.fr yahoo.es yahoo.co.uk ymail.com
rocketmail.com icloud.com me.com mac.com aol.com protonmail.com protonmail.ch proton.me pm.me
tutanota.com fastmail.com hey.com zoho.com mailbox.org posteo.de gmx.de gmx.net gmx.com web.de
t-online.de mail.ru inbox.ru list.ru bk.ru yandex.ru yandex.com rambler.ru ukr.net qq.com
foxmail.com 163.com 126.com yeah.net sina.com sohu.com aliyun.com naver.com orange.fr free.fr
laposte.net wanadoo.fr libero.it seznam.cz rediffmail.com riseup.net users.noreply.github.com
noreply.github.com users.noreply.gitlab.com noreply.codeberg.org
"""
_PERSONAL_DOMAINS = frozenset(_PERSONAL_PROVIDERS.split())
_SECOND_LEVEL = frozenset({"ac", "co", "com", "edu", "go", "gov", "ne", "net", "or", "org"})


@dataclass(frozen=True)
class Commit:
    sha: str
    author_name: str
    author_email: str
    timestamp: int  # committer date, in seconds since the epoch
    is_merge: bool = False
    is_bot: bool = False

    @property
    def date(self) -> datetime:
        return datetime.fromtimestamp(self.timestamp, UTC)


@dataclass(frozen=True)
class Tag:
    name: str
    timestamp: int  # tagger date of an annotated tag, else the tagged commit's date

    @property
    def date(self) -> datetime:
        return datetime.fromtimestamp(self.timestamp, UTC)

    @property
    def is_version(self) -> bool:
        return _VERSION_TAG.match(self.name) is not None


@dataclass(frozen=True)
class History:
    """The commits reachable from HEAD (newest first) and the tags of a repository."""

    commits: tuple[Commit, ...]
    tags: tuple[Tag, ...] = ()
    shallow: bool = False  # git has only part of the history
    truncated: bool = False  # more than MAX_COMMITS commits: the oldest were not read
    deepened_days: int | None = None  # a shallow clone was deepened to cover this many days

    @property
    def head_date(self) -> datetime | None:
        return self.commits[0].date if self.commits else None


def read_history(context: ScanContext) -> History | None:
    """The history of `context.git_dir`, or None when there is none or git cannot read it.

    A shallow clone is first deepened, when the scan can, to cover a year and the policy's
    unmaintained threshold. Raises LimitExceeded when the scan's deadline passes.
    """
    git_dir = context.git_dir
    if git_dir is None or not _is_repository(git_dir):
        return None
    deepened_days = _deepen(context, git_dir)
    try:
        answer = _git(context, git_dir, ["rev-parse", "--is-shallow-repository"])
        shallow = answer.strip() == "true"
        commits = _parse_commits(_git(context, git_dir, _log_arguments()))
    except LimitExceeded:
        raise
    except ScanError as exc:
        context.deadline.check()
        context.notes.append(_("The git history could not be read: {error}", error=str(exc)))
        return None
    return History(
        commits=tuple(commits[:MAX_COMMITS]),
        tags=_read_tags(context, git_dir),
        shallow=shallow,
        truncated=len(commits) > MAX_COMMITS,
        deepened_days=deepened_days,
    )


def _is_repository(path: Path) -> bool:
    # Checked first so that git never wanders up to a repository enclosing the scanned folder.
    return (path / ".git").exists() or ((path / "HEAD").is_file() and (path / "objects").is_dir())


def _deepen(context: ScanContext, git_dir: Path) -> int | None:
    """Deepen a shallow clone; the days now complete, or None if it could not be deepened."""
    if not context.shallow or context.deepen is None:
        return None
    days = max(YEAR_DAYS, context.policy.unmaintained_after_days) + DEEPEN_MARGIN_DAYS
    try:
        before = _shallow_boundary(context, git_dir)
        context.deepen(days)
        after = _shallow_boundary(context, git_dir)
    except LimitExceeded:
        raise
    except ScanError as exc:
        context.notes.append(
            _(
                "The shallow clone could not be deepened, history is partial: {error}",
                error=str(exc),
            )
        )
        return None
    # An unchanged boundary means nothing was fetched (e.g. a local folder is never modified).
    return days if after != before else None


def _shallow_boundary(context: ScanContext, git_dir: Path) -> str:
    path = git_dir / _git(context, git_dir, ["rev-parse", "--git-path", "shallow"]).strip()
    try:
        return path.read_text("ascii", "replace")
    except OSError:
        return ""


def _log_arguments() -> list[str]:
    # --no-show-signature: a repository's log.showSignature would make git start gpg.
    limit = f"--max-count={MAX_COMMITS + 1}"
    return ["log", "--no-show-signature", "-z", limit, f"--format={_LOG_FORMAT}", "HEAD", "--"]


def _git(context: ScanContext, git_dir: Path, args: list[str]) -> str:
    context.deadline.check()
    timeout = max(1.0, min(GIT_TIMEOUT_SECONDS, context.deadline.remaining()))
    return run_git(args, cwd=git_dir, timeout=timeout)


def _parse_commits(output: str) -> list[Commit]:
    commits = []
    for record in output.split("\0"):
        fields = record.strip("\n").split("\x1f")
        if len(fields) != 5 or not fields[2].isdigit():
            continue
        sha, parents, timestamp, name, email = fields
        merge = len(parents.split()) > 1
        commits.append(Commit(sha, name, email, int(timestamp), merge, _is_bot(name, email)))
    return commits


def _is_bot(name: str, email: str) -> bool:
    return "[bot]" in name or "[bot]" in email or name.strip().lower() in _BOT_NAMES


def _read_tags(context: ScanContext, git_dir: Path) -> tuple[Tag, ...]:
    try:
        output = _git(context, git_dir, ["for-each-ref", f"--format={_TAG_FORMAT}", "refs/tags"])
    except LimitExceeded:
        raise
    except ScanError as exc:  # e.g. a tag of a shallow clone pointing to a missing object
        context.notes.append(_("The git tags could not be read: {error}", error=str(exc)))
        return ()
    tags = []
    for line in output.splitlines():
        name, _separator, timestamp = line.partition("\x1f")
        if name and timestamp.isdigit():
            tags.append(Tag(name, int(timestamp)))
    return tuple(sorted(tags, key=lambda tag: (tag.timestamp, tag.name)))


# Metrics ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActivityMetrics:
    last_commit: datetime | None
    days_since_last_commit: int | None
    commits_90d: int
    commits_365d: int
    contributors_90d: int
    contributors_365d: int


@dataclass(frozen=True)
class BusFactorMetrics:
    value: int  # fewest contributors making more than half the commits
    contributors: int
    commits: int
    top_share: float  # share of the commits made by the most active contributor
    all_history: bool  # no commit in the last year, so measured on all history


@dataclass(frozen=True)
class Organisation:
    domain: str
    contributors: int
    commits: int


@dataclass(frozen=True)
class DiversityMetrics:
    organisations: tuple[Organisation, ...]  # most commits first; personal addresses left out
    independent: Organisation  # contributors using gmail.com, GitHub's noreply, ...
    commits: int
    all_history: bool

    @property
    def top_share(self) -> float:
        """The share of all commits made by the most active organisation."""
        if not self.organisations or not self.commits:
            return 0.0
        return self.organisations[0].commits / self.commits


@dataclass(frozen=True)
class ReleaseMetrics:
    tags: int
    versions: tuple[Tag, ...]  # tags that look like versions, oldest first
    last: Tag | None
    days_since_last: int | None
    releases_365d: int
    median_days_between: float | None


def human_commits(history: History) -> list[Commit]:
    """The commits that people made: bots and merges left out."""
    return [c for c in history.commits if not c.is_bot and not c.is_merge]


def activity(history: History, now: datetime) -> ActivityMetrics:
    """Last commit (merges count, bots do not) and commits and contributors over 90/365 days."""
    last = max((c.timestamp for c in history.commits if not c.is_bot), default=None)
    year = _since(human_commits(history), now, YEAR_DAYS)
    recent = _since(year, now, RECENT_DAYS)
    return ActivityMetrics(
        last_commit=None if last is None else datetime.fromtimestamp(last, UTC),
        days_since_last_commit=None if last is None else _days_since(last, now),
        commits_90d=len(recent),
        commits_365d=len(year),
        contributors_90d=len({author_key(c) for c in recent}),
        contributors_365d=len({author_key(c) for c in year}),
    )


def is_unmaintained(history: History, now: datetime, threshold_days: int) -> bool:
    """True when no one has committed for more than `threshold_days` days."""
    days = activity(history, now).days_since_last_commit
    return days is None or days > threshold_days


def bus_factor(history: History, now: datetime) -> BusFactorMetrics:
    """The fewest contributors making more than half the commits of the last year (CHAOSS).

    "More than": two maintainers sharing the work equally are a bus factor of 2, not 1.
    """
    commits, all_history = _year_or_all(history, now)
    counts = Counter(author_key(c) for c in commits)
    total = sum(counts.values())
    top = counts.most_common(1)[0][1] if counts else 0
    return BusFactorMetrics(
        _smallest_majority(counts), len(counts), total, top / total if total else 0.0, all_history
    )


def organisational_diversity(history: History, now: datetime) -> DiversityMetrics:
    """Contributors and commits of the last year by the organisation of their e-mail domain."""
    commits, all_history = _year_or_all(history, now)
    people: dict[str, set[str]] = {}
    counts: Counter[str] = Counter()
    for commit in commits:
        domain = organisation_of(commit.author_email)
        people.setdefault(domain, set()).add(author_key(commit))
        counts[domain] += 1
    groups = [
        Organisation(d, len(people[d]), n) for d, n in counts.most_common() if d != INDEPENDENT
    ]
    independent = Organisation(INDEPENDENT, len(people.get(INDEPENDENT, ())), counts[INDEPENDENT])
    return DiversityMetrics(tuple(groups), independent, len(commits), all_history)


def releases(history: History, now: datetime) -> ReleaseMetrics:
    """Version tags: how many, the latest, and the median days between recent releases."""
    versions = tuple(tag for tag in history.tags if tag.is_version)
    last = versions[-1] if versions else None
    start = (now - timedelta(days=YEAR_DAYS)).timestamp()
    return ReleaseMetrics(
        tags=len(history.tags),
        versions=versions,
        last=last,
        days_since_last=None if last is None else _days_since(last.timestamp, now),
        releases_365d=sum(1 for tag in versions if tag.timestamp >= start),
        median_days_between=_median_interval(versions),
    )


def author_key(commit: Commit) -> str:
    """One contributor: the lower-cased e-mail, GitHub's numbered noreply form unified."""
    email = commit.author_email.strip().lower()
    if "@" not in email:
        return "name:" + commit.author_name.strip().lower()
    local, _, domain = email.rpartition("@")
    if domain == "users.noreply.github.com":
        local = local.partition("+")[2] or local
    return f"{local}@{domain}"


def organisation_of(email: str) -> str:
    """The organisation's domain of an e-mail (`mail.unicef.org` -> `unicef.org`), or
    INDEPENDENT for personal providers and addresses without a usable domain."""
    domain = email.strip().lower().rpartition("@")[2].strip(".>")
    labels = domain.split(".")
    if "@" not in email or len(labels) < 2 or labels[-1] in {"local", "localdomain", "(none)"}:
        return INDEPENDENT
    keep = 3 if len(labels) > 2 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2 else 2
    registered = ".".join(labels[-keep:])
    if domain in _PERSONAL_DOMAINS or registered in _PERSONAL_DOMAINS:
        return INDEPENDENT
    return registered


def covers(history: History, days: int, now: datetime) -> bool:
    """Whether every commit of the last `days` days was read (false for a cut-off history)."""
    if not history.shallow and not history.truncated:
        return True
    oldest = min((c.timestamp for c in history.commits), default=None)
    if oldest is not None and oldest <= (now - timedelta(days=days)).timestamp():
        return True
    return not history.truncated and (history.deepened_days or 0) >= days


def truncation_note(history: History, days: int, now: datetime) -> str:
    """A sentence for a check's summary when the last `days` days were not all read."""
    if covers(history, days, now):
        return ""
    if history.truncated:
        return _("Only the latest {commits:,} commits were read.", commits=MAX_COMMITS)
    return _("The history is truncated (shallow clone), so these figures may be too low.")


def _since(commits: Iterable[Commit], now: datetime, days: int) -> list[Commit]:
    start = (now - timedelta(days=days)).timestamp()
    return [c for c in commits if c.timestamp >= start]


def _year_or_all(history: History, now: datetime) -> tuple[list[Commit], bool]:
    commits = human_commits(history)
    year = _since(commits, now, YEAR_DAYS)
    return (year, False) if year else (commits, True)


def _days_since(timestamp: int, now: datetime) -> int:
    return max(0, (now - datetime.fromtimestamp(timestamp, UTC)).days)


def _smallest_majority(counts: Counter[str]) -> int:
    total = sum(counts.values())
    running = 0
    for rank, (_author, count) in enumerate(counts.most_common(), start=1):
        running += count
        if running * 2 > total:
            return rank
    return 0


def _median_interval(versions: Sequence[Tag]) -> float | None:
    # Tags of one day (v1.0 and 1.0, or packages released together) are one release.
    days = sorted({tag.date.date() for tag in versions})[-(RELEASE_INTERVALS + 1) :]
    intervals = [(later - earlier).days for earlier, later in itertools.pairwise(days)]
    return float(statistics.median(intervals)) if intervals else None
