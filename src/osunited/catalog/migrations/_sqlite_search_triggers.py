"""SQLite rebuilds a table to alter one of its columns, and refuses to rename the rebuilt
catalog_project while the search triggers of migration 0004 name it (one lives on
entities_entity). A migration that alters catalog_project on SQLite drops them first and creates
them again afterwards: `[drop_operation(), <the alteration>, create_operation()]`. The search
rows keep the project ids, which the rebuild keeps too. (The leading "_" keeps this module out
of Django's list of migrations.)"""

import importlib

from django.db import migrations

_SEARCH_INDEX = importlib.import_module("osunited.catalog.migrations.0004_search_index")
TRIGGERS = (
    "catalog_project_search_insert",
    "catalog_project_search_update",
    "catalog_project_search_delete",
    "catalog_entity_search_update",
)


def _drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "sqlite":
        for name in TRIGGERS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}", params=None)


def _create(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "sqlite":
        for statement in _SEARCH_INDEX._sqlite_statements():
            if statement.startswith("CREATE TRIGGER"):
                schema_editor.execute(statement, params=None)


def drop_operation() -> migrations.RunPython:
    return migrations.RunPython(_drop, _create)


def create_operation() -> migrations.RunPython:
    return migrations.RunPython(_create, _drop)
