"""`flush` in a `make test` run on SQLite: the database is put back as migrated by copying the
migrated template (tests/settings.py) over it with SQLite's backup API, in milliseconds.

Django's own flush empties every table, then its post_migrate receivers fill in again what the
migrations put there (content types, permissions, the policy documents, the 669 shipped policies
of the library): more than a second after each transactional test. The copy is that state
exactly, the audit log's triggers included."""

import os
import sqlite3
from contextlib import closing
from typing import Any

from django.core.management.commands import flush
from django.db import connections


class Command(flush.Command):
    def handle(self, **options: Any) -> None:
        template = os.environ.get("OSU_TEST_TEMPLATE_SQLITE")
        connection = connections[options["database"]]
        # Without post_migrate (a test's available_apps) the caller wants the tables empty.
        if not template or connection.vendor != "sqlite" or options.get("inhibit_post_migrate"):
            super().handle(**options)
            return
        connection.ensure_connection()
        with closing(sqlite3.connect(template)) as source:
            source.backup(connection.connection)
