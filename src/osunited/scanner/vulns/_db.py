"""A local SQLite copy of OSV records, indexed by ecosystem and package name, so that
vulnerability lookups need no network."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from osunited.scanner._cache import default_cache_dir
from osunited.scanner.vulns._ecosystems import canonical_ecosystem, normalise_name

BATCH_SIZE = 1000
MAX_MALFORMED_NAMES = 20  # enough to find the broken files without keeping a list per record

_SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
    id TEXT PRIMARY KEY, modified TEXT NOT NULL, json TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS packages (
    ecosystem TEXT NOT NULL, name TEXT NOT NULL, record_id TEXT NOT NULL,
    PRIMARY KEY (ecosystem, name, record_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS packages_by_record ON packages (record_id);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


def default_db_path() -> Path:
    """Where the database lives unless told otherwise: `$XDG_CACHE_HOME/osunited/osv.sqlite3`."""
    return default_cache_dir() / "osv.sqlite3"


class VulnDB:
    """An open vulnerability database. Use as a context manager, or call `close()`."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_db_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.connection = sqlite3.connect(self.path)
        self.connection.executescript(_SCHEMA)

    def __enter__(self) -> VulnDB:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self.connection.close()

    def records_for(self, ecosystem: str, name: str) -> list[dict[str, Any]]:
        """The raw OSV records naming this package in one of their `affected` entries."""
        rows = self.connection.execute(
            "SELECT r.json FROM packages p JOIN records r ON r.id = p.record_id"
            " WHERE p.ecosystem = ? AND p.name = ? ORDER BY r.id",
            (canonical_ecosystem(ecosystem), normalise_name(ecosystem, name)),
        )
        return [json.loads(text) for (text,) in rows]


@dataclass
class ImportStats:
    """What one import did: records stored or replaced, already up to date, and unreadable
    (with the names of the first few)."""

    imported: int = 0
    unchanged: int = 0
    malformed: int = 0
    malformed_names: list[str] = field(default_factory=list)

    @property
    def read(self) -> int:
        return self.imported + self.unchanged + self.malformed


@dataclass(frozen=True)
class DBStatus:
    """The contents of the database at a glance."""

    total_records: int
    records_by_ecosystem: dict[str, int]  # a record naming packages of two ecosystems counts twice
    newest_modified: str | None
    imported_at: str | None


def import_osv(path: Path, db: VulnDB) -> ImportStats:
    """Store the OSV records of a directory of `*.json` files or of a zip export (osv.dev's
    `all.zip`). A record replaces a stored one with the same id only when it is newer;
    unreadable records are counted, never fatal. Raises ValueError when `path` is neither a
    directory nor a zip file, OSError when it cannot be read."""
    stats = ImportStats()
    batch: list[dict[str, Any]] = []
    for name, data in _read_documents(path):
        record = _parse_record(data)
        if record is None:
            stats.malformed += 1
            if len(stats.malformed_names) < MAX_MALFORMED_NAMES:
                stats.malformed_names.append(name)
            continue
        batch.append(record)
        if len(batch) >= BATCH_SIZE:
            _store_batch(db, batch, stats)
            batch = []
    _store_batch(db, batch, stats)
    with db.connection:
        db.connection.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES ('imported_at', ?)",
            (datetime.now(UTC).isoformat(timespec="seconds"),),
        )
    return stats


def status(db: VulnDB) -> DBStatus:
    """Records per ecosystem, the newest `modified` time, and when the last import ran."""
    counts = db.connection.execute(
        "SELECT ecosystem, COUNT(DISTINCT record_id) FROM packages GROUP BY ecosystem"
        " ORDER BY ecosystem"
    ).fetchall()
    total, newest = db.connection.execute("SELECT COUNT(*), MAX(modified) FROM records").fetchone()
    imported = db.connection.execute("SELECT value FROM meta WHERE key = 'imported_at'").fetchone()
    return DBStatus(
        total_records=total,
        records_by_ecosystem=dict(counts),
        newest_modified=newest,
        imported_at=imported[0] if imported else None,
    )


# One OSV record is a few kilobytes (the largest known, a few hundred); a bigger member of an
# archive is not a record, and reading it whole could exhaust memory (a zip bomb).
MAX_RECORD_BYTES = 16 * 1024 * 1024


def _read_documents(path: Path) -> Iterator[tuple[str, bytes]]:
    """(name, content) of each record; b"" (counted as malformed) for one over the size cap."""
    if path.is_dir():
        for file in sorted(path.rglob("*.json")):
            too_big = file.stat().st_size > MAX_RECORD_BYTES
            yield str(file.relative_to(path)), b"" if too_big else file.read_bytes()
        return
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise ValueError(f"{path} is neither a directory nor a zip file of OSV records") from exc
    # One member at a time, so that a large export never sits in memory whole.
    with archive:
        for info in archive.infolist():
            if not info.is_dir() and info.filename.endswith(".json"):
                too_big = info.file_size > MAX_RECORD_BYTES
                yield info.filename, b"" if too_big else archive.read(info)


def _parse_record(data: bytes) -> dict[str, Any] | None:
    try:
        record = json.loads(data)
    except (ValueError, RecursionError):
        return None
    if not isinstance(record, dict):
        return None
    if not isinstance(record.get("id"), str) or _utc_time(record.get("modified")) is None:
        return None
    affected = record.get("affected", [])
    if not isinstance(affected, list) or not all(isinstance(a, dict) for a in affected):
        return None
    return record


def _utc_time(value: object) -> str | None:
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


def _store_batch(db: VulnDB, batch: list[dict[str, Any]], stats: ImportStats) -> None:
    if not batch:
        return
    stored = _stored_modified(db, [record["id"] for record in batch])
    with db.connection:
        for record in batch:
            modified = _utc_time(record["modified"]) or ""
            known = stored.get(record["id"])
            if known is not None and known >= modified:
                stats.unchanged += 1
                continue
            _store_record(db, record, modified)
            stored[record["id"]] = modified
            stats.imported += 1


def _stored_modified(db: VulnDB, ids: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        marks = ",".join("?" * len(chunk))
        rows = db.connection.execute(
            f"SELECT id, modified FROM records WHERE id IN ({marks})",  # noqa: S608 - only marks
            chunk,
        )
        found.update(rows)
    return found


def _store_record(db: VulnDB, record: dict[str, Any], modified: str) -> None:
    record_id = record["id"]
    db.connection.execute(
        "INSERT OR REPLACE INTO records (id, modified, json) VALUES (?, ?, ?)",
        (record_id, modified, json.dumps(record, separators=(",", ":"))),
    )
    db.connection.execute("DELETE FROM packages WHERE record_id = ?", (record_id,))
    db.connection.executemany(
        "INSERT OR IGNORE INTO packages (ecosystem, name, record_id) VALUES (?, ?, ?)",
        [(ecosystem, name, record_id) for ecosystem, name in _package_keys(record)],
    )


def _package_keys(record: dict[str, Any]) -> Iterable[tuple[str, str]]:
    for affected in record.get("affected", []):
        package = affected.get("package")
        if not isinstance(package, dict):
            continue
        ecosystem, name = package.get("ecosystem"), package.get("name")
        if isinstance(ecosystem, str) and isinstance(name, str):
            yield canonical_ecosystem(ecosystem), normalise_name(ecosystem, name)
