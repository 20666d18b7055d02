"""Getting a scan target onto disk: a directory as it is, a git URL cloned, an archive extracted.

Clones and extractions go to a temporary directory that is removed when the context exits, even on
error. Archives are treated as hostile: nothing they contain may land outside that directory.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import os
import posixpath
import re
import shutil
import stat
import tarfile
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path, PurePosixPath
from typing import IO
from urllib.parse import unquote, urlsplit

from osunited.scanner._errors import LimitExceeded, ScanError
from osunited.scanner._git import run_git
from osunited.scanner._limits import ScanLimits
from osunited.scanner._model import Target

ACCEPTED = (
    "a directory, a git URL (https://, http://, ssh://, git://, file:// or user@host:path), "
    "a bare git repository ending in .git, or an archive (.zip, .tar, .tar.gz, .tgz, .tar.bz2, "
    ".tar.xz)"
)
_GIT_SCHEMES = frozenset({"https", "http", "ssh", "git", "file"})
_SCP_LIKE = re.compile(r"^[A-Za-z0-9._][A-Za-z0-9._-]*@[A-Za-z0-9][A-Za-z0-9.-]*:(?!//).+$")
_URL_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
_LOCAL_GIT_TIMEOUT = 60.0
_CHUNK = 64 * 1024
# Below this size a high compression ratio does no harm, and small files of repeated characters
# (test fixtures, padding) are common in real projects.
_RATIO_FLOOR_BYTES = 1024 * 1024


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
        message = _redact(str(exc), url)
        hint = "is the URL right, and the repository readable without a password prompt?"
        raise ScanError(
            f"Could not clone {_strip_credentials(location)} ({hint}): {message}"
        ) from None
    revision = _head(dest)
    target = Target(kind="git", location=_strip_credentials(location), revision=revision)
    git_dir = dest if revision is not None else None
    shallow = git_dir is not None and _is_shallow(dest)
    return PreparedTarget(root=dest, target=target, git_dir=git_dir, shallow=shallow)


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


# Archives


def _extract(path: Path, location: str, temp: Path, limits: ScanLimits) -> PreparedTarget:
    opener = _archive_opener(path)
    if opener is None:
        raise ScanError(
            f"{location!r} is not an archive the scanner can read. Accepted: {ACCEPTED}."
        )
    dest = temp / "extract"
    dest.mkdir()
    opener(path, dest, _Budget(limits, path.stat().st_size))
    entries = [entry for entry in dest.iterdir() if entry.name != "__MACOSX"]
    root = entries[0] if len(entries) == 1 and entries[0].is_dir() else dest
    # Never git_dir: a .git inside an archive could carry a hostile configuration.
    target = Target(kind="archive", location=location)
    return PreparedTarget(root=root, target=target, git_dir=None, shallow=False)


_Opener = Callable[[Path, Path, "_Budget"], None]
_DECOMPRESSORS: dict[bytes, Callable[[Path], io.BufferedIOBase]] = {
    b"\x1f\x8b": gzip.GzipFile,
    b"BZh": bz2.BZ2File,
    b"\xfd7zXZ\x00": lzma.LZMAFile,
}


def _archive_opener(path: Path) -> _Opener | None:
    """How to extract `path`, chosen by its content rather than its name."""
    with path.open("rb") as file:
        head = file.read(512)
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _extract_zip
    for magic, decompress in _DECOMPRESSORS.items():
        if head.startswith(magic):
            return lambda p, dest, budget: _extract_tar(decompress(p), dest, budget, True)
    if head[257:262] == b"ustar" or (path.suffix == ".tar" and tarfile.is_tarfile(path)):
        return lambda p, dest, budget: _extract_tar(p.open("rb"), dest, budget, False)
    return None


class _Budget:
    """Counts what an extraction writes against the limits, whatever the headers claim."""

    def __init__(self, limits: ScanLimits, archive_bytes: int) -> None:
        self.limits = limits
        self.archive_bytes = archive_bytes
        self.members = 0
        self.written = 0

    def add_members(self, count: int = 1) -> None:
        self.members += count
        if self.members > self.limits.max_archive_members:
            raise LimitExceeded(
                f"The archive has more than {self.limits.max_archive_members} members, "
                "the limit of this scan."
            )

    def add_bytes(self, count: int) -> None:
        self.written += count
        if self.written > self.limits.max_extracted_bytes:
            raise LimitExceeded(
                f"The archive expands to more than {self.limits.max_extracted_bytes} bytes, "
                "the limit of this scan."
            )

    def check_ratio(self, expanded: int, compressed: int, what: str) -> None:
        ratio = self.limits.max_compression_ratio
        if expanded > _RATIO_FLOOR_BYTES and expanded > ratio * max(compressed, 1):
            raise LimitExceeded(
                f"{what} expands more than {ratio:g} times its compressed size; "
                "it looks like a decompression bomb and was not extracted."
            )


def _member_path(name: str) -> PurePosixPath | None:
    """The relative path a member may be written to; None for the archive's root itself."""
    parts = [part for part in name.replace("\\", "/").split("/") if part not in ("", ".")]
    if _escapes(name) or ".." in parts:
        raise ScanError(
            f"The archive member {name!r} would be written outside the extraction directory; "
            "archives with absolute paths, drive letters or '..' are refused."
        )
    return PurePosixPath(*parts) if parts else None


