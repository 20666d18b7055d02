"""`flush` in the tests: the database as migrated again, after each transactional test.

Django's own flush empties every table, which the audit log's append-only triggers refuse: they
go first, and the flush's post_migrate puts them back with the rest of what the migrations put
in (content types, permissions, policy documents, the 669 shipped policies: more than a second;
tests/conftest.py's put_back_what_migrations_put). On SQLite in a `make test` run, the migrated
template is copied over the database instead: the same state, triggers included, in
milliseconds."""

import importlib
from typing import Any

from django.core.management.commands import flush
from django.db import connections

from tests.test_database import audit_triggers_present, copy_database, sqlite_template

_TRIGGERS = importlib.import_module("osunited.audit.migrations.0002_append_only_triggers")


class Command(flush.Command):
    def handle(self, **options: Any) -> None:
        connection = connections[options["database"]]
        template = sqlite_template(connection)
        # Without post_migrate (a test's available_apps) the caller wants the tables empty.
        if template is not None and not options.get("inhibit_post_migrate"):
            connection.ensure_connection()
            copy_database(template, connection.connection)
            return
        if audit_triggers_present(connection):
            with connection.schema_editor() as editor:
                _TRIGGERS.drop_triggers(None, editor)
        super().handle(**options)
