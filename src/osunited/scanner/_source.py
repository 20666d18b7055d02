"""Getting a scan target onto disk: a directory as it is, a git URL cloned, an archive extracted.

Clones and extractions go to a temporary directory that is removed when the context exits, even on
error. Archives are treated as hostile: nothing they contain may land outside that directory.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import unquote, urlsplit

from osunited.scanner._archive import Budget, archive_opener
from osunited.scanner._errors import ScanError
from osunited.scanner._git import run_git
from osunited.scanner._limits import ScanLimits
from osunited.scanner._model import Target
from osunited.scanner._netguard import host_not_found

ACCEPTED = (
    "a directory, a git URL (https://, http://, ssh://, git://, file:// or user@host:path), "
    "a bare git repository ending in .git, or an archive (.zip, .tar, .tar.gz, .tgz, .tar.bz2, "
    ".tar.xz)"
)
_GIT_SCHEMES = frozenset({"https", "http", "ssh", "git", "file"})
_SCP_LIKE = re.compile(r"^[A-Za-z0-9._][A-Za-z0-9._-]*@[A-Za-z0-9][A-Za-z0-9.-]*:(?!//).+$")
_URL_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
_LOCAL_GIT_TIMEOUT = 60.0
_QUOTED = re.compile(r"'[^']*'")
_OFFLINE_HINT = "Check the address, or try again later if it is temporarily offline."
# Why a clone failed, read from git's words (its first "fatal:" line, in lower case), and what
# to tell a person instead: never an errno, nor git's own wording. The first match wins.
_EMPTY_CLONE = (
    "{location} has no commits to scan: the repository is empty, or the server at {host} is "
    "not a git server. Check that the address is the repository's clone address (it often "
    "ends in .git)."
)
_CLONE_FAILURES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("could not resolve host", "could not resolve proxy"), "{not_found}"),
    (
        ("took longer than",),
        "Cloning {location} took longer than {seconds} seconds. The host may be slow or "
        "temporarily offline: try again later.",
    ),
    (("timed out", "too slow"), "The host {host} did not answer in time. " + _OFFLINE_HINT),
    (
        (
            "unable to connect",
            "failed to connect",
            "couldn't connect",
            "connection refused",
            "no route to host",
            "network is unreachable",
        ),
        "The host {host} could not be reached. " + _OFFLINE_HINT,
    ),
    (
        (
            "could not read username",
            "could not read password",
            "authentication failed",
            "terminal prompts disabled",
            "permission denied",
        ),
        "{location} asks for a password or a key: the repository is private, or does not "
        "exist. Check the address; only repositories anyone can read can be cloned.",
    ),
    (
        ("not found", "does not appear to be a git repository", "does not exist"),
        "No git repository was found at {location}. Check the address: it is the one you "
        "would give to git clone.",
    ),
    (
        ("certificate", "ssl", "tls"),
        "A secure connection to {host} could not be made (its certificate or its TLS setup "
        "was refused). Check the address, or ask the host's administrators.",
    ),
    (
        (
            "is this a git repository",
            "returned error",
            "protocol error",
            "dumb http",
            "hung up",
            "unexpected disconnect",
            "invalid server response",
        ),
        "The server at {host} did not answer as a git server does. Check that the address is "
        "the repository's clone address (it often ends in .git).",
    ),
    (
        ("could not read from remote repository",),
        "{location} could not be read over ssh: the host is offline or unknown, or did not "
        "give access. " + _OFFLINE_HINT,
    ),
)


@dataclass(frozen=True)
class PreparedTarget:
    """A scan target on disk, ready to be walked."""

    root: Path  # the directory to scan
    target: Target  # what the user asked for, credentials stripped
    git_dir: Path | None  # a git repository usable for history, or None
    shallow: bool  # the clone holds only part of the history; see deepen_history


@contextmanager
def prepare_target(
    target: str, *, limits: ScanLimits, work_dir: Path | None = None
) -> Iterator[PreparedTarget]:
    """Make `target` available as a directory for the duration of the `with` block.

    A directory is scanned in place and never modified. A git URL is cloned shallowly, an archive
    extracted safely, both into a temporary directory (under `work_dir` if given) that is removed
    afterwards. Raises ScanError when the target cannot be used, saying what is accepted.
    """
    if _is_git_url(target):
        with _temp_dir(work_dir) as temp:
            yield _clone(target, target, temp, limits)
        return
    path = Path(target).expanduser()
    if path.is_dir():
        if path.name.endswith(".git") and _is_bare_repository(path):
            with _temp_dir(work_dir) as temp:
                yield _clone(path.resolve().as_uri(), target, temp, limits)
            return
        yield _prepare_directory(path, target)
    elif path.is_file():
        with _temp_dir(work_dir) as temp:
            yield _extract(path, target, temp, limits)
    else:
        raise ScanError(f"{target!r} does not exist or is not a directory. Accepted: {ACCEPTED}.")


def deepen_history(prepared: PreparedTarget, *, since_days: int, limits: ScanLimits) -> None:
    """Fetch at least `since_days` of history, and the tags, into a shallow clone.

    Tags are not fetched by the first clone (each would bring a whole tree); release checks that
    need them call this. Raises ScanError when git cannot fetch, and for a shallow repository
    given as a directory: the user's repository is never modified.
    """
    if prepared.git_dir is None or not prepared.shallow:
        return
    if prepared.target.kind != "git":
        raise ScanError(
            f"{prepared.target.location} is a shallow clone, scanned as it is; run "
            "`git fetch --unshallow` in it first for the complete history."
        )
    since = datetime.now(UTC) - timedelta(days=since_days)
    head_time = run_git(
        ["log", "-1", "--format=%ct", "HEAD"], cwd=prepared.git_dir, timeout=_LOCAL_GIT_TIMEOUT
    )
    if datetime.fromtimestamp(int(head_time.strip()), UTC) > since:
        depth = f"--shallow-since={since.isoformat(timespec='seconds')}"
    else:
        # git refuses --shallow-since when no commit is that recent: the whole history then.
        depth = "--unshallow"
    fetch = ["fetch", "--no-recurse-submodules", "--tags", "--quiet", depth, "origin"]
    run_git(fetch, cwd=prepared.git_dir, timeout=limits.clone_timeout_seconds)


# Kinds of target


def _is_git_url(target: str) -> bool:
    match = _URL_SCHEME.match(target)
    if match is None:
        return _SCP_LIKE.match(target) is not None and not Path(target).exists()
    if match.group(1).lower() not in _GIT_SCHEMES:
        raise ScanError(f"{match.group(1)}:// URLs are not supported. Accepted: {ACCEPTED}.")
    return True


@contextmanager
def _temp_dir(work_dir: Path | None) -> Iterator[Path]:
    try:
        temp = Path(tempfile.mkdtemp(prefix="osu-scan-", dir=work_dir))
    except OSError as exc:
        raise ScanError(f"Could not create a working directory in {work_dir}: {exc}") from exc
    try:
        yield temp
    finally:
        shutil.rmtree(temp, ignore_errors=True)


def _prepare_directory(path: Path, location: str) -> PreparedTarget:
    revision = _work_tree_head(path)
    git_dir = path if revision is not None else None
    target = Target(kind="directory", location=location, revision=revision)
    shallow = git_dir is not None and _is_shallow(git_dir)
    return PreparedTarget(root=path, target=target, git_dir=git_dir, shallow=shallow)


def _work_tree_head(path: Path) -> str | None:
    """The HEAD commit if `path` is the top of a git work tree, else None (not a parent's)."""
    try:
        top = run_git(["rev-parse", "--show-toplevel"], cwd=path, timeout=_LOCAL_GIT_TIMEOUT)
    except ScanError:
        return None
    if Path(top.strip()).resolve() != path.resolve():
        return None
    return _head(path)


def _head(path: Path) -> str | None:
    args = ["rev-parse", "--verify", "--quiet", "HEAD^{commit}"]
    try:
        return run_git(args, cwd=path, timeout=_LOCAL_GIT_TIMEOUT).strip() or None
    except ScanError:
        return None


def _is_shallow(path: Path) -> bool:
    args = ["rev-parse", "--is-shallow-repository"]
    return run_git(args, cwd=path, timeout=_LOCAL_GIT_TIMEOUT).strip() == "true"


def _is_bare_repository(path: Path) -> bool:
    args = ["rev-parse", "--is-bare-repository", "--absolute-git-dir"]
    try:
        bare, git_dir = run_git(args, cwd=path, timeout=_LOCAL_GIT_TIMEOUT).split()
    except (ScanError, ValueError):
        return False
    return bare == "true" and Path(git_dir).resolve() == path.resolve()


# Git clones


def _clone(url: str, location: str, temp: Path, limits: ScanLimits) -> PreparedTarget:
    template, dest = temp / "template", temp / "clone"
    template.mkdir()
    args = ["clone", "--depth", "1", "--no-tags", "--single-branch", "--no-recurse-submodules"]
    args += [f"--template={template}", "--quiet", "--", url, str(dest)]
    try:
        run_git(args, cwd=temp, timeout=limits.clone_timeout_seconds)
    except ScanError as exc:
        # `from None`: the original exception could carry the URL's credentials.
        raise ScanError(_clone_failure(str(exc), url, location, limits)) from None
    shown = _strip_credentials(location)
    revision = _head(dest)
    if revision is None:
        # git "clones" an ordinary web page as an empty repository: nothing to scan either way.
        raise ScanError(_EMPTY_CLONE.format(location=shown, host=_host_of(url) or shown))
    target = Target(kind="git", location=shown, revision=revision)
    return PreparedTarget(root=dest, target=target, git_dir=dest, shallow=_is_shallow(dest))


def _clone_failure(git_message: str, url: str, location: str, limits: ScanLimits) -> str:
    """A sentence for a person about why `url` could not be cloned."""
    shown = _strip_credentials(location)
    host = _host_of(url) or shown
    said = _QUOTED.sub("", git_message.lower())  # the URL's own words are no clue
    for clues, sentence in _CLONE_FAILURES:
        if any(clue in said for clue in clues):
            return sentence.format(
                host=host,
                location=shown,
                not_found=host_not_found(host),
                seconds=f"{limits.clone_timeout_seconds:.0f}",
            )
    hint = "is the URL right, and the repository readable without a password prompt?"
    return f"Could not clone {shown} ({hint}): {_redact(git_message, url)}"


def _host_of(url: str) -> str:
    scp = _SCP_LIKE.match(url) if "://" not in url else None
    if scp is not None:
        return url.partition("@")[2].partition(":")[0]
    return urlsplit(url).hostname or ""


def _strip_credentials(url: str) -> str:
    """`url` without a password, nor a user name unless it is ssh's (`git@`), which is no secret."""
    parts = urlsplit(url)
    if not parts.scheme or "@" not in parts.netloc:
        return url
    host = parts.netloc.rpartition("@")[2]
    if parts.scheme.lower() == "ssh" and parts.username:
        host = f"{parts.username}@{host}"
    return parts._replace(netloc=host).geturl()


def _redact(message: str, url: str) -> str:
    parts = urlsplit(url)
    secrets = (
        [parts.password] if parts.scheme.lower() == "ssh" else [parts.password, parts.username]
    )
    message = message.replace(url, _strip_credentials(url))
    for secret in filter(None, secrets):
        message = message.replace(secret, "***").replace(unquote(secret), "***")
    return message


def _extract(path: Path, location: str, temp: Path, limits: ScanLimits) -> PreparedTarget:
    opener = archive_opener(path)
    if opener is None:
        raise ScanError(
            f"{location!r} is not an archive the scanner can read. Accepted: {ACCEPTED}."
        )
    dest = temp / "extract"
    dest.mkdir()
    opener(path, dest, Budget(limits, path.stat().st_size))
    entries = [entry for entry in dest.iterdir() if entry.name != "__MACOSX"]
    root = entries[0] if len(entries) == 1 and entries[0].is_dir() else dest
    # Never git_dir: a .git inside an archive could carry a hostile configuration.
    target = Target(kind="archive", location=location)
    return PreparedTarget(root=root, target=target, git_dir=None, shallow=False)
