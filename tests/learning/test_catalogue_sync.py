"""catalogue_sync(): after migrate, the shipped modules and paths that are missing are created;
nothing the capacity-building team changed is overwritten; running it twice creates nothing."""

from __future__ import annotations

import pytest
from django.core.management.sql import emit_post_migrate_signal

from osunited.audit.models import AuditEvent
from osunited.learning.models import LearningModule, LearningPath, PathStep
from osunited.learning.services.catalogue import SyncResult, catalogue_sync
from osunited.learning.shipped import shipped_modules, shipped_paths

pytestmark = pytest.mark.django_db


def _empty() -> None:
    PathStep.objects.all().delete()
    LearningPath.objects.all().delete()
    LearningModule.objects.all().delete()


def test_a_migrated_database_holds_the_shipped_catalogue_and_paths() -> None:
    slugs = set(LearningModule.objects.values_list("slug", flat=True))
    assert {entry.slug for entry in shipped_modules()} <= slugs
    assert LearningPath.objects.count() >= len(shipped_paths())


def test_migrate_creates_what_is_missing() -> None:
    _empty()
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert LearningModule.objects.count() == len(shipped_modules())
    reviewer = LearningPath.objects.get(slug="project-review-committee-member")
    steps = list(reviewer.steps.order_by("position").values_list("position", "module__slug"))
    assert steps[0] == (0, "un-open-source-basic")
    assert [position for position, _ in steps] == list(range(len(steps)))


def test_it_is_idempotent_and_audited_once() -> None:
    _empty()
    before = AuditEvent.objects.filter(action="learning_catalogue.synced").count()
    first = catalogue_sync()
    second = catalogue_sync()
    assert len(first.modules_created) == len(shipped_modules())
    assert len(first.paths_created) == len(shipped_paths())
    assert second == SyncResult(modules_created=(), paths_created=())
    events = AuditEvent.objects.filter(action="learning_catalogue.synced").order_by("pk")
    assert events.count() == before + 1
    assert "osee-strategy" in events.last().changes["modules"]  # type: ignore[union-attr]


def test_it_never_overwrites_what_the_capacity_team_changed() -> None:
    LearningModule.objects.filter(slug="osee-strategy").update(
        title="Our strategy course", published=False, duration_minutes=90
    )
    path = LearningPath.objects.get(slug="developer")
    path.steps.filter(module__slug="lf-introduction-to-linux").delete()
    PathStep.objects.filter(module__slug="lpi-open-source-essentials").delete()
    LearningModule.objects.filter(slug="lpi-open-source-essentials").delete()

    result = catalogue_sync()

    strategy = LearningModule.objects.get(slug="osee-strategy")
    assert (strategy.title, strategy.published, strategy.duration_minutes) == (
        "Our strategy course",
        False,
        90,
    )
    assert not path.steps.filter(module__slug="lf-introduction-to-linux").exists()
    assert result.modules_created == ("lpi-open-source-essentials",)
    assert result.paths_created == ()
