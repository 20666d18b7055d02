"""After `migrate`, the shipped CSIS dataset fills a library that holds none of it, so that a new
installation shows the 669 government policies at once."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.apps import AppConfig
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder


@cache
def _policies_leaves() -> frozenset[tuple[str, str]]:
    # Read from disk once per process: post_migrate also follows every test's flush.
    return frozenset(MigrationLoader(None, ignore_no_migrations=True).graph.leaf_nodes("policies"))


def load_shipped_policies(
    sender: AppConfig, *, using: str = DEFAULT_DB_ALIAS, **kwargs: Any
) -> None:
    if using != DEFAULT_DB_ALIAS:
        return
    if not _policies_leaves() <= MigrationRecorder(connections[using]).applied_migrations().keys():
        return
    from osunited.policies.services.importing import csis_load_shipped

    csis_load_shipped()
