"""Snapshots from before coverage counted unmeasured vulnerabilities as 0: the migration drops
that figure so those days read "not measured"."""

import importlib
from datetime import date

import pytest
from django.apps import apps
from django.utils import timezone

from osunited.dashboard.models import MetricSnapshot

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module(
    "osunited.dashboard.migrations.0002_forget_unmeasured_vulnerabilities"
)


def test_an_old_snapshots_zero_vulnerabilities_become_not_measured() -> None:
    zeros = {"critical": 0, "high": 0, "medium": 0, "low": 0, "unknown": 0}
    old = MetricSnapshot.objects.create(
        day=date(2026, 1, 1), scope="all", taken_at=timezone.now(),
        values={"projects": 3, "open_vulnerabilities": zeros, "published_projects": 3},
    )  # fmt: skip
    new = MetricSnapshot.objects.create(
        day=date(2026, 1, 2), scope="all", taken_at=timezone.now(),
        values={"projects": 3, "open_vulnerabilities": zeros, "coverage": {}},
    )  # fmt: skip
    MIGRATION.forget(apps, None)  # it reads and writes rows only
    old.refresh_from_db()
    new.refresh_from_db()
    assert old.values == {"projects": 3, "published_projects": 3}
    assert new.values["open_vulnerabilities"] == zeros
