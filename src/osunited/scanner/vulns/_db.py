"""A local SQLite copy of OSV records, indexed by ecosystem and package name, so that
vulnerability lookups need no network."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from osunited.scanner._cache import default_cache_dir
from osunited.scanner.vulns._ecosystems import canonical_ecosystem, normalise_name
from osunited.scanner.vulns._read import parse_record, read_documents, utc_time

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
class Provenance:
    """What a lookup's results rest on: the database's date (its newest record's `modified`
    time), when it was last imported, and who published the records (their attribution)."""

    newest_modified: str | None
    imported_at: str | None
    sources: tuple[str, ...] = ()
    ecosystems: tuple[str, ...] = ()  # those it has records for: others were not looked up

    @property
    def date(self) -> str | None:
        """The database's date, YYYY-MM-DD."""
        return self.newest_modified[:10] if self.newest_modified else None


@dataclass(frozen=True)
class DBStatus:
    """The contents of the database at a glance."""

    total_records: int
    records_by_ecosystem: dict[str, int]  # a record naming packages of two ecosystems counts twice
    newest_modified: str | None
    imported_at: str | None
    sources: tuple[str, ...] = ()


def import_osv(path: Path, db: VulnDB, *, source: str = "") -> ImportStats:
    """Store the OSV records, in JSON or YAML, of a directory (searched recursively), a zip
    export (osv.dev's `all.zip`) or a tar archive (.tar, .tar.gz, .tgz: a snapshot of an
    advisory database). Nothing is extracted to disk. A record replaces a stored one with the
    same id only when it is newer; unreadable records are counted, never fatal. `source` (who
    published the records, under which license) is kept and shown with every result.

    Raises ValueError when `path` is neither a directory nor such an archive, is damaged or
    exceeds the caps of `_read`; OSError when it cannot be read."""
    stats = ImportStats()
    batch: list[tuple[dict[str, Any], str]] = []
    for name, data in read_documents(path):
        parsed = parse_record(name, data)
        if parsed is None:
            stats.malformed += 1
            if len(stats.malformed_names) < MAX_MALFORMED_NAMES:
                stats.malformed_names.append(name)
            continue
        batch.append(parsed)
        if len(batch) >= BATCH_SIZE:
            _store_batch(db, batch, stats)
            batch = []
    _store_batch(db, batch, stats)
    _record_import(db, source)
    return stats


def status(db: VulnDB) -> DBStatus:
    """Records per ecosystem, the newest `modified` time, when the last import ran and the
    sources of the records."""
    counts = db.connection.execute(
        "SELECT ecosystem, COUNT(DISTINCT record_id) FROM packages GROUP BY ecosystem"
        " ORDER BY ecosystem"
    ).fetchall()
    (total,) = db.connection.execute("SELECT COUNT(*) FROM records").fetchone()
    found = provenance(db)
    return DBStatus(
        total_records=total,
        records_by_ecosystem=dict(counts),
        newest_modified=found.newest_modified,
        imported_at=found.imported_at,
        sources=found.sources,
    )


def provenance(db: VulnDB) -> Provenance:
    """The database's date, last import and sources, read cheaply enough for every scan."""
    meta = dict(db.connection.execute("SELECT key, value FROM meta").fetchall())
    newest = meta.get("newest_modified")
    if newest is None:  # a database imported before the date was kept
        (newest,) = db.connection.execute("SELECT MAX(modified) FROM records").fetchone()
    ecosystems = meta.get("ecosystems")
    return Provenance(
        newest_modified=newest,
        imported_at=meta.get("imported_at"),
        sources=tuple(json.loads(meta.get("sources", "[]"))),
        ecosystems=tuple(json.loads(ecosystems)) if ecosystems else _ecosystems(db),
    )


def _ecosystems(db: VulnDB) -> tuple[str, ...]:
    rows = db.connection.execute("SELECT DISTINCT ecosystem FROM packages ORDER BY ecosystem")
    return tuple(name for (name,) in rows)


def _record_import(db: VulnDB, source: str) -> None:
    sources = list(provenance(db).sources)
    if source.strip() and source.strip() not in sources:
        sources.append(source.strip())
    (newest,) = db.connection.execute("SELECT MAX(modified) FROM records").fetchone()
    meta = {
        "imported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "sources": json.dumps(sources),
        "ecosystems": json.dumps(_ecosystems(db)),
        **({"newest_modified": newest} if newest else {}),
    }
    with db.connection:
        db.connection.executemany(
            "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", list(meta.items())
        )


def _store_batch(db: VulnDB, batch: list[tuple[dict[str, Any], str]], stats: ImportStats) -> None:
    if not batch:
        return
    stored = _stored_modified(db, [record["id"] for record, _ in batch])
    with db.connection:
        for record, text in batch:
            modified = utc_time(record["modified"]) or ""
            known = stored.get(record["id"])
            if known is not None and known >= modified:
                stats.unchanged += 1
                continue
            _store_record(db, record, text, modified)
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


def _store_record(db: VulnDB, record: dict[str, Any], text: str, modified: str) -> None:
    record_id = record["id"]
    db.connection.execute(
        "INSERT OR REPLACE INTO records (id, modified, json) VALUES (?, ?, ?)",
        (record_id, modified, text),
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
