"""A content-addressed cache of per-file analyses, so that a rescan of an unchanged tree is quick.

Results are keyed by the analysis name and version and by the file's git blob id; a second table
remembers the blob id of a file by its path, size and modification time, like git's index,
so that unchanged files are not even read again.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from osunited.scanner._tree import SourceFile


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "osunited"


class ScanCache:
    """Per-file results by content. `ScanCache(None)` keeps them in memory for one scan only."""

    def __init__(self, directory: Path | None, *, index_directory: Path | None = None) -> None:
        # The license index is costly to build, so it is kept even when results are not.
        self.index_directory = index_directory or directory or default_cache_dir()
        self._memory: dict[str, Any] = {}
        self._pending: dict[str, str] = {}
        self._stat_pending: list[tuple[str, str]] = []
        # Blob ids by stat key as the database holds them, and every key looked up, until the
        # next flush: the analyses of one scan share one lookup.
        self._stats: dict[str, str] = {}
        self._stats_seen: set[str] = set()
        self._db: sqlite3.Connection | None = None
        if directory is not None:
            self._db = _open_database(directory / "scan-cache.sqlite3")

    def known_results(
        self, analysis: str, files: Iterable[SourceFile]
    ) -> dict[str, tuple[str, Any]]:
        """(blob id, cached result) of each file unchanged since a previous scan, by path: the
        blob ids by stat (looked up once per scan for all analyses), then this analysis's
        results in one pass over the database."""
        if self._db is None:
            return {}
        blobs = self.known_blobs(files)
        keys = {blob: f"{analysis}:{blob}" for blob in blobs.values()}
        rows = _select_in(self._db, "results", list(keys.values()))
        # One parse of all values is several times quicker than one parse per value.
        values = json.loads("[" + ",".join(value for _, value in rows) + "]")
        found = dict(zip((key for key, _ in rows), values, strict=True))
        return {
            path: (blob, found[keys[blob]]) for path, blob in blobs.items() if keys[blob] in found
        }

    def known_blobs(self, files: Iterable[SourceFile]) -> dict[str, str]:
        """Blob ids of the files unchanged since a previous scan, by path."""
        by_key = {_stat_key(f): f.path for f in files}
        missing = [key for key in by_key if key not in self._stats_seen]
        self._stats.update(self._stat_lookup(missing))
        self._stats_seen.update(missing)
        stats = self._stats
        return {path: stats[key] for key, path in by_key.items() if key in stats}

    def remember_blob(self, file: SourceFile, blob: str) -> None:
        self._stat_pending.append((_stat_key(file), blob))

    def get(self, analysis: str, blob: str) -> Any | None:
        return self.get_many(analysis, [blob]).get(blob)

    def get_many(self, analysis: str, blobs: Iterable[str]) -> dict[str, Any]:
        """Cached results of `analysis` for these blob ids (missing ones are left out)."""
        keys = {f"{analysis}:{blob}": blob for blob in blobs}
        found = {keys[k]: self._memory[k] for k in keys if k in self._memory}
        if self._db is not None:
            for key, value in _select_in(self._db, "results", list(keys)):
                found[keys[key]] = json.loads(value)
        return found

    def put(self, analysis: str, blob: str, value: Any) -> None:
        key = f"{analysis}:{blob}"
        self._memory[key] = value
        self._pending[key] = json.dumps(value, separators=(",", ":"))

    def flush(self) -> None:
        """Write what this scan learnt. Called once at the end, so a failed scan writes nothing."""
        if self._db is None:
            return
        with self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO results(key, value) VALUES (?, ?)", self._pending.items()
            )
            self._db.executemany(
                "INSERT OR REPLACE INTO stats(key, value) VALUES (?, ?)", self._stat_pending
            )
        self._pending.clear()
        self._stat_pending.clear()
        self._stats.clear()
        self._stats_seen.clear()

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def _stat_lookup(self, keys: list[str]) -> dict[str, str]:
        if self._db is None:
            return {}
        return dict(_select_in(self._db, "stats", keys))


def _stat_key(file: SourceFile) -> str:
    return f"{file.disk_path}\x00{file.size}\x00{file.mtime_ns}"


def _open_database(path: Path) -> sqlite3.Connection | None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(path, timeout=10)
        connection.execute("PRAGMA journal_mode=WAL")
        for table in ("results", "stats"):
            connection.execute(
                f"CREATE TABLE IF NOT EXISTS {table} (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
            )
    except sqlite3.Error:
        return None  # an unusable cache only makes the scan slower
    return connection


def _select_in(db: sqlite3.Connection, table: str, keys: list[str]) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    for start in range(0, len(keys), 900):
        chunk = keys[start : start + 900]
        marks = ",".join("?" * len(chunk))
        query = f"SELECT key, value FROM {table} WHERE key IN ({marks})"  # noqa: S608 - fixed names
        rows += db.execute(query, chunk).fetchall()
    return rows
