"""Extracting a source archive that must be treated as hostile: nothing it contains may land
outside the destination, links and special files are never created, and size, member count and
compression ratio are capped."""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import os
import posixpath
import re
import stat
import tarfile
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import IO

from osunited.scanner._errors import LimitExceeded, ScanError
from osunited.scanner._limits import ScanLimits

_CHUNK = 64 * 1024
# Below this size a high compression ratio does no harm, and small files of repeated characters
# (test fixtures, padding) are common in real projects.
_RATIO_FLOOR_BYTES = 1024 * 1024


_Opener = Callable[[Path, Path, "Budget"], None]
_DECOMPRESSORS: dict[bytes, Callable[[Path], io.BufferedIOBase]] = {
    b"\x1f\x8b": gzip.GzipFile,
    b"BZh": bz2.BZ2File,
    b"\xfd7zXZ\x00": lzma.LZMAFile,
}


def archive_opener(path: Path) -> _Opener | None:
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


class Budget:
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


def _extract_zip(path: Path, dest: Path, budget: Budget) -> None:
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
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, dest: Path, budget: Budget
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


def _extract_tar(stream: io.BufferedIOBase, dest: Path, budget: Budget, compressed: bool) -> None:
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
    budget: Budget,
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
