"""The files of a scanned tree: listed once, never following a link out of it, read with caps."""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from osunited.scanner._errors import LimitExceeded, ScanError
from osunited.scanner._limits import Deadline, ScanLimits
from osunited.scanner._model import Evidence
from osunited.scanner._text import _

VCS_DIRECTORIES = frozenset({".git", ".hg", ".svn", ".bzr"})


@dataclass(frozen=True)
class SourceFile:
    """A regular file of the tree (or an in-tree link to one). `path` uses `/` separators."""

    path: str
    size: int
    mtime_ns: int
    disk_path: str = field(compare=False, repr=False)
    depth: int = field(compare=False, repr=False, default=0)  # folders above it in the tree

    @property
    def name(self) -> str:
        return self.path.rpartition("/")[2]


@dataclass
class SourceTree:
    """All files of a tree, sorted by path, plus what was left out and why."""

    root: Path
    files: list[SourceFile]
    skipped: list[Evidence]
    max_file_bytes: int

    @property
    def total_bytes(self) -> int:
        return sum(f.size for f in self.files)

    def get(self, path: str) -> SourceFile | None:
        return self._by_path.get(path)

    def top_level(self) -> list[SourceFile]:
        return [f for f in self.near_top() if f.depth == 0]

    def near_top(self) -> list[SourceFile]:
        """Files at the top or one folder down, where a project keeps its documents."""
        near = self.__dict__.get("_near_top")
        if near is None:
            near = [f for f in self.files if f.depth <= 1]
            self.__dict__["_near_top"] = near
        return near

    def directories(self) -> set[str]:
        return {str(PurePosixPath(f.path).parent) for f in self.files if f.depth > 0}

    def read_bytes(self, file: SourceFile, limit: int | None = None) -> bytes:
        """The file's bytes, at most `limit` (default: the per-file cap). Links are never followed
        out of the tree because only checked paths are listed."""
        cap = self.max_file_bytes if limit is None else min(limit, self.max_file_bytes)
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        try:
            descriptor = os.open(file.disk_path, flags)
        except OSError as exc:
            raise ScanError(f"{file.path} could not be read: {exc.strerror}") from exc
        with os.fdopen(descriptor, "rb") as handle:
            return handle.read(cap)

    def read_text(self, file: SourceFile, limit: int | None = None) -> str:
        return decode_text(self.read_bytes(file, limit))

    @property
    def _by_path(self) -> dict[str, SourceFile]:
        index = self.__dict__.get("_index")
        if index is None:
            index = {f.path: f for f in self.files}
            self.__dict__["_index"] = index
        return index


def decode_text(content: bytes) -> str:
    """Text of a file: UTF-8 (with or without BOM), falling back to Latin-1 so nothing is lost."""
    if content.startswith(b"\xef\xbb\xbf"):
        content = content[3:]
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        return content.decode("latin-1")


def is_binary(content: bytes) -> bool:
    return b"\x00" in content[:8192]


def blob_id(content: bytes) -> str:
    """git's object id of a blob: the content hash the scan cache is keyed by."""
    digest = hashlib.sha1(b"blob %d\x00" % len(content), usedforsecurity=False)
    digest.update(content)  # not header + content: that would copy a large file
    return digest.hexdigest()


def walk_tree(
    root: Path, *, limits: ScanLimits, deadline: Deadline, only: frozenset[str] | None = None
) -> SourceTree:
    """List every regular file under `root`, skipping VCS folders, special files and links that
    leave the tree; with `only`, just those paths (a git work tree's tracked and unignored
    files). Raises LimitExceeded past `limits.max_files` or `limits.max_total_bytes`."""
    root = root.resolve()
    if not root.is_dir():
        raise ScanError(f"{root} is not a directory.")
    folders = None if only is None else {p.rsplit("/", 1)[0] + "/" for p in only if "/" in p}
    if folders is not None:
        folders |= {f[: i + 1] for f in list(folders) for i, c in enumerate(f) if c == "/"}
    files: list[SourceFile] = []
    skipped: list[Evidence] = []
    total = 0
    for entry, relative in _entries(root, skipped, deadline, folders):
        if only is not None and relative not in only:
            continue
        source = _source_file(root, entry, relative, skipped)
        if source is None:
            continue
        files.append(source)
        total += source.size
        if source.size > limits.max_file_bytes:
            mib = limits.max_file_bytes // (1024 * 1024)
            skipped.append(Evidence(relative, snippet=_("larger than {size} MiB", size=mib)))
        if len(files) > limits.max_files:
            raise LimitExceeded(f"The tree has more than {limits.max_files} files.")
        if total > limits.max_total_bytes:
            raise LimitExceeded(
                f"The tree is larger than {limits.max_total_bytes // (1024 * 1024)} MiB."
            )
    files.sort(key=lambda f: f.path)
    return SourceTree(root, files, skipped, limits.max_file_bytes)


def _entries(
    root: Path, skipped: list[Evidence], deadline: Deadline, folders: set[str] | None
) -> Iterator[tuple[os.DirEntry[str], str]]:
    pending = [(str(root), "")]
    while pending:
        directory, prefix = pending.pop()
        deadline.check()
        try:
            with os.scandir(directory) as listing:
                entries = list(listing)
        except OSError as exc:
            why = _("unreadable folder: {error}", error=exc.strerror)
            skipped.append(Evidence(prefix or ".", snippet=why))
            continue
        for entry in entries:
            relative = f"{prefix}{_shown(entry.name)}"
            if entry.is_dir(follow_symlinks=False):
                folder = relative + "/"
                if entry.name not in VCS_DIRECTORIES and (folders is None or folder in folders):
                    pending.append((entry.path, folder))
                continue
            yield entry, relative


def _shown(name: str) -> str:
    """A file name as reports show it: bytes that are not UTF-8 (kept by Python as surrogate
    escapes, which no report can encode) written as `\\xe9`, as git does."""
    if name.isascii() or not any("\udc80" <= c <= "\udcff" for c in name):
        return name
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def _source_file(
    root: Path, entry: os.DirEntry[str], relative: str, skipped: list[Evidence]
) -> SourceFile | None:
    disk_path = entry.path
    try:
        if entry.is_symlink():
            target = _link_inside(root, Path(disk_path))
            disk_path, info = str(target), target.stat()
        else:
            info = entry.stat(follow_symlinks=False)
    except _OutOfTree as reason:
        skipped.append(Evidence(relative, snippet=reason.args[0]))
        return None
    except OSError as exc:
        skipped.append(Evidence(relative, snippet=_("unreadable: {error}", error=exc.strerror)))
        return None
    if not stat.S_ISREG(info.st_mode):
        skipped.append(Evidence(relative, snippet=_("not a regular file")))
        return None
    return SourceFile(relative, info.st_size, info.st_mtime_ns, disk_path, relative.count("/"))


class _OutOfTree(Exception):
    pass


def _link_inside(root: Path, link: Path) -> Path:
    """The target of a symbolic link, if it is a file inside the tree."""
    try:
        target = link.resolve(strict=True)
    except (OSError, RuntimeError) as exc:
        raise _OutOfTree(_("broken or looping symbolic link, not followed")) from exc
    if not target.is_relative_to(root):
        raise _OutOfTree(_("symbolic link out of the tree, not followed"))
    if target.is_dir():
        raise _OutOfTree(_("symbolic link to a folder, not followed"))
    return target
