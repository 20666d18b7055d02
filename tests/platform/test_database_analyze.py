"""The nightly task that keeps SQLite's planner statistics fresh (PostgreSQL's autovacuum does)."""

import pytest
from django.db import connection

from osunited.platform.celery import app
from osunited.platform.tasks import analyze_database
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def test_the_task_gives_sqlite_statistics_and_leaves_postgresql_to_autovacuum() -> None:
    ProjectFactory.create_batch(3)
    outcome = analyze_database.delay().get()
    if connection.vendor != "sqlite":
        assert outcome == "left to autovacuum"
        return
    assert outcome == "analyzed"
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'catalog_project'")
        assert cursor.fetchone()[0] > 0


def test_it_runs_every_night() -> None:
    schedule = app.conf.beat_schedule["database-analyze"]
    assert schedule["task"] == "osunited.platform.tasks.analyze_database"