def _escapes(name: str) -> bool:
    absolute = name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name) is not None
    return absolute or "\x00" in name


def _check_link(name: str, link_target: str, *, hard: bool) -> None:
    """Links are never created; one pointing outside the archive marks it as hostile."""
    # Hard links name their target from the archive's root, symbolic ones from their directory.
    base = "" if hard else posixpath.dirname(name.replace("\\", "/"))
    resolved = posixpath.normpath(posixpath.join(base, link_target.replace("\\", "/")))
    if _escapes(link_target) or resolved == ".." or resolved.startswith("../"):
        raise ScanError(
            f"The archive member {name!r} is a link to {link_target!r}, outside the archive; "
            "such archives are refused."
        )


def _refuse_special(name: str) -> ScanError:
    return ScanError(
        f"The archive member {name!r} is a device, fifo or other special file; "
        "archives may contain only files, directories and links."
    )


def _write_file(source: IO[bytes], dest: Path, on_bytes: Callable[[int], None]) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True, mode=0o755)
    # O_NOFOLLOW: no link is ever created, yet a write must never follow one.
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW
    with os.fdopen(os.open(dest, flags, 0o644), "wb") as out:
        while chunk := source.read(_CHUNK):
            on_bytes(len(chunk))
            out.write(chunk)


def _extract_zip(path: Path, dest: Path, budget: _Budget) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            budget.add_members(len(members))  # the central directory is read before anything
            for info in members:
                _extract_zip_member(archive, info, dest, budget)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
        raise ScanError(f"The zip archive is corrupted or could not be extracted: {exc}") from exc
    except (RuntimeError, NotImplementedError) as exc:  # encrypted, unknown compression
        raise ScanError(f"The zip archive cannot be read: {exc}") from exc


def _extract_zip_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, dest: Path, budget: _Budget
) -> None:
    relative = _member_path(info.filename)
    mode = info.external_attr >> 16 if info.create_system == 3 else 0  # 3: made on Unix
    if stat.S_ISLNK(mode):
        with archive.open(info) as source:
            link_target = source.read(4096).decode("utf-8", "replace")
        _check_link(info.filename, link_target, hard=False)
        return
    if stat.S_IFMT(mode) and not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        raise _refuse_special(info.filename)
    if relative is None:
        return
    if info.is_dir():
        (dest / relative).mkdir(parents=True, exist_ok=True, mode=0o755)
        return
    written = 0

    def on_bytes(count: int) -> None:
        nonlocal written
        written += count
        budget.add_bytes(count)
        budget.check_ratio(written, info.compress_size, f"The zip member {info.filename!r}")

    with archive.open(info) as source:
        _write_file(source, dest / relative, on_bytes)


class _BoundedReads:
    """A tar stream that refuses any single read larger than a file may be.

    tarfile reads a pax or long-name header's whole declared size at once; a few compressed
    megabytes can declare gigabytes.
    """

    def __init__(self, stream: io.BufferedIOBase, max_read: int) -> None:
        self.stream = stream
        self.max_read = max_read

    def read(self, size: int = -1, /) -> bytes:
        if size < 0 or size > self.max_read:
            raise LimitExceeded(
                f"The archive has a header larger than {self.max_read} bytes; it was not extracted."
            )
        return self.stream.read(size)

    def write(self, data: bytes, /) -> int:
        raise io.UnsupportedOperation("read only")

    def tell(self) -> int:
        return self.stream.tell()

    def seek(self, position: int, whence: int = 0, /) -> int:
        return self.stream.seek(position, whence)

    def close(self) -> None:
        self.stream.close()


def _extract_tar(stream: io.BufferedIOBase, dest: Path, budget: _Budget, compressed: bool) -> None:
    def on_bytes(count: int) -> None:
        budget.add_bytes(count)
        if compressed:
            budget.check_ratio(budget.written, budget.archive_bytes, "The archive")

    bounded = _BoundedReads(stream, max(budget.limits.max_file_bytes, _CHUNK))
    try:
        # Not stream mode ("r|"): there tarfile would buffer a huge header in memory itself.
        # Members are visited in order, so the decompressed stream is only ever read forwards.
        with stream, tarfile.open(fileobj=bounded, mode="r:") as archive:
            for member in archive:
                _extract_tar_member(archive, member, dest, budget, on_bytes)
    except (tarfile.TarError, EOFError, zlib.error, lzma.LZMAError, OSError) as exc:
        raise ScanError(f"The tar archive is corrupted or could not be extracted: {exc}") from exc


def _extract_tar_member(
    archive: tarfile.TarFile,
    member: tarfile.TarInfo,
    dest: Path,
    budget: _Budget,
    on_bytes: Callable[[int], None],
) -> None:
    budget.add_members()
    relative = _member_path(member.name)
    if member.issym() or member.islnk():
        _check_link(member.name, member.linkname, hard=member.islnk())
        return
    if not (member.isreg() or member.isdir()):
        raise _refuse_special(member.name)
    try:  # the standard library's own vetting, on top of ours
        tarfile.data_filter(member, str(dest))
    except tarfile.FilterError as exc:
        raise ScanError(f"The archive member {member.name!r} is unsafe: {exc}") from exc
    if relative is None:
        return
    if member.isdir():
        (dest / relative).mkdir(parents=True, exist_ok=True, mode=0o755)
        return
    source = archive.extractfile(member)
    if source is not None:
        with source:
            _write_file(source, dest / relative, on_bytes)
