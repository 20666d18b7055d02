"""After `migrate`, the shipped learning catalogue and paths that are missing are created, so
that a new installation (`make run`, `osu run`) shows them at once."""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor


def _learning_fully_migrated(using: str) -> bool:
    # A migrate stopped at an earlier learning migration leaves tables the models do not match.
    executor = MigrationExecutor(connections[using])
    targets = executor.loader.graph.leaf_nodes("learning")
    return not executor.migration_plan(targets)


def sync_shipped_catalogue(
    sender: AppConfig, *, using: str = DEFAULT_DB_ALIAS, **kwargs: Any
) -> None:
    if using != DEFAULT_DB_ALIAS or not _learning_fully_migrated(using):
        return
    from osunited.learning.services.catalogue import catalogue_sync

    catalogue_sync()
