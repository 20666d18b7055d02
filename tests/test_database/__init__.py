"""The test database's template and its reset (installed by tests.settings).

`make test` migrates one database of each kind before the run (scripts/test.sh). Each test
database starts as a copy of it; on SQLite, the flush that ends a transactional test copies it
back (management/commands/flush.py)."""

import os
import sqlite3
from contextlib import closing
from pathlib import Path

from django.db.backends.base.base import BaseDatabaseWrapper


def audit_triggers_present(connection: BaseDatabaseWrapper) -> bool:
    """The audit log's append-only triggers (audit/migrations/0002) are in the database."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT count(*) FROM sqlite_master "
                "WHERE type='trigger' AND name LIKE 'audit_event%'"
            )
        else:
            cursor.execute("SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'audit_event%'")
        return bool(cursor.fetchone()[0])


def sqlite_template(connection: BaseDatabaseWrapper) -> Path | None:
    """The migrated SQLite template of this run, if there is one and the database is SQLite."""
    template = os.environ.get("OSU_TEST_TEMPLATE_SQLITE")
    return Path(template) if template and connection.vendor == "sqlite" else None


def copy_database(template: Path, target: sqlite3.Connection) -> None:
    """The whole template over `target`, with SQLite's backup API: consistent whatever the
    template's write-ahead log still holds, and while other connections have the target open."""
    with closing(sqlite3.connect(template)) as source:
        source.backup(target)
