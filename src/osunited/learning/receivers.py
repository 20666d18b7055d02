"""After `migrate`, the shipped learning catalogue and paths that are missing are created, so
that a new installation (`make run`, `osu run`) shows them at once."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.apps import AppConfig
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder


@cache
def _learning_leaves() -> frozenset[tuple[str, str]]:
    # Read from disk once per process: post_migrate also follows every test's flush.
    return frozenset(MigrationLoader(None, ignore_no_migrations=True).graph.leaf_nodes("learning"))


def _learning_fully_migrated(using: str) -> bool:
    # A migrate stopped at an earlier learning migration leaves tables the models do not match.
    applied = MigrationRecorder(connections[using]).applied_migrations()
    return _learning_leaves() <= applied.keys()


def sync_shipped_catalogue(
    sender: AppConfig, *, using: str = DEFAULT_DB_ALIAS, **kwargs: Any
) -> None:
    if using != DEFAULT_DB_ALIAS or not _learning_fully_migrated(using):
        return
    from osunited.learning.services.catalogue import catalogue_sync

    catalogue_sync()


def claim_imported_attendance(sender: object, *, email_address: Any, **kwargs: Any) -> None:
    """allauth's `email_confirmed`: attendance imported under this address is now its owner's."""
    from osunited.learning.services.attendance import attendance_claim

    attendance_claim(user=email_address.user, email=email_address.email)
