"""Reading OSV records, in JSON or YAML, from a directory, a zip or a tar archive, without
trusting the input: nothing is extracted to disk, members and sizes are capped, and YAML aliases
(an "aliases bomb" grows exponentially once stored as JSON) and deep nesting are refused."""

from __future__ import annotations

import json
import os
import tarfile
import zipfile
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import yaml
from yaml.constructor import SafeConstructor

RECORD_SUFFIXES = (".json", ".yaml", ".yml")
# One OSV record is a few kilobytes (the largest known, a few hundred); a bigger member of an
# archive is not a record, and reading it whole could exhaust memory (a zip bomb).
MAX_RECORD_BYTES = 16 * 1024 * 1024
# osv.dev's export of every ecosystem has about half a million records.
MAX_MEMBERS = 2_000_000
MAX_TOTAL_BYTES = 16 * 1024 * 1024 * 1024
MAX_DEPTH = 64

TOO_BIG = b""  # what a member over the size cap reads as: counted as malformed

# libyaml's parser when present: the pure-Python one is ten times slower.
_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _RecordLoader(_BaseLoader):  # type: ignore[misc]
    """The safe loader, with timestamps kept as text, as in the JSON form of a record."""


_RecordLoader.add_constructor("tag:yaml.org,2002:timestamp", SafeConstructor.construct_yaml_str)


def read_documents(path: Path) -> Iterator[tuple[str, bytes]]:
    """(name, content) of every file that may be a record; TOO_BIG for one over the size cap.
    Raises ValueError when `path` is neither a directory nor a zip or tar archive, or when the
    archive is damaged or exceeds the caps."""
    if path.is_dir():
        yield from _directory(path)
    elif zipfile.is_zipfile(path):
        yield from _zip(path)
    elif tarfile.is_tarfile(path):
        yield from _tar(path)
    else:
        raise ValueError(
            f"{path} is neither a directory nor a zip or tar archive of OSV records "
            "(.zip, .tar, .tar.gz, .tgz)"
        )


def parse_record(name: str, data: bytes) -> tuple[dict[str, Any], str] | None:
    """The record and its compact JSON text, or None when it is not a readable OSV record."""
    try:
        document = _load(name, data)
        record = _checked(document)
        if record is None:
            return None
        return record, json.dumps(record, separators=(",", ":"), allow_nan=False)
    except (ValueError, TypeError, RecursionError, yaml.YAMLError):
        return None


class _Caps:
    """Counts what an archive or directory holds, and stops the import past the caps."""

    def __init__(self, path: Path) -> None:
        self.path, self.members, self.total = path, 0, 0

    def count(self, size: int) -> None:
        self.members += 1
        self.total += size
        if self.members > MAX_MEMBERS:
            raise ValueError(f"{self.path} has more than {MAX_MEMBERS} files: not OSV records")
        if self.total > MAX_TOTAL_BYTES:
            raise ValueError(f"{self.path} holds more than {MAX_TOTAL_BYTES} bytes")


def _is_record_name(name: str) -> bool:
    return name.lower().endswith(RECORD_SUFFIXES)


def _directory(path: Path) -> Iterator[tuple[str, bytes]]:
    caps = _Caps(path)
    for folder, subfolders, files in os.walk(path):  # links to folders are not followed
        subfolders.sort()
        for file_name in sorted(files):
            file = Path(folder) / file_name
            if not _is_record_name(file_name) or file.is_symlink() or not file.is_file():
                continue
            size = file.stat().st_size
            caps.count(size)
            name = file.relative_to(path).as_posix()
            yield name, TOO_BIG if size > MAX_RECORD_BYTES else file.read_bytes()


def _zip(path: Path) -> Iterator[tuple[str, bytes]]:
    caps = _Caps(path)
    # One member at a time, so that a large export never sits in memory whole.
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            caps.count(info.file_size)
            if info.is_dir() or not _is_record_name(info.filename):
                continue
            if info.file_size > MAX_RECORD_BYTES:
                yield info.filename, TOO_BIG
                continue
            try:
                yield info.filename, archive.read(info)
            except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError):
                yield info.filename, TOO_BIG  # a damaged or encrypted member


def _tar(path: Path) -> Iterator[tuple[str, bytes]]:
    caps = _Caps(path)
    with path.open("rb") as raw:
        try:
            # Stream mode: members are read in order, never seeking back in a compressed stream.
            with tarfile.open(fileobj=raw, mode="r|*") as archive:
                for member in archive:
                    caps.count(member.size)
                    if not member.isfile() or not _is_record_name(member.name):
                        continue  # links, devices and folders are never followed or read
                    yield member.name, _tar_member(archive.extractfile(member), member.size)
        except (tarfile.TarError, zlib.error, EOFError, OSError) as exc:
            raise ValueError(f"{path} is a damaged tar archive: {exc}") from exc


def _tar_member(file: IO[bytes] | None, size: int) -> bytes:
    if file is None or size > MAX_RECORD_BYTES:
        return TOO_BIG
    return file.read(MAX_RECORD_BYTES + 1)


def _load(name: str, data: bytes) -> object:
    if name.lower().endswith(".json"):
        return json.loads(data)
    text = data.decode("utf-8")
    _refuse_hostile_yaml(text)
    return yaml.load(text, Loader=_RecordLoader)  # noqa: S506 - a safe loader, see above


def _refuse_hostile_yaml(text: str) -> None:
    """Aliases and nesting deeper than MAX_DEPTH, seen in the parser's events before anything
    is composed (libyaml's composer recurses in C, out of Python's recursion limit)."""
    depth = 0
    for event in yaml.parse(text, Loader=_BaseLoader):
        if isinstance(event, yaml.AliasEvent):
            raise yaml.YAMLError("aliases (*name) are not accepted in an OSV record")
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise yaml.YAMLError(f"values are nested more than {MAX_DEPTH} levels deep")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _checked(document: object) -> dict[str, Any] | None:
    if not isinstance(document, dict):
        return None
    if not isinstance(document.get("id"), str) or utc_time(document.get("modified")) is None:
        return None
    affected = document.get("affected", [])
    if not isinstance(affected, list) or not all(isinstance(a, dict) for a in affected):
        return None
    return document


def utc_time(value: object) -> str | None:
    """An RFC 3339 time in one fixed form, so that times compare correctly as text."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="microseconds")
