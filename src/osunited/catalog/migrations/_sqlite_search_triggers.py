"""SQLite rebuilds a table to alter one of its columns, and refuses to rename the rebuilt
catalog_project while the search triggers of migration 0004 name it (one lives on
entities_entity). A migration that alters catalog_project on SQLite drops them first and creates
them again afterwards: `[drop_operation(), <the alteration>, create_operation()]`. The search
rows keep the project ids, which the rebuild keeps too. The triggers created are those of the
latest migration that changed them: 0014's once its catalog_projecttext exists, else 0004's.
(The leading "_" keeps this module out of Django's list of migrations.)"""

import importlib

from django.db import migrations

_SEARCH_INDEX = importlib.import_module("osunited.catalog.migrations.0004_search_index")
_TEXTS_INDEX = importlib.import_module(
    "osunited.catalog.migrations.0014_project_texts_in_each_language"
)
TRIGGERS = _TEXTS_INDEX.PROJECT_TRIGGERS + _TEXTS_INDEX.TEXT_TRIGGERS


def _drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "sqlite":
        for name in TRIGGERS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}", params=None)


def _create(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "sqlite":
        if "catalog_projecttext" in schema_editor.connection.introspection.table_names():
            statements = _TEXTS_INDEX.sqlite_trigger_statements()
        else:
            statements = _SEARCH_INDEX._sqlite_statements()
        for statement in statements:
            if statement.startswith("CREATE TRIGGER"):
                schema_editor.execute(statement, params=None)


def drop_operation() -> migrations.RunPython:
    return migrations.RunPython(_drop, _create)


def create_operation() -> migrations.RunPython:
    return migrations.RunPython(_create, _drop)
